@testable import FleetEngine
import FleetLoader
import FleetModel
import FleetRender
import FleetRepository
import FleetUpgrade
import Foundation
import KubeClient
import SupervisorSimulator
import Synchronization
import Testing
import TestHarness

/// A local Supervisor that offers 1.21 and 1.24 to 1.28 (1.22 and 1.28 marked incompatible) and rejects version jumps
/// through the simulator's real admission webhook; five workload planes to hand out.
enum UpgradeSupervisor {
    static let offered: [(version: String, compatible: Bool)] = [
        ("v1.21.14+vmware.1-tkg.1", true), ("v1.22.17+vmware.1-tkg.1", false), ("v1.24.9+vmware.1-tkg.1", true), ("v1.25.13+vmware.1-tkg.1", true), ("v1.26.13+vmware.1-tkg.3", true),
        ("v1.27.11+vmware.1-tkg.2", true), ("v1.28.8+vmware.1-tkg.1", false),
    ]
    private static let setup = Task { try await SupervisorSetup(pool: 5, delay: .seconds(1), releases: offered, webhook: true) }

    static func get() async throws -> SupervisorSetup { try await setup.value }
}

/// The upgrade fixture's fleet, rendered and applied with the upgrade policy.
struct UpgradeRun: Sendable {
    var fleet: StagedFleet
    var setup: SupervisorSetup

    var staged: StagedRun { StagedRun(fleet: fleet, setup: setup) }

    func validated() throws -> ValidatedFleet { try UpgradeFixture.validated(fleet) }

    func apply(_ options: EngineOptions = StagedRun.options(), scope: RolloutScope = .init(),
               events: @escaping EngineEvents = { _ in }) async throws -> RolloutReport
    {
        let validated = try validated()
        var options = options
        options.upgradeStepTimeout = .seconds(900)
        let session = EngineSession(fleet: validated, rendered: FleetPipeline.atFixtureDate.render(validated), options: options, events: events)
        return await session.apply(connector: try staged.connector(), scope: scope)
    }

    func plan() async throws -> RolloutReport {
        let validated = try validated()
        let session = EngineSession(fleet: validated, rendered: FleetPipeline.atFixtureDate.render(validated), options: StagedRun.options())
        return await session.plan(connector: try staged.connector())
    }

    func liveCluster(_ name: String) async throws -> KubeObject? { try await setup.supervisorClient().get(staged.clusterRef(name)) }

