import Foundation
import Testing
import TestSupport

/// Runs the built `peng` executable, as a user would.
struct PengBinary {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Next to the test bundle (any build folder), else the default debug build.
    static var url: URL {
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

    static func run(_ arguments: String..., in directory: URL? = nil) async throws -> Run {
        try await run(arguments, in: directory)
    }

    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) async throws -> Run {
        let environment = extra.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let output = try await ChildProcess.run(try url, arguments, environment: environment, directory: directory ?? repositoryRoot)
        return Run(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// Starts peng and returns while it runs, for tests that interrupt it.
    static func start(_ arguments: [String], in directory: URL? = nil) throws -> ChildProcess.Running {
        try ChildProcess.Running(try url, arguments, directory: directory ?? repositoryRoot)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peng-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
