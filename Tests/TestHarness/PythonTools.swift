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
}
