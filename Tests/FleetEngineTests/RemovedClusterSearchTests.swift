@testable import FleetEngine
import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// Finding the clusters that left the fleet with a credential bound only in vSphere Namespaces, as a TKGS namespace
/// user is: the search looks where it may, says what it could not see, and fails no plan for it.
@Suite("clusters removed from the fleet, searched with namespace-scoped rights")
struct RemovedClusterSearchTests {
    /// peng's record of a cluster on Supervisor dc1, in a vSphere Namespace.
    static func record(_ cluster: String, in namespace: String, fleet: String, on client: KubeClient) async throws {
        let location = Inventory.Location.supervisor(fleet: fleet, cluster: cluster, supervisor: "dc1", namespace: namespace, stage: "integration")
        try await Inventory(fleet: fleet, cluster: cluster, location: location).save(to: client)
    }

    @Test("forbidden to list across namespaces: the vSphere Namespaces the fleet names are searched, and notes say what was not")
    func namespaceScopedSearch() async throws {
        // A plane of its own: the engine suites' shared plane grants the test users rights across namespaces.
        try await stopping(try await LocalControlPlane.start(name: "rsearch")) { plane in
            let admin = try plane.client()
            let staged = StagedFleet("rsearch", clusters: [("rs-a", "integration"), ("rs-b", "integration")])
            var fleet = try UpgradeFixture.validated(staged).fleet
            fleet.clusters[1].vsphereNamespace = "rs-vns-b"
            let named = ["rsearch-vns", "rs-vns-b"]
            for namespace in named + ["rs-vns-gone"] {
                _ = try await admin.apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: namespace), force: true, fieldManager: "test")
            }
            try await Self.record("rs-a", in: "rsearch-vns", fleet: "rsearch", on: admin)
            try await Self.record("rs-old-a", in: "rsearch-vns", fleet: "rsearch", on: admin)
            try await Self.record("rs-old-b", in: "rs-vns-b", fleet: "rsearch", on: admin)
            try await Self.record("rs-old-gone", in: "rs-vns-gone", fleet: "rsearch", on: admin)

            // With rights across namespaces every record is found, and nothing is noted.
            let all = try await ClusterTarget.removed(from: "dc1", fleet: fleet, client: admin)
            #expect(all.targets.map(\.name) == ["rs-old-a", "rs-old-b", "rs-old-gone"])
            #expect(all.notes.isEmpty)

            // The scoped user may list ConfigMaps only in the first vSphere Namespace (a Role there, as TKGS binds
            // a namespace's users).
            var role = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", name: "peng-configmaps", namespace: "rsearch-vns")
            role["rules"] = [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "list"]]]
            _ = try await admin.apply(role, force: true, fieldManager: "test")
            var binding = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", name: "peng-configmaps", namespace: "rsearch-vns")
            binding["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "peng-configmaps"]
            binding["subjects"] = [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "peng-scoped"]]
            _ = try await admin.apply(binding, force: true, fieldManager: "test")
            let scoped = try plane.client(context: "\(plane.context)-scoped")
            await #expect(throws: KubeError.self) {
                _ = try await scoped.list(apiVersion: "v1", kind: "ConfigMap")
            }

            let partial = try await ClusterTarget.removed(from: "dc1", fleet: fleet, client: scoped)
            #expect(partial.targets.map(\.name) == ["rs-old-a"], "found where it may list, never the known cluster")
            #expect(partial.targets.first?.vsphereNamespace == "rsearch-vns")
            #expect(partial.notes.count == 2, "\(partial.notes)")
            #expect(partial.notes.contains { $0.contains("vSphere Namespace 'rs-vns-b' on Supervisor 'dc1'") && $0.contains("grant 'list' on configmaps in 'rs-vns-b'")
                && $0.contains("neither shown nor deleted") })
            #expect(partial.notes.contains { $0.contains("looked for only in the vSphere Namespaces the fleet names on Supervisor 'dc1' (rsearch-vns)")
                && $0.contains("grant 'list' on configmaps cluster-wide") })
        }
    }
}
