import Foundation
import Testing
import TestHarness

/// What `--help` promises, for every command: its exit codes, and only output formats the command accepts.
@Suite("peng --help")
struct HelpTests {
    /// Every command that runs (not a group of subcommands), found from the help itself.
    static func leafCommands() async throws -> [[String]] {
        var leaves: [[String]] = []
        var queue: [[String]] = [[]]
        while let command = queue.first {
            queue.removeFirst()
            let run = try await PengBinary.run(command + ["--help"])
            #expect(run.status == 0, "peng \(command.joined(separator: " ")) --help: \(run.stderr)")
            let subcommands = Self.subcommands(run.stdout)
            if subcommands.isEmpty { leaves.append(command) } else { queue += subcommands.map { command + [$0] } }
        }
        return leaves
    }

    /// The names under SUBCOMMANDS: in a help text.
    static func subcommands(_ help: String) -> [String] {
        guard let section = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return [] }
        return section.components(separatedBy: "\n").prefix { !$0.isEmpty }.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.split(separator: " ").first.map(String.init)
        }
    }

    @Test("every command's help states its exit codes, 64 for a usage error included")
    func exitCodes() async throws {
        let leaves = try await Self.leafCommands()
        #expect(leaves.count >= 12, "\(leaves)")
        for command in leaves {
            let help = try await PengBinary.run(command + ["--help"]).stdout
            let flat = help.replacingOccurrences(of: "\n", with: " ")
            #expect(flat.contains("Exit status: 0"), "peng \(command.joined(separator: " ")) --help states no exit codes")
            #expect(flat.contains("64 a usage error"), "peng \(command.joined(separator: " ")) --help does not say that a usage error exits 64")
        }
    }

    @Test("every -o value a help lists is accepted by that command (no usage error)")
    func outputFormatsAccepted() async throws {
        let work = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let tickets = work.appendingPathComponent("jira.csv")
        try "Issue key,Issue Type,Status,Resolved,Labels\nPLAT-1,Task,Done,2026-11-02 10:00,\n".write(to: tickets, atomically: true, encoding: .utf8)
        var checked = 0
        for command in try await Self.leafCommands() {
            let help = try await PengBinary.run(command + ["--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
                .replacing(/\s+/, with: " ")
            guard let values = help.firstMatch(of: /-o, --output <output> .*?\(values: ([a-z, ]+);/)?.1 else { continue }
            let input = command.first == "insights" && command.last != "delivery" ? [tickets.path] : ["examples/fleet"]
            // A kubeconfig that does not exist ends a command that reads clusters at once, with 1, not 64.
            let reachesClusters = help.contains("--kubeconfig")
            for value in values.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                var arguments = command + input + ["-o", value]
                if reachesClusters { arguments += ["--kubeconfig", work.appendingPathComponent("missing-kubeconfig").path] }
                let run = try await PengBinary.run(arguments)
                #expect(run.status != 64, "peng \(arguments.joined(separator: " ")): the help offers -o \(value), the command refuses it: \(run.stderr)")
                checked += 1
            }
        }
        #expect(checked >= 20, "only \(checked) -o values found in the help texts")
    }

    @Test("a product's version is --product-version: --version stays the tool's version on every command")
    func orderProductVersion() async throws {
        let help = try await PengBinary.run("order", "--help").stdout
        #expect(help.contains("--product-version <version>"))
        let version = try await PengBinary.run("order", "--version")
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}
