import FleetLoader
import FleetModel
import FleetUpgrade
import Foundation
import Testing
import TestHarness

@Suite("The soak rule, durations, and in-place version edits")
struct SoakAndEditTests {
    @Test("durations parse Go-style and print back")
    func durations() {
        #expect(TimeSpan("72h")?.seconds == 259_200)
        #expect(TimeSpan("1h30m")?.seconds == 5400)
        #expect(TimeSpan("1.5h")?.seconds == 5400)
        #expect(TimeSpan("0s")?.seconds == 0)
        #expect(TimeSpan("90s")?.description == "1m30s")
        for bad in ["", "72", "h", "3d", "30m1h", "1h1h", "-5m"] { #expect(TimeSpan(bad) == nil, "\(bad)") }
        #expect(TimeSpan(seconds: 41 * 3600 + 100).roughly == "41h")
    }

    @Test("an invalid soak is an error at its position")
    func invalidSoak() throws {
        let staged = UpgradeFixture.fleet("badsoak", kubernetes: [:], soak: "3 days")
        let root = try staged.write()
        let text = try String(contentsOf: root.appendingPathComponent("fleet.yaml"), encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("soak: 3 days") }) + 1
        let result = FleetValidatorHelper.validate(root)
        #expect(result.validated == nil)
        #expect(result.diagnostics.contains {
            $0.message.contains("'upgrades.soak' is '3 days', which is not a duration") && $0.location.line == line && $0.hint?.contains("72h") == true
        }, "\(result.diagnostics)")
    }

    @Test("production waits until every integration cluster has run the release, healthy, for the soak")
    func soakVerdicts() throws {
        let fleet = try UpgradeFixture.validated(UpgradeFixture.fleet("soak", kubernetes: [:], soak: "72h"))
        let rule = SoakRule(fleet)
        let release = try #require(ReleaseVersion("v1.28.8+vmware.1-tkg.1"))
        let older = try #require(ReleaseVersion("v1.27.11+vmware.1-tkg.2"))
        let since = 1_000_000
        func record(running: ReleaseVersion?, ready: Bool = true) -> [String: SoakRecord] {
            ["soak-int": SoakRecord(cluster: "soak-int", release: running, since: since, running: running, ready: ready)]
        }
        #expect(rule.verdict(stage: "integration", release: release, records: [:], now: since) == .clear)
        #expect(rule.verdict(stage: "production", release: release, records: record(running: release), now: since + 31 * 3600)
            == .soaking(cluster: "soak-int", stage: "integration", left: TimeSpan(seconds: 41 * 3600)))
        #expect(rule.verdict(stage: "production", release: release, records: record(running: release), now: since + 72 * 3600) == .clear)
        #expect(rule.verdict(stage: "production", release: release, records: record(running: release, ready: false), now: since + 99 * 3600)
            == .notReached(cluster: "soak-int", stage: "integration", runs: release))
        #expect(rule.verdict(stage: "production", release: release, records: record(running: older), now: since + 99 * 3600)
            == .notReached(cluster: "soak-int", stage: "integration", runs: older))
        #expect(rule.verdict(stage: "production", release: release, records: [:], now: since) == .unknown(stage: "integration", why: "nothing is known of cluster 'soak-int'"))
        let text = SoakVerdict.soaking(cluster: "soak-int", stage: "integration", left: TimeSpan(seconds: 41 * 3600))
            .explanation(release: release, soak: fleet.soak)
        #expect(text.hasPrefix("soaking, 41h left"))
    }

    @Test("only the scalar changes: quotes, comments and flow style stay")
    func scalarEdits() throws {
        let text = """
            spec:
              kubernetes: v1.27   # newest supported
              quoted: "v1.26"
              single: 'v1.26'
              flow: {kubernetes: v1.25, tenancy: shared}
            """
        func edit(line: Int, column: Int, old: String) -> VersionScalarEditor.Edit {
            .init(location: SourceLocation(file: "a.yaml", line: line, column: column), old: old, new: "v1.28.8+vmware.1-tkg.1")
        }
        let edited = try VersionScalarEditor().apply([
            edit(line: 2, column: 15, old: "v1.27"), edit(line: 3, column: 11, old: "v1.26"), edit(line: 4, column: 11, old: "v1.26"),
            edit(line: 5, column: 22, old: "v1.25"),
        ], to: text, file: "a.yaml")
        #expect(edited == """
            spec:
              kubernetes: v1.28.8+vmware.1-tkg.1   # newest supported
              quoted: "v1.28.8+vmware.1-tkg.1"
              single: 'v1.28.8+vmware.1-tkg.1'
              flow: {kubernetes: v1.28.8+vmware.1-tkg.1, tenancy: shared}
            """)
        #expect(throws: VersionScalarEditor.EditError.self) {
            try VersionScalarEditor().apply([edit(line: 2, column: 15, old: "v1.26")], to: text, file: "a.yaml")
        }
    }
}
