import FleetModel
import FleetRender
import FleetUpgrade
import KubeClient

/// Which side of a cluster a run touches.
public enum TargetSide: String, Sendable, CaseIterable {
    /// The Supervisor objects (provisioning), then the workload cluster.
    case all
    /// Only the TanzuKubernetesCluster and what it refers to on the Supervisor.
    case supervisor
    /// Only the workload cluster; the Supervisor is read at most for the published kubeconfig.
    case workload

    var includesSupervisor: Bool { self != .workload }
    var includesWorkload: Bool { self != .supervisor }
}

/// One cluster, start to end, in two walks over the same plans. `plan`: plan its objects on the Supervisor (the
/// first step of a version change), then its own. `apply`: plan, apply, wait and prune on the Supervisor, wait until the
/// Supervisor reports the cluster ready, reach it through the kubeconfig the Supervisor publishes, then plan, apply,
/// wait and prune its own objects.
struct ClusterReconciler: Sendable {
    var options: EngineOptions
    var events: EngineEvents
    var fleet: Fleet
    var connector: TargetConnector
    var side: TargetSide
    var upgrades: ValidatedFleet?

    // MARK: Plan

    func plan(_ target: ClusterTarget) async -> ClusterResult {
        var result = ClusterResult(target)
        let supervisor = await supervisorSide(target, result: &result) { await planSupervisor(target, client: $0, result: &$1) }
        guard side.includesWorkload, !target.removed else { return result }
        do {
            let client = try await reachWorkload(target, supervisor: supervisor)
            let objects = try await PullSecretCopy.adding(to: target, fleet: fleet, supervisor: supervisor, connector: connector)
            result.onCluster = await Planner(options: options).plan(objects, fleet: fleet.platform.name, client: client).changeSet
        } catch let error as KubeError where error.code == .notFound {
            // Not provisioned yet: everything would be created once the Supervisor has made the cluster.
            var changes = TargetChangeSet(target: target.onCluster.id, stage: target.stage, context: nil)
            changes.changes = target.onCluster.objects.map { ObjectChange(ref: $0.ref, action: .create) }
            result.onCluster = changes
            result.notes.append("not provisioned yet: the cluster's objects are planned from the fleet alone")
        } catch {
            result.onCluster = Self.failed(target.onCluster.id, stage: target.stage, error)
        }
        return result
    }

    /// The Supervisor's plan, with the cluster object at the first step of a version change.
    private func planSupervisor(_ target: ClusterTarget, client: KubeClient, result: inout ClusterResult) async -> TargetChangeSet {
        var planned = target.onSupervisor
        if !target.removed, let walker {
            let preview = await walker.preview(target, supervisor: client)
            result.notes += preview.notes
            if let error = preview.error { return Self.failed(target.onSupervisor.id, stage: target.stage, context: client, error) }
            if let first = preview.firstStep {
                planned.objects = planned.objects.map { ClusterKinds.isCluster($0.ref) ? ClusterKinds.placing(first, in: $0) : $0 }
            }
        }
        return await Planner(options: options).plan(planned, fleet: fleet.platform.name, cluster: target.name,
                                           inventory: target.supervisorInventory(fleet: fleet.platform.name), client: client).changeSet
    }

    // MARK: Apply

    /// The apply, with its duration recorded in the result and, for a whole apply at a known revision, in the
    /// cluster's delivery log.
    func apply(_ target: ClusterTarget) async -> ClusterResult {
        let started = ContinuousClock.now
        var result = ClusterResult(target)
        let supervisor = await supervisorSide(target, result: &result) { await applySupervisor(target, client: $0, result: &$1) }
        if !target.removed, result.onSupervisor?.failed == true {
            result.notes.append("nothing applied to the cluster itself: its Supervisor step did not succeed")
        }
        if side.includesWorkload, !target.removed, result.onSupervisor?.failed != true {
            result.onCluster = await applyWorkload(target, supervisor: supervisor)
        }
        result.seconds = secondsSince(started)
        await recordDelivery(target, result: &result)
        return result
    }

    /// The Supervisor's step: the version change walked to its last step, then the plan applied, waited for and pruned.
    private func applySupervisor(_ target: ClusterTarget, client: KubeClient, result: inout ClusterResult) async -> TargetChangeSet {
        var options = options
        var finalStep: (step: UpgradeStep, started: ContinuousClock.Instant)?
        if !target.removed, let walker {
            let outcome = await walker.walk(target, supervisor: client)
            result.upgradeSteps = outcome.steps
            result.notes += outcome.notes
            if let error = outcome.error { return Self.failed(target.onSupervisor.id, stage: target.stage, context: client, error) }
            finalStep = outcome.finalStep
            if finalStep != nil { options.clusterReadinessTimeout = options.upgradeStepTimeout }
        }
        let plan = await Planner(options: options).plan(target.onSupervisor, fleet: fleet.platform.name, cluster: target.name,
                                               inventory: target.supervisorInventory(fleet: fleet.platform.name), client: client)
        let pending = plan.changeSet.hasPendingChanges
        if pending { events(.stepStarted(target: target.onSupervisor.id, side: .supervisor, objects: target.onSupervisor.objects.count)) }
        var applied = await Applier(options: options, events: events).apply(plan, client: client)
        if pending { events(.stepFinished(target: target.onSupervisor.id, side: .supervisor, failed: applied.failed)) }
        // The last step of a walk is this apply: time it, and name the step when it failed.
        guard let (step, started) = finalStep else { return applied }
        result.upgradeSteps.append(UpgradeWalker.result(step, started: started, failed: applied.failed))
        if applied.failed {
            applied.errors.insert(UpgradeWalker.stepFailure(step, supervisor: target.supervisor, applied: applied, object: nil), at: 0)
        }
        return applied
    }

