import FleetModel

/// What happened (apply) or would happen (plan) to one workload cluster: on its Supervisor, then on itself.
public struct ClusterResult: Sendable {
    public var cluster: String
    public var stage: String
    public var supervisor: String
    public var vsphereNamespace: String
    /// The cluster left the fleet; only its Supervisor objects are concerned.
    public var removed: Bool
    public var onSupervisor: TargetChangeSet?
    public var onCluster: TargetChangeSet?
    /// Facts about the run that are not object changes ("not provisioned yet: planned from the fleet alone").
    public var notes: [String] = []

    public init(_ target: ClusterTarget) {
        cluster = target.name
        stage = target.stage
        supervisor = target.supervisor
        vsphereNamespace = target.vsphereNamespace
        removed = target.removed
    }

    public var changeSets: [TargetChangeSet] { [onSupervisor, onCluster].compactMap { $0 } }
    public var failed: Bool { changeSets.contains(where: \.failed) }
    public var hasPendingChanges: Bool { changeSets.contains(where: \.hasPendingChanges) }

    /// The first thing that went wrong, for a stage gate's message.
    public var problem: String? {
        for set in changeSets {
            if let error = set.errors.first { return error }
            if let change = set.changes.first(where: { $0.action == .failed || $0.action == .conflict }) {
                return "\(change.ref): \(change.message ?? change.action.rawValue)"
            }
        }
        return nil
    }
}

/// One stage of a rollout: its clusters, or why it did not start.
public struct StageResult: Sendable {
    public var stage: String
    public var clusters: [ClusterResult]
    /// Set when the stage was held back by the gate of an earlier stage.
    public var notStarted: String?

    public init(stage: String, clusters: [ClusterResult] = [], notStarted: String? = nil) {
        self.stage = stage
        self.clusters = clusters
        self.notStarted = notStarted
    }
}

/// The whole run, stage by stage, then the clusters that left the fleet.
public struct RolloutReport: Sendable {
    public var stages: [StageResult] = []
    /// Clusters recorded on a Supervisor but no longer in the fleet.
    public var removed: [ClusterResult] = []
    /// Set when the removed clusters were not handled because a stage gate stopped the run.
    public var removedNotStarted: String?
    /// Problems of the run as a whole (a Supervisor that could not be searched for removed clusters).
    public var errors: [String] = []

    public init() {}

    public var clusters: [ClusterResult] { stages.flatMap(\.clusters) + removed }
    public var changeSets: [TargetChangeSet] { clusters.flatMap(\.changeSets) }
    public var failed: Bool { !errors.isEmpty || clusters.contains(where: \.failed) || stages.contains { $0.notStarted != nil } }
    public var hasPendingChanges: Bool { clusters.contains(where: \.hasPendingChanges) }
}
