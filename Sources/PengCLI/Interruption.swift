import ArgumentParser
import Dispatch
import Foundation

/// Ctrl-C and SIGTERM during a run: the work is cancelled (the engine stops at its next step, keeps its inventory
/// complete and reports what it did), and the command exits 130 or 143 as shells expect. A second signal ends the
/// process at once.
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// Runs `body`, cancelled by SIGINT or SIGTERM; returns its result and the signal that interrupted it, if any.
    static func run<Result: Sendable>(_ body: @escaping @Sendable () async -> Result) async -> (Result, Int32?) {
        let interruption = Interruption()
        let task = Task { await body() }
        interruption.install { task.cancel() }
        let result = await task.value
        interruption.uninstall()
        return (result, interruption.signal)
    }

    var signal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// The exit status for a run ended by `signal`: 128 + its number (130 for SIGINT, 143 for SIGTERM).
    static func exitCode(for signal: Int32) -> ExitCode { ExitCode(128 + signal) }

    private func install(_ cancel: @escaping @Sendable () -> Void) {
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let first = self.received == nil
                if first { self.received = number }
                self.lock.unlock()
                if first { cancel() } else { exit(128 + number) }
            }
            source.resume()
            sources.append(source)
        }
    }

    private func uninstall() {
        for source in sources { source.cancel() }
        sources = []
        for number in [SIGINT, SIGTERM] { Foundation.signal(number, SIG_DFL) }
    }
}