    private func applyWorkload(_ target: ClusterTarget, supervisor: KubeClient?) async -> TargetChangeSet {
        let client: KubeClient
        let objects: RenderTarget
        do {
            client = try await reachWorkload(target, supervisor: supervisor)
            objects = try await PullSecretCopy.adding(to: target, fleet: fleet, supervisor: supervisor, connector: connector)
        } catch {
            return Self.failed(target.onCluster.id, stage: target.stage, error)
        }
        events(.stepStarted(target: target.onCluster.id, side: .cluster, objects: objects.objects.count))
        let plan = await Planner(options: options).plan(objects, fleet: fleet.platform.name, client: client)
        let applied = await Applier(options: options, events: events).apply(plan, client: client)
        events(.stepFinished(target: target.onCluster.id, side: .cluster, failed: applied.failed))
        return applied
    }

    /// An interrupted apply records nothing: it neither delivered nor failed.
    private func recordDelivery(_ target: ClusterTarget, result: inout ClusterResult) async {
        guard side == .all, !target.removed, let revision = options.revision, !Task.isCancelled,
              !result.changeSets.contains(where: { $0.errors.contains { $0.code == .interrupted } }) else { return }
        let entry = DeliveryLog.Entry(revision: revision, time: options.now(), stage: target.stage, result: result.failed ? .failed : .applied)
        do {
            let client = try connector.supervisorClient(target.supervisor, fleet: fleet)
            try await DeliveryLog.append(entry, location: target.supervisorInventory(fleet: fleet.platform.name), client: client)
        } catch {
            result.notes.append("this apply is not in the delivery log (peng insights delivery): \(EngineError(error).message)")
        }
    }

    // MARK: Both walks

    private var walker: UpgradeWalker? {
        upgrades.map { UpgradeWalker(validated: $0, options: options, events: events, connector: connector, touchesWorkload: side.includesWorkload) }
    }

    /// The Supervisor side of a walk: `step` once the Supervisor is reached and the cluster uses only what its vSphere
    /// Namespace is given, or why it cannot be. Returns its client when there is one, for reading the published
    /// kubeconfig.
    private func supervisorSide(_ target: ClusterTarget, result: inout ClusterResult,
                                _ step: (KubeClient, inout ClusterResult) async -> TargetChangeSet) async -> KubeClient?
    {
        guard side.includesSupervisor else { return nil }
        switch await reachSupervisor(target) {
        case .failure(let failed):
            result.onSupervisor = failed.changes
            return failed.client
        case .success(let client):
            if !target.removed {
                let bindings = await NamespaceBindingCheck(client: client, supervisor: target.supervisor).check(target)
                result.notes += bindings.notes
                if !bindings.errors.isEmpty {
                    var refused = TargetChangeSet(target: target.onSupervisor.id, stage: target.stage, context: client.connection.context)
                    refused.errors = bindings.errors
                    result.onSupervisor = refused
                    return client
                }
            }
            let changes = await step(client, &result)
            result.onSupervisor = changes
            return client
        }
    }

    /// Why the Supervisor cannot be worked on, with the client when it was reached (for the published kubeconfig).
    private struct Unreachable: Error {
        var changes: TargetChangeSet
        var client: KubeClient?
    }

    /// The Supervisor's client, once its vSphere Namespace is known to exist (a removed cluster's may be gone).
    private func reachSupervisor(_ target: ClusterTarget) async -> Result<KubeClient, Unreachable> {
        var failed = TargetChangeSet(target: target.onSupervisor.id, stage: target.stage, context: nil)
        do {
            let client = try connector.supervisorClient(target.supervisor, fleet: fleet)
            failed.context = client.connection.context
            warnIfInsecure(client, target: target.onSupervisor.id)
            let namespace = ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: target.vsphereNamespace)
            if !target.removed, try await client.get(namespace) == nil {
                failed.errors.append(EngineError(.vsphereNamespaceMissing,
                    "the vSphere Namespace '\(target.vsphereNamespace)' does not exist on Supervisor '\(target.supervisor)'",
                    hint: "create it in vCenter (Workload Management, Namespaces) with edit rights for the platform team, then run again"))
                return .failure(Unreachable(changes: failed, client: client))
            }
            return .success(client)
        } catch {
            failed.errors.append(EngineError(error))
            return .failure(Unreachable(changes: failed, client: nil))
        }
    }

    private func reachWorkload(_ target: ClusterTarget, supervisor: KubeClient?) async throws -> KubeClient {
        let client = try await connector.client(for: target, fleet: fleet, supervisor: supervisor)
        warnIfInsecure(client, target: target.onCluster.id)
        return client
    }

    private static func failed(_ target: String, stage: String, context client: KubeClient? = nil, _ error: Error) -> TargetChangeSet {
        var changes = TargetChangeSet(target: target, stage: stage, context: client?.connection.context)
        changes.errors.append(EngineError(error))
        return changes
    }

    private func warnIfInsecure(_ client: KubeClient, target: String) {
        if client.skipsTLSVerification {
            events(.insecureTLS(target: target, context: client.connection.context))
        }
    }
}
