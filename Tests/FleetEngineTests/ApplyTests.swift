import FleetEngine
import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// Create, converge, change, drift and prune against a real kube-apiserver.
@Suite("apply and plan against a real API server")
struct ApplyTests {
    @Test("a new fleet is created in full and recorded in the inventory")
    func create() async throws {
        let plane = try await SharedPlane.get()
        let fixture = SmallFleet("create", context: plane.context, teams: [("alpha", ["create-a1", "create-a2"])])
        let plan = try await fixture.plan(on: plane)
        #expect(plan.errors.isEmpty, "\(plan.errors)")
        #expect(plan.changes.allSatisfy { $0.action == .create }, "\(plan.changes.map { "\($0.ref) \($0.action)" })")
        let applied = try await fixture.apply(on: plane)
        #expect(!applied.failed, "\(applied.errors) \(applied.changes.filter { $0.message != nil }.map { "\($0.ref): \($0.message!)" })")
        #expect(applied.count(.create) == plan.changes.count)

        let client = try plane.client()
        let quota = try #require(try await client.get(ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "create-a1", name: "peng-quota")))
        #expect(quota[path: "spec", "hard", "requests.cpu"] == "4")
        #expect(quota.labels["app.kubernetes.io/managed-by"] == "peng")
        let managers = quota[path: "metadata", "managedFields"]?.arrayValue?.compactMap { $0["manager"]?.stringValue } ?? []
        #expect(managers == ["peng"])
        let inventory = try await Inventory.load(fleet: "create", cluster: fixture.clusterName, from: client)
        #expect(inventory.refs.count == plan.changes.count)
        #expect(inventory.refs.contains(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "create-a2")))
    }

    @Test("re-applying an unchanged fleet writes nothing: every resourceVersion stays")
    func reapplyChangesNothing() async throws {
        let plane = try await SharedPlane.get()
        let fixture = SmallFleet("again", context: plane.context, teams: [("alpha", ["again-a1"]), ("beta", ["again-b1"])])
        _ = try await fixture.apply(on: plane)
        let client = try plane.client()
        let before = try await resourceVersions(client, fleet: "again", cluster: fixture.clusterName)
        #expect(before.count > 10)
        let plan = try await fixture.plan(on: plane)
        #expect(plan.changes.allSatisfy { $0.action == .unchanged })
        let applied = try await fixture.apply(on: plane)
        #expect(applied.changes.allSatisfy { $0.action == .unchanged })
        let after = try await resourceVersions(client, fleet: "again", cluster: fixture.clusterName)
        #expect(after == before)
    }

