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

/// One cluster, start to end: plan (and apply, wait, prune) its objects on the Supervisor, wait until the
/// Supervisor reports the cluster ready, reach it through the kubeconfig the Supervisor publishes, then plan
/// (and apply, wait, prune) its own objects.
struct ClusterReconciler: Sendable {
    var options: EngineOptions
    var events: EngineEvents
    var fleet: Fleet
    var connector: TargetConnector
    var side: TargetSide
    var upgrades: ValidatedFleet?

    /// `run`, with the apply's duration recorded in the result and, for a whole apply at a known revision, in the
    /// cluster's delivery log.
    func timed(_ target: ClusterTarget, applying: Bool) async -> ClusterResult {
        let started = ContinuousClock.now
        var result = await run(target, applying: applying)
        guard applying else { return result }
        result.seconds = secondsSince(started)
        await recordDelivery(target, result: &result)
        return result
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

    func run(_ target: ClusterTarget, applying: Bool) async -> ClusterResult {
        var result = ClusterResult(target)
        var supervisor: KubeClient?
        if side.includesSupervisor {
            let (changes, client) = await onSupervisor(target, applying: applying, result: &result)
            result.onSupervisor = changes
            supervisor = client
            if target.removed { return result }
            if applying, changes.failed {
                result.notes.append("nothing applied to the cluster itself: its Supervisor step did not succeed")
                return result
            }
        }
        guard side.includesWorkload, !target.removed else { return result }
        let fleetName = fleet.platform.name
        do {
            let client = try await connector.client(for: target, fleet: fleet, supervisor: supervisor)
            warnIfInsecure(client, target: target.onCluster.id)
            if applying { events(.stepStarted(target: target.onCluster.id, side: .cluster, objects: target.onCluster.objects.count)) }
            let plan = await Planner(options: options).plan(target.onCluster, fleet: fleetName, client: client)
            result.onCluster = applying ? await Applier(options: options, events: events).apply(plan, client: client) : plan.changeSet
            if applying { events(.stepFinished(target: target.onCluster.id, side: .cluster, failed: result.onCluster?.failed ?? true)) }
        } catch let error as KubeError where error.code == .notFound && !applying {
            // Not provisioned yet: everything would be created once the Supervisor has made the cluster.
            var changes = TargetChangeSet(target: target.onCluster.id, stage: target.stage, context: nil)
            changes.changes = target.onCluster.objects.map { ObjectChange(ref: $0.ref, action: .create) }
            result.onCluster = changes
            result.notes.append("not provisioned yet: the cluster's objects are planned from the fleet alone")
        } catch {
            var changes = TargetChangeSet(target: target.onCluster.id, stage: target.stage, context: nil)
            changes.errors.append(EngineError(error))
            result.onCluster = changes
        }
        return result
    }

    /// The Supervisor step; returns its changes and the client, for reading the published kubeconfig.
    private func onSupervisor(_ target: ClusterTarget, applying: Bool, result: inout ClusterResult) async -> (TargetChangeSet, KubeClient?) {
        var failed = TargetChangeSet(target: target.onSupervisor.id, stage: target.stage, context: nil)
        let client: KubeClient
        do {
            client = try connector.supervisorClient(target.supervisor, fleet: fleet)
            failed.context = client.connection.context
            warnIfInsecure(client, target: target.onSupervisor.id)
            let namespace = ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: target.vsphereNamespace)
            if !target.removed, try await client.get(namespace) == nil {
                failed.errors.append(EngineError(.vsphereNamespaceMissing,
                    "the vSphere Namespace '\(target.vsphereNamespace)' does not exist on Supervisor '\(target.supervisor)'",
                    hint: "create it in vCenter (Workload Management, Namespaces) with edit rights for the platform team, then run again"))
                return (failed, client)
            }
        } catch {
            failed.errors.append(EngineError(error))
            return (failed, nil)
        }
        var options = options
        var finalStep: (step: UpgradeStep, started: ContinuousClock.Instant)?
        var planned = target.onSupervisor
        if !target.removed, let upgrades {
            let walker = UpgradeWalker(validated: upgrades, options: options, events: events, connector: connector,
                                       touchesWorkload: side.includesWorkload)
            let outcome = await walker.walk(target, supervisor: client, applying: applying)
            result.upgradeSteps = outcome.steps
            result.notes += outcome.notes
            if let error = outcome.error {
                failed.errors.append(error)
                return (failed, client)
            }
            finalStep = outcome.finalStep
            if finalStep != nil { options.clusterReadinessTimeout = options.upgradeStepTimeout }
            if let first = outcome.firstStep {
                planned.objects = planned.objects.map { ClusterKinds.isCluster($0.ref) ? ClusterKinds.placing(first, in: $0) : $0 }
            }
        }
        let location = target.supervisorInventory(fleet: fleet.platform.name)
        let plan = await Planner(options: options).plan(planned, fleet: fleet.platform.name, cluster: target.name,
                                                        inventory: location, client: client)
        guard applying else { return (plan.changeSet, client) }
        if plan.changeSet.hasPendingChanges {
            events(.stepStarted(target: target.onSupervisor.id, side: .supervisor, objects: target.onSupervisor.objects.count))
        }
        let applied = await Applier(options: options, events: events).apply(plan, client: client)
        if plan.changeSet.hasPendingChanges { events(.stepFinished(target: target.onSupervisor.id, side: .supervisor, failed: applied.failed)) }
        // The last step of a walk is this apply: time it, and name the step when it failed.
        guard let (step, started) = finalStep else { return (applied, client) }
        result.upgradeSteps.append(UpgradeWalker.result(step, started: started, failed: applied.failed))
        guard applied.failed else { return (applied, client) }
        var named = applied
        named.errors.insert(UpgradeWalker.stepFailure(step, supervisor: target.supervisor, applied: applied, object: nil), at: 0)
        return (named, client)
    }

    private func warnIfInsecure(_ client: KubeClient, target: String) {
        if client.skipsTLSVerification {
            events(.insecureTLS(target: target, context: client.connection.context))
        }
    }
}
