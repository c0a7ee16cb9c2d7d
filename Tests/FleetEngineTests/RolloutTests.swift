@testable import FleetEngine
import FleetLoader
import FleetModel
import FleetRender
import FleetRepository
import Foundation
import KubeClient
import SupervisorSimulator
import Synchronization
import Testing
import TestHarness

/// One local Supervisor with the simulator for the whole test process; six workload planes to hand out.
enum SharedSupervisor {
    private static let setup = Task { try await SupervisorSetup(pool: 6, delay: .seconds(1)) }

    static func get() async throws -> SupervisorSetup { try await setup.value }
}

/// A staged fleet on the shared Supervisor: render, then plan or apply it stage by stage.
struct StagedRun: Sendable {
    var fleet: StagedFleet
    var setup: SupervisorSetup
    var extraKubeconfig: String?

    func rendered() throws -> (RenderedFleet, Fleet) {
        let (validated, rendered) = try FleetPipeline.atFixtureDate.valid(try fleet.write())
        return (rendered, validated.fleet)
    }

    func connector() throws -> TargetConnector {
        var kubeconfig = try setup.kubeconfig()
        if let extraKubeconfig { kubeconfig.merge(try Kubeconfig.parse(extraKubeconfig, file: "extra")) }
        return TargetConnector(kubeconfig: kubeconfig, overrides: ["dc1": setup.supervisorContext])
    }

    static func options(_ configure: (inout EngineOptions) -> Void = { _ in }) -> EngineOptions {
        var options = EngineOptions()
        options.pollInterval = .milliseconds(200)
        // Waits end as soon as things are ready; these bounds only catch a real hang, never a loaded machine.
        options.readinessTimeout = .seconds(600)
        options.clusterReadinessTimeout = .seconds(900)
        configure(&options)
        return options
    }

    func apply(_ options: EngineOptions = options(), scope: RolloutScope = .init()) async throws -> RolloutReport {
        let (rendered, fleet) = try rendered()
        return await Reconciler(options: options).apply(rendered, fleet: fleet, connector: try connector(), scope: scope)
    }

    func plan(_ options: EngineOptions = options(), scope: RolloutScope = .init()) async throws -> RolloutReport {
        let (rendered, fleet) = try rendered()
        return await Reconciler(options: options).plan(rendered, fleet: fleet, connector: try connector(), scope: scope)
    }

    func clusterRef(_ name: String) -> ObjectRef {
        ObjectRef(apiVersion: ClusterKinds.tanzu.apiVersion, kind: ClusterKinds.tanzu.kind, namespace: fleet.vsphereNamespace, name: name)
    }

    /// A client for a workload cluster, through the kubeconfig the Supervisor published.
    func workloadClient(_ name: String) async throws -> KubeClient {
        let (rendered, fleetModel) = try rendered()
        let target = try #require(ClusterTarget.all(in: rendered, fleet: fleetModel).first { $0.name == name })
        return try await connector().client(for: target, fleet: fleetModel, supervisor: setup.supervisorClient())
    }
}

extension RolloutReport {
    func cluster(_ name: String) -> ClusterResult? { clusters.first { $0.cluster == name } }
}

