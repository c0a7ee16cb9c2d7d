import FleetModel
import FleetRender
import FleetUpgrade
import KubeClient

/// One step of an upgrade as an apply ran it.
public struct UpgradeStepResult: Sendable, Codable, Hashable {
    public var from: ReleaseVersion
    public var to: ReleaseVersion
    public var seconds: Double
    public var failed: Bool
    public var extensionsBefore: [ExtensionMove]
    public var extensionsAfter: [ExtensionMove]

    public init(from: ReleaseVersion, to: ReleaseVersion, seconds: Double, failed: Bool, extensionsBefore: [ExtensionMove],
                extensionsAfter: [ExtensionMove])
    {
        self.from = from
        self.to = to
        self.seconds = seconds
        self.failed = failed
        self.extensionsBefore = extensionsBefore
        self.extensionsAfter = extensionsAfter
    }
}

/// Walks a cluster's version change before its Supervisor objects are applied: checks the soak rule, plans the path
/// one minor at a time, and for every step but the last sends that release to the Supervisor and waits until it
/// reports it, Ready, for the current generation — with the extensions moved before or after the step as planned.
/// The last step is left to the normal apply (its extensions before it, here).
struct UpgradeWalker: Sendable {
    /// The catalog, extension versions and soak the walk follows.
    var validated: ValidatedFleet
    var options: EngineOptions
    var events: EngineEvents
    var connector: TargetConnector
    /// Whether this run may touch the workload cluster (extension moves happen there).
    var touchesWorkload = true

    struct Outcome {
        var steps: [UpgradeStepResult] = []
        var error: EngineError?
        /// The last step, which the normal apply finishes; with when it started.
        var finalStep: (step: UpgradeStep, started: ContinuousClock.Instant)?
        /// When planning a path of several steps: the release of the first step, which is what an apply sends first.
        var firstStep: ReleaseVersion?
        var notes: [String] = []
    }

    private var fleet: Fleet { validated.fleet }

    /// - Parameter applying: false for a plan: nothing is sent; the outcome names the first step and notes what
    ///   an apply would wait for.
    func walk(_ target: ClusterTarget, supervisor: KubeClient, applying: Bool = true) async -> Outcome {
        var outcome = Outcome()
        guard let cluster = fleet.cluster(named: target.name),
              let desiredObject = target.onSupervisor.objects.first(where: { ClusterKinds.isCluster($0.ref) })
        else { return outcome }
        let desired = validated.release(of: cluster)
        let live: KubeObject?
        do { live = try await supervisor.get(desiredObject.ref) } catch {
            outcome.error = EngineError(error)
            return outcome
        }
        guard let running = live.flatMap(RunningRelease.of), running != desired.version
        else { return outcome }

        if options.forcedReason == nil {
            let verdict = await ReleaseRecords(fleet: fleet, connector: connector)
                .soakVerdict(stage: cluster.stage, release: desired.version, rule: SoakRule(validated), now: options.now())
            if !verdict.clear, !applying {
                outcome.notes.append("apply will not upgrade it yet: \(verdict.explanation(release: desired.version, soak: validated.soak))")
            } else if !verdict.clear {
                outcome.error = EngineError(.soaking, "not upgraded to \(desired.version): \(verdict.explanation(release: desired.version, soak: validated.soak))",
                                            object: desiredObject.ref,
                                            hint: "wait until the release has soaked, or run with --force --reason TEXT (the reason is recorded)")
                return outcome
            }
        }
        let offer = try? await SupervisorOffer.read(from: supervisor)
        let upgrade = UpgradePlanner(validated).upgrade(of: cluster, running: running, to: desired, offer: offer)
        if let blocker = upgrade.allBlockers.first {
            outcome.error = EngineError(.upgradeBlocked, "cannot upgrade from \(running) to \(desired.version): \(blocker.message)",
                                        object: desiredObject.ref, hint: blocker.hint)
            return outcome
        }
        let moves = upgrade.steps.enumerated().flatMap { index, step in
            step.extensionsBefore + (index == upgrade.steps.count - 1 ? [] : step.extensionsAfter)
        }
        if !touchesWorkload, !moves.isEmpty {
            outcome.error = EngineError(.upgradeBlocked,
                "cannot upgrade from \(running) to \(desired.version) on the Supervisor alone: the path moves extensions on the cluster (\(moves.map(\.name).joined(separator: ", ")))",
                object: desiredObject.ref, hint: "run without --target supervisor, so that the extensions move with the steps")
            return outcome
        }
        guard applying else {
            if upgrade.steps.count > 1 {
                outcome.firstStep = upgrade.steps[0].to
                outcome.notes.append("upgrade in \(upgrade.steps.count) steps, one minor at a time: \(([running] + upgrade.steps.map(\.to)).map(\.description).joined(separator: " -> ")); planned here: the first step ('peng upgrade plan' shows the whole path)")
            }
            return outcome
        }
        for (index, step) in upgrade.steps.enumerated() {
            events(.upgradeStep(target: target.onSupervisor.id, from: step.from, to: step.to, index: index + 1, count: upgrade.steps.count))
            let started = ContinuousClock().now
            if let error = await move(step.extensionsBefore, of: target, supervisor: supervisor) {
                outcome.steps.append(Self.result(step, started: started, failed: true))
                outcome.error = error
                return outcome
            }
            if index == upgrade.steps.count - 1 {
                outcome.finalStep = (step, started)
                return outcome
            }
            if let error = await send(step, of: target, supervisor: supervisor) {
                outcome.steps.append(Self.result(step, started: started, failed: true))
                outcome.error = error
                return outcome
            }
            let moved = await move(step.extensionsAfter, of: target, supervisor: supervisor)
            outcome.steps.append(Self.result(step, started: started, failed: moved != nil))
            if let moved {
                outcome.error = moved
                return outcome
            }
        }
        return outcome
    }

