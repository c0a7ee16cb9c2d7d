import FleetModel
import KubeClient

/// Stage 5-7 of the pipeline for one target: apply phase by phase (objects of a phase concurrently), wait for
/// readiness after each phase, then prune. The inventory is written before anything is applied or deleted,
/// so an interrupted run leaves a state a re-run can finish.
public struct Applier: Sendable {
    public var options: EngineOptions
    public var progress: @Sendable (String) -> Void

    public init(options: EngineOptions = EngineOptions(), progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.progress = progress
    }

    public func apply(_ plan: TargetPlan, client: KubeClient) async -> TargetChangeSet {
        var result = TargetChangeSet(target: plan.changeSet.target, stage: plan.changeSet.stage, context: plan.changeSet.context)
        result.errors = plan.changeSet.errors
        guard plan.complete else {
            result.errors.append("nothing was applied: the plan for this cluster could not be completed")
            return result
        }
        let planned = Dictionary(plan.changeSet.changes.map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        let served = plan.desired.filter { !plan.unserved.contains($0.ref) }

        // Record first: everything that may exist after this run, so prune can always find it later.
        var recorded = plan.inventory
        recorded.refs.formUnion(served.map(\.ref))
        do {
            try await recorded.save(to: client, stored: plan.inventory)
        } catch {
            result.errors.append("cannot record the inventory, so nothing was applied: \(error)")
            return result
        }

        var failedPhase: ApplyPhase?
        let byPhase = Dictionary(grouping: plan.desired) { ApplyPhase(of: $0.ref) }
        for phase in ApplyPhase.allCases {
            let objects = byPhase[phase] ?? []
            guard !objects.isEmpty else { continue }
            if let failedPhase {
                result.changes += objects.map {
                    ObjectChange(ref: $0.ref, action: .skipped, message: "not applied: the \(failedPhase) phase failed")
                }
                continue
            }
            await options.beforePhase?(plan.changeSet.target, phase)
            let changes = await applyPhase(objects, planned: planned, plan: plan, client: client)
            var phaseChanges = changes
            let applied = changes.filter { $0.action != .failed && $0.action != .conflict && !plan.alreadyReady.contains($0.ref) }
                .map(\.ref)
            let timeout = objects.contains { ClusterKinds.isCluster($0.ref) } ? options.clusterReadinessTimeout : options.readinessTimeout
            let waiter = Waiter(timeout: timeout, interval: options.pollInterval, progress: progress)
            let notReady = options.wait ? await waiter.wait(for: applied, target: plan.changeSet.target, client: client) : [:]
            for index in phaseChanges.indices {
                if let reason = notReady[phaseChanges[index].ref] {
                    phaseChanges[index].action = .failed
                    phaseChanges[index].message = "applied, but not ready: \(reason)"
                }
            }
            result.changes += phaseChanges
            if phaseChanges.contains(where: { $0.action == .failed || $0.action == .conflict }) { failedPhase = phase }
        }

        let refused = Set(plan.refusedPrunes)
        let refusedPrunes = plan.changeSet.changes.filter { $0.action == .skipped && refused.contains($0.ref) }
        result.changes += plan.changeSet.changes.filter { $0.action == .skipped && !refused.contains($0.ref) }
        guard failedPhase == nil else {
            result.changes += plan.toPrune.map { ObjectChange(ref: $0, action: .skipped, message: "not pruned: the apply failed") }
            result.changes += refusedPrunes
            return result
        }
        let pruned = await Pruner(fleet: plan.inventory.fleet, cluster: plan.inventory.cluster).prune(plan.toPrune, client: client)
        result.changes += pruned + refusedPrunes

        // Keep recorded whatever still exists and may need pruning later, and the revision now applied.
        var final = plan.inventory
        final.refs = Set(served.map(\.ref))
        final.refs.formUnion(pruned.filter { $0.action == .failed }.map(\.ref))
        final.refs.formUnion(plan.refusedPrunes)
        final.revision = result.failed ? plan.inventory.revision : options.revision
        do {
            if final.refs.isEmpty, !final.location.createsNamespace {
                try await final.delete(from: client)
            } else {
                try await final.save(to: client, stored: recorded.refs == plan.inventory.refs ? plan.inventory : nil)
            }
        } catch {
            result.errors.append("applied, but the inventory could not be updated: \(error); a re-run fixes it")
        }
        return result
    }

    /// The objects of one phase, concurrently. What to do with each is decided up front, so the child tasks
    /// capture plain values only.
    private func applyPhase(_ objects: [DesiredObject], planned: [ObjectRef: ObjectChange], plan: TargetPlan,
                            client: KubeClient) async -> [ObjectChange]
    {
        var results = [ObjectChange?](repeating: nil, count: objects.count)
        var work: [(index: Int, object: KubeObject, change: ObjectChange, force: Bool)] = []
        for (index, object) in objects.enumerated() {
            let change = planned[object.ref] ?? ObjectChange(ref: object.ref, action: .create)
            if plan.unserved.contains(object.ref) || (change.action == .unchanged && !plan.refreshOnly.contains(object.ref)) {
                results[index] = change
            } else {
                work.append((index, object.object, change, options.forceConflicts || plan.driftRestores.contains(object.ref)))
            }
        }
        let done = await withTaskGroup(of: (Int, ObjectChange).self, returning: [(Int, ObjectChange)].self) { group in
            for item in work {
                let (index, object, change, force) = item
                group.addTask { (index, await Self.applyOne(object, planned: change, force: force, client: client)) }
            }
            var done: [(Int, ObjectChange)] = []
            for await result in group { done.append(result) }
            return done
        }
        for (index, change) in done { results[index] = change }
        return results.map { $0! }
    }

    private static func applyOne(_ object: KubeObject, planned: ObjectChange, force: Bool, client: KubeClient) async -> ObjectChange {
        do {
            _ = try await client.apply(object, force: force)
            var done = planned
            if done.action == .conflict || done.action == .failed {
                done = ObjectChange(ref: planned.ref, action: .configure)
            }
            return done
        } catch let error as KubeError {
            return ObjectChange(ref: planned.ref, action: error.code == .conflict ? .conflict : .failed, message: error.message, hint: error.hint)
        } catch {
            return ObjectChange(ref: planned.ref, action: .failed, message: String(describing: error))
        }
    }
}
