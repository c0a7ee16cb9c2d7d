import FleetModel
import KubeClient

/// Stage 5-7 of the pipeline for one target: apply phase by phase (objects of a phase concurrently), wait for
/// readiness after each phase, then prune. The inventory is written before anything is applied or deleted,
/// so an interrupted run (a lost connection, Ctrl-C) leaves a state a re-run can finish.
public struct Applier: Sendable {
    public var options: EngineOptions
    public var events: EngineEvents

    public init(options: EngineOptions = EngineOptions(), events: @escaping EngineEvents = { _ in }) {
        self.options = options
        self.events = events
    }

    public func apply(_ plan: TargetPlan, client: KubeClient) async -> TargetChangeSet {
        switch plan {
        case .complete(let plan):
            return await apply(plan, client: client)
        case .incomplete(var changes):
            changes.errors.append(EngineError(.planIncomplete, "nothing was applied: the plan for this cluster could not be completed"))
            return changes
        }
    }

    private func apply(_ plan: CompletePlan, client: KubeClient) async -> TargetChangeSet {
        let target = plan.header.target
        var result = plan.header
        let served = plan.objects.filter(\.served).map(\.ref)

        // Record first: everything that may exist after this run, so prune can always find it later.
        var recorded = plan.inventory
        recorded.refs.formUnion(served)
        do {
            try Task.checkCancellation()
            try await recorded.save(to: client, stored: plan.inventory)
        } catch {
            result.errors.append(Self.notRecorded(error))
            return result
        }

        var stopped: (phase: ApplyPhase?, reason: ChangeReason)?
        let byPhase = Dictionary(grouping: plan.objects) { ApplyPhase(of: $0.ref) }
        for phase in ApplyPhase.allCases {
            var objects = byPhase[phase] ?? []
            guard !objects.isEmpty else { continue }
            if stopped == nil, Task.isCancelled { stopped = (nil, .interrupted) }
            if let stopped {
                let why = stopped.phase.map { "not applied: the \($0) phase failed" } ?? "not applied: the run was interrupted"
                result.changes += objects.map { ObjectChange(ref: $0.ref, action: .skipped, message: why, reason: stopped.reason) }
                continue
            }
            await options.beforePhase?(target, phase)
            if objects.contains(where: { $0.ref.groupKind == .packageInstall && $0.write != .none }) {
                // The repositories' offer again, now that the phase before has reconciled them: on a new cluster the plan
                // could not read it yet. A version not on offer fails here, before it is written.
                let notes = await PackageOfferCheck(client: client, kubernetes: plan.kubernetes).check(&objects)
                result.notes += notes.filter { !result.notes.contains($0) }
            }
            var changes = await applyPhase(objects, target: target, client: client)
            if Task.isCancelled {
                // Requests cut short by the interruption are not failures of the fleet: the next run finishes them.
                for index in changes.indices where changes[index].action == .failed {
                    changes[index] = ObjectChange(ref: changes[index].ref, action: .skipped, message: "not applied: the run was interrupted",
                                                  reason: .interrupted)
                }
                result.changes += changes
                stopped = (nil, .interrupted)
                continue
            }
            let alreadyReady = Set(objects.filter(\.alreadyReady).map(\.ref))
            let applied = changes.filter { $0.action != .failed && $0.action != .conflict && !alreadyReady.contains($0.ref) }.map(\.ref)
            let timeout = objects.contains { ClusterKinds.isCluster($0.ref) } ? options.clusterReadinessTimeout : options.readinessTimeout
            let waiter = Waiter(timeout: timeout, interval: options.pollInterval, events: events)
            do {
                let notReady = options.wait ? try await waiter.wait(for: applied, target: target, client: client) : [:]
                for index in changes.indices {
                    if let reason = notReady[changes[index].ref] {
                        changes[index].action = .failed
                        changes[index].message = "applied, but not ready: \(reason)"
                    }
                }
            } catch {
                stopped = (nil, .interrupted)
            }
            result.changes += changes
            if stopped == nil, changes.contains(where: { $0.action == .failed || $0.action == .conflict }) { stopped = (phase, .earlierPhaseFailed) }
        }

        var held: [ObjectRef] = [], heldChanges: [ObjectChange] = [], toPrune: [ObjectRef] = []
        for decision in plan.prunes {
            switch decision {
            case .prune(let ref, _): toPrune.append(ref)
            case .hold(let change):
                held.append(change.ref)
                heldChanges.append(change)
            case .disown(let change): result.changes.append(change)
            }
        }
        if let stopped {
            let why = stopped.reason == .interrupted ? "not pruned: the run was interrupted" : "not pruned: the apply failed"
            result.changes += toPrune.map { ObjectChange(ref: $0, action: .skipped, message: why, reason: stopped.reason) }
            result.changes += heldChanges
            if stopped.reason == .interrupted {
                // The inventory recorded above covers everything this run may have written: a re-run finishes.
                result.errors.append(EngineError(.interrupted, "interrupted: what was applied is recorded",
                                                 hint: "run the same command again to finish"))
            }
            return result
        }
        let pruned = await Pruner(fleet: plan.inventory.fleet, cluster: plan.inventory.cluster).prune(toPrune, client: client)
        for change in pruned.changes {
            events(change.action == .prune ? .pruned(target: target, ref: change.ref) : .refused(target: target, change: change))
        }
        for change in heldChanges { events(.refused(target: target, change: change)) }
        result.changes += pruned.changes + heldChanges

        // Keep recorded whatever still exists and may need pruning later, and the revision now applied.
        var final = plan.inventory
        final.refs = Set(served).union(pruned.stillRecorded).union(held)
        final.revision = result.failed ? plan.inventory.revision : options.revision
        if !result.failed, let cluster = plan.objects.first(where: { ClusterKinds.isCluster($0.ref) }),
           let release = ClusterKinds.desiredRelease(of: cluster.desired.object).flatMap(ReleaseVersion.init)
        {
            // Ready at this release now (apply waited for it): the soak clock starts when the release first got here.
            final.release = release
            final.releaseSince = plan.inventory.release == release ? plan.inventory.releaseSince ?? options.now() : options.now()
            final.forcedReason = plan.inventory.release == release ? plan.inventory.forcedReason : options.forcedReason
        }
        do {
            if final.refs.isEmpty, !final.location.createsNamespace {
                try await final.delete(from: client)
            } else {
                try await final.save(to: client, stored: recorded.refs == plan.inventory.refs ? plan.inventory : nil)
            }
        } catch {
            result.errors.append(EngineError(.inventoryNotRecorded, "applied, but the inventory could not be updated: \(EngineError(error).message)",
                                             hint: "a re-run fixes it"))
        }
        return result
    }

