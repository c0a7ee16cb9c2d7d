import Foundation

/// Runs a program without blocking a thread of Swift's cooperative pool: the process reports its end through
/// `terminationHandler`, and its output goes to files (a pipe held open by a grandchild that lives on — a server
/// the program started — would never reach end-of-file).
public enum ChildProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs to completion and returns the exit status and what it printed.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                           directory: URL? = nil) async throws -> Output
    {
        let running = try Running(executable, arguments, environment: environment, directory: directory)
        return await running.finished()
    }

    /// A started process, for tests that act while it runs (send a signal, watch its output grow).
    public final class Running: @unchecked Sendable {
        public let process = Process()
        public let stdoutURL: URL
        public let stderrURL: URL
        private let ended = Ended()

        public init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("peng-child-\(UUID().uuidString)")
            stdoutURL = base.appendingPathExtension("out")
            stderrURL = base.appendingPathExtension("err")
            FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            let out = try FileHandle(forWritingTo: stdoutURL), err = try FileHandle(forWritingTo: stderrURL)
            process.executableURL = executable
            process.arguments = arguments
            if let environment { process.environment = environment }
            if let directory { process.currentDirectoryURL = directory }
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            let ended = self.ended
            process.terminationHandler = { process in
                try? out.close()
                try? err.close()
                ended.finish(process.terminationStatus)
            }
            try process.run()
        }

        public var pid: Int32 { process.processIdentifier }

        /// What it has printed so far.
        public var stdout: String { String(decoding: (try? Data(contentsOf: stdoutURL)) ?? Data(), as: UTF8.self) }
        public var stderr: String { String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self) }

        public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        /// Waits for the end without blocking a thread; then removes the output files.
        public func finished() async -> Output {
            let status = await ended.wait()
            let output = Output(status: status, stdout: stdout, stderr: stderr)
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
            return output
        }

        /// Waits until the output satisfies `condition` or the process ends; true when the condition held.
        /// Polls the output files (a condition wait: it returns as soon as the text is there).
        public func waitForOutput(within limit: Duration, _ condition: (String, String) -> Bool) async throws -> Bool {
            let clock = ContinuousClock()
            let deadline = clock.now + limit
            while clock.now < deadline {
                if condition(stdout, stderr) { return true }
                if ended.isFinished { return condition(stdout, stderr) }
                try await Task.sleep(for: .milliseconds(50))
            }
            return condition(stdout, stderr)
        }
    }

    /// The exit status, handed from the termination handler's thread to any number of async waiters.
    final class Ended: @unchecked Sendable {
        private let lock = NSLock()
        private var status: Int32?
        private var waiters: [CheckedContinuation<Int32, Never>] = []

        func finish(_ value: Int32) {
            lock.lock()
            status = value
            let waiting = waiters
            waiters = []
            lock.unlock()
            for waiter in waiting { waiter.resume(returning: value) }
        }

        var isFinished: Bool { lock.withLock { status != nil } }

        func wait() async -> Int32 {
            await withCheckedContinuation { continuation in
                lock.lock()
                if let status {
                    lock.unlock()
                    continuation.resume(returning: status)
                } else {
                    waiters.append(continuation)
                    lock.unlock()
                }
            }
        }
    }
}