    /// A step as it ran, timed from `started`.
    static func result(_ step: UpgradeStep, started: ContinuousClock.Instant, failed: Bool) -> UpgradeStepResult {
        let elapsed = ContinuousClock().now - started
        return UpgradeStepResult(from: step.from, to: step.to, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                                 failed: failed, extensionsBefore: step.extensionsBefore, extensionsAfter: step.extensionsAfter)
    }

    /// Why a step's apply failed, naming the step, the Supervisor and its reason.
    static func stepFailure(_ step: UpgradeStep, supervisor: String, applied: TargetChangeSet, object: ObjectRef?) -> EngineError {
        let reason = applied.errors.first?.message
            ?? applied.changes.first(where: { $0.action == .failed || $0.action == .conflict })?.message ?? "failed"
        return EngineError(.upgradeStepFailed, "upgrade step \(step.from) -> \(step.to) failed on Supervisor '\(supervisor)': \(reason)",
                           object: object,
                           hint: "the cluster stays at the release it reached; fix the cause on the Supervisor and run the same command again")
    }

    /// Sends one intermediate release: the cluster's Supervisor objects with the cluster object at the step's release,
    /// applied and waited for like any apply (the inventory records the release reached).
    private func send(_ step: UpgradeStep, of target: ClusterTarget, supervisor: KubeClient) async -> EngineError? {
        let release = step.to
        var stepTarget = target.onSupervisor
        stepTarget.objects = stepTarget.objects.map { ClusterKinds.isCluster($0.ref) ? ClusterKinds.placing(release, in: $0) : $0 }
        var stepOptions = options
        stepOptions.clusterReadinessTimeout = options.upgradeStepTimeout
        let plan = await Planner(options: stepOptions).plan(stepTarget, fleet: fleet.platform.name, cluster: target.name,
                                                            inventory: target.supervisorInventory(fleet: fleet.platform.name), client: supervisor)
        let applied = await Applier(options: stepOptions, events: events).apply(plan, client: supervisor)
        guard applied.failed else { return nil }
        return Self.stepFailure(step, supervisor: target.supervisor, applied: applied,
                                object: target.onSupervisor.objects.first(where: { ClusterKinds.isCluster($0.ref) })?.ref)
    }

    /// Moves extensions on the workload cluster: each PackageInstall at its new version, then waits until kapp-controller
    /// reports it reconciled.
    private func move(_ moves: [ExtensionMove], of target: ClusterTarget, supervisor: KubeClient) async -> EngineError? {
        guard !moves.isEmpty else { return nil }
        events(.extensionsMoved(target: target.onCluster.id, moves: moves.map { "\($0.name) \($0.from) -> \($0.to) (\($0.when.rawValue) the step)" }))
        do {
            let client = try await connector.client(for: target, fleet: fleet, supervisor: supervisor)
            var refs: [ObjectRef] = []
            for move in moves {
                guard let install = target.onCluster.objects.first(where: { $0.groupKind == .packageInstall && $0.name == move.name }) else { continue }
                let object = DesiredObject(Packaging.placing(version: move.to, in: install)).object
                refs.append(try await client.apply(object, force: options.forceConflicts).ref)
            }
            let waiter = Waiter(timeout: options.readinessTimeout, interval: options.pollInterval, events: events)
            let notReady = try await waiter.wait(for: refs, target: target.onCluster.id, client: client)
            if let (ref, reason) = notReady.first {
                return EngineError(.upgradeStepFailed, "extension moved for the upgrade, but not ready: \(reason)", object: ref,
                                   hint: "see the PackageInstall's status on the cluster; the Kubernetes step was not started")
            }
            return nil
        } catch {
            return EngineError(error)
        }
    }
}

/// What a Supervisor offers, as the upgrade planner reads it: its TanzuKubernetesReleases.
public enum SupervisorOffer {
    /// Every release the Supervisor offers; nil where it serves none (not a TKGS Supervisor).
    public static func read(from supervisor: KubeClient) async throws -> [SupervisorRelease]? {
        guard (try? await supervisor.resource(apiVersion: ClusterKinds.release.apiVersion, kind: ClusterKinds.release.kind)) != nil else { return nil }
        return try await supervisor.list(apiVersion: ClusterKinds.release.apiVersion, kind: ClusterKinds.release.kind).map(release)
    }

    public static func release(_ object: KubeObject) -> SupervisorRelease {
        let ready = Readiness.condition("Ready", in: object)
        let compatible = Readiness.condition("Compatible", in: object)
        let reason = [compatible, ready].compactMap { $0 }.first { $0.status != "True" }?.explained
        return SupervisorRelease(name: object.name, version: (object[path: "spec", "version"]?.stringValue).flatMap(ReleaseVersion.init),
                                 ready: ready?.status == "True", compatible: compatible.map { $0.status == "True" } ?? true,
                                 reason: reason?.isEmpty == false ? reason : nil)
    }
}