    private static func notRecorded(_ error: Error) -> EngineError {
        if error is CancellationError {
            return EngineError(.interrupted, "interrupted before anything was applied", hint: "run the same command again to finish")
        }
        let cause = EngineError(error)
        return EngineError(.inventoryNotRecorded, "cannot record the inventory, so nothing was applied: \(cause.message)",
                           object: cause.object, hint: cause.hint, status: cause.status)
    }

    /// The objects of one phase, concurrently; what to send for each was decided by the plan.
    private func applyPhase(_ objects: [PlannedObject], target: String, client: KubeClient) async -> [ObjectChange] {
        var results = objects.map { $0.write == .none ? $0.change : nil }
        let work = objects.enumerated().filter { $0.element.write != .none }
            .map { (index: $0.offset, object: $0.element.desired.object, change: $0.element.change, force: $0.element.force) }
        let events = self.events
        let done = await withTaskGroup(of: (Int, ObjectChange).self, returning: [(Int, ObjectChange)].self) { group in
            for item in work {
                let (index, object, change, force) = item
                group.addTask {
                    let result = await Self.applyOne(object, planned: change, force: force, client: client)
                    if result.action != .failed, result.action != .conflict { events(.objectApplied(target: target, change: result)) }
                    return (index, result)
                }
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
            let kept = try await client.apply(object, force: force)
            let dropped = DroppedFields(sent: object, kept: kept)
            if !dropped.isEmpty {
                // Only an object the plan could not dry-run (its namespace was new) gets here: it is written, but
                // without the fields, and the apply stops after its phase.
                return ObjectChange(ref: planned.ref, failing: dropped.error(for: planned.ref))
            }
            var done = planned
            if done.action == .conflict || done.action == .failed {
                done = ObjectChange(ref: planned.ref, action: .configure)
            }
            return done
        } catch {
            return ObjectChange(ref: planned.ref, failing: EngineError(error))
        }
    }
}