@Suite("stage-by-stage rollout through a Supervisor (with the simulator)")
struct RolloutTests {
    @Test("from nothing: every cluster provisioned and applied in stage order, integration ready before any production write; a re-run changes nothing")
    func stageOrder() async throws {
        let setup = try await SharedSupervisor.get()
        let fleet = StagedFleet("order", clusters: [("order-int", "integration"), ("order-prd", "production")])
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = StagedRun(fleet: fleet, setup: setup)

        // At the first write for the production cluster, look at the integration cluster as it really is.
        let observed = Mutex<[String]>([])
        let options = StagedRun.options {
            $0.revision = "1111111111111111111111111111111111111111"
            $0.beforePhase = { target, _ in
                guard target.hasSuffix("/order-prd"), observed.withLock({ $0.isEmpty }) else { return }
                var facts: [String] = []
                let tkc = try? await setup.supervisorClient().get(run.clusterRef("order-int"))
                facts.append(tkc.map { Readiness.of($0) == .ready ? "int-ready" : "int-not-ready" } ?? "int-missing")
                let client = try? await run.workloadClient("order-int")
                let namespace = try? await client?.get(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "order-int-app"))
                facts.append(namespace == nil ? "int-objects-missing" : "int-objects-present")
                observed.withLock { $0 = facts }
            }
        }
        let report = try await run.apply(options)
        #expect(!report.failed, "\(report.changeSets.flatMap(\.errors)) \(report.clusters.compactMap(\.problem))")
        #expect(report.stages.map(\.stage) == ["integration", "production"])
        #expect(observed.withLock { $0 } == ["int-ready", "int-objects-present"])
        let reported = try #require(try await setup.supervisorClient().get(run.clusterRef("order-int"))?["status"])
        #expect(reported["phase"] == nil, "the Supervisor reports a v1alpha3 status, without a phase: \(reported.jsonString())")
        for name in ["order-int", "order-prd"] {
            let result = try #require(report.cluster(name))
            #expect(result.onSupervisor?.change("TanzuKubernetesCluster", fleet.vsphereNamespace, name)?.action == .create)
            #expect(result.onCluster?.change("Namespace", nil, "\(name)-app")?.action == .create)
            let client = try await run.workloadClient(name)
            let install = try #require(try await client.get(ObjectRef(apiVersion: "packaging.carvel.dev/v1alpha1", kind: "PackageInstall",
                                                                        namespace: "peng-packages", name: "prometheus")))
            #expect(Readiness.of(install) == .ready)
            #expect(try await Inventory.load(fleet: "order", cluster: name, from: client).revision == options.revision)
        }

        // Again: nothing to do, nothing written on the Supervisor or the clusters.
        let supervisor = try setup.supervisorClient()
        let before = try await supervisor.list(apiVersion: "v1", kind: "ConfigMap", namespace: fleet.vsphereNamespace)
            .map { $0[path: "metadata", "resourceVersion"] } + [try await supervisor.get(run.clusterRef("order-prd"))?[path: "metadata", "resourceVersion"]]
        let clusterVersions = try await resourceVersions(run.workloadClient("order-prd"), fleet: "order", cluster: "order-prd")
        let plan = try await run.plan()
        #expect(!plan.hasPendingChanges && !plan.failed)
        let again = try await run.apply(options)
        #expect(!again.failed)
        #expect(again.changeSets.flatMap(\.changes).allSatisfy { $0.action == .unchanged })
        let after = try await supervisor.list(apiVersion: "v1", kind: "ConfigMap", namespace: fleet.vsphereNamespace)
            .map { $0[path: "metadata", "resourceVersion"] } + [try await supervisor.get(run.clusterRef("order-prd"))?[path: "metadata", "resourceVersion"]]
        #expect(before == after)
        #expect(try await resourceVersions(run.workloadClient("order-prd"), fleet: "order", cluster: "order-prd") == clusterVersions)
    }

    @Test("a Supervisor that still reports a phase (the older TanzuKubernetesCluster status): provisioned and judged the same")
    func olderStatusForm() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(500), tanzuPhase: true)
        try await stopping(setup) { setup in
            let fleet = StagedFleet("older", clusters: [("older-int", "integration")])
            try await setup.createVSphereNamespace(fleet.vsphereNamespace)
            let run = StagedRun(fleet: fleet, setup: setup)
            let report = try await run.apply()
            #expect(!report.failed, "\(report.clusters.compactMap(\.problem))")
            let live = try #require(try await setup.supervisorClient().get(run.clusterRef("older-int")))
            #expect(live[path: "status", "phase"] == "running")
            #expect(Readiness.of(live) == .ready)
        }
    }

    @Test("a failing integration cluster stops the rollout before production, and the report names it")
    func gateStopsProduction() async throws {
        let setup = try await SharedSupervisor.get()
        let fleet = StagedFleet("gate", clusters: [("gate-int", "integration"), ("gate-prd", "production")])
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        await setup.simulator.fail("gate-int")
        let run = StagedRun(fleet: fleet, setup: setup)

        let report = try await run.apply()
        #expect(report.failed)
        let integration = try #require(report.cluster("gate-int"))
        #expect(integration.failed)
        #expect(integration.problem?.description.contains("gate-int") == true)
        #expect(integration.problem?.description.contains("condition Ready is False (ControlPlaneUnavailable") == true, "\(integration.problem?.description ?? "")")
        #expect(integration.onCluster == nil)
        let production = try #require(report.stages.first { $0.stage == "production" })
        #expect(production.clusters.isEmpty)
        #expect(production.notStarted?.stage == "integration" && production.notStarted?.cluster == "gate-int")
        #expect(production.notStarted?.description.contains("stage 'integration' is not healthy: cluster 'gate-int'") == true)
        // Nothing of production was written.
        #expect(try await setup.supervisorClient().get(run.clusterRef("gate-prd")) == nil)
    }

    @Test("a cluster that does not become ready in time: the timeout names the cluster and the condition still missing")
    func clusterTimeout() async throws {
        let setup = try await SharedSupervisor.get()
        let fleet = StagedFleet("slow", clusters: [("slow-int", "integration"), ("slow-prd", "production")])
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        await setup.simulator.hold("slow-int")
        let run = StagedRun(fleet: fleet, setup: setup)
        let report = try await run.apply(StagedRun.options { $0.clusterReadinessTimeout = .seconds(4) })
        let change = try #require(report.cluster("slow-int")?.onSupervisor?.change("TanzuKubernetesCluster", fleet.vsphereNamespace, "slow-int"))
        #expect(change.action == .failed)
        #expect(change.message?.contains("not ready after 4") == true)
        // Whether the busy simulator has reported `creating` yet or not, the missing condition is named.
        #expect(change.message?.contains("condition Ready is") == true, "\(change.message ?? "")")
        #expect(report.stages.last?.notStarted?.cluster == "slow-int")
        #expect(try await setup.supervisorClient().get(run.clusterRef("slow-prd")) == nil)
    }

    @Test("a cluster removed from the fleet is deleted from the Supervisor only with allowClusterDeletion; plan says so loudly")
    func clusterDeletion() async throws {
        let setup = try await SharedSupervisor.get()
        var fleet = StagedFleet("gone", clusters: [("gone-keep", "integration"), ("gone-old", "integration")])
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let supervisor = try setup.supervisorClient()
        // Someone else's cluster in the same vSphere Namespace: never peng's to delete.
        await setup.simulator.fail("gone-foreign")
        var foreign = KubeObject(apiVersion: ClusterKinds.tanzu.apiVersion, kind: ClusterKinds.tanzu.kind, name: "gone-foreign",
                                 namespace: fleet.vsphereNamespace)
        foreign["spec"] = ["topology": [
            "controlPlane": ["replicas": 1, "vmClass": "best-effort-small", "storageClass": "vsan-default",
                             "tkr": ["reference": ["name": "v1.27.11---vmware.1-tkg.2"]]],
            "nodePools": [["name": "workers", "replicas": 1, "vmClass": "best-effort-small", "storageClass": "vsan-default"]],
        ]]
        _ = try await supervisor.apply(foreign, fieldManager: "someone-else")
        var run = StagedRun(fleet: fleet, setup: setup)
        let created = try await run.apply()
        #expect(!created.failed, "\(created.clusters.compactMap(\.problem))")

        fleet.clusters = [("gone-keep", "integration")]
        run.fleet = fleet
        let plan = try await run.plan()
        let removed = try #require(plan.removedClusters.first { $0.cluster == "gone-old" })
        #expect(plan.removedClusters.count == 1)
        #expect(removed.onSupervisor?.errors.contains { $0.code == .clusterDeletionRefused && $0.hint?.contains("--allow-cluster-deletion") == true
            && $0.message.contains("gone-old") } == true)
        #expect(removed.onSupervisor?.change("TanzuKubernetesCluster", fleet.vsphereNamespace, "gone-old")?.action == .skipped)

        let refused = try await run.apply()
        #expect(refused.failed)
        #expect(try await supervisor.get(run.clusterRef("gone-old")) != nil)

        let allow = StagedRun.options { $0.allowClusterDeletion = true }
        let loud = try await run.plan(allow)
        let deletion = try #require(loud.removedClusters.first?.onSupervisor?.change("TanzuKubernetesCluster", fleet.vsphereNamespace, "gone-old"))
        #expect(deletion.action == .prune)
        #expect(deletion.message?.contains("DELETES THE WORKLOAD CLUSTER 'gone-old'") == true)

        let deleted = try await run.apply(allow)
        #expect(!deleted.failed, "\(deleted.clusters.compactMap(\.problem))")
        #expect(try await supervisor.get(run.clusterRef("gone-old")) == nil)
        #expect(try await supervisor.get(run.clusterRef("gone-keep")) != nil)
        #expect(try await supervisor.get(run.clusterRef("gone-foreign")) != nil)
        let settled = try await run.plan()
        #expect(settled.removedClusters.isEmpty && !settled.hasPendingChanges && !settled.failed)
    }

    @Test("status of a mixed fleet: a ready cluster, a failed one and an unreachable one, each shown as it is")
    func statusOfMixedFleet() async throws {
        let setup = try await SharedSupervisor.get()
        var fleet = StagedFleet("mixed", clusters: [("mixed-ok", "integration"), ("mixed-bad", "integration"), ("mixed-far", "production")])
        fleet.contexts = ["mixed-far": "mixed-far-dead"]
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        await setup.simulator.fail("mixed-bad")
        let dead = """
            apiVersion: v1
            kind: Config
            clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: dead, user: {token: t}}]
            contexts: [{name: mixed-far-dead, context: {cluster: dead, user: dead}}]
            """
        let run = StagedRun(fleet: fleet, setup: setup, extraKubeconfig: dead)
        let options = StagedRun.options { $0.revision = "2222222222222222222222222222222222222222" }
        let first = try await run.apply(options)
        #expect(first.cluster("mixed-ok")?.failed == false, "\(first.cluster("mixed-ok")?.changeSets.flatMap(\.errors) ?? [])")
        _ = try await run.apply(options, scope: RolloutScope(stages: ["production"]))

        let (rendered, fleetModel) = try run.rendered()
        let rows = await StatusCollector().collect(rendered, fleet: fleetModel, connector: try run.connector())
        #expect(rows.map(\.cluster) == ["mixed-bad", "mixed-ok", "mixed-far"])
        let ok = try #require(rows.first { $0.cluster == "mixed-ok" })
        #expect(ok.healthy && ok.ready == true && ok.phase == "running")
        #expect(ok.desiredVersion == "v1.27.11+vmware.1-tkg.2" && ok.actualVersion == ok.desiredVersion)
        #expect(ok.extensions.map(\.name) == ["prometheus"] && ok.extensions.allSatisfy(\.healthy))
        #expect(ok.extensions.first?.installedVersion == "2.45.0+vmware.1-tkg.2")
        #expect(ok.pendingChanges == 0)
        #expect(ok.revision == options.revision)
        let bad = try #require(rows.first { $0.cluster == "mixed-bad" })
        #expect(!bad.healthy && bad.ready == false && bad.phase == "failed")
        #expect(bad.readyReason?.contains("ControlPlaneUnavailable") == true)
        let far = try #require(rows.first { $0.cluster == "mixed-far" })
        #expect(!far.reachable && far.supervisorError == nil)
        #expect(far.clusterError?.contains("127.0.0.1:1") == true)
        #expect(far.ready == true)
    }
}
