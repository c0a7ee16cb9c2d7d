import ArgumentParser
import FleetEngine
import FleetModel
import FleetRender
import FleetRepository
import KubeClient

/// Which clusters a command works on, and how peng reaches them: a kubeconfig, and context overrides for
/// Supervisors and workload clusters.
struct ClusterAccess: ParsableArguments {
    @Option(name: .customLong("cluster"), help: "Only this cluster (repeatable).")
    var clusters: [String] = []

    @Option(name: .customLong("stage"), help: "Only the clusters of this stage (repeatable).")
    var stages: [String] = []

    @Option(help: "Which side of each cluster: all (Supervisor, then the cluster), supervisor, or workload.")
    var target: TargetSide = .all

    @Option(help: "The kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config).", completion: .file())
    var kubeconfig: String?

    @Option(name: .customLong("context"),
            help: "Reach Supervisor or cluster NAME through kubeconfig context CONTEXT (NAME=CONTEXT, repeatable).")
    var contexts: [String] = []

    @Option(parsing: .unconditional, help: "Clusters of one stage worked on at the same time.")
    var parallel: Int = 4

    @Option(parsing: .unconditional, help: "Requests in flight per API server (shared by the clusters that use it).")
    var concurrency: Int = 16

    /// The most clusters or requests at once a command takes: beyond it, file descriptors run out before anything helps.
    static let most = 1000

    func validate() throws {
        try Self.checkContexts(contexts)
        guard (1...Self.most).contains(concurrency) else { throw ValidationError("--concurrency takes 1 to \(Self.most) requests; got \(concurrency)") }
        guard (1...Self.most).contains(parallel) else { throw ValidationError("--parallel takes 1 to \(Self.most) clusters; got \(parallel)") }
    }

    /// The engine session of a command: the valid fleet (diagnostics printed, exit 1 when invalid) rendered for the
    /// selected clusters, after checking that every named cluster and stage exists.
    func session(_ input: FleetInput, options: EngineOptions, events: @escaping EngineEvents = { _ in }) throws -> EngineSession {
        try session(input, options: options, events: { _ in events })
    }

    /// The same, with events that depend on the fleet (notices go to the receivers its Platform names).
    func session(_ input: FleetInput, options: EngineOptions, events: (ValidatedFleet) throws -> EngineEvents) throws -> EngineSession {
        let validated = try input.requireValid()
        try checkNames(validated)
        let rendered = try RenderSelection(clusters: clusters, target: .all).apply(to: input.pipeline.render(validated), fleet: validated.fleet)
        return EngineSession(fleet: validated, rendered: rendered, options: options, events: try events(validated))
    }

    /// Every `--stage`, `--cluster` and `--context` name exists in the fleet; else an error with a did-you-mean.
    func checkNames(_ validated: ValidatedFleet) throws {
        let known = validated.fleet.platform.stages
        for stage in stages where !known.contains(stage) {
            let suggestion = Suggestion.closest(to: stage, in: known).map { "did you mean '\($0)'? " } ?? ""
            throw UserError("no stage named '\(stage)' in the Platform", hint: suggestion + "stages: \(known.joined(separator: ", "))")
        }
        let names = validated.fleet.clusters.map(\.name) + validated.fleet.platform.supervisors.map(\.name)
        for item in contexts {
            let name = String(item.split(separator: "=", maxSplits: 1)[0])
            guard names.contains(name) else {
                let suggestion = Suggestion.closest(to: name, in: names).map { "did you mean '\($0)'? " } ?? ""
                throw UserError("--context \(item): no cluster or Supervisor named '\(name)' in the fleet",
                                hint: suggestion + "clusters and Supervisors: \(names.sorted().joined(separator: ", "))")
            }
        }
        try RenderSelection(clusters: clusters, target: .all).checkClusters(validated.fleet)
    }

    var scope: RolloutScope { RolloutScope(stages: stages, clusters: clusters, side: target) }

    /// The selected clusters of a valid fleet (every name checked first), in stage order, with their targets.
    func selection(_ validated: ValidatedFleet) throws -> [(target: ClusterTarget, cluster: Cluster)] {
        try checkNames(validated)
        return ClusterTarget.all(in: validated.fleet).filter(scope.includes).compactMap { target in
            validated.fleet.cluster(named: target.name).map { (target, $0) }
        }
    }

    func connector() throws -> TargetConnector {
        var options = KubeClient.Options()
        options.concurrency = concurrency
        return TargetConnector(kubeconfig: try Kubeconfig.load(path: kubeconfig), overrides: Self.overrides(contexts), clientOptions: options)
    }

    /// `--context NAME=CONTEXT` items are well formed (for every command that takes them).
    static func checkContexts(_ items: [String]) throws {
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--context takes NAME=CONTEXT, e.g. --context int-shared-01=int-admin; got '\(item)'")
            }
        }
    }

    /// `--context NAME=CONTEXT` items as the connector's overrides.
    static func overrides(_ items: [String]) -> [String: String] {
        var overrides: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1)
            overrides[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return overrides
    }

    /// The command line that repeats this selection, for "Next:" hints.
    var arguments: String {
        (clusters.map { " --cluster \($0)" } + stages.map { " --stage \($0)" } + (target == .all ? [] : [" --target \(target.rawValue)"]))
            .joined()
    }
}

extension TargetSide: ExpressibleByArgument {}
