import Foundation
import Testing

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

    static func run(_ arguments: String..., in directory: URL? = nil) throws -> Run {
        try run(arguments, in: directory)
    }

    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Run {
        let process = Process()
        process.executableURL = try url
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peng-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
