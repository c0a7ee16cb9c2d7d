import Foundation
import Testing
import TestHarness

/// A short, fixed-seed run of each fuzz target (bench/fuzz.sh, libFuzzer with the address sanitizer) over its seed
/// corpus, which holds every input that once broke a property: the parsers still take them all without a crash, a hang
/// or a broken property. The long runs are benchmarks (docs/benchmarks.md). One target at a time: each is a
/// sanitized process of several hundred MB that keeps a core busy, and eight at once would add to a load that already
/// reaches 40 on a 2-core machine while the suite's control planes and serve rollouts run.
@Suite("fuzz targets: a short fixed-seed run of each", .serialized)
struct FuzzTargetTests {
    static let targets = ["fleet", "kubeconfig", "jira-csv", "jira-rest", "insights-config", "jql", "webhook", "api-json"]

    @Test("no crash, no hang, no broken property over the seed corpus and 1000 mutations", arguments: targets)
    func shortRun(_ target: String) async throws {
        let root = PengBinary.repositoryRoot
        let binary = ProcessInfo.processInfo.environment["PENG_FUZZ_BINARY"] ?? root.appendingPathComponent(".build-fuzz/debug/peng-fuzz").path
        try #require(FileManager.default.isExecutableFile(atPath: binary),
                     "no fuzz binary at \(binary): scripts/test builds it (bench/fuzz.sh --build with PENG_FUZZ_CONFIG=debug)")
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
