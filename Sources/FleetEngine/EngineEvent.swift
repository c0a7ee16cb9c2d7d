import FleetModel

/// Progress of a run as data: the CLI turns these into its progress lines, a service into its log and metrics.
public enum EngineEvent: Sendable {
    /// A stage begins, with how many clusters it has.
    case stageStarted(stage: String, clusters: Int)
    /// A stage's clusters are done (each applied or failed), before its gate is judged.
    case stageFinished(StageResult)
    /// The run stops before the next stage: this gate is closed.
    case stageHeld(StageGate)
    /// A target's step begins: planning (and applying) its objects.
    case stepStarted(target: String, side: Side, objects: Int)
    case stepFinished(target: String, side: Side, failed: Bool)
    /// One object was written (created or configured).
    case objectApplied(target: String, change: ObjectChange)
    /// Readiness is still pending for some objects; `first` is the first of them with its reason.
    case waiting(target: String, pending: Int, first: ObjectRef, reason: String)
    case pruned(target: String, ref: ObjectRef)
    /// An object that was to be pruned stays (held back or refused), with why.
    case refused(target: String, change: ObjectChange)
    /// A Kubernetes upgrade step begins on a cluster (`index` of `count`, from 1).
    case upgradeStep(target: String, from: ReleaseVersion, to: ReleaseVersion, index: Int, count: Int)
    /// Extensions move to other versions around an upgrade step.
    case extensionsMoved(target: String, moves: [String])
    /// TLS verification is off for this context because its kubeconfig says so.
    case insecureTLS(target: String, context: String)
    /// The run was interrupted; what was written is recorded.
    case interrupted
    case done(failed: Bool)

    public enum Side: String, Sendable { case supervisor, cluster }
}

public typealias EngineEvents = @Sendable (EngineEvent) -> Void
