import FleetEngine
import FleetLoader
import FleetModel
import FleetNotify
import FleetRender
import FleetRepository
import Foundation
import Logging
import KubeClient

/// `peng serve`'s loop: fetch the branch; a new commit is validated, and a valid one applied stage by stage by the
/// existing engine with its gates and the soak rule; an invalid one applies nothing and the last good revision
/// stays. Between commits, every interval: a plan of the last good revision (drift), corrected when the Platform
/// says `reconcile.drift: correct`. Only the lease holder applies or writes history; losing the lease cancels the
/// apply in flight (the engine stops at its next step with a complete inventory). Any replica reads and answers.
public actor ServeLoop {
    public struct Settings: Sendable {
        public var interval: Duration = .seconds(60)
        /// How often the leader reads the control keys (sync requests, suspension) written by other replicas.
        public var controlPeriod: Duration = .seconds(2)
        public var engine = EngineOptions()
        /// Queue, retries and giving up for notices.
        public var notifier = Notifier.Settings()
        public init() {}
    }

    public enum Trigger: String, Sendable { case start, interval, webhook, sync, leadership, resume }

    public let source: RevisionSource
    public let connector: TargetConnector
    /// One line per service event an operator needs (a failure starting or ending, a revision applied).
    let log: Logger
    public let elector: LeaseElector
    public let store: HistoryStore
    public let metrics: ServeMetrics
    public let settings: Settings
    public let events: EngineEvents

    public internal(set) var snapshot: ServeSnapshot { didSet { published.publish(snapshot) } }
    public private(set) var current: LoadedRevision? { didSet { published.publish(current) } }
    /// The snapshot and revision for readers (API, dashboard), who never wait for a pass.
    public nonisolated let published: PublishedState
    var triggers: AsyncStream<Trigger>.Continuation?
    var applyTask: Task<RolloutReport, Never>?
    /// The newest request of each kind this replica has acted on (milliseconds since 1970).
    var handled: [ServeControl.Request: Int] = [:]
    var pendingSync = false
    /// Set when this replica starts leading: its history is a follower's copy until it reads the stored one again.
    var historyBeforeLeading = false
    /// The receivers of the revision now applied (nil when its Platform names none).
    var notifier: Notifier?
    /// The history record a queued notice belongs to, by `receiver:key`, until it is delivered.
    var noticeRecords: [String: String] = [:]
    /// Notices in the order they happened, from the engine's events (any thread) to `send` on the loop.
    let notices: AsyncStream<Notice>
    let noticeInput: AsyncStream<Notice>.Continuation
    /// When this replica started (milliseconds since 1970): requests older than that were handled by whoever led then.
    let startedAt = Int(Date().timeIntervalSince1970 * 1000)
    public init(source: RevisionSource, connector: TargetConnector, elector: LeaseElector, store: HistoryStore, metrics: ServeMetrics,
                settings: Settings, events: @escaping EngineEvents = { _ in }, log: Logger = .serve())
    {
        self.log = log
        self.source = source
        self.connector = connector
        self.elector = elector
        self.store = store
        self.metrics = metrics
        self.settings = settings
        self.events = events
        (notices, noticeInput) = AsyncStream<Notice>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        snapshot = ServeSnapshot(replica: elector.identity, remote: GitSource.redacted(source.git.remote), branch: source.git.branch)
        published = PublishedState(snapshot)
    }

    /// Runs until cancelled. A pass at start, then on every trigger: interval, webhook, sync, leadership, resume.
    public func run() async {
        let (stream, continuation) = AsyncStream<Trigger>.makeStream(bufferingPolicy: .bufferingNewest(4))
        triggers = continuation
        continuation.yield(.start)
        let leadership = await elector.changes()
        let leaseProblems = await elector.problems()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [interval = settings.interval] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)  // cancelled: the loop ends
                    continuation.yield(.interval)
                }
            }
            group.addTask { for await leading in leadership { await self.leadershipChanged(leading) } }
            group.addTask { for await problem in leaseProblems { await self.leaseProblemChanged(problem) } }
            group.addTask { for await notice in self.notices { await self.send(notice) } }
            group.addTask { [period = settings.controlPeriod] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: period)  // cancelled: the loop ends
                    await self.readControl()
                }
            }
            // Passes run below the API's priority: a pass over many clusters is seconds of decoding and planning, and the
            // requests of the API and dashboard (and the Lease's renewals) must not queue behind it.
            group.addTask(priority: .utility) {
                for await trigger in stream {
                    if Task.isCancelled { break }
                    await self.pass(trigger)
                }
            }
            await withTaskCancellationHandler {
                await group.next()
            } onCancel: {
                continuation.finish()
                noticeInput.finish()
            }
            group.cancelAll()
        }
        applyTask?.cancel()
    }

    /// One pass: fetch, load a new commit, apply when leading, collect status and drift, correct drift if asked.
    func pass(_ trigger: Trigger) async {
        let started = ContinuousClock.now
        var result = "unchanged"
        defer { metrics.reconciled(result: result, seconds: secondsSince(started)) }

        let leading = await elector.isLeader
        await refreshHistory(leading: leading)
        if let control = await readControlKeys() { snapshot.suspension = control.suspension }
        metrics.suspended(snapshot.suspended)

        var newCommit = false
        do {
            let head = try await source.fetch()
            snapshot.lastFetch = Self.now()
            snapshot.lastFetchError = nil
            track(.git, subject: "fetch", nil)
            snapshot.head = head
            if head.sha != current?.commit.sha, head.sha != snapshot.invalid?.commit.sha {
                newCommit = await load(head, leading: leading)
                if !newCommit { result = "invalid" }
            }
        } catch {
            gitFailed(error, subject: "fetch")
        }
        metrics.revision(invalid: snapshot.invalid != nil)
        // An invalid first commit still makes the replica ready: the dashboard must be reachable to show why.
        if snapshot.invalid != nil { snapshot.ready = true }
        guard let revision = current else { return }

        let sync = pendingSync
        pendingSync = false
        let unfinished = snapshot.history.first { $0.commit.sha == revision.commit.sha && $0.outcome != .invalid }
        let needsApply = newCommit || sync || unfinished == nil || unfinished?.outcome == .interrupted || unfinished?.outcome == .applying
        if leading, !snapshot.suspended, needsApply {
            let leftOver = unfinished?.outcome == .applying || unfinished?.outcome == .interrupted
            let why: RevisionRecord.Trigger = newCommit ? .commit : leftOver ? .takeover : sync ? .sync : .commit
            result = await apply(revision, trigger: why)
        }
        await collectStatus(revision)
        let drifted = snapshot.pending.values.reduce(0, +)
        if drifted > 0, revision.fleet.platform.drift == .correct, await elector.isLeader, !snapshot.suspended, applyTask == nil {
            result = await apply(revision, trigger: .drift)
            if result == RevisionRecord.Outcome.applied.rawValue {
                notice(.driftCorrected, revision: revision.commit.sha, result: .success,
                       reason: "\(drifted) object\(drifted == 1 ? "" : "s") put back as Git has them")
            }
            await collectStatus(revision)
        }
    }

    /// Checks out and validates a commit. False when it is invalid (recorded; the last good revision stays).
    private func load(_ head: GitSource.Commit, leading: Bool) async -> Bool {
        let loaded: Result<LoadedRevision, InvalidRevision>
        do {
            loaded = try await source.load(head)
            track(.git, subject: "checkout", nil)
        } catch {
            gitFailed(error, subject: "checkout")
            return true
        }
        switch loaded {
        case .success(let loaded):
            current = loaded
            snapshot.revision = head
            snapshot.invalid = nil
            snapshot.warnings = loaded.warnings
            snapshot.drift = loaded.fleet.platform.drift
            useReceivers(of: loaded.fleet.platform)
            return true
        case .failure(let invalid):
            snapshot.invalid = invalid
            if leading {
                var record = RevisionRecord(commit: head, trigger: .commit, outcome: .invalid, replica: snapshot.replica, started: Self.now())
                record.finished = record.started
                record.diagnostics = invalid.diagnostics
                await remember(record)
                let first = invalid.diagnostics.filter { $0.severity == .error }.prefix(3).map(\.description)
                notice(.invalid, revision: head.sha, result: .failed,
                       reason: first.joined(separator: "; ") + (invalid.diagnostics.count > first.count ? " (and more)" : ""))
            }
            return false
        }
    }

    /// A fetch or a checkout that failed; tracked apart, so a fetch that works does not end a checkout's problem.
    private func gitFailed(_ error: Error, subject: String) {
        snapshot.lastFetchError = "\(error)"
        metrics.fetchFailed()
        track(.git, subject: subject, ServeProblem(.git, subject: subject, reason: "\(subject)_failed", "\(error)",
                                 remedy: "check the remote's address, the network path to it and the credentials (--ssh-key-file, --git-credentials-file)",
                                 since: Self.now()))
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970) }
}
