import Foundation
import Testing
import TestHarness

/// scripts/test stops whatever the tests left behind when they end, however they end: every process a test starts
/// inherits PENG_TEST_ROOT, and scripts/reap stops each process that carries it — children in sessions of their own
/// too — and nothing else.
@Suite("processes a dead test process leaves behind")
struct ReapTests {
    @Test("a test process killed with SIGKILL: its children, one in its own session, are stopped; unmarked processes and another run's are left alone")
    func reap() async throws {
        let folder = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }  // a leftover temporary folder harms nothing
        let output = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [
            PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/reap_check.sh").path,
            PengBinary.repositoryRoot.path, folder.appendingPathComponent("run").path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.prefix(4) == ["child: gone", "session: gone", "unmarked: alive", "sibling: alive"], "\(output.stdout)")
        #expect(lines.last == "reap said: reap: stopped 2 processes left behind (sleep)", "\(output.stdout)")
    }
}
