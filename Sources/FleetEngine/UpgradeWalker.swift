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

    /// What a plan shows of a version change.
    struct Preview {
        var error: EngineError?
        /// When the path has several steps: the release of the first, which is what an apply sends first.
        var firstStep: ReleaseVersion?
        var notes: [String] = []
    }

    /// What an apply did of a version change.
    struct Outcome {
        var steps: [UpgradeStepResult] = []
        var error: EngineError?
        /// The last step, which the normal apply finishes; with when it started.
        var finalStep: (step: UpgradeStep, started: ContinuousClock.Instant)?
        var notes: [String] = []
    }

    /// A version change to walk: the path, and why the soak rule holds it (nil when it does not).
    private struct Path {
        var upgrade: ClusterUpgrade
        var running: ReleaseVersion
        var desired: ReleaseVersion
        var object: ObjectRef
        var soaking: String?
        /// What the path could not take into account (an offer that could not be read).
        var notes: [String] = []
    }

    private var fleet: Fleet { validated.fleet }

    /// The plan's walk: nothing is sent. It names the first step and notes what an apply would wait for.
    func preview(_ target: ClusterTarget, supervisor: KubeClient) async -> Preview {
        var preview = Preview()
        let path: Path
        switch await versionChange(of: target, supervisor: supervisor) {
        case .failure(let error):
            preview.error = error
            return preview
        case .success(nil): return preview
        case .success(let found?): path = found
        }
        preview.notes += path.notes
        if let soaking = path.soaking { preview.notes.append("apply will not upgrade it yet: \(soaking)") }
        if let blocked = blocked(path) {
            preview.error = blocked
            return preview
        }
        if path.upgrade.steps.count > 1 {
            preview.firstStep = path.upgrade.steps[0].to
            preview.notes.append("upgrade in \(path.upgrade.steps.count) steps, one minor at a time: \(([path.running] + path.upgrade.steps.map(\.to)).map(\.description).joined(separator: " -> ")); planned here: the first step ('peng upgrade plan' shows the whole path)")
        }
        return preview
    }

    /// The apply's walk: every step but the last is sent and waited for, with its extension moves.
    func walk(_ target: ClusterTarget, supervisor: KubeClient) async -> Outcome {
        var outcome = Outcome()
        let path: Path
        switch await versionChange(of: target, supervisor: supervisor) {
        case .failure(let error):
            outcome.error = error
            return outcome
        case .success(nil): return outcome
        case .success(let found?): path = found
        }
        outcome.notes += path.notes
        if let soaking = path.soaking {
            outcome.error = EngineError(.soaking, "not upgraded to \(path.desired): \(soaking)", object: path.object,
                                        hint: "wait until the release has soaked, or run with --force --reason TEXT (the reason is recorded)")
            return outcome
        }
        if let blocked = blocked(path) {
            outcome.error = blocked
            return outcome
        }
        let steps = path.upgrade.steps
        for (index, step) in steps.enumerated() {
            events(.upgradeStep(target: target.onSupervisor.id, from: step.from, to: step.to, index: index + 1, count: steps.count))
            let started = ContinuousClock().now
            if let error = await move(step.extensionsBefore, of: target, supervisor: supervisor) {
                outcome.steps.append(Self.result(step, started: started, failed: true))
                outcome.error = error
                return outcome
            }
            if index == steps.count - 1 {
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

    /// The cluster's version change, if it has one: the release it runs against the one the fleet wants, the soak
    /// verdict (unless the run is forced), and the path through what the Supervisor offers.
    private func versionChange(of target: ClusterTarget, supervisor: KubeClient) async -> Result<Path?, EngineError> {
        guard let cluster = fleet.cluster(named: target.name),
              let desiredObject = target.onSupervisor.objects.first(where: { ClusterKinds.isCluster($0.ref) })
        else { return .success(nil) }
        let desired = validated.release(of: cluster)
        let live: KubeObject?
        do { live = try await supervisor.get(desiredObject.ref) } catch { return .failure(EngineError(error)) }
        guard let running = live.flatMap(RunningRelease.of), running != desired.version else { return .success(nil) }
        var soaking: String?
        if options.forcedReason == nil {
            let verdict = await ReleaseRecords(fleet: fleet, connector: connector)
                .soakVerdict(stage: cluster.stage, release: desired.version, rule: SoakRule(validated), now: options.now())
            if !verdict.clear { soaking = verdict.explanation(release: desired.version, soak: validated.soak) }
        }
        // Without the offer (it cannot be read) the path follows the catalog alone, and says so; the Supervisor still
        // refuses a release it does not offer when the step is sent, and that refusal is reported.
        var notes: [String] = []
        var offer: [SupervisorRelease]?
        do { offer = try await SupervisorOffer.read(from: supervisor) } catch {
            notes.append("the releases Supervisor '\(target.supervisor)' offers could not be read (\(EngineError(error).message)): the path follows the catalog alone")
        }
        // The same for the package repository's offer: kapp-controller refuses a version not on offer when a move is
        // sent, and the move's failure is reported.
        var packages: PackageOffer?
        if !validated.extensions(of: cluster).isEmpty {
            do {
                let client = try await connector.client(for: target, fleet: fleet, supervisor: supervisor)
                packages = try await PackageOfferCheck.offer(for: Packaging.namespace, client: client)
            } catch {
                notes.append(PackageOfferCheck.unread(Packaging.namespace, error))
            }
        }
        let upgrade = UpgradePlanner(validated).upgrade(of: cluster, running: running, to: desired, offer: offer, packages: packages)
        return .success(Path(upgrade: upgrade, running: running, desired: desired.version, object: desiredObject.ref, soaking: soaking,
                             notes: notes))
    }

    /// Why the path cannot be walked: a blocker the planner found, or extension moves on a Supervisor-only run.
    private func blocked(_ path: Path) -> EngineError? {
        if let blocker = path.upgrade.allBlockers.first {
            return EngineError(.upgradeBlocked, "cannot upgrade from \(path.running) to \(path.desired): \(blocker.message)",
                               object: path.object, hint: blocker.hint)
        }
        let steps = path.upgrade.steps
        let moves = steps.enumerated().flatMap { index, step in
            step.extensionsBefore + (index == steps.count - 1 ? [] : step.extensionsAfter)
        }
        guard !touchesWorkload, !moves.isEmpty else { return nil }
        return EngineError(.upgradeBlocked,
            "cannot upgrade from \(path.running) to \(path.desired) on the Supervisor alone: the path moves extensions on the cluster (\(moves.map(\.name).joined(separator: ", ")))",
            object: path.object, hint: "run without --target supervisor, so that the extensions move with the steps")
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
