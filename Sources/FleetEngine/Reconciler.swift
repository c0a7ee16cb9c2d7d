import FleetModel
import FleetRender
import KubeClient

/// Which part of the fleet a run covers: stages, clusters and the side (Supervisor, workload cluster, both).
public struct RolloutScope: Sendable {
    /// Empty: every stage.
    public var stages: [String]
    /// Empty: every cluster (and the clusters that left the fleet).
    public var clusters: [String]
    public var side: TargetSide

    public init(stages: [String] = [], clusters: [String] = [], side: TargetSide = .all) {
        self.stages = stages
        self.clusters = clusters
        self.side = side
    }

    public func includes(_ target: ClusterTarget) -> Bool { includes(name: target.name, stage: target.stage) }

    public func includes(_ cluster: Cluster) -> Bool { includes(name: cluster.name, stage: cluster.stage) }

    public func includes(stage: String) -> Bool { stages.isEmpty || stages.contains(stage) }

    func includes(name: String, stage: String) -> Bool { includes(stage: stage) && (clusters.isEmpty || clusters.contains(name)) }
}

/// The whole pipeline after rendering, built by `EngineSession`: stage by stage, clusters of a stage in parallel
/// (bounded), each cluster Supervisor first, then the cluster itself. The next stage starts only when every cluster
/// of the current one is healthy. Clusters that left the fleet come last.
struct Reconciler: Sendable {
    var options: EngineOptions
    var events: EngineEvents
    /// With it, an apply walks version changes one minor at a time under the soak rule; without it (tests of
    /// synthetic targets only), the cluster objects are sent as rendered.
    var upgrades: ValidatedFleet?

    init(options: EngineOptions = EngineOptions(), events: @escaping EngineEvents = { _ in }, upgrades: ValidatedFleet? = nil) {
        self.options = options
        self.events = events
        self.upgrades = upgrades
    }

    /// What apply would do, for every stage: a cluster that cannot be reached gets an error and never hides the others.
    /// Every stage is planned, whatever an earlier one would do.
    func plan(_ rendered: RenderedFleet, fleet: Fleet, connector: TargetConnector, scope: RolloutScope = .init()) async -> RolloutReport {
        let step = clusterStep(fleet: fleet, connector: connector, scope: scope)
        var report = RolloutReport()
        for (stage, clusters) in stages(rendered, fleet: fleet, scope: scope) {
            if Task.isCancelled { return finished(report) }
            report.stages.append(StageResult(stage: stage, clusters: await Self.each(clusters, parallel: options.parallelClusters, step.plan)))
        }
        let removed = await removedClusters(fleet: fleet, connector: connector, scope: scope, report: &report)
        report.removedClusters = await Self.each(removed, parallel: options.parallelClusters, step.plan)
        return finished(report)
    }

    /// Applies stage by stage. The first cluster of a stage that fails gates the stages after it (and the clusters
    /// that left the fleet): they are reported as not started, with the gate.
    func apply(_ rendered: RenderedFleet, fleet: Fleet, connector: TargetConnector, scope: RolloutScope = .init()) async -> RolloutReport {
        let step = clusterStep(fleet: fleet, connector: connector, scope: scope)
        var report = RolloutReport()
        var gate: StageGate?
        for (stage, clusters) in stages(rendered, fleet: fleet, scope: scope) {
            if Task.isCancelled { return finished(report) }
            if let gate {
                report.stages.append(StageResult(stage: stage, notStarted: gate))
                continue
            }
            events(.stageStarted(stage: stage, clusters: clusters.count))
            let started = ContinuousClock.now
            let results = await Self.each(clusters, parallel: options.parallelClusters, step.apply)
            var result = StageResult(stage: stage, clusters: results)
            result.seconds = secondsSince(started)
            report.stages.append(result)
            events(.stageFinished(result))
            if let unhealthy = results.first(where: \.failed) {
                gate = StageGate(stage: stage, cluster: unhealthy.cluster,
                                 error: unhealthy.problem ?? EngineError(.unexpected, "failed without saying why"))
                if !Task.isCancelled { events(.stageHeld(gate!)) }
            }
        }
        let removed = await removedClusters(fleet: fleet, connector: connector, scope: scope, report: &report)
        if let gate, !removed.isEmpty {
            report.removedNotStarted = gate
        } else {
            report.removedClusters = await Self.each(removed, parallel: options.parallelClusters, step.apply)
        }
        return finished(report)
    }

    private func finished(_ report: RolloutReport) -> RolloutReport {
        var report = report
        if Task.isCancelled {
            report.interrupted = true
            events(.interrupted)
        }
        events(.done(failed: report.failed))
        return report
    }

    private func clusterStep(fleet: Fleet, connector: TargetConnector, scope: RolloutScope) -> ClusterReconciler {
        ClusterReconciler(options: options, events: events, fleet: fleet, connector: connector, side: scope.side, upgrades: upgrades)
    }

    /// The stages in the Platform's order, each with its clusters in the scope; stages without any are left out.
    private func stages(_ rendered: RenderedFleet, fleet: Fleet, scope: RolloutScope) -> [(stage: String, clusters: [ClusterTarget])] {
        let targets = ClusterTarget.all(in: rendered, fleet: fleet).filter(scope.includes)
        return fleet.platform.stages.filter(scope.includes(stage:)).compactMap { stage in
            let clusters = targets.filter { $0.stage == stage }
            return clusters.isEmpty ? nil : (stage, clusters)
        }
    }

    /// The clusters that left the fleet, when the run covers them (no cluster scope, the Supervisor side, not interrupted).
    private func removedClusters(fleet: Fleet, connector: TargetConnector, scope: RolloutScope, report: inout RolloutReport) async -> [ClusterTarget] {
        guard scope.clusters.isEmpty, scope.side.includesSupervisor, !Task.isCancelled else { return [] }
        return await removedClusters(fleet: fleet, connector: connector, report: &report).filter { scope.includes(stage: $0.stage) }
    }

    /// Looks on every Supervisor for clusters peng recorded there that the fleet no longer has.
    private func removedClusters(fleet: Fleet, connector: TargetConnector, report: inout RolloutReport) async -> [ClusterTarget] {
        var found: [ClusterTarget] = []
        for supervisor in fleet.platform.supervisors {
            do {
                let client = try connector.supervisorClient(supervisor.name, fleet: fleet)
                let search = try await ClusterTarget.removed(from: supervisor.name, fleet: fleet, client: client)
                found += search.targets
                report.notes += search.notes
            } catch {
                let cause = EngineError(error)
                report.errors.append(EngineError(.removedClustersUnknown,
                                                 "cannot look for clusters removed from the fleet on Supervisor '\(supervisor.name)': \(cause.message)",
                                                 hint: cause.hint, status: cause.status))
            }
        }
        return found
    }

    /// Runs `body` for every item, at most `parallel` at a time; results in the items' order.
    static func each<Item: Sendable, Result: Sendable>(_ items: [Item], parallel: Int,
                                                     _ body: @escaping @Sendable (Item) async -> Result) async -> [Result]
    {
        await withTaskGroup(of: (Int, Result).self, returning: [Result].self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            for _ in 0..<min(max(parallel, 1), items.count) {
                let index = next, item = items[index]
                group.addTask { (index, await body(item)) }
                next += 1
            }
            for await (index, result) in group {
                results[index] = result
                if next < items.count {
                    let index = next, item = items[index]
                    group.addTask { (index, await body(item)) }
                    next += 1
                }
            }
            return results.map { $0! }
        }
    }
}
