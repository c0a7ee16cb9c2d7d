import FleetModel
import Foundation
import KubeClient

/// Leader election on a `coordination.k8s.io/v1` Lease, with controller-runtime's timing: a lease of 15 s, renewed
/// every 2 s; a leader that has not renewed for 10 s steps down, before anyone else may take the lease (15 s after
/// they last saw it change). Expiry is judged on this process's clock from when the record last changed, never from
/// the timestamps in it, so clock skew between replicas does not matter.
public actor LeaseElector {
    public struct Timing: Sendable {
        /// How long others wait, from when they last saw the record change, before they may take the lease.
        public var leaseDuration: Duration = .seconds(15)
        /// How long a leader keeps leading without a successful renewal.
        public var renewDeadline: Duration = .seconds(10)
        public var retryPeriod: Duration = .seconds(2)
        public init() {}
    }

    public nonisolated let identity: String
    public nonisolated let namespace: String
    public nonisolated let name: String
    private let client: KubeClient
    private let timing: Timing
    private let clock = ContinuousClock()

    public private(set) var isLeader = false
    /// When this replica last renewed its lease, while leader.
    private var renewed: ContinuousClock.Instant?
    /// The record last read and when it was first seen in that form.
    private var observed: (holder: String, version: String, at: ContinuousClock.Instant)?
    private var listeners: [AsyncStream<Bool>.Continuation] = []
    /// The holder last seen, for the API.
    public private(set) var holder: String?
    /// Why the last attempt failed; nil once an attempt gets an answer again.
    public private(set) var problem: LeaseProblem?
    private var problemListeners: [AsyncStream<LeaseProblem?>.Continuation] = []

    /// `client` should answer within `retryPeriod` or fail: the elector gives no request longer than the time it has left.
    public init(client: KubeClient, namespace: String, name: String, identity: String, timing: Timing = Timing()) {
        self.client = client
        self.namespace = namespace
        self.name = name
        self.identity = identity
        self.timing = timing
    }

    /// Leadership as it changes: true when this replica becomes leader, false when it stops being one.
    public func changes() -> AsyncStream<Bool> {
        let (stream, continuation) = AsyncStream<Bool>.makeStream()
        continuation.yield(isLeader)
        listeners.append(continuation)
        return stream
    }

    /// Every failed attempt's problem, and nil when an attempt gets an answer after a failure: for logging the start
    /// and end of a failure, and counting every one.
    public func problems() -> AsyncStream<LeaseProblem?> {
        let (stream, continuation) = AsyncStream<LeaseProblem?>.makeStream()
        problemListeners.append(continuation)
        return stream
    }

    /// Tries to take or renew the lease every retry period until cancelled; then releases it when held.
    public func run() async {
        while !Task.isCancelled {
            await attempt()
            try? await Task.sleep(for: timing.retryPeriod)  // cancelled: the loop ends and the lease is released
        }
        // Released outside the cancelled task, whose requests would fail at once.
        await Task { await self.release() }.value
    }

    /// One round: renew when leading, take the lease when it is free or expired, else watch it.
    public func attempt() async {
        let limit = isLeader ? max((renewed ?? clock.now) + timing.renewDeadline - clock.now, .milliseconds(100)) : timing.retryPeriod
        let outcome = await withDeadline(limit) { try await self.tryAcquireOrRenew() }
        let now = clock.now
        switch outcome {
        case .success(true):
            renewed = now
            set(leader: true)
            set(problem: nil)
        case .success(false):
            set(leader: false)
            set(problem: nil)
        case .failure(let error):
            // A leader keeps leading only within its renew deadline.
            if isLeader, let renewed, now - renewed >= timing.renewDeadline { set(leader: false) }
            if !Task.isCancelled { set(problem: LeaseProblem(error, namespace: namespace, name: name, context: client.connection.context)) }
        }
    }

    /// Gives the lease up (holder emptied, duration 1 s), so another replica takes over at once.
    public func release() async {
        guard isLeader else { return }
        set(leader: false)
        // Best effort on the way out: a release that fails leaves a lease that expires by itself after its duration.
        guard let lease = try? await client.get(leaseRef), lease[path: "spec", "holderIdentity"]?.stringValue == identity else { return }
        var released = lease
        released["spec"]?["holderIdentity"] = .string("")
        released["spec"]?["leaseDurationSeconds"] = .int(1)
        _ = try? await client.update(released, fieldManager: "peng-serve")
    }

    private var leaseRef: ObjectRef {
        ObjectRef(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: namespace, name: name)
    }

    /// True when this replica holds the lease after the call.
    private func tryAcquireOrRenew() async throws -> Bool {
        let now = Self.microTime(Date())
        guard let lease = try await client.get(leaseRef) else {
            var created = KubeObject(apiVersion: "coordination.k8s.io/v1", kind: "Lease", name: name, namespace: namespace)
            created["spec"] = .object(["holderIdentity": .string(identity), "leaseDurationSeconds": .int(Int(timing.leaseDuration.components.seconds)),
                                       "acquireTime": .string(now), "renewTime": .string(now), "leaseTransitions": 0])
            do {
                _ = try await client.create(created, fieldManager: "peng-serve")
                holder = identity
                return true
            } catch let error as KubeError where error.code == .alreadyExists || error.code == .conflict {
                return false
            }
        }
        let currentHolder = lease[path: "spec", "holderIdentity"]?.stringValue ?? ""
        let version = lease[path: "metadata", "resourceVersion"]?.stringValue ?? ""
        let duration = Duration.seconds(lease[path: "spec", "leaseDurationSeconds"]?.intValue ?? 15)
        if observed?.holder != currentHolder || observed?.version != version {
            observed = (currentHolder, version, clock.now)
        }
        holder = currentHolder.isEmpty ? nil : currentHolder
        let expired = currentHolder.isEmpty || clock.now - observed!.at >= duration
        guard currentHolder == identity || expired else { return false }

        var updated = lease
        var spec = lease["spec"]?.objectValue ?? [:]
        if currentHolder != identity {
            spec["acquireTime"] = .string(now)
            spec["leaseTransitions"] = .int((spec["leaseTransitions"]?.intValue ?? 0) + 1)
        }
        spec["holderIdentity"] = .string(identity)
        spec["leaseDurationSeconds"] = .int(Int(timing.leaseDuration.components.seconds))
        spec["renewTime"] = .string(now)
        updated["spec"] = .object(spec)
        do {
            let written = try await client.update(updated, fieldManager: "peng-serve")
            observed = (identity, written[path: "metadata", "resourceVersion"]?.stringValue ?? "", clock.now)
            holder = identity
            return true
        } catch let error as KubeError where error.code == .conflict {
            return false  // someone else wrote it first; the next round reads the new record
        }
    }

    private func set(problem: LeaseProblem?) {
        guard problem != nil || self.problem != nil else { return }
        self.problem = problem
        for listener in problemListeners { listener.yield(problem) }
    }

    private func set(leader: Bool) {
        guard leader != isLeader else { return }
        isLeader = leader
        if !leader { renewed = nil }
        for listener in listeners { listener.yield(leader) }
    }

    /// The body's result, or its error; `LeaseTimeout` when it did not finish in time (then it is cancelled).
    private func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async -> Result<T, Error> {
        await withTaskGroup(of: Result<T, Error>.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                // Cancelled when the body answers first: the body's answer is the one taken.
                try? await Task.sleep(for: limit)
                return .failure(LeaseTimeout())
            }
            let first = await group.next() ?? .failure(LeaseTimeout())
            group.cancelAll()
            return first
        }
    }

    /// Kubernetes MicroTime: RFC 3339 with microseconds, in UTC.
    static func microTime(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = Date(timeIntervalSince1970: seconds.rounded(.down))
        let micros = Int((seconds - seconds.rounded(.down)) * 1_000_000)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let base = formatter.string(from: whole).dropLast()  // drop the Z
        return base + String(format: ".%06dZ", micros)
    }
}
