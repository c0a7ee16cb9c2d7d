@testable import FleetEngine
import FleetModel
import FleetRender
import FleetRepository
import KubeClient
import SupervisorSimulator
import Testing
import TestHarness

/// A cluster installs only what its package repository offers. With the simulator's kapp-controller publishing an
/// offer as `Package` objects (data.packaging.carvel.dev, on real API servers), peng's plan refuses a pinned version
/// that is not on offer, or whose Kubernetes constraints exclude the cluster's release, before anything is applied;
/// status says why the extension cannot reconcile; and kapp-controller itself leaves such a PackageInstall failed.
@Suite("the package repository's offer")
struct PackageOfferPlanTests {
    static let offer = [
        OfferedPackage(refName: Packaging.prometheus, version: "2.45.0+vmware.1-tkg.2", kubernetes: ">=1.25.0 <1.30.0", releasedAt: "2023-10-02T00:00:00Z"),
        OfferedPackage(refName: Packaging.prometheus, version: "2.47.0+vmware.1-tkg.1", kubernetes: ">=1.28.0", releasedAt: "2024-03-01T00:00:00Z"),
    ]

    @Test("a pinned version not on offer, or one for a newer Kubernetes: a failed change naming the versions on offer in plan, nothing written by apply, 'blocked' in status; kapp-controller fails such an install with its message; on a new cluster, apply checks once the repository is reconciled")
    func offer() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500), packages: Self.offer)
        try await stopping(setup) { setup in
            try await Self.offer(setup)
            try await Self.newCluster(setup)
        }
    }

    static func pinning(_ version: String, _ fleet: StagedFleet) -> StagedFleet {
        var fleet = fleet
        fleet.extensionCatalog = """
                - name: prometheus
                  package: prometheus.tanzu.vmware.com
                  versions: [{version: \(version), kubernetes: ">=1.25 <1.30"}]
            """
        return fleet
    }

    static func offer(_ setup: SupervisorSetup) async throws {
        let fleet = StagedFleet("offer", clusters: [("offer-int", "integration")])
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = StagedRun(fleet: fleet, setup: setup)
        let applied = try await run.apply()
        #expect(!applied.failed, "the offered version installs: \(applied.clusters.compactMap(\.problem))")
        let client = try await run.workloadClient("offer-int")
        let published = try await client.list(apiVersion: PackageOffer.apiVersion, kind: "Package", namespace: Packaging.namespace)
        #expect(published.compactMap(OfferedPackage.init).sorted { $0.version < $1.version } == Self.offer, "the reconciled repository published its offer")
        let installRef = ObjectRef(apiVersion: Packaging.apiVersion, kind: "PackageInstall", namespace: Packaging.namespace, name: "prometheus")
        let before = try #require(try await client.get(installRef))

        // Not on offer: the plan says so with what is, apply writes nothing on the cluster, status says why.
        let missing = StagedRun(fleet: pinning("2.46.0+vmware.1-tkg.1", fleet), setup: setup)
        let plan = try await missing.plan()
        let change = try #require(plan.cluster("offer-int")?.onCluster?.changes.first { $0.ref == installRef })
        #expect(change.action == .failed)
        #expect(change.error?.code == .packageNotOffered)
        #expect(change.message == "prometheus.tanzu.vmware.com 2.46.0+vmware.1-tkg.1 is not offered by package repository 'tanzu-standard'")
        #expect(change.hint == "it offers 2.47.0+vmware.1-tkg.1, 2.45.0+vmware.1-tkg.2; pin one of them in the Platform's extension catalog, or update the repository")
        #expect(plan.failed)
        let refused = try await missing.apply()
        #expect(refused.failed)
        #expect(refused.cluster("offer-int")?.problem?.code == .packageNotOffered)
        let after = try #require(try await client.get(installRef))
        #expect(after[path: "metadata", "resourceVersion"] == before[path: "metadata", "resourceVersion"], "the PackageInstall was not written")
        let (validated, rendered) = try FleetPipeline.atFixtureDate.valid(try missing.fleet.write())
        let status = await EngineSession(fleet: validated, rendered: rendered, options: StagedRun.options()).status(connector: try missing.connector())
        let row: ClusterStatus? = status.first { $0.cluster == "offer-int" }
        let prometheus = try #require(row?.extensions.first { $0.name == "prometheus" })
        #expect(prometheus.state == "blocked: \(change.message ?? "")")
        #expect(prometheus.installedVersion == "2.45.0+vmware.1-tkg.2" && !prometheus.healthy)

        // On offer, but for Kubernetes 1.28 and later: the cluster runs the fleet's 1.27 release.
        let newer = try await StagedRun(fleet: pinning("2.47.0+vmware.1-tkg.1", fleet), setup: setup).plan()
        let excluded = try #require(newer.cluster("offer-int")?.onCluster?.changes.first { $0.ref == installRef })
        #expect(excluded.error?.code == .packageNotOffered)
        #expect(excluded.message == "prometheus.tanzu.vmware.com 2.47.0+vmware.1-tkg.1 does not install on Kubernetes v1.27.11+vmware.1-tkg.2: the package asks for Kubernetes >=1.28.0")

        // kapp-controller's own answer to an install peng did not plan (another tool wrote it).
        for (name, version, details) in [("stray-missing", "2.46.0+vmware.1-tkg.1", "all=2 -> after-constraints-filter=0 -> after-kubernetes-version-check=0"),
                                         ("stray-newer", "2.47.0+vmware.1-tkg.1", "all=2 -> after-constraints-filter=1 -> after-kubernetes-version-check=0")] {
            var stray = KubeObject(apiVersion: Packaging.apiVersion, kind: "PackageInstall", name: name, namespace: Packaging.namespace)
            stray["spec"] = ["serviceAccountName": "peng-package-installer",
                             "packageRef": ["refName": .string(Packaging.prometheus), "versionSelection": ["constraints": .string(version)]]]
            _ = try await client.apply(stray, force: true, fieldManager: "another-tool")
            let failed = try await Self.reconciled(stray.ref, client: client)
            #expect(Readiness.of(failed) == .failed("Expected to find at least one version, but did not (details: \(details))"), "\(failed[path: "status"]?.jsonString() ?? "")")
            _ = try await client.delete(stray.ref)
        }

        // An offer that cannot be read (a kapp-controller older than the Package API): the plan goes on without the check
        // and says, on the cluster's change set, what it did not check and why.
        let packageAPI = ObjectRef(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", namespace: nil, name: "packages.data.packaging.carvel.dev")
        _ = try await client.delete(packageAPI)
        for _ in 0..<3000 {  // until the API server no longer serves it; bounded for a hang only
            let fresh = try await run.workloadClient("offer-int")
            do { _ = try await fresh.resource(apiVersion: PackageOffer.apiVersion, kind: "Package") } catch { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let unread = try #require(try await missing.plan().cluster("offer-int")?.onCluster)
        #expect(unread.notes == ["the package repository's offer in namespace peng-packages could not be read (the API server does not serve Package (data.packaging.carvel.dev/v1alpha1)): its PackageInstalls' versions are not checked before apply; kapp-controller still refuses a version it does not offer"])
        #expect(unread.changes.first { $0.ref == installRef }?.action == .configure, "not judged: the version change is planned")
    }

    /// A new cluster: its plan cannot read an offer (the repository is not there yet), so apply reconciles the
    /// repository in a phase of its own, then judges the installs before writing them.
    static func newCluster(_ setup: SupervisorSetup) async throws {
        let fleet = pinning("2.46.0+vmware.1-tkg.1", StagedFleet("fresh", clusters: [("fresh-int", "integration")]))
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let run = StagedRun(fleet: fleet, setup: setup)
        let applied = try await run.apply()
        #expect(applied.failed)
        let changes = try #require(applied.cluster("fresh-int")?.onCluster?.changes)
        let install = try #require(changes.first { $0.ref.kind == "PackageInstall" })
        #expect(install.error?.code == .packageNotOffered, "\(install)")
        #expect(install.message == "prometheus.tanzu.vmware.com 2.46.0+vmware.1-tkg.1 is not offered by package repository 'tanzu-standard'")
        #expect(changes.first { $0.ref.kind == "PackageRepository" }?.action == .create, "the repository was applied and reconciled first")
        let client = try await run.workloadClient("fresh-int")
        #expect(try await client.get(install.ref) == nil, "the install was never written")
        let again = try await run.plan()
        #expect(again.cluster("fresh-int")?.onCluster?.changes.first { $0.ref == install.ref }?.error?.code == .packageNotOffered,
                "now that the repository is there, the plan says it too")
    }

    /// Until kapp-controller (the simulator) reports on the object's current generation; bounded for a hang only.
    static func reconciled(_ ref: ObjectRef, client: KubeClient) async throws -> KubeObject {
        for _ in 0..<3000 {
            if let object = try await client.get(ref) {
                if case .progressing = Readiness.of(object) {} else { return object }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(ref) was not reconciled within 300 s")
        throw KubeError(.unexpected, "\(ref) was not reconciled within 300 s")
    }
}
