import Foundation
import FleetModel
import FleetRender
import KubeClient

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

/// The plan for one target: every object's change, decided by the API server, and what prune would delete.
public struct TargetPlan: Sendable {
    public var changeSet: TargetChangeSet
    var desired: [DesiredObject]
    var inventory: Inventory
    /// Objects owned by this fleet and recorded, no longer desired.
    var toPrune: [ObjectRef]
    /// Recorded objects not pruned this run — refused (mass prune, cluster deletion) or held back (a namespace still
    /// in use or not fully visible, an object that could not be read): they stay recorded for a later run.
    var heldPrunes: [ObjectRef] = []
    /// Objects whose write is only peng's bookkeeping annotation (content already equal).
    var refreshOnly: Set<ObjectRef>
    /// Objects of kinds the target does not serve (a missing CRD): never applied, never recorded.
    var unserved: Set<ObjectRef> = []
    /// Workload clusters this plan deletes (only with `allowClusterDeletion`).
    public var clusterDeletions: [ObjectRef] = []
    /// Objects peng applied from exactly this content before: differences are drift, restored on apply.
    var driftRestores: Set<ObjectRef> = []
    /// Unchanged objects that were already ready when listed: apply does not poll them again.
    var alreadyReady: Set<ObjectRef> = []
    /// False when planning stopped early (the inventory or the live state could not be read): such a plan
    /// must not be applied, since its inventory may be incomplete.
    var complete = false
}

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
        var changeSet = TargetChangeSet(target: target.id, stage: target.stage, context: client.connection.context)
        let desired = target.objects.map(DesiredObject.init)
        var plan = TargetPlan(changeSet: changeSet, desired: desired, inventory: Inventory(fleet: fleet, cluster: cluster, location: location),
                              toPrune: [], refreshOnly: [])
        do {
            plan.inventory = try await Inventory.load(fleet: fleet, cluster: cluster, location: location, from: client)
            let kinds = desired.map(\.ref) + Array(plan.inventory.refs)
            let live = try await LiveState.load(kinds: kinds, fleet: fleet, cluster: cluster,
                                                namespace: location.createsNamespace ? nil : location.namespace, client: client)
            for error in Set(live.unserved.values.map(\.message)).sorted() {
                changeSet.errors.append(EngineError(.kindsNotServed, error,
                                                    hint: "install the CustomResourceDefinitions it needs (for packaging.carvel.dev: kapp-controller) before applying"))
            }
            let decisions = await decide(desired, live: live, client: client)
            changeSet.changes = decisions.map(\.change)
            plan.refreshOnly = Set(decisions.filter(\.refreshOnly).map(\.change.ref))
            plan.unserved = Set(desired.map(\.ref).filter { !live.isServed($0) })
            plan.driftRestores = Set(desired.filter { $0.isDriftRestore(of: live.objects[$0.ref]) }.map(\.ref))
            plan.alreadyReady = Set(decisions.filter { $0.change.action == .unchanged && !$0.refreshOnly }.compactMap { decision in
                live.objects[decision.change.ref].flatMap { Readiness.of($0) == .ready ? decision.change.ref : nil }
            })
            let candidates = await pruneCandidates(plan.inventory, desired: Set(desired.map(\.ref)), live: live, fleet: fleet,
                                                   cluster: cluster, client: client)
            plan.toPrune = candidates.prune
            plan.heldPrunes = candidates.held
            changeSet.changes += candidates.notes
            changeSet.changes += guardClusterDeletion(&plan, changeSet: &changeSet)
            changeSet.changes += guardMassPrune(&plan, total: plan.inventory.refs.count, changeSet: &changeSet)
            plan.complete = true
        } catch {
            changeSet.errors.append(EngineError(error))
        }
        plan.changeSet = changeSet
        return plan
    }

    struct Decision: Sendable {
        var change: ObjectChange
        var refreshOnly = false
    }

    /// Namespaces first: the server cannot dry-run an object into a namespace that does not exist yet,
    /// so everything in a namespace this plan creates is a create.
    private func decide(_ desired: [DesiredObject], live: LiveState, client: KubeClient) async -> [Decision] {
        let isNamespace = { (object: DesiredObject) in object.ref.kind == "Namespace" && object.ref.group.isEmpty }
        let namespaces = await decide(desired.filter(isNamespace), live: live, newNamespaces: [], client: client)
        let newNamespaces = Set(namespaces.filter { $0.change.action == .create }.map(\.change.ref.name))
        let others = await decide(desired.filter { !isNamespace($0) }, live: live, newNamespaces: newNamespaces, client: client)
        let byRef = Dictionary((namespaces + others).map { ($0.change.ref, $0) }, uniquingKeysWith: { a, _ in a })
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

    private func decide(_ desired: [DesiredObject], live: LiveState, newNamespaces: Set<String>, client: KubeClient) async -> [Decision] {
        let questions = desired.map { object in
            Question(object: object, existing: live.objects[object.ref], served: live.isServed(object.ref),
                     inNewNamespace: object.ref.namespace.map(newNamespaces.contains) ?? false,
                     force: options.forceConflicts || object.isDriftRestore(of: live.objects[object.ref]))
        }
        return await withTaskGroup(of: (Int, Decision).self, returning: [Decision].self) { group in
            for (index, question) in questions.enumerated() {
                group.addTask { (index, await Self.decide(question, client: client)) }
            }
            var decisions = [Decision?](repeating: nil, count: questions.count)
            for await (index, decision) in group { decisions[index] = decision }
            return decisions.map { $0! }
        }
    }

    private static func decide(_ question: Question, client: KubeClient) async -> Decision {
        let object = question.object
        let ref = object.ref
        guard question.served else {
            return Decision(change: ObjectChange(ref: ref, action: .failed, message: "not applied: the cluster does not serve \(ref.kind)"))
        }
        if question.inNewNamespace { return Decision(change: ObjectChange(ref: ref, action: .create)) }
        let existing = question.existing
        if let existing, object.isUnchanged(comparedTo: existing) {
            return Decision(change: ObjectChange(ref: ref, action: .unchanged))
        }
        do {
            let result = try await client.apply(object.object, force: question.force, dryRun: true)
            let isNew = (result[path: "metadata", "resourceVersion"]?.stringValue ?? "").isEmpty
            if isNew { return Decision(change: ObjectChange(ref: ref, action: .create)) }
            let current: KubeObject?
            if let existing { current = existing } else { current = try await client.get(ref) }
            let diff = ObjectDiff.changes(from: current, to: result)
            if diff.isEmpty { return Decision(change: ObjectChange(ref: ref, action: .unchanged), refreshOnly: true) }
            return Decision(change: ObjectChange(ref: ref, action: .configure, diff: diff))
        } catch let error as KubeError {
            let action: ChangeAction = error.code == .conflict ? .conflict : .failed
            return Decision(change: ObjectChange(ref: ref, action: action, message: error.message, hint: error.hint))
        } catch {
            return Decision(change: ObjectChange(ref: ref, action: .failed, message: String(describing: error)))
        }
    }

    struct PruneCandidates {
        var prune: [ObjectRef] = []
        var held: [ObjectRef] = []
        var notes: [ObjectChange] = []
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
                    result.notes.append(ObjectChange(ref: ref, action: .skipped,
                                                     message: "recorded by peng but no longer carries this fleet's ownership labels; left alone",
                                                     reason: .disowned))
                }
            } catch {
                result.held.append(ref)
                result.notes.append(ObjectChange(ref: ref, action: .skipped, message: "not pruned: it cannot be read (\(EngineError(error).message))",
                                                 hint: "it stays recorded; a later run decides once it can be read", reason: .unreadable,
                                                 error: EngineError(error)))
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
                result.held.append(ref)
                result.notes.append(hold)
            }
        }
        return result
    }

    /// Deleting a workload cluster is never implicit: without `allowClusterDeletion` it stays, recorded, and the plan
    /// says so loudly; with it, the plan says what the deletion takes with it.
    private func guardClusterDeletion(_ plan: inout TargetPlan, changeSet: inout TargetChangeSet) -> [ObjectChange] {
        let clusters = plan.toPrune.filter(ClusterKinds.isCluster)
        guard !clusters.isEmpty else { return [] }
        guard options.allowClusterDeletion else {
            plan.toPrune.removeAll(where: ClusterKinds.isCluster)
            plan.heldPrunes += clusters
            for ref in clusters {
                changeSet.errors.append(EngineError(.clusterDeletionRefused,
                    "cluster '\(ref.name)' is no longer in the fleet, but peng deletes a workload cluster only when told: \(ref) stays",
                    object: ref, hint: "run again with --allow-cluster-deletion to delete it and every workload on it"))
            }
            return clusters.map {
                ObjectChange(ref: $0, action: .skipped, message: "cluster deletion refused", hint: "pass --allow-cluster-deletion to delete it",
                             reason: .clusterDeletionRefused)
            }
        }
        plan.clusterDeletions = clusters
        return []
    }

    /// Refuses to prune most of a target unless asked: a fleet file deleted by mistake must not empty a cluster.
    private func guardMassPrune(_ plan: inout TargetPlan, total: Int, changeSet: inout TargetChangeSet) -> [ObjectChange] {
        let count = plan.toPrune.count
        if count > 10, count * 2 > total, !options.allowMassPrune {
            changeSet.errors.append(EngineError(.massPruneRefused, "refusing to prune \(count) of the \(total) objects peng recorded on this target",
                                                hint: "if that is intended, run again with --allow-mass-prune"))
            let refused = plan.toPrune
            plan.heldPrunes += refused
            plan.toPrune = []
            return refused.map { ObjectChange(ref: $0, action: .skipped, message: "mass prune refused", reason: .massPruneRefused) }
        }
        return plan.toPrune.map { ref in
            guard plan.clusterDeletions.contains(ref) else { return ObjectChange(ref: ref, action: .prune) }
            return ObjectChange(ref: ref, action: .prune, message: "DELETES THE WORKLOAD CLUSTER '\(ref.name)' and every workload on it")
        }
    }
}
