import Foundation
import Testing

/// The Python with the PyPI packages the format tests use (`scripts/testenv install` makes it), and the checker script.
public enum PythonTools {
    /// `PENG_PYTHON` from `scripts/testenv paths`.
    public static func python() async throws -> URL {
        let paths = try await LocalControlPlane.run(["paths"])
        let line = try #require(paths.split(separator: "\n").first { $0.hasPrefix("PENG_PYTHON=") }, "scripts/testenv paths names no PENG_PYTHON")
        let path = String(line.dropFirst("PENG_PYTHON=".count))
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(path) is missing: run 'scripts/testenv install'")
        return URL(fileURLWithPath: path)
    }

    public static var checker: String { LocalControlPlane.repositoryRoot.appendingPathComponent("Tests/PythonChecks/format_check.py").path }

    /// Runs `format_check.py ARGUMENTS` and decodes what it prints; the test fails with its stderr when it fails.
    public static func check(_ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let output = try await ChildProcess.run(try await python(), [checker] + arguments)
        try #require(output.status == 0, "format_check.py \(arguments.joined(separator: " ")) failed: \(output.stderr)", sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], sourceLocation: sourceLocation)
    }

    /// Starts `Tests/PythonChecks/SCRIPT ARGUMENTS`, a helper server that prints its port once it listens (and ends
    /// with the test process); the running process and the port.
    public static func server(_ script: String, _ arguments: [String]) async throws -> (running: ChildProcess.Running, port: Int) {
        let path = LocalControlPlane.repositoryRoot.appendingPathComponent("Tests/PythonChecks/\(script)").path
        let running = try ChildProcess.Running(try await python(), [path] + arguments)
        // Bounded only against a real hang: the server prints its port as soon as it listens.
        _ = try await running.waitForOutput(within: .seconds(600)) { out, _ in out.contains("\n") }
        guard let port = Int(running.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            running.signal(SIGKILL)
            _ = await running.finished()
            Issue.record("\(script) did not start: \(running.stderr)")
            throw CancellationError()
        }
        return (running, port)
    }
}
