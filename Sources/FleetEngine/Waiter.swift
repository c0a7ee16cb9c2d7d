import FleetModel
import KubeClient

/// Waits until objects are ready, polling, with a progress event and a timeout that names what is still not ready.
/// Cancellation ends the wait at once (the caller reports the run as interrupted).
struct Waiter: Sendable {
    var timeout: Duration
    var interval: Duration
    var events: EngineEvents

    /// Returns the objects that did not become ready, with the reason.
    func wait(for refs: [ObjectRef], target: String, client: KubeClient) async throws -> [ObjectRef: String] {
        var pending = Set(refs.filter(Readiness.hasRule))
        guard !pending.isEmpty else { return [:] }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastReport = clock.now - .seconds(60)
        var reasons: [ObjectRef: String] = [:]
        var failures: [ObjectRef: String] = [:]
        while true {
            try Task.checkCancellation()
            let states = await withTaskGroup(of: (ObjectRef, Readiness).self) { group in
                for ref in pending {
                    group.addTask {
                        do {
                            guard let object = try await client.get(ref) else { return (ref, .progressing("not found")) }
                            return (ref, Readiness.of(object))
                        } catch {
                            return (ref, .progressing("\(error)"))
                        }
                    }
                }
                var states: [(ObjectRef, Readiness)] = []
                for await state in group { states.append(state) }
                return states
            }
            try Task.checkCancellation()
            for (ref, state) in states {
                switch state {
                case .ready: pending.remove(ref); reasons[ref] = nil
                case .failed(let message): pending.remove(ref); failures[ref] = message
                case .progressing(let message): reasons[ref] = message
                }
            }
            if pending.isEmpty { return failures }
            if clock.now >= deadline {
                for ref in pending { failures[ref] = "not ready after \(timeout): \(reasons[ref] ?? "no status")" }
                return failures
            }
            if clock.now - lastReport >= .seconds(2), let first = pending.min() {
                events(.waiting(target: target, pending: pending.count, first: first, reason: reasons[first] ?? "..."))
                lastReport = clock.now
            }
            try await Task.sleep(for: interval)
        }
    }
}
