import Foundation
import Testing
import TestHarness

/// The README's plan, status and upgrade examples are the binary's real output on the example's world (two
/// Supervisors, the simulator, the example fleet applied), as `scripts/demo` builds it.
@Suite("README console examples on the example's world")
struct ReadmeLiveTests {
    @Test("the README's plan, status, upgrade plan and upgrade examples print what the binary prints")
    func liveExamples() async throws {
        let examples = try ReadmeConsole().examples.filter { ReadmeConsoleTests.live.contains($0.subcommand) }
        #expect(examples.count >= 5, "\(examples)")
        try await stopping(try await ExampleFleetSetup()) { setup in
            // The README runs in a checkout after `scripts/demo --keep`: the demo's fleet copy in out/demo/fleet, the
            // Supervisors' contexts named as the Platform names them.
            let work = try PengBinary.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: work) }
            let demoFleet = work.appendingPathComponent("out/demo/fleet")
            try FileManager.default.createDirectory(at: demoFleet.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: setup.fleet, to: demoFleet)
            let kubeconfig = work.appendingPathComponent("kubeconfig")
            try Self.renamingContexts(setup.planes.kubeconfigPath, [setup.planes.contexts[0]: "supervisor-muenster",
                                                                   setup.planes.contexts[1]: "supervisor-frankfurt"], to: kubeconfig)
            let environment = ["KUBECONFIG": kubeconfig.path]
            let apply = try await PengBinary.run(["apply", demoFleet.path, "--today", ReadmeConsoleTests.today], in: work, environment: environment)
            try #require(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            // `peng plan examples/fleet`: the fleet as applied, with the search team's integration quota raised to 16 CPUs.
            let editedFleet = work.appendingPathComponent("examples/fleet")
            try FileManager.default.createDirectory(at: editedFleet.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: demoFleet, to: editedFleet)
            let search = editedFleet.appendingPathComponent("teams/discovery/search.yaml")
            let text = try String(contentsOf: search, encoding: .utf8)
            try #require(text.contains(#"quota: {cpu: "12", memory: 96Gi"#))
            try text.replacingOccurrences(of: #"quota: {cpu: "12", memory: 96Gi"#, with: #"quota: {cpu: "16", memory: 96Gi"#)
                .write(to: search, atomically: true, encoding: .utf8)
            for example in examples {
                let run = try await ReadmeConsole.run(example, in: work, today: ReadmeConsoleTests.today, environment: environment)
                if let mismatch = ReadmeConsole.mismatch(example, actual: run.stdout) { Issue.record(Comment(rawValue: mismatch)) }
            }
        }
    }

    /// A copy of a kubeconfig with contexts renamed (and their clusters and users, named alike by scripts/testenv).
    static func renamingContexts(_ path: String, _ names: [String: String], to copy: URL) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n").map { line in
            for (old, new) in names where line.hasSuffix(": \(old)") {
                return String(line.dropLast(old.count)) + new
            }
            return line
        }
        try lines.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
    }
}
