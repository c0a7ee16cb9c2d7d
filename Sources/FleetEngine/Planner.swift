import Foundation
import FleetModel
import FleetRender
import KubeClient

/// Stage 4 of the pipeline: desired objects vs the live target, decided by server-side dry-run where it is
/// not provably unchanged.
public struct Planner: Sendable {
    public var options: EngineOptions

    public init(options: EngineOptions = EngineOptions()) {
        self.options = options
    }

    /// Plans one target. `cluster` is whose objects these are (the target's name for a workload cluster); the
    /// inventory location defaults to the workload cluster's.
    public func plan(_ target: RenderTarget, fleet: String, cluster: String? = nil, inventory location: Inventory.Location? = nil,
                     client: KubeClient) async -> TargetPlan
    {
        let cluster = cluster ?? target.name
        let location = location ?? .workload(fleet: fleet)
        var header = TargetChangeSet(target: target.id, stage: target.stage, context: client.connection.context)
        let desired = target.objects.map(DesiredObject.init)
        let inventory: Inventory, live: LiveState
        do {
            inventory = try await Inventory.load(fleet: fleet, cluster: cluster, location: location, from: client)
            live = try await LiveState.load(kinds: desired.map(\.ref) + Array(inventory.refs), fleet: fleet, cluster: cluster,
                                            namespace: location.createsNamespace ? nil : location.namespace, client: client)
        } catch {
            header.errors.append(EngineError(error))
            return .incomplete(header)
        }
        for error in Set(live.unserved.values.map(\.message)).sorted() {
            header.errors.append(EngineError(.kindsNotServed, error,
                                             hint: "install the CustomResourceDefinitions it needs (for packaging.carvel.dev: kapp-controller) before applying"))
        }
        var objects = await decide(desired, live: live, client: client)
        header.notes += await PackageOfferCheck(client: client, kubernetes: target.kubernetes).check(&objects)
        let candidates = await pruneCandidates(inventory, desired: Set(desired.map(\.ref)), live: live, fleet: fleet,
                                               cluster: cluster, client: client)
        var toPrune = candidates.prune
        var prunes = candidates.decisions
        prunes += guardClusterDeletion(&toPrune, errors: &header.errors)
        prunes += guardMassPrune(toPrune, total: inventory.refs.count, errors: &header.errors)
        return .complete(CompletePlan(header: header, objects: objects, prunes: prunes, inventory: inventory, kubernetes: target.kubernetes))
    }

