import FleetModel

/// The plan for one target, as a value: `Planner` makes it, `Applier` carries it out, `peng plan` shows it.
public enum TargetPlan: Sendable {
    /// Every desired object decided and every recorded one weighed: it may be applied.
    case complete(CompletePlan)
    /// Planning stopped early (the inventory or the live state could not be read). Nothing of it is applied: what
    /// peng recorded on the target is unknown, so neither a write nor a prune could be recorded safely.
    case incomplete(TargetChangeSet)

    /// What the plan shows: every object's change and the errors of the target as a whole.
    public var changeSet: TargetChangeSet {
        switch self {
        case .complete(let plan): plan.changeSet
        case .incomplete(let changes): changes
        }
    }
}

/// A plan that was completed: the desired objects in the order they were rendered, then the recorded objects
/// that are no longer desired.
public struct CompletePlan: Sendable {
    /// The target, its stage and context, and the errors of the target as a whole (kinds not served, a refused
    /// cluster deletion or mass prune). Its `changes` stay empty: they are the objects' and the prunes'.
    var header: TargetChangeSet
    public var objects: [PlannedObject]
    public var prunes: [PruneDecision]
    /// What peng recorded on the target before this run.
    var inventory: Inventory
    /// The release the fleet gives a workload cluster: what its packages must install on.
    var kubernetes: ReleaseVersion?

    public var changeSet: TargetChangeSet {
        var changes = header
        changes.changes = objects.map(\.change) + prunes.map(\.change)
        return changes
    }

    /// Workload clusters this plan deletes (only with `allowClusterDeletion`).
    public var clusterDeletions: [ObjectRef] {
        prunes.compactMap { if case .prune(let ref, deletesCluster: true) = $0 { ref } else { nil } }
    }
}

/// One desired object: what peng sends, what the server said it would change, and what apply does with it.
public struct PlannedObject: Sendable {
    var desired: DesiredObject
    public var change: ObjectChange
    public var write: Write
    /// Whether the target serves the object's kind. One it does not serve is never sent nor recorded.
    public var served: Bool
    /// Take fields from other managers: `--force-conflicts`, or drift on content peng applied, which it restores.
    public var force: Bool
    /// Unchanged and already ready when listed: apply does not wait for it again.
    public var alreadyReady: Bool

    public enum Write: Sendable, Equatable {
        /// Nothing to send: unchanged, or of a kind the target does not serve.
        case none
        /// Only peng's bookkeeping annotation differs from the live object.
        case bookkeeping
        /// Created, configured, or sent again after the plan saw it fail or conflict.
        case content
    }

    var ref: ObjectRef { desired.ref }
}

/// What happens to one object peng recorded on the target and no longer desires.
public enum PruneDecision: Sendable {
    /// Still this fleet's: deleted once everything desired is applied and ready.
    case prune(ObjectRef, deletesCluster: Bool)
    /// Not pruned this run and kept recorded, for a later run to decide: refused (a mass prune, a cluster deletion)
    /// or in doubt (a namespace still in use or not fully visible, an object that cannot be read). The change says why.
    case hold(ObjectChange)
    /// No longer carries this fleet's ownership labels: left alone and no longer recorded.
    case disown(ObjectChange)

    public var ref: ObjectRef {
        switch self {
        case .prune(let ref, _): ref
        case .hold(let change), .disown(let change): change.ref
        }
    }

    public var change: ObjectChange {
        switch self {
        case .prune(let ref, deletesCluster: false): ObjectChange(ref: ref, action: .prune)
        case .prune(let ref, deletesCluster: true):
            ObjectChange(ref: ref, action: .prune, message: "DELETES THE WORKLOAD CLUSTER '\(ref.name)' and every workload on it")
        case .hold(let change), .disown(let change): change
        }
    }
}
