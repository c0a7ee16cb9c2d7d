import ArgumentParser
import FleetEngine

/// The flags that let apply do more than it would by itself. `peng plan` takes the same flags and plans as
/// apply would with them, so that what plan shows is what apply does.
struct SafetyFlags: ParsableArguments {
    @Flag(help: "Take over fields that another field manager owns.")
    var forceConflicts = false

    @Flag(help: "Allow pruning more than half of a cluster's recorded objects.")
    var allowMassPrune = false

    @Flag(help: "Delete the TanzuKubernetesClusters of clusters removed from the fleet, with every workload on them.")
    var allowClusterDeletion = false

    /// Engine options for these flags and the cluster selection's parallelism.
    func engineOptions(_ access: ClusterAccess) -> EngineOptions {
        var options = EngineOptions()
        options.forceConflicts = forceConflicts
        options.allowMassPrune = allowMassPrune
        options.allowClusterDeletion = allowClusterDeletion
        options.parallelClusters = access.parallel
        return options
    }

    /// The same flags on a command line, for "Next:" hints.
    var arguments: String {
        [(forceConflicts, " --force-conflicts"), (allowMassPrune, " --allow-mass-prune"),
         (allowClusterDeletion, " --allow-cluster-deletion")].filter(\.0).map(\.1).joined()
    }
}