    /// Namespaces first: the server cannot dry-run an object into a namespace that does not exist yet,
    /// so everything in a namespace this plan creates is a create.
    private func decide(_ desired: [DesiredObject], live: LiveState, client: KubeClient) async -> [PlannedObject] {
        let isNamespace = { (object: DesiredObject) in object.ref.kind == "Namespace" && object.ref.group.isEmpty }
        let namespaces = await decide(desired.filter(isNamespace), live: live, newNamespaces: [], client: client)
        let newNamespaces = Set(namespaces.filter { $0.change.action == .create }.map(\.change.ref.name))
        let others = await decide(desired.filter { !isNamespace($0) }, live: live, newNamespaces: newNamespaces, client: client)
        let byRef = Dictionary((namespaces + others).map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        return desired.map { byRef[$0.ref]! }
    }

    /// One object's decision inputs, as plain values: child tasks capture nothing larger.
    struct Question: Sendable {
        var object: DesiredObject
        var existing: KubeObject?
        var served: Bool
        var inNewNamespace: Bool
        var force: Bool
    }

    private func decide(_ desired: [DesiredObject], live: LiveState, newNamespaces: Set<String>, client: KubeClient) async -> [PlannedObject] {
        let questions = desired.map { object in
            Question(object: object, existing: live.objects[object.ref], served: live.isServed(object.ref),
                     inNewNamespace: object.ref.namespace.map(newNamespaces.contains) ?? false,
                     force: options.forceConflicts || object.isDriftRestore(of: live.objects[object.ref]))
        }
        return await withTaskGroup(of: (Int, PlannedObject).self, returning: [PlannedObject].self) { group in
            for (index, question) in questions.enumerated() {
                group.addTask { (index, await Self.decide(question, client: client)) }
            }
            var decisions = [PlannedObject?](repeating: nil, count: questions.count)
            for await (index, decision) in group { decisions[index] = decision }
            return decisions.map { $0! }
        }
    }

    private static func decide(_ question: Question, client: KubeClient) async -> PlannedObject {
        let object = question.object
        let ref = object.ref
        var planned = PlannedObject(desired: object, change: ObjectChange(ref: ref, action: .create), write: .content, served: question.served,
                                    force: question.force, alreadyReady: false)
        guard question.served else {
            planned.change = ObjectChange(ref: ref, action: .failed, message: "not applied: the cluster does not serve \(ref.kind)")
            planned.write = .none
            return planned
        }
        if question.inNewNamespace { return planned }
        let existing = question.existing
        if let existing, object.isUnchanged(comparedTo: existing) {
            planned.change = ObjectChange(ref: ref, action: .unchanged)
            planned.write = .none
            planned.alreadyReady = Readiness.of(existing) == .ready
            return planned
        }
        do {
            let result = try await client.apply(object.object, force: question.force, dryRun: true)
            let dropped = DroppedFields(sent: object.object, kept: result)
            if !dropped.isEmpty {
                planned.change = ObjectChange(ref: ref, failing: dropped.error(for: ref))
                planned.write = .none  // never written: what the server would keep is not what the fleet says
                return planned
            }
            let isNew = (result[path: "metadata", "resourceVersion"]?.stringValue ?? "").isEmpty
            if isNew { return planned }
            let current: KubeObject?
            if let existing { current = existing } else { current = try await client.get(ref) }
            let diff = ObjectDiff.changes(from: current, to: result)
            if diff.isEmpty {
                planned.change = ObjectChange(ref: ref, action: .unchanged)
                planned.write = .bookkeeping
            } else {
                planned.change = ObjectChange(ref: ref, action: .configure, diff: diff)
            }
        } catch {
            // A field the server refused becomes fieldsDropped, named by its path.
            planned.change = ObjectChange(ref: ref, failing: EngineError(error))
        }
        return planned
    }

    struct PruneCandidates {
        /// Owned by this fleet and visible: pruned unless a guard below refuses.
        var prune: [ObjectRef] = []
        /// Held back or disowned, in the order found.
        var decisions: [PruneDecision] = []
    }

    /// Recorded and no longer desired. Only objects that still carry this fleet's ownership labels are pruned;
    /// one that lost them is left alone and said so. Every doubt keeps an object recorded and undeleted: one that
    /// cannot be read, and a namespace that holds foreign objects or could not be fully listed.
    private func pruneCandidates(_ inventory: Inventory, desired: Set<ObjectRef>, live: LiveState, fleet: String, cluster: String,
                                 client: KubeClient) async -> PruneCandidates
    {
        var result = PruneCandidates()
        for ref in inventory.refs.subtracting(desired).sorted() {
            guard live.isServed(ref) else { continue }
            if live.objects[ref] != nil {
                result.prune.append(ref)
                continue
            }
            do {
                if try await client.get(ref) != nil {
                    result.decisions.append(.disown(ObjectChange(ref: ref, action: .skipped,
                                                                 message: "recorded by peng but no longer carries this fleet's ownership labels; left alone",
                                                                 reason: .disowned)))
                }
            } catch {
                result.decisions.append(.hold(ObjectChange(ref: ref, action: .skipped, message: "not pruned: it cannot be read (\(EngineError(error).message))",
                                                           hint: "it stays recorded; a later run decides once it can be read", reason: .unreadable,
                                                           error: EngineError(error))))
            }
        }
        let pruner = Pruner(fleet: fleet, cluster: cluster)
        for ref in result.prune where ref.groupKind == .namespace {
            let hold: ObjectChange?
            do {
                hold = try await NamespaceContents.read(ref.name, owns: { pruner.owns($0) }, client: client).holdBack(ref.name)
            } catch {
                hold = ObjectChange(ref: ref, action: .skipped, message: "not pruned: the kinds it may hold cannot be discovered (\(EngineError(error).message))",
                                    hint: "it stays recorded; a later run prunes it", reason: .namespaceUnchecked, error: EngineError(error))
            }
            if let hold {
                result.prune.removeAll { $0 == ref }
                result.decisions.append(.hold(hold))
            }
        }
        return result
    }

    /// Deleting a workload cluster is never implicit: without `allowClusterDeletion` it stays, recorded, and the plan
    /// says so loudly; with it, the plan says what the deletion takes with it.
    private func guardClusterDeletion(_ toPrune: inout [ObjectRef], errors: inout [EngineError]) -> [PruneDecision] {
        guard !options.allowClusterDeletion else { return [] }
        let clusters = toPrune.filter(ClusterKinds.isCluster)
        toPrune.removeAll(where: ClusterKinds.isCluster)
        return clusters.map { ref in
            errors.append(EngineError(.clusterDeletionRefused,
                "cluster '\(ref.name)' is no longer in the fleet, but peng deletes a workload cluster only when told: \(ref) stays",
                object: ref, hint: "run again with --allow-cluster-deletion to delete it and every workload on it"))
            return .hold(ObjectChange(ref: ref, action: .skipped, message: "cluster deletion refused", hint: "pass --allow-cluster-deletion to delete it",
                                      reason: .clusterDeletionRefused))
        }
    }

    /// Refuses to prune most of a target unless asked: a fleet file deleted by mistake must not empty a cluster.
    private func guardMassPrune(_ toPrune: [ObjectRef], total: Int, errors: inout [EngineError]) -> [PruneDecision] {
        let count = toPrune.count
        if count > 10, count * 2 > total, !options.allowMassPrune {
            errors.append(EngineError(.massPruneRefused, "refusing to prune \(count) of the \(total) objects peng recorded on this target",
                                      hint: "if that is intended, run again with --allow-mass-prune"))
            return toPrune.map { .hold(ObjectChange(ref: $0, action: .skipped, message: "mass prune refused", reason: .massPruneRefused)) }
        }
        return toPrune.map { .prune($0, deletesCluster: ClusterKinds.isCluster($0)) }
    }
}
