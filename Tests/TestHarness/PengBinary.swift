import Foundation
import Testing

/// Runs the built `peng` executable, as a user would.
public struct PengBinary {
    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static var repositoryRoot: URL { LocalControlPlane.repositoryRoot }

    /// Next to the test bundle (any build folder), else the default debug build.
    public static var url: URL {
        get throws {
            let candidates = [
                ProcessInfo.processInfo.environment["PENG_BINARY"].map { URL(fileURLWithPath: $0) },
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("peng"),
                Bundle.main.bundleURL.appendingPathComponent("peng"),
                repositoryRoot.appendingPathComponent(".build/debug/peng"),
            ].compactMap { $0 }
            return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                                "no built peng binary in \(candidates.map(\.path))")
        }
    }

    public static func run(_ arguments: String..., in directory: URL? = nil) async throws -> Run {
        try await run(arguments, in: directory)
    }

    public static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) async throws -> Run {
        let environment = extra.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let output = try await ChildProcess.run(try url, arguments, environment: environment, directory: directory ?? repositoryRoot)
        return Run(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// Starts peng and returns while it runs, for tests that interrupt it.
    public static func start(_ arguments: [String], in directory: URL? = nil) throws -> ChildProcess.Running {
        try ChildProcess.Running(try url, arguments, directory: directory ?? repositoryRoot)
    }

    /// Where tests keep what a person may want to look at afterwards (screenshots): `PENG_ARTEFACTS`, else
    /// `.build/test-artefacts`.
    public static var artefacts: URL {
        let folder = ProcessInfo.processInfo.environment["PENG_ARTEFACTS"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.appendingPathComponent(".build/test-artefacts")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peng-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
