import FleetModel

/// What happened (apply) or would happen (plan) to one workload cluster: on its Supervisor, then on itself.
public struct ClusterResult: Sendable, Codable, ClusterRow {
    public var place: ClusterPlace
    /// The cluster left the fleet; only its Supervisor objects are concerned.
    public var removed: Bool
    public var onSupervisor: TargetChangeSet?
    public var onCluster: TargetChangeSet?
    /// Facts about the run that are not object changes ("not provisioned yet: planned from the fleet alone").
    public var notes: [String] = []
    /// The Kubernetes upgrade steps this apply walked, each with its duration.
    public var upgradeSteps: [UpgradeStepResult] = []
    /// How long the apply of this cluster took (nil for a plan).
    public var seconds: Double?

    public init(_ target: ClusterTarget) {
        place = target.place
        removed = target.removed
    }

    public var changeSets: [TargetChangeSet] { [onSupervisor, onCluster].compactMap { $0 } }
    public var failed: Bool { changeSets.contains(where: \.failed) }
    public var hasPendingChanges: Bool { changeSets.contains(where: \.hasPendingChanges) }

    /// The first thing that went wrong, for a stage gate.
    public var problem: EngineError? {
        for set in changeSets {
            if let error = set.errors.first { return error }
            if let change = set.changes.first(where: { $0.action == .failed || $0.action == .conflict }) { return change.problem }
        }
        return nil
    }

    enum CodingKeys: String, CodingKey { case removed, onSupervisor, onCluster, notes, upgradeSteps, seconds, failed }

    public init(from decoder: Decoder) throws {
        place = try ClusterPlace(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        removed = try container.decodeIfPresent(Bool.self, forKey: .removed) ?? false
        onSupervisor = try container.decodeIfPresent(TargetChangeSet.self, forKey: .onSupervisor)
        onCluster = try container.decodeIfPresent(TargetChangeSet.self, forKey: .onCluster)
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
        upgradeSteps = try container.decodeIfPresent([UpgradeStepResult].self, forKey: .upgradeSteps) ?? []
        seconds = try container.decodeIfPresent(Double.self, forKey: .seconds)
    }

    public func encode(to encoder: Encoder) throws {
        try place.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(removed, forKey: .removed)
        try container.encodeIfPresent(onSupervisor, forKey: .onSupervisor)
        try container.encodeIfPresent(onCluster, forKey: .onCluster)
        try container.encode(notes, forKey: .notes)
        try container.encode(upgradeSteps, forKey: .upgradeSteps)
        try container.encodeIfPresent(seconds, forKey: .seconds)
        try container.encode(failed, forKey: .failed)
    }
}

/// Why a stage did not start: the earlier stage that is not healthy, the cluster that made it so, and the engine's
/// error that stopped it (its remedy in `error.hint`).
public struct StageGate: Sendable, Hashable, Codable, CustomStringConvertible {
    public let stage: String
    public let cluster: String
    public let error: EngineError
    /// What stopped it, in one line (the object it concerns first), for readers that show one line; the remedy is
    /// `error.hint`.
    public let reason: String

    public init(stage: String, cluster: String, error: EngineError) {
        self.stage = stage
        self.cluster = cluster
        self.error = error
        reason = error.oneLine
    }

    public var description: String { "stage '\(stage)' is not healthy: cluster '\(cluster)': \(reason)" }
}

/// One stage of a rollout: its clusters, or why it did not start.
public struct StageResult: Sendable, Codable {
    public var stage: String
    public var clusters: [ClusterResult]
    /// Set when the stage was held back by the gate of an earlier stage.
    public var notStarted: StageGate?
    /// How long the stage's apply took, from its first cluster's start to its last cluster's end (nil for a plan).
    public var seconds: Double?

    public init(stage: String, clusters: [ClusterResult] = [], notStarted: StageGate? = nil) {
        self.stage = stage
        self.clusters = clusters
        self.notStarted = notStarted
    }
}

/// The whole run, stage by stage, then the clusters that left the fleet. `-o json` of plan and apply is this,
/// encoded.
public struct RolloutReport: Sendable, Codable {
    public var stages: [StageResult] = []
    /// Clusters recorded on a Supervisor but no longer in the fleet.
    public var removedClusters: [ClusterResult] = []
    /// Set when the removed clusters were not handled because a stage gate stopped the run.
    public var removedNotStarted: StageGate?
    /// Problems of the run as a whole (a Supervisor that could not be searched for removed clusters).
    public var errors: [EngineError] = []
    /// Facts about the run as a whole that are not errors: where clusters removed from the fleet could be looked for
    /// only in part (a credential bound in vSphere Namespaces only).
    public var notes: [String] = []
    /// Set when the run was interrupted (Ctrl-C, SIGTERM): what was done is recorded, a re-run finishes the job.
    public var interrupted = false

    public init() {}

    public var clusters: [ClusterResult] { stages.flatMap(\.clusters) + removedClusters }
    public var changeSets: [TargetChangeSet] { clusters.flatMap(\.changeSets) }
    public var failed: Bool {
        interrupted || !errors.isEmpty || clusters.contains(where: \.failed) || stages.contains { $0.notStarted != nil }
    }
    public var hasPendingChanges: Bool { clusters.contains(where: \.hasPendingChanges) }
}