    func packageVersion(_ name: String, on cluster: String) async throws -> String? {
        let client = try await staged.workloadClient(cluster)
        let ref = ObjectRef(apiVersion: Packaging.apiVersion, kind: "PackageInstall", namespace: Packaging.namespace, name: name)
        return try await client.get(ref)?[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue
    }
}

@Suite("upgrades through a Supervisor that rejects version jumps (simulator webhook, real API servers)")
struct UpgradeApplyTests {
    @Test("two minors behind: two steps, the webhook rejects nothing, extensions move before and after the step as planned")
    func walksTwoSteps() async throws {
        let setup = try await UpgradeSupervisor.get()
        var fleet = UpgradeFixture.fleet("walk", kubernetes: ["walk-int": "v1.25"])
        fleet.clusters = [("walk-int", "integration")]
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = UpgradeRun(fleet: fleet, setup: setup)
        let created = try await run.apply()
        #expect(!created.failed, "\(created.errors) \(created.clusters.flatMap(\.changeSets).flatMap(\.errors))")
        #expect(try await run.packageVersion("prometheus", on: "walk-int") == "2.43.0+vmware.1-tkg.1")

        // What the workload cluster holds each time the Supervisor is about to get a new release.
        let seen = Mutex<[String]>([])
        var options = StagedRun.options()
        let workload = try await run.staged.workloadClient("walk-int")
        options.beforePhase = { target, phase in
            guard target.hasPrefix("supervisor/"), phase == ApplyPhase(of: run.staged.clusterRef("walk-int")) else { return }
            func version(_ name: String) async -> String {
                let ref = ObjectRef(apiVersion: Packaging.apiVersion, kind: "PackageInstall", namespace: Packaging.namespace, name: name)
                let object: KubeObject? = (try? await workload.get(ref)) ?? nil
                return object?[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue ?? "?"
            }
            let line = "prometheus \(await version("prometheus")), contour \(await version("contour"))"
            seen.withLock { $0.append(line) }
        }
        let steps = Mutex<[String]>([])
        var upgraded = run
        upgraded.fleet.kubernetes["walk-int"] = "v1.27"
        // On the Supervisor alone the walk cannot move the extensions it needs: refused, nothing sent.
        let supervisorOnly = try await upgraded.apply(scope: RolloutScope(side: .supervisor))
        let refusal = try #require(supervisorOnly.cluster("walk-int")?.onSupervisor?.errors.first)
        #expect(refusal.code == .upgradeBlocked && refusal.message.contains("moves extensions on the cluster (prometheus)"), "\(refusal)")
        #expect(ClusterKinds.runningRelease(of: try #require(try await run.liveCluster("walk-int"))) == "v1.25.13+vmware.1-tkg.1")
        #expect(try await run.liveCluster("walk-int")?.annotations[ClusterKinds.releaseAnnotation] == "v1.25.13+vmware.1-tkg.1")
        // The plan of a jump plans its first step (the Supervisor would reject a dry run of the jump) and says so.
        let plan = try await upgraded.plan()
        #expect(!plan.failed, "\(plan.clusters.flatMap(\.changeSets).flatMap(\.errors))")
        let planned = try #require(plan.cluster("walk-int"))
        #expect(planned.notes.contains { $0.hasPrefix("upgrade in 2 steps, one minor at a time: v1.25.13+vmware.1-tkg.1 -> v1.26.13+vmware.1-tkg.3 -> v1.27.11+vmware.1-tkg.2") },
                "\(planned.notes)")
        let tkcChange = try #require(planned.onSupervisor?.changes.first { $0.ref == run.staged.clusterRef("walk-int") })
        #expect(tkcChange.action == .configure)
        #expect(tkcChange.diff.contains { $0.new?.stringValue == "v1.26.13---vmware.1-tkg.3" }, "\(tkcChange.diff)")
        let report = try await upgraded.apply(options) { event in
            if case .upgradeStep(_, let from, let to, _, _) = event { steps.withLock { $0.append("\(from) -> \(to)") } }
        }
        #expect(!report.failed, "\(report.clusters.flatMap(\.changeSets).flatMap(\.errors))")
        #expect(steps.withLock { $0 } as [String] == ["v1.25.13+vmware.1-tkg.1 -> v1.26.13+vmware.1-tkg.3", "v1.26.13+vmware.1-tkg.3 -> v1.27.11+vmware.1-tkg.2"])
        let result = try #require(report.cluster("walk-int"))
        #expect(result.upgradeSteps.map(\.to.description) == ["v1.26.13+vmware.1-tkg.3", "v1.27.11+vmware.1-tkg.2"])
        #expect(result.upgradeSteps.allSatisfy { !$0.failed && $0.seconds > 0 })
        // Step 1 moves nothing; before step 2 prometheus is at 2.45 already while contour waits for 1.27.
        #expect(seen.withLock { $0 } as [String] == ["prometheus 2.43.0+vmware.1-tkg.1, contour 1.24.4+vmware.1-tkg.1",
                                         "prometheus 2.45.0+vmware.1-tkg.2, contour 1.24.4+vmware.1-tkg.1"])
        #expect(try await run.packageVersion("contour", on: "walk-int") == "1.26.2+vmware.1-tkg.1")
        let live = try #require(try await run.liveCluster("walk-int"))
        #expect(ClusterKinds.runningRelease(of: live) == "v1.27.11+vmware.1-tkg.2")
        #expect(Readiness.of(live) == .ready)
        let decisions = try #require(await setup.simulator.webhookDecisions())
        #expect(decisions.allowed > 0, "the webhook was never asked: it is not wired")
        #expect(decisions.denied.filter { $0.contains("'walk-int'") }.isEmpty, "\(decisions.denied)")
        let again = try await upgraded.apply()
        #expect(!again.failed && !again.hasPendingChanges && again.clusters.allSatisfy(\.upgradeSteps.isEmpty))
    }

    @Test("a jump sent without peng's walk is rejected by the Supervisor's API server, not by peng's manners")
    func webhookRejectsJump() async throws {
        let setup = try await UpgradeSupervisor.get()
        var fleet = UpgradeFixture.fleet("jump", kubernetes: ["jump-int": "v1.25"])
        fleet.clusters = [("jump-int", "integration")]
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = UpgradeRun(fleet: fleet, setup: setup)
        #expect(try await !run.apply().failed)
        var jump = try #require(try await run.liveCluster("jump-int"))
        jump = ClusterKinds.placing(try #require(ReleaseVersion("v1.27.11+vmware.1-tkg.2")), in: KubeObject(apiVersion: jump.apiVersion,
            kind: jump.kind, name: jump.name, namespace: jump.namespace).merging(spec: jump["spec"]))
        do {
            _ = try await setup.supervisorClient().apply(jump, force: true)
            Issue.record("the API server accepted a two-minor jump")
        } catch let error as KubeError {
            #expect(error.message.contains("skips a minor version"), "\(error)")
        }
        // And without the upgrade policy, a plain apply of the jump fails the same way and the cluster stays.
        var plain = run
        plain.fleet.kubernetes["jump-int"] = "v1.27"
        let validated = try plain.validated()
        let report = await Reconciler(options: StagedRun.options()).apply(FleetPipeline.atFixtureDate.render(validated), fleet: validated.fleet,
                                                                          connector: try plain.staged.connector())
        #expect(report.failed)
        #expect(report.clusters.flatMap(\.changeSets).flatMap(\.changes).contains { $0.message?.contains("skips a minor version") == true })
        #expect(ClusterKinds.runningRelease(of: try #require(try await run.liveCluster("jump-int"))) == "v1.25.13+vmware.1-tkg.1")
    }

    @Test("production waits out integration's soak (time injected), then moves; a failed step stops the cluster and the stage")
    func soakAndFailure() async throws {
        let setup = try await UpgradeSupervisor.get()
        var fleet = UpgradeFixture.fleet("soak", kubernetes: ["soak-int": "v1.25", "soak-prd": "v1.25"], soak: "72h")
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let created = try await UpgradeRun(fleet: fleet, setup: setup).apply()
        #expect(!created.failed)

        fleet.kubernetes = ["soak-int": "v1.26", "soak-prd": "v1.26"]
        let run = UpgradeRun(fleet: fleet, setup: setup)
        let now = Int(Date().timeIntervalSince1970)
        let first = try await run.apply(StagedRun.options { $0.now = { now } })
        #expect(first.cluster("soak-int")?.upgradeSteps.count == 1)
        let held = try #require(first.cluster("soak-prd")?.onSupervisor?.errors.first)
        #expect(held.code == .soaking)
        #expect(held.message.contains("soaking, 72h left"), "\(held.message)")
        #expect(ClusterKinds.runningRelease(of: try #require(try await run.liveCluster("soak-prd"))) == "v1.25.13+vmware.1-tkg.1")

        let later = try await run.apply(StagedRun.options { $0.now = { now + 73 * 3600 } })
        #expect(!later.failed, "\(later.clusters.flatMap(\.changeSets).flatMap(\.errors))")
        #expect(later.cluster("soak-prd")?.upgradeSteps.map(\.to.description) == ["v1.26.13+vmware.1-tkg.3"])

        await setup.simulator.failUpgrades(of: "soak-int")
        fleet.kubernetes = ["soak-int": "v1.27", "soak-prd": "v1.27"]
        fleet.soak = "0s"
        let failing = try await UpgradeRun(fleet: fleet, setup: setup).apply()
        #expect(failing.failed)
        let error = try #require(failing.cluster("soak-int")?.onSupervisor?.errors.first)
        #expect(error.code == .upgradeStepFailed)
        #expect(error.message.contains("v1.26.13+vmware.1-tkg.3 -> v1.27.11+vmware.1-tkg.2") && error.message.contains("simulated failure"), "\(error.message)")
        #expect(failing.stages.last?.notStarted?.stage == "integration")
        #expect(ClusterKinds.runningRelease(of: try #require(try await run.liveCluster("soak-prd"))) == "v1.26.13+vmware.1-tkg.3")
    }

    @Test("upgrade plan reads the Supervisor's offer and the removed APIs a cluster still uses (managedFields and the metric)")
    func survey() async throws {
        let setup = try await UpgradeSupervisor.get()
        var fleet = UpgradeFixture.fleet("survey", kubernetes: ["survey-int": "v1.21"])
        fleet.clusters = [("survey-int", "integration")]
        fleet.releases = "[{version: v1.21.14+vmware.1-tkg.1, state: supported}, {version: v1.22.17+vmware.1-tkg.1, state: supported}]"
        fleet.extensionCatalog = UpgradeFixture.catalog.replacingOccurrences(of: "\">=1.24 <1.27\"", with: "\">=1.20 <1.27\"")
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = UpgradeRun(fleet: fleet, setup: setup)
        #expect(try await !run.apply().failed)

        // A team's Ingress, written through networking.k8s.io/v1beta1 (deprecated, removed in 1.22) by its deploy tool.
        let workload = try await run.staged.workloadClient("survey-int")
        var ingress = KubeObject(apiVersion: "networking.k8s.io/v1beta1", kind: "Ingress", name: "web", namespace: "survey-int-app")
        ingress["spec"] = ["backend": ["serviceName": "web", "servicePort": 80]]
        _ = try await workload.apply(ingress, force: true, fieldManager: "team-deployer")

        let validated = try run.validated()
        let targets = ClusterTarget.all(in: FleetPipeline.atFixtureDate.render(validated), fleet: validated.fleet)
        let target = try #require(validated.catalog.first { $0.version.description == "v1.22.17+vmware.1-tkg.1" })
        let report = await UpgradeSurvey(fleet: validated, connector: try run.staged.connector(), now: 0).survey(targets, to: target)
        let upgrade = try #require(report.clusters.first)
        #expect(upgrade.running?.description == "v1.21.14+vmware.1-tkg.1")
        let step = try #require(upgrade.steps.first)
        #expect(upgrade.steps.map(\.to.description) == ["v1.22.17+vmware.1-tkg.1"])
        #expect(step.removedAPIs.contains {
            $0.source == "managedFields" && $0.object == "Ingress survey-int-app/web" && $0.manager == "team-deployer"
                && $0.apiVersion == "networking.k8s.io/v1beta1" && $0.replacement == "networking.k8s.io/v1"
        }, "\(step.removedAPIs)")
        #expect(step.removedAPIs.contains { $0.source == "apiserver_requested_deprecated_apis" && $0.object == "requests to ingresses" && $0.removedRelease == "1.22" },
                "\(step.removedAPIs)")
        #expect(step.blockers.map(\.kind) == [.supervisorOffer, .removedAPI])
        #expect(step.blockers.first?.message.hasPrefix("Supervisor 'dc1' marks v1.22.17+vmware.1-tkg.1 incompatible") == true)
        #expect(report.blocked)
        #expect(report.stages.first?.clear == true)
    }
}

extension KubeObject {
    /// This object with another object's spec (for building a hand-made update).
    func merging(spec: JSONValue?) -> KubeObject {
        var object = self
        object["spec"] = spec
        return object
    }
}
