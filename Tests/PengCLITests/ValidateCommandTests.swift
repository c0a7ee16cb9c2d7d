import Foundation
import Testing
import TestHarness

@Suite("peng validate")
struct ValidateCommandTests {
    @Test("the example fleet is valid: exit 0 and a summary")
    func validExample() async throws {
        let run = try await PengBinary.run("validate", "examples/fleet", "--today", "2026-11-27")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasSuffix("examples/fleet: valid: Platform 'shop', 3 clusters, 4 teams, 3 products, 4 orders (1 warning)\n"))
        #expect(run.stdout.hasPrefix("clusters/production.yaml:10:15: warning: cluster 'prd-shared-01' uses v1.26.13"))
    }

    @Test("the broken example: exit 1, every diagnostic as PATH:LINE:COLUMN: severity: message, hints indented")
    func brokenExample() async throws {
        let run = try await PengBinary.run("validate", "examples/broken", "--today", "2026-11-27")
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let diagnostic = try Regex(#"^[^\s:]+\.ya?ml:\d+:\d+: (error|warning): .+$"#)
        let hint = try Regex(#"^    hint: .+$"#)
        for line in lines.dropLast() {
            #expect(line.wholeMatch(of: diagnostic) != nil || line.wholeMatch(of: hint) != nil, "unexpected line: \(line)")
        }
        #expect(lines.contains("clusters.yaml:7:10: error: unknown stage 'integraton': it is not in the Platform's stages"))
        #expect(lines.contains("    hint: did you mean 'integration'?"))
        #expect(lines.contains("duplicate-key.yaml:7:3: error: duplicate key 'owners' in the same mapping"))
        #expect(lines.last == "examples/broken: invalid, 14 errors (1 warning)")
    }

    @Test("-o json is machine-readable: valid flag, counts, and positions")
    func json() async throws {
        let run = try await PengBinary.run("validate", "examples/broken", "-o", "json", "--today", "2026-11-27")
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        #expect(report["errors"] as? Int == 14)
        #expect(report["warnings"] as? Int == 1)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["file"] as? String == "clusters.yaml")
        #expect(first["line"] as? Int == 7)
        #expect(first["column"] as? Int == 10)
        #expect(first["severity"] as? String == "error")
        #expect(first["hint"] as? String == "did you mean 'integration'?")

        let valid = try await PengBinary.run("validate", "examples/fleet", "-o", "json")
        let validReport = try #require(try JSONSerialization.jsonObject(with: Data(valid.stdout.utf8)) as? [String: Any])
        #expect(valid.status == 0)
        #expect(validReport["valid"] as? Bool == true)
    }

    @Test("the fleet folder defaults to the current directory")
    func defaultFolder() async throws {
        let run = try await PengBinary.run("validate", in: PengBinary.repositoryRoot.appendingPathComponent("examples/fleet"))
        #expect(run.status == 0, "\(run.stdout)")
    }

    @Test("a folder that does not exist: exit 1 and a message that names it")
    func missingFolder() async throws {
        let run = try await PengBinary.run("validate", "/nonexistent/fleet")
        #expect(run.status == 1)
        #expect(run.stdout.contains("error: fleet folder '/nonexistent/fleet' does not exist"))
    }

    @Test("a bad option is a usage error, not a crash")
    func badOption() async throws {
        let run = try await PengBinary.run("validate", "-o", "xml")
        #expect(run.status == 64)
        #expect(run.stderr.contains("xml"))
    }
}
