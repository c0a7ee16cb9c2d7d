import Foundation

/// A child process run to its end: its status and both outputs, read concurrently so a large output never blocks
/// the child. `runBlocking` is for synchronous code; `run` keeps the caller's task off Swift's cooperative threads.
public enum ProcessRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `command` is a path, or a name looked up on `PATH`. `environment` nil: this process's environment.
    public static func run(_ command: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil) async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: runBlocking(command, arguments, environment: environment, input: input))
            }
        }
    }

    public static func runBlocking(_ command: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.contains("/") ? command : "/usr/bin/env")
        process.arguments = command.contains("/") ? arguments : [command] + arguments
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do { try process.run() } catch { return Result(status: 127, stdout: "", stderr: "\(command) could not be started: \(error)") }
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            // Closing our end tells the child its input ended; a child that already exited closed it first.
            try? stdin.fileHandleForWriting.close()
        }
        let errorData = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.data = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: String(decoding: errorData.data, as: UTF8.self))
    }

    private final class Collected: @unchecked Sendable {
        var data = Data()
    }
}
