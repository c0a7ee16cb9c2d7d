import Foundation
import Testing
import TestHarness

/// A short, fixed-seed run of each fuzz target over its seed corpus, which holds every input that once broke a
/// property: the parsers still take them all without a crash, a hang or a broken property. The binary is the suite's
/// own build of peng-fuzz (libFuzzer's driver on the fuzz module); the long, coverage-guided runs with the address
/// sanitizer on every module are benchmarks (bench/fuzz.sh, docs/benchmarks.md). One target at a time, so the run
/// adds one busy process, not eight, to the suite's control planes.
@Suite("fuzz targets: a short fixed-seed run of each", .serialized)
struct FuzzTargetTests {
    static let targets = ["fleet", "kubeconfig", "jira-csv", "jira-rest", "insights-config", "jql", "webhook", "api-json"]

    @Test("no crash, no hang, no broken property over the seed corpus and 1000 mutations", arguments: targets)
    func shortRun(_ target: String) async throws {
        let root = PengBinary.repositoryRoot
        let binary = ProcessInfo.processInfo.environment["PENG_FUZZ_BINARY"] ?? root.appendingPathComponent(".build/debug/peng-fuzz").path
        try #require(FileManager.default.isExecutableFile(atPath: binary),
                     "no fuzz binary at \(binary): swift build builds it (scripts/test does)")
        let corpus = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("fuzz/corpus/\(target)").path)
        #expect(!corpus.isEmpty, "the target has a seed corpus")
        let run = try await ChildProcess.run(root.appendingPathComponent("bench/fuzz.sh"), [target, "0"],
                                             environment: ProcessInfo.processInfo.environment.merging(
                                                 ["PENG_FUZZ_BINARY": binary, "PENG_FUZZ_RUNS": "1000"]) { _, new in new },
                                             directory: root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("fuzz \(target)") && run.stdout.contains(" 0 crashes  0 hangs"), "\(run.stdout)")
        let executions = run.stdout.split(separator: " ").compactMap { Int($0) }.first ?? 0
        #expect(executions >= 1000, "every input ran: \(run.stdout)")
    }
}
