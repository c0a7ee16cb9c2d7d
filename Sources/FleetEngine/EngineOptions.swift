import Foundation
import FleetModel

/// How a plan or an apply runs: the safety switches, the waits and the revision it records.
public struct EngineOptions: Sendable {
    /// Take over fields that other managers own.
    public var forceConflicts = false
    /// Allow pruning more than half of a target's recorded objects (when more than 10).
    public var allowMassPrune = false
    /// Allow deleting a workload cluster (its TanzuKubernetesCluster or Cluster API Cluster) that left the fleet.
    public var allowClusterDeletion = false
    /// How long apply waits for the objects of one phase to become ready.
    public var readinessTimeout: Duration = .seconds(300)
    /// How long apply waits for a workload cluster on the Supervisor to become ready.
    public var clusterReadinessTimeout: Duration = .seconds(1800)
    /// How long one Kubernetes upgrade step (one minor version) may take until the Supervisor reports it done.
    public var upgradeStepTimeout: Duration = .seconds(3600)
    /// Clusters of one stage applied at the same time.
    public var parallelClusters = 4
    /// The fleet revision (git commit) being applied; recorded on each cluster once it applied completely.
    public var revision: String?
    public var pollInterval: Duration = .milliseconds(500)
    /// Wait for readiness after each phase.
    public var wait = true
    /// Called before each apply phase of a target; a seam for tests that interrupt an apply.
    public var beforePhase: (@Sendable (String, ApplyPhase) async -> Void)?
    /// Why this run moves a stage past the soak rule (`--force --reason`); recorded with the release.
    public var forcedReason: String?
    /// Seconds since 1970, for the release records that the soak rule reads; injectable for tests.
    public var now: @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }

    public init() {}
}
