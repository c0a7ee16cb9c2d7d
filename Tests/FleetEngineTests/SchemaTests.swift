@testable import FleetEngine
import FleetModel
import FleetRender
import KubeClient
import SupervisorSimulator
import Testing
import TestHarness

/// The lab's API servers carry the published CRD schemas (TKGS, Cluster API, kapp-controller): what a real Supervisor
/// or cluster would refuse is refused here, and a field the schema lacks — which a server before 1.25 drops without a
/// word — is an error in plan and apply, before anything is written.
@Suite("real CRD schemas: refused and dropped fields")
struct SchemaTests {
    @Test("a TanzuKubernetesCluster field the schema lacks: plan names its path, apply writes nothing on that cluster; a wrong type is refused with its path; the fleet as rendered provisions, on both cluster APIs")
    func supervisorFields() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500))
        try await stopping(setup) { setup in
            try await Self.supervisorFields(setup)
            try await Self.clusterClass(setup)
        }
    }

    /// A node pool with every field a team may set: the published schemas must take each as rendered.
    static let nodePoolWithEverything = """
        {name: workers, replicas: 1, vmClass: best-effort-small, storageClass: vsan-default, nodeDrainTimeout: 10m, \
        labels: {shop.example/pool: workers, tier: batch}, taints: [{key: shop.example/dedicated, value: batch, effect: NoSchedule}], \
        volumes: [{name: containerd, mountPath: /var/lib/containerd, capacity: 50Gi, storageClass: vsan-gold}], failureDomain: zone-a}
        """
    /// A cluster's own settings beyond its pools.
    static let clusterWithEverything = "  osImage: ubuntu\n  storageClasses: [vsan-default, vsan-gold]\n"
    /// The network, with Antrea's feature gates set.
    static let network = "{pods: 192.168.0.0/16, services: 10.100.0.0/16, antreaFeatures: {Egress: true, FlowExporter: true, NodePortLocal: false}}"

    /// The AntreaConfig the Supervisor stored for `cluster`, with its feature gates as sent (the schema defaults the rest).
    static func expectAntreaConfig(_ cluster: String, namespace: String, on supervisor: KubeClient) async throws {
        let config = try #require(try await supervisor.get(ObjectRef(apiVersion: "cni.tanzu.vmware.com/v1alpha1", kind: "AntreaConfig",
                                                                     namespace: namespace, name: "\(cluster)-antrea-package")))
        let gates = config[path: "spec", "antrea", "config", "featureGates"]
        #expect(gates?["Egress"] == true && gates?["FlowExporter"] == true && gates?["NodePortLocal"] == false)
        #expect(gates?["AntreaPolicy"] == true, "the published schema's default for what the fleet leaves out")
    }
    static let volume: JSONValue = ["name": "containerd", "mountPath": "/var/lib/containerd", "capacity": ["storage": "50Gi"], "storageClass": "vsan-gold"]

    static func supervisorFields(_ setup: SupervisorSetup) async throws {
        var fleet = StagedFleet("strict", clusters: [("strict-int", "integration")])
        fleet.nodePool = Self.nodePoolWithEverything
        fleet.clusterExtra = Self.clusterWithEverything
        fleet.network = Self.network
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = StagedRun(fleet: fleet, setup: setup)
        let (rendered, model) = try run.rendered()
        let reconciler = Reconciler(options: StagedRun.options())
        let supervisor = try setup.supervisorClient()

        let misspelt = rendered.changing(kind: "TanzuKubernetesCluster") { $0["spec"]?["topology"]?["controlPlane"]?["vmClas"] = "best-effort-small" }
        let plan = await reconciler.plan(misspelt, fleet: model, connector: try run.connector())
        let problem = try #require(plan.cluster("strict-int")?.problem)
        #expect(problem.code == .fieldsDropped)
        #expect(problem.message.contains("spec.topology.controlPlane.vmClas"), "\(problem)")
        #expect(problem.message.contains("TanzuKubernetesCluster schema (run.tanzu.vmware.com/v1alpha3)"), "\(problem)")

        let applied = await reconciler.apply(misspelt, fleet: model, connector: try run.connector())
        #expect(applied.failed)
        #expect(applied.cluster("strict-int")?.problem?.code == .fieldsDropped)
        #expect(try await supervisor.get(run.clusterRef("strict-int")) == nil, "nothing written: the cluster is not provisioned without the field")
        #expect(applied.cluster("strict-int")?.onCluster?.changes.allSatisfy { $0.action == .skipped } ?? true, "nothing applied on the cluster after it")

        let wrongType = rendered.changing(kind: "TanzuKubernetesCluster") { $0["spec"]?["topology"]?["controlPlane"]?["replicas"] = "three" }
        let refused = try #require(await reconciler.plan(wrongType, fleet: model, connector: try run.connector()).cluster("strict-int")?.problem)
        #expect(refused.message.contains("spec.topology.controlPlane.replicas"), "the schema's type check names the path: \(refused)")

        let good = await reconciler.apply(rendered, fleet: model, connector: try run.connector())
        #expect(!good.failed, "the fleet as rendered fits the published schemas: \(good.clusters.compactMap(\.problem))")
        // The Supervisor kept the pool's labels, taints, drain timeout and volumes as rendered (nothing dropped).
        let stored = try #require(try await supervisor.get(run.clusterRef("strict-int")))
        let pool = stored[path: "spec", "topology", "nodePools"]?.arrayValue?.first
        #expect(pool?["labels"] == ["shop.example/pool": "workers", "tier": "batch"])
        #expect(pool?["taints"] == [["key": "shop.example/dedicated", "value": "batch", "effect": "NoSchedule"]])
        #expect(pool?["nodeDrainTimeout"] == "10m")
        #expect(pool?["volumes"] == [Self.volume])
        #expect(pool?["failureDomain"] == "zone-a")
        #expect(stored[path: "spec", "settings", "storage"] == ["classes": ["vsan-default", "vsan-gold"], "defaultClass": "vsan-default"])
        #expect(stored.annotations["run.tanzu.vmware.com/resolve-os-image"] == "os-name=ubuntu")
        try await Self.expectAntreaConfig("strict-int", namespace: fleet.vsphereNamespace, on: supervisor)

        // On the workload cluster: a PackageInstall field kapp-controller's schema lacks.
        let client = try await run.workloadClient("strict-int")
        let installRef = try #require(rendered.targets.flatMap(\.objects).first { $0.kind == "PackageInstall" }?.ref)
        let before = try #require(try await client.get(installRef))
        let extra = rendered.changing(kind: "PackageInstall") { $0["spec"]?["packageRef"]?["versionSelection"]?["prereleases"] = ["identifiers": ["rc"]]; $0["spec"]?["sycnPeriod"] = "5m" }
        let pkgPlan = await reconciler.plan(extra, fleet: model, connector: try run.connector())
        let pkgChange = try #require(pkgPlan.cluster("strict-int")?.onCluster?.changes.first { $0.ref == installRef })
        #expect(pkgChange.action == .failed)
        #expect(pkgChange.error?.code == .fieldsDropped)
        // A 1.20 server refuses a server-side apply to an existing object with a field its schema lacks; peng names it
        // the same way as one dropped from a new object.
        #expect(pkgChange.message == "the API server refused spec.sycnPeriod: its PackageInstall schema (packaging.carvel.dev/v1alpha1) has no such field",
                "a known field (versionSelection.prereleases) is not reported: \(pkgChange.message ?? "")")
        let pkgApply = await reconciler.apply(extra, fleet: model, connector: try run.connector())
        #expect(pkgApply.cluster("strict-int")?.problem?.code == .fieldsDropped)
        let after = try #require(try await client.get(installRef))
        #expect(after[path: "metadata", "resourceVersion"] == before[path: "metadata", "resourceVersion"], "the PackageInstall was not written")
    }

    /// A Cluster API `Cluster` as peng renders it fits cluster-api's published v1beta1 schema; it is provisioned and
    /// judged ready by its conditions, phase and observedGeneration, and a re-run changes nothing.
    static func clusterClass(_ setup: SupervisorSetup) async throws {
        var fleet = StagedFleet("capi", clusters: [("capi-int", "integration")])
        fleet.clusterAPI = "clusterclass"
        fleet.nodePool = Self.nodePoolWithEverything
        fleet.clusterExtra = Self.clusterWithEverything
        fleet.network = Self.network
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = StagedRun(fleet: fleet, setup: setup)
        let (rendered, _) = try run.rendered()
        #expect(rendered.targets.flatMap(\.objects).contains { $0.kind == "Cluster" && $0.apiVersion == "cluster.x-k8s.io/v1beta1" })
        let applied = try await run.apply()
        #expect(!applied.failed, "\(applied.clusters.compactMap(\.problem))")
        let live = try #require(try await setup.supervisorClient().get(
            ObjectRef(apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster", namespace: fleet.vsphereNamespace, name: "capi-int")))
        #expect(live[path: "status", "phase"] == "Provisioned")
        let deployment = live[path: "spec", "topology", "workers", "machineDeployments"]?.arrayValue?.first
        #expect(deployment?["nodeDrainTimeout"] == "10m", "Cluster API's own field, kept by its schema")
        let overrides = deployment?[path: "variables", "overrides"]?.arrayValue ?? []
        #expect(overrides.contains { $0["name"] == "nodePoolLabels" && $0["value"] == [["key": "shop.example/pool", "value": "workers"], ["key": "tier", "value": "batch"]] })
        #expect(overrides.contains { $0["name"] == "nodePoolTaints" && $0["value"] == [["key": "shop.example/dedicated", "value": "batch", "effect": "NoSchedule"]] })
        #expect(overrides.contains { $0["name"] == "nodePoolVolumes" && $0["value"] == [Self.volume] })
        #expect(deployment?["failureDomain"] == "zone-a", "Cluster API's own field")
        let variables = live[path: "spec", "topology", "variables"]?.arrayValue ?? []
        #expect(variables.contains { $0["name"] == "storageClasses" && $0["value"] == ["vsan-default", "vsan-gold"] })
        #expect(live.annotations["run.tanzu.vmware.com/resolve-os-image"] == "os-name=ubuntu")
        try await Self.expectAntreaConfig("capi-int", namespace: fleet.vsphereNamespace, on: try setup.supervisorClient())
        #expect(Readiness.of(live) == .ready)
        #expect(RunningRelease.of(live)?.description == live[path: "spec", "topology", "version"]?.stringValue, "the running release from the topology")
        let again = try await run.plan()
        #expect(!again.hasPendingChanges && !again.failed, "\(again.clusters.compactMap(\.problem))")
    }
}

extension RenderedFleet {
    /// The same fleet with every object of one kind changed: a renderer input no validator would let through.
    func changing(kind: String, _ change: (inout JSONValue) -> Void) -> RenderedFleet {
        var copy = self
        for target in copy.targets.indices {
            for index in copy.targets[target].objects.indices where copy.targets[target].objects[index].kind == kind {
                change(&copy.targets[target].objects[index].body)
            }
        }
        return copy
    }
}
