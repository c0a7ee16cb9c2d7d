import FleetModel
import Foundation
import Testing
import TestHarness

/// The 3-minute run of `bench/serve-faults.sh` with the suite's build: two replicas on the example fleet while
/// commits arrive every 20 s, drift is injected, a Supervisor's API server stops, the git remote goes away, the leader
/// is killed and a Supervisor credential is revoked. The same scenario the 30-minute benchmark measures.
@Suite(.serialized)
struct ServeFaultsTests {
    @Test("serve under faults for 3 minutes: no commit lost, each judged right, drift corrected, every fault logged and recovered, final plan clean")
    func survivesFaults() async throws {
        let folder = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }  // a leftover folder only costs disk
        let figures = folder.appendingPathComponent("faults.json")
        var environment = ProcessInfo.processInfo.environment
        environment["PENG_BIN"] = try PengBinary.url.deletingLastPathComponent().path
        environment["PENG_FAULTS_JSON"] = figures.path
        environment["PENG_PLANE_OWNER"] = String(ProcessInfo.processInfo.processIdentifier)
        environment["TMPDIR"] = folder.path
        let script = PengBinary.repositoryRoot.appendingPathComponent("bench/serve-faults.sh").path
        let run = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [script, "3"], environment: environment,
                                             directory: PengBinary.repositoryRoot)
        print(run.stdout)
        try #require(run.status == 0, "bench/serve-faults.sh 3 failed (\(run.status)):\n\(run.stderr.suffix(4000))")
        let report = try JSONValue(parsing: Array(try Data(contentsOf: figures)))

        let commits = try #require(report["commits"])
        #expect(commits["lost"]?.arrayValue?.isEmpty == true, "every pushed commit reaches serve: \(commits)")
        #expect(commits["wrong"]?.arrayValue?.isEmpty == true, "the invalid commit and only it is marked invalid: \(commits)")
        let pushed = commits["pushed"]?.intValue ?? 0, applied = commits["applied"]?.intValue ?? 0
        #expect(pushed >= 8, "a commit every 20 s for 3 minutes: \(commits)")
        #expect(applied >= pushed / 2, "most commits are applied one by one; only an outage or a failover lets a newer one supersede them: \(commits)")
        #expect(report[path: "final_plan_clean"]?.boolValue == true, "after the faults the fleet is as Git says")
        #expect(report[path: "leaders_killed"]?.intValue == 1)
        #expect((report[path: "drift", "corrected"]?.intValue ?? 0) >= 1, "the drift injected is corrected: \(report["drift"]?.jsonString() ?? "")")

        // Every fault was said when it started and when it ended, and no credential reached a log line.
        let logged = try #require(report["logged"])
        for event in ["supervisor_failed", "supervisor_recovered", "git_failed", "git_recovered"] {
            #expect((logged[event]?.intValue ?? 0) >= 1, "serve logs \(event): \(logged.jsonString())")
        }
        #expect(report[path: "credential_in_logs"]?.intValue == 0)
        #expect((report[path: "metrics", "peng_api_errors_total"]?.intValue ?? 0) > 0, "the refused and unreachable Supervisor is counted")
    }
}
