import ArgumentParser
import FleetEngine
import Foundation

/// The flags that let apply do more than it would by itself. `peng plan` takes the same flags and plans as
/// apply would with them, so that what plan shows is what apply does.
struct SafetyFlags: ParsableArguments {
    @Flag(help: "Take over fields that another field manager owns.")
    var forceConflicts = false

    @Flag(help: "Allow pruning more than half of a cluster's recorded objects.")
    var allowMassPrune = false

    @Flag(help: "Delete the TanzuKubernetesClusters of clusters removed from the fleet, with every workload on them.")
    var allowClusterDeletion = false

    @OptionGroup var soak: SoakOverride

    /// Engine options for these flags and the cluster selection's parallelism.
    func engineOptions(_ access: ClusterAccess) -> EngineOptions {
        var options = EngineOptions()
        options.forceConflicts = forceConflicts
        options.allowMassPrune = allowMassPrune
        options.allowClusterDeletion = allowClusterDeletion
        options.parallelClusters = access.parallel
        options.forcedReason = soak.forcedReason
        options.now = Clock.now
        return options
    }

    /// The same flags on a command line, for "Next:" hints.
    var arguments: String {
        [(forceConflicts, " --force-conflicts"), (allowMassPrune, " --allow-mass-prune"),
         (allowClusterDeletion, " --allow-cluster-deletion")].filter(\.0).map(\.1).joined()
            + soak.arguments
    }
}

/// `--force --reason TEXT`: move a stage to a release before the stage ahead of it has soaked, saying why.
struct SoakOverride: ParsableArguments {
    @Flag(help: "Move a stage to a release before the stage ahead of it has run it healthy for upgrades.soak (needs --reason).")
    var force = false

    @Option(help: "Why --force is needed; recorded with the release on each cluster it moves.")
    var reason: String?

    func validate() throws {
        if force, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--force needs --reason TEXT: say why the soak rule is overridden; the reason is recorded")
        }
        if reason != nil, !force { throw ValidationError("--reason goes with --force") }
    }

    var forcedReason: String? { force ? reason : nil }

    var arguments: String { forcedReason.map { " --force --reason \(Shell.quote($0))" } ?? "" }
}
