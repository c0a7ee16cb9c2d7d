import FleetLoader
import FleetModel
import FleetRepository
import Foundation
import Testing

/// Broken files and broken fleets: each a clear diagnostic with a position, never a crash.
@Suite("Files and documents")
struct FileRuleTests {
    static var platform: String {
        get throws { try String(contentsOf: FleetFixture.minimalURL.appendingPathComponent("platform.yaml"), encoding: .utf8) }
    }

    @Test("a tab in the indentation is an error with its position and a hint")
    func tab() throws {
        let result = try FleetFixture(files: ["platform.yaml": try Self.platform,
                                              "bad.yaml": "apiVersion: peng.dev/v1alpha1\nkind: Team\nmetadata:\n\tname: x\n"]).validate()
        let diagnostic = expectDiagnostic(result, at: "bad.yaml:4:1", saying: ["invalid YAML"], hint: ["tab"])
        #expect(diagnostic != nil)
    }

    @Test("an unclosed quote is an error with a hint")
    func unclosedQuote() throws {
        let result = try FleetFixture(files: ["platform.yaml": try Self.platform,
                                              "bad.yaml": "apiVersion: peng.dev/v1alpha1\nkind: \"Team\nmetadata:\n  name: x\n"]).validate()
        let found = result.diagnostics.first { $0.location.file == "bad.yaml" && $0.message.contains("invalid YAML") }
        #expect(found?.hint?.contains("quote") == true, "\(result.diagnostics)")
        #expect(found?.location.line == 2)
    }

    @Test("a duplicate key points at the second occurrence")
    func duplicateKey() throws {
        let result = try FleetFixture(files: ["platform.yaml": try Self.platform,
                                              "bad.yaml": "apiVersion: peng.dev/v1alpha1\nkind: Team\nmetadata:\n  name: x\nspec:\n  owners: [a]\n  owners: [b]\n"]).validate()
        expectDiagnostic(result, at: "bad.yaml:7:3", saying: ["duplicate key 'owners'"])
    }

    @Test("a file that is not text is reported, not parsed")
    func binaryFile() throws {
        let fixture = try FleetFixture(files: ["platform.yaml": try Self.platform])
        try Data([0x00, 0xFF, 0xFE, 0x01]).write(to: fixture.root.appendingPathComponent("image.yaml"))
        expectDiagnostic(fixture.validate(), at: "image.yaml:1:1", saying: ["not a UTF-8 text file"])
    }

    @Test("a document that is not a mapping is reported")
    func scalarDocument() throws {
        let result = try FleetFixture(files: ["platform.yaml": try Self.platform, "notes.yaml": "just some words\n"]).validate()
        expectDiagnostic(result, at: "notes.yaml:1:1", saying: ["document must be a mapping, found a string"])
    }

    @Test("an empty folder is an error")
    func emptyFolder() throws {
        let result = try FleetFixture(files: [:]).validate()
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.message.contains("no fleet files found") == true)
        #expect(result.validated == nil)
    }

    @Test("a missing folder is an error that names it")
    func missingFolder() {
        let result = FleetPipeline().validate(URL(fileURLWithPath: "/nonexistent/fleet"))
        #expect(result.diagnostics.first?.message == "fleet folder '/nonexistent/fleet' does not exist")
    }

    @Test("a fleet without a Platform is an error")
    func noPlatform() throws {
        let teams = try String(contentsOf: FleetFixture.minimalURL.appendingPathComponent("teams.yaml"), encoding: .utf8)
        let result = try FleetFixture(files: ["teams.yaml": teams]).validate()
        #expect(result.diagnostics.contains { $0.message == "the fleet has no Platform document" })
    }

    @Test("a second Platform is an error that points at both")
    func twoPlatforms() throws {
        let platform = try Self.platform
        let result = try FleetFixture(files: ["a.yaml": platform, "b.yaml": platform.replacingOccurrences(of: "name: test", with: "name: other")])
            .validate()
        expectDiagnostic(result, at: "b.yaml:4:9", saying: ["a second Platform 'other'"], hint: ["a.yaml:4:9"])
    }

    @Test("every problem in every file is reported at once, in file order")
    func allAtOnce() throws {
        let result = try FleetFixture([
            ("platform.yaml", "podSecurity: restricted", "podSecurity: strict"),
            ("clusters.yaml", "  stage: production", "  stage: prod"),
            ("teams.yaml", "egress: [10.20.0.0/16]", "egress: [nope]"),
        ]).validate()
        let places = result.diagnostics.errors.map { "\($0.location)" }
        #expect(places == ["clusters.yaml:28:10", "platform.yaml:39:20", "teams.yaml:18:18"])
    }
}
