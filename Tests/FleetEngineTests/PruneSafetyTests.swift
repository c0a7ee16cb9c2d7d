import FleetEngine
import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// Prune fails closed: a namespace is deleted only when peng saw everything in it, and one left alone stays recorded.
@Suite("prune fails closed")
struct PruneSafetyTests {
    typealias Safety = SafetyTests

    /// Gives group peng-scoped every right peng needs on a workload cluster except listing (and watching) Secrets:
    /// all verbs on every resource of every group the server serves, Secrets only get/create/update/patch/delete.
    static func grantAllButListingSecrets(_ admin: KubeClient) async throws {
        let groups = try await admin.servedGroups().filter { !$0.isEmpty }
        let core = try await admin.allNamespacedListableResources().filter { $0.groupVersion == "v1" }.map(\.name)
        var role = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "peng-test-no-secret-list")
        role["rules"] = [
            ["apiGroups": [""], "resources": .strings(core.filter { $0 != "secrets" } + ["namespaces"]), "verbs": ["*"]],
            ["apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "create", "update", "patch", "delete"]],
            ["apiGroups": .strings(groups), "resources": ["*"], "verbs": ["*"]],
        ]
        _ = try await admin.apply(role, force: true, fieldManager: "test-setup")
        var binding = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: "peng-test-no-secret-list")
        binding["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "peng-test-no-secret-list"]
        binding["subjects"] = [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "peng-scoped"]]
        _ = try await admin.apply(binding, force: true, fieldManager: "test-setup")
    }

    static func foreignSecret(_ namespace: String) -> KubeObject {
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "team-database", namespace: namespace)
        secret["stringData"] = ["password": "not-peng's"]
        return secret
    }

    @Test("a namespace whose Secrets peng may not list is not pruned: the Secret and the namespace survive, the plan says why, it stays recorded")
    func unlistableKindKeepsNamespace() async throws {
        let plane = try await SharedPlane.get()
        let admin = try plane.client()
        try await Self.grantAllButListingSecrets(admin)
        let fleet = "unlisted"
        let namespace = Safety.namespace("unlisted-ns", fleet: fleet)
        let config = Safety.configMap("settings", namespace: "unlisted-ns", fleet: fleet, data: ["a": "1"])
        let created = try await Safety.run("apply", [namespace, config], fleet: fleet, plane: plane)
        #expect(!created.failed, "\(created.errors)")
        let secret = try await admin.create(Self.foreignSecret("unlisted-ns"), fieldManager: "team-database")

        // The team left the fleet. peng, as a user that cannot list Secrets:
        let scoped = "\(plane.context)-scoped"
        let plan = try await Safety.run("plan", [], fleet: fleet, plane: plane, context: scoped)
        let held = try #require(plan.change("Namespace", nil, "unlisted-ns"))
        #expect(held.action == .skipped)
        #expect(held.reason == .namespaceUnchecked)
        #expect(held.message?.contains("cannot list secrets in namespace unlisted-ns: forbidden") == true, "\(held)")
        #expect(held.hint?.contains("grant peng list on secrets or delete the namespace by hand") == true, "\(held)")
        #expect(plan.change("ConfigMap", "unlisted-ns", "settings")?.action == .prune)

        let applied = try await Safety.run("apply", [], fleet: fleet, plane: plane, context: scoped)
        #expect(applied.change("Namespace", nil, "unlisted-ns")?.action == .skipped)
        #expect(applied.change("ConfigMap", "unlisted-ns", "settings")?.action == .prune)
        #expect(try await admin.get(secret.ref) != nil, "the foreign Secret survives")
        let live = try #require(try await admin.get(namespace.ref))
        #expect(live[path: "metadata", "deletionTimestamp"] == nil, "the namespace was not deleted")
        let inventory = try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: admin)
        #expect(inventory.refs == [namespace.ref], "the held namespace stays recorded, the pruned ConfigMap does not")
    }

    @Test("a namespace kept for a foreign object stays recorded, and the next apply after that object is gone prunes it")
    func foreignObjectThenPrune() async throws {
        let plane = try await SharedPlane.get()
        let admin = try plane.client()
        let fleet = "inuse"
        let namespace = Safety.namespace("inuse-ns", fleet: fleet)
        _ = try await Safety.run("apply", [namespace], fleet: fleet, plane: plane)
        let foreign = try await admin.create(Self.foreignSecret("inuse-ns"), fieldManager: "team-database")

        let kept = try await Safety.run("apply", [], fleet: fleet, plane: plane)
        let change = try #require(kept.change("Namespace", nil, "inuse-ns"))
        #expect(change.action == .skipped && change.reason == .namespaceInUse)
        #expect(change.message?.contains("Secret/inuse-ns/team-database") == true, "\(change)")
        #expect(try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: admin).refs == [namespace.ref])

        try await admin.delete(foreign.ref)
        let pruned = try await Safety.run("apply", [], fleet: fleet, plane: plane)
        #expect(pruned.change("Namespace", nil, "inuse-ns")?.action == .prune, "\(pruned.changes)")
        let live = try await admin.get(namespace.ref)
        #expect(live == nil || live?[path: "metadata", "deletionTimestamp"] != nil, "deleted (this server has no namespace controller to finish it)")
        let inventory = try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: admin)
        #expect(!inventory.refs.contains(namespace.ref))
    }

    @Test("a kind peng may not list stops the plan: nothing applied, nothing pruned, nothing forgotten")
    func unreadableObjectStaysRecorded() async throws {
        let plane = try await SharedPlane.get()
        let admin = try plane.client()
        try await Self.grantAllButListingSecrets(admin)
        let fleet = "unreadable"
        let namespace = Safety.namespace("unreadable-ns", fleet: fleet)
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "token", namespace: "unreadable-ns",
                                labels: Safety.labels(fleet, "\(fleet)-c1"))
        secret["stringData"] = ["token": "abc"]
        _ = try await Safety.run("apply", [namespace, secret], fleet: fleet, plane: plane)

        // Without list on Secrets, the plan's label-selected LIST fails: the plan is incomplete and nothing happens.
        let scoped = try await Safety.run("apply", [namespace], fleet: fleet, plane: plane, context: "\(plane.context)-scoped")
        #expect(scoped.failed)
        #expect(scoped.errors.contains { $0.code == EngineError.Code(.forbidden) }, "\(scoped.errors)")
        #expect(try await admin.get(secret.ref) != nil)
        #expect(try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: admin).refs == [namespace.ref, secret.ref])
    }
}
