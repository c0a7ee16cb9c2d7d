@testable import FleetEngine
import FleetModel
import KubeClient
import SupervisorSimulator
import Testing
import TestHarness

/// A cluster uses only what its vSphere Namespace is given: the VM classes bound to it and the storage classes assigned
/// to it, as the Supervisor publishes them (the simulator plays vCenter's namespace: namespaced VirtualMachineClass
/// objects and the storage ResourceQuota), and a new cluster only a release the Supervisor offers. On real API servers.
@Suite("the vSphere Namespace's VM classes, storage classes and releases")
struct NamespaceBindingTests {
    static let offered = "v1.27.11+vmware.1-tkg.2"

    @Test("a VM class or storage class not bound to the namespace, or a release the Supervisor does not offer, is a blocker naming it and the namespace in plan and apply, and nothing of that cluster is written; what is bound provisions")
    func bindings() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(500), releases: [(Self.offered, true)])
        try await stopping(setup) { setup in
            var fleet = StagedFleet("bind", clusters: [("bind-int", "integration")])
            try await setup.createVSphereNamespace(fleet.vsphereNamespace, vmClasses: ["best-effort-small", "best-effort-medium"],
                                                   storageClasses: ["vsan-default"])
            let supervisor = try setup.supervisorClient()
            let published = try await supervisor.list(apiVersion: ClusterKinds.vmClass.apiVersion, kind: ClusterKinds.vmClass.kind,
                                                      namespace: fleet.vsphereNamespace)
            #expect(published.map(\.name).sorted() == ["best-effort-medium", "best-effort-small"], "vCenter's namespace, as the Supervisor serves it")

            // Unbound classes: both named, with what is bound, in plan and in apply; nothing is created.
            fleet.nodePool = "{name: workers, replicas: 1, vmClass: best-effort-large, storageClass: vsan-gold}"
            let unbound = StagedRun(fleet: fleet, setup: setup)
            for report in [try await unbound.plan(), try await unbound.apply()] {
                #expect(report.failed)
                let errors = try #require(report.cluster("bind-int")?.onSupervisor?.errors)
                #expect(errors.map(\.code) == [.notBoundToNamespace, .notBoundToNamespace])
                #expect(errors.map(\.message) == [
                    "cluster 'bind-int' uses VM class 'best-effort-large', which is not bound to vSphere Namespace 'bind-vns' on Supervisor 'dc1'",
                    "cluster 'bind-int' uses storage class 'vsan-gold', which is not assigned to vSphere Namespace 'bind-vns' on Supervisor 'dc1'",
                ])
                #expect(errors.map(\.hint) == [
                    "bound there: best-effort-medium, best-effort-small; bind it to the namespace in vCenter (Namespaces, VM Service, Manage VM classes) or use one of those",
                    "assigned there: vsan-default; add its storage policy to the namespace in vCenter (Namespaces, Storage) or use one of those",
                ])
            }
            #expect(try await supervisor.get(unbound.clusterRef("bind-int")) == nil, "the refused cluster was never written")

            // A release the Supervisor does not offer: a new cluster cannot be created at it.
            var newer = fleet
            newer.nodePool = "{name: workers, replicas: 1, vmClass: best-effort-small, storageClass: vsan-default}"
            newer.releases = "[{version: v1.28.8+vmware.1-tkg.1, state: supported}]"
            newer.kubernetes = ["bind-int": "v1.28"]
            let notOffered = try #require(try await StagedRun(fleet: newer, setup: setup).plan().cluster("bind-int")?.onSupervisor?.errors)
            #expect(notOffered.map(\.code) == [.releaseNotOffered])
            #expect(notOffered.first?.message == "cluster 'bind-int' cannot be created: Supervisor 'dc1' does not offer v1.28.8+vmware.1-tkg.1")
            #expect(notOffered.first?.hint == "it offers: \(Self.offered); add the release to its content library first")

            // What is bound and offered: no blocker, and the cluster is provisioned.
            var bound = fleet
            bound.nodePool = "{name: workers, replicas: 1, vmClass: best-effort-medium, storageClass: vsan-default}"
            let applied = try await StagedRun(fleet: bound, setup: setup).apply()
            #expect(!applied.failed, "\(applied.clusters.compactMap(\.problem))")
            #expect(applied.cluster("bind-int")?.notes.isEmpty == true, "everything was read and checked")
            #expect(try await supervisor.get(unbound.clusterRef("bind-int")) != nil)
        }
    }
}
