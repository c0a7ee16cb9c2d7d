import FleetEngine
import FleetModel
import Foundation

/// What `peng serve` did with one commit (or one drift correction): per stage and cluster the result, the changes,
/// the duration and the errors. The history is a list of these, newest first.
public struct RevisionRecord: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable {
        /// Being applied now.
        case applying
        /// Every stage applied and healthy.
        case applied
        /// A cluster failed, or a gate held a later stage.
        case failed
        /// Validation found errors: nothing was applied; the last good revision stays.
        case invalid
        /// Stopped before the end (lost leadership, shut down): a re-run finishes it.
        case interrupted
    }

    public enum Trigger: String, Sendable, Codable {
        /// A new commit on the branch.
        case commit
        /// The periodic plan found drift and the Platform says `reconcile.drift: correct`.
        case drift
        /// Someone asked for it (`POST /api/v1/sync`, the dashboard).
        case sync
        /// This replica became leader and finished what the previous one left.
        case takeover
    }

    public var id: String
    public var commit: GitSource.Commit
    public var trigger: Trigger
    public var outcome: Outcome
    /// The replica that applied it.
    public var replica: String
    /// Seconds since 1970.
    public var started: Int
    public var finished: Int?
    /// The validator's errors, for an invalid commit (positions included).
    public var diagnostics: [Diagnostic] = []
    public var stages: [StageRecord] = []
    /// Clusters recorded on a Supervisor that left the fleet, handled after every stage.
    public var removedClusters: [ClusterRecord] = []
    /// Why the clusters that left the fleet were not handled: the gate that stopped the run.
    public var removedGate: StageGate?
    /// Problems of the run as a whole.
    public var errors: [EngineError] = []
    /// The notices of this commit delivered so far, as `receiver:key`: a replica that takes over does not send them again.
    public var notified: [String]?

    public init(commit: GitSource.Commit, trigger: Trigger, outcome: Outcome, replica: String, started: Int) {
        id = "\(started)-\(commit.short)-\(trigger.rawValue)"
        self.commit = commit
        self.trigger = trigger
        self.outcome = outcome
        self.replica = replica
        self.started = started
    }

    /// The run's report, folded in.
    public mutating func record(_ report: RolloutReport, finished: Int) {
        self.finished = finished
        stages = report.stages.map(StageRecord.init)
        removedClusters = report.removedClusters.map(ClusterRecord.init)
        removedGate = report.removedNotStarted
        errors = report.errors
        outcome = report.interrupted ? .interrupted : report.failed ? .failed : .applied
    }

    /// What stopped the rollout, for the history table: the first gate, else the first failed cluster.
    public var stoppedBy: String? {
        if let gate = stages.first(where: { $0.gate != nil })?.gate { return gate.description }
        if let failed = (stages.flatMap(\.clusters) + removedClusters).first(where: { $0.result == .failed }) {
            return "\(failed.cluster): \(failed.errors.first?.message ?? "failed")"
        }
        return errors.first?.message ?? diagnostics.first?.description
    }
}

public struct StageRecord: Sendable, Codable, Hashable {
    public var stage: String
    public var seconds: Double?
    public var clusters: [ClusterRecord]
    /// Why the stage did not start.
    public var gate: StageGate?

    init(stage: String, seconds: Double?, clusters: [ClusterRecord], gate: StageGate?) {
        self.stage = stage
        self.seconds = seconds
        self.clusters = clusters
        self.gate = gate
    }

    init(_ result: StageResult) {
        self.init(stage: result.stage, seconds: result.seconds, clusters: result.clusters.map(ClusterRecord.init), gate: result.notStarted)
    }
}

public struct ClusterRecord: Sendable, Codable, Hashable {
    public enum Result: String, Sendable, Codable { case changed, unchanged, failed }

    public var cluster: String
    public var result: Result
    /// Objects created, configured or pruned.
    public var changes: Int
    public var seconds: Double?
    public var errors: [EngineError]
    /// Upgrade steps walked, each with its duration.
    public var upgradeSteps: [UpgradeStepResult]

    init(cluster: String, result: Result, changes: Int, seconds: Double?, errors: [EngineError], upgradeSteps: [UpgradeStepResult]) {
        self.cluster = cluster
        self.result = result
        self.changes = changes
        self.seconds = seconds
        self.errors = errors
        self.upgradeSteps = upgradeSteps
    }

    init(_ result: ClusterResult) {
        cluster = result.cluster
        let sets = result.changeSets
        changes = sets.reduce(0) { $0 + $1.count(.create) + $1.count(.configure) + $1.count(.prune) }
        self.result = result.failed ? .failed : changes > 0 ? .changed : .unchanged
        seconds = result.seconds
        errors = sets.flatMap(\.errors) + sets.flatMap(\.changes).filter { $0.action == .failed || $0.action == .conflict }.map(\.problem)
        upgradeSteps = result.upgradeSteps
    }
}