    @Test("a change in the fleet is planned as configure with the field's diff, and applied")
    func fleetChange() async throws {
        let plane = try await SharedPlane.get()
        var fixture = SmallFleet("change", context: plane.context, teams: [("alpha", ["change-a1"])])
        _ = try await fixture.apply(on: plane)
        fixture.cpu = "8"
        let plan = try await fixture.plan(on: plane)
        let change = try #require(plan.change("ResourceQuota", "change-a1", "peng-quota"))
        #expect(change.action == .configure)
        #expect(change.diff == [FieldChange(path: "spec.hard.requests.cpu", old: "4", new: "8", sensitive: false)])
        #expect(plan.changes.filter { $0.action != .unchanged }.count == 1)
        let applied = try await fixture.apply(on: plane)
        #expect(applied.change("ResourceQuota", "change-a1", "peng-quota")?.action == .configure)
        let client = try plane.client()
        let quota = try await client.get(ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "change-a1", name: "peng-quota"))
        #expect(quota?[path: "spec", "hard", "requests.cpu"] == "8")
    }

    @Test("drift made by another field manager shows in the plan and apply restores it")
    func drift() async throws {
        let plane = try await SharedPlane.get()
        let fixture = SmallFleet("drift", context: plane.context, teams: [("alpha", ["drift-a1"])])
        _ = try await fixture.apply(on: plane)
        let client = try plane.client()
        let ref = ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "drift-a1", name: "peng-quota")
        var quota = try #require(try await client.get(ref))
        quota["spec"] = ["hard": ["requests.cpu": "99", "requests.memory": "1Gi", "pods": "10"]]
        _ = try await client.update(quota, fieldManager: "kubectl-edit")

        let plan = try await fixture.plan(on: plane)
        let change = try #require(plan.change("ResourceQuota", "drift-a1", "peng-quota"))
        #expect(change.action == .configure)
        #expect(change.diff.contains(FieldChange(path: "spec.hard.requests.cpu", old: "99", new: "4", sensitive: false)))
        let applied = try await fixture.apply(on: plane)
        #expect(applied.change("ResourceQuota", "drift-a1", "peng-quota")?.action == .configure)
        #expect(try await client.get(ref)?[path: "spec", "hard", "requests.cpu"] == "4")
        #expect(try await fixture.plan(on: plane).changes.allSatisfy { $0.action == .unchanged })
    }

    @Test("an object removed from the fleet is pruned, and leaves the inventory")
    func prune() async throws {
        let plane = try await SharedPlane.get()
        var fixture = SmallFleet("prune", context: plane.context, teams: [("alpha", ["prune-a1", "prune-a2"])])
        _ = try await fixture.apply(on: plane)
        fixture.teams = [("alpha", ["prune-a1"])]
        let plan = try await fixture.plan(on: plane)
        let pruned = plan.changes.filter { $0.action == .prune }.map(\.ref)
        #expect(pruned.contains(ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "prune-a2", name: "peng-quota")))
        #expect(pruned.contains(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "prune-a2")))
        #expect(!pruned.contains { $0.namespace == "prune-a1" || $0.name == "prune-a1" })
        let applied = try await fixture.apply(on: plane)
        #expect(!applied.failed, "\(applied.changes.filter { $0.message != nil }.map { "\($0.ref): \($0.message!)" })")
        let client = try plane.client()
        #expect(try await client.get(ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "prune-a2", name: "peng-quota")) == nil)
        let namespace = try await client.get(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "prune-a2"))
        // Without a namespace controller a deleted namespace stays Terminating; the delete was issued.
        #expect(namespace == nil || namespace?[path: "status", "phase"] == "Terminating")
        let inventory = try await Inventory.load(fleet: "prune", cluster: fixture.clusterName, from: client)
        #expect(!inventory.refs.contains { $0.namespace == "prune-a2" || $0.name == "prune-a2" })
        #expect(inventory.refs.contains(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "prune-a1")))
    }

    @Test("prune never deletes what peng does not own: a namespace holding a foreign object, an object that lost its labels")
    func neverDeletesForeign() async throws {
        let plane = try await SharedPlane.get()
        var fixture = SmallFleet("foreign", context: plane.context, teams: [("alpha", ["foreign-a1"]), ("beta", ["foreign-b1"])])
        _ = try await fixture.apply(on: plane)
        let client = try plane.client()
        // Someone else's ConfigMap in a peng namespace.
        var theirs = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "team-notes", namespace: "foreign-a1")
        theirs["data"] = ["note": "mine"]
        _ = try await client.create(theirs, fieldManager: "someone")
        // A peng object deleted and re-created by someone else, without peng's labels.
        let quotaRef = ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "foreign-b1", name: "peng-quota")
        try await client.delete(quotaRef)
        var quota = KubeObject(apiVersion: "v1", kind: "ResourceQuota", name: "peng-quota", namespace: "foreign-b1")
        quota["spec"] = ["hard": ["pods": "3"]]
        _ = try await client.create(quota, fieldManager: "someone")

        fixture.teams = []
        var options = EngineOptions()
        options.allowMassPrune = true
        let applied = try await fixture.apply(on: plane, options: options)
        let namespaceChange = try #require(applied.change("Namespace", nil, "foreign-a1"))
        #expect(namespaceChange.action == .skipped)
        #expect(namespaceChange.message?.contains("ConfigMap/foreign-a1/team-notes") == true)
        #expect(try await client.get(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "foreign-a1"))?[path: "status", "phase"] == "Active")
        #expect(try await client.get(theirs.ref) != nil)
        #expect(applied.change("ResourceQuota", "foreign-b1", "peng-quota")?.action == .skipped)
        #expect(try await client.get(quotaRef)?[path: "spec", "hard", "pods"] == "3")
    }

    @Test("pruning most of a target is refused without --allow-mass-prune, and nothing is deleted")
    func massPruneGuard() async throws {
        let plane = try await SharedPlane.get()
        var fixture = SmallFleet("mass", context: plane.context, teams: [("alpha", ["mass-a1", "mass-a2"]), ("beta", ["mass-b1"])])
        let created = try await fixture.apply(on: plane)
        #expect(created.count(.create) > 20)
        fixture.teams = []
        let plan = try await fixture.plan(on: plane)
        #expect(plan.errors.contains { $0.code == .massPruneRefused && $0.message.contains("refusing to prune")
            && $0.hint?.contains("--allow-mass-prune") == true })
        #expect(plan.count(.prune) == 0)
        let refused = try await fixture.apply(on: plane)
        #expect(refused.failed)
        let client = try plane.client()
        #expect(try await client.get(ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "mass-a1", name: "peng-quota")) != nil)
        var options = EngineOptions()
        options.allowMassPrune = true
        let allowed = try await fixture.apply(on: plane, options: options)
        #expect(allowed.count(.prune) == created.count(.create), "\(allowed.changes.filter { $0.action != .prune }.map { "\($0.ref) \($0.action) \($0.message ?? "")" })")
        #expect(try await client.get(ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: "mass-a1", name: "peng-quota")) == nil)
    }
}
