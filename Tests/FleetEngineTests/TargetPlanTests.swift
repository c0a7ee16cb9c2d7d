@testable import FleetEngine
import FleetModel
import FleetRender
import Foundation
import KubeClient
import Testing
import TestHarness

/// The plan is a value: what `Planner` decides is what `Applier` does, nothing re-decided in between.
@Suite("the plan as a value")
struct TargetPlanTests {
    typealias Safety = SafetyTests

    static func target(_ fleet: String, _ objects: [KubeObject]) -> RenderTarget {
        RenderTarget(kind: .workload, name: "\(fleet)-c1", stage: "integration", context: nil, objects: objects.sortedForApply())
    }

    static func plan(_ fleet: String, _ objects: [KubeObject], client: KubeClient) async -> TargetPlan {
        await Planner().plan(target(fleet, objects), fleet: fleet, client: client)
    }

    @Test("each desired object carries its change and what apply sends; recorded objects carry their prune decision; apply does exactly that")
    func planThenApply() async throws {
        let plane = try await SharedPlane.get()
        let client = try plane.client()
        let fleet = "valueplan"
        let namespace = Safety.namespace("valueplan-ns", fleet: fleet)
        let kept = Safety.configMap("kept", namespace: "valueplan-ns", fleet: fleet, data: ["a": "1"])
        let changed = Safety.configMap("changed", namespace: "valueplan-ns", fleet: fleet, data: ["b": "1"])
        let dropped = Safety.configMap("dropped", namespace: "valueplan-ns", fleet: fleet, data: ["c": "1"])
        let taken = Safety.configMap("taken", namespace: "valueplan-ns", fleet: fleet, data: ["d": "1"])
        _ = try await Safety.run("apply", [namespace, kept, changed, dropped, taken], fleet: fleet, plane: plane)
        // Another team takes one over: it loses this fleet's ownership labels.
        var theirs = try #require(try await client.get(taken.ref))
        theirs["metadata"]?["labels"] = ["team": "other"]
        _ = try await client.update(theirs, fieldManager: "other-team")
        let versionsBefore = try await resourceVersions(client, fleet: fleet, cluster: "\(fleet)-c1")

        let desired = [namespace, kept, Safety.configMap("changed", namespace: "valueplan-ns", fleet: fleet, data: ["b": "2"])]
        guard case .complete(let plan) = await Self.plan(fleet, desired, client: client) else {
            Issue.record("a readable target gives a complete plan")
            return
        }
        let byName = Dictionary(uniqueKeysWithValues: plan.objects.map { ($0.ref.name, $0) })
        #expect(plan.objects.map(\.ref) == desired.sortedForApply().map(\.ref), "the desired objects, in apply order")
        #expect(byName["valueplan-ns"]?.write == PlannedObject.Write.none)
        #expect(byName["valueplan-ns"]?.alreadyReady == true)
        #expect(byName["kept"]?.change.action == .unchanged)
        #expect(byName["kept"]?.write == PlannedObject.Write.none)
        #expect(byName["changed"]?.change.action == .configure)
        #expect(byName["changed"]?.write == .content)
        #expect(byName["changed"]?.change.diff.map(\.path) == ["data.b"])
        #expect(plan.prunes.count == 2, "\(plan.prunes)")
        #expect(plan.prunes.contains { if case .prune(dropped.ref, deletesCluster: false) = $0 { true } else { false } })
        #expect(plan.prunes.contains { if case .disown(let change) = $0 { change.ref == taken.ref && change.reason == .disowned } else { false } })
        #expect(plan.changeSet.changes.count == 5, "the shown plan is the objects' and the prunes' changes")

        let applied = await Applier().apply(.complete(plan), client: client)
        #expect(!applied.failed, "\(applied.errors)")
        let versionsAfter = try await resourceVersions(client, fleet: fleet, cluster: "\(fleet)-c1")
        #expect(versionsAfter["\(namespace.ref)"] == versionsBefore["\(namespace.ref)"], "an object planned as unchanged is not written")
        #expect(versionsAfter["\(kept.ref)"] == versionsBefore["\(kept.ref)"])
        #expect(try await client.get(changed.ref)?[path: "data", "b"] == "2")
        #expect(try await client.get(dropped.ref) == nil, "pruned as decided")
        #expect(try await client.get(taken.ref) != nil, "the disowned object is left alone")
        let recorded = try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: client)
        #expect(recorded.refs == Set(desired.map(\.ref)), "neither the pruned nor the disowned object stays recorded")
    }

    @Test("a plan whose inventory cannot be read is incomplete, and applying it writes nothing and says why")
    func incompletePlan() async throws {
        let plane = try await SharedPlane.get()
        let admin = try plane.client()
        let fleet = "incomplete"
        var refused = try plane.kubeconfig().connection(context: plane.context)
        refused.bearerToken = "not-a-token"
        let stranger = try KubeClient(connection: refused)
        let namespace = Safety.namespace("incomplete-ns", fleet: fleet)

        let plan = await Self.plan(fleet, [namespace], client: stranger)
        guard case .incomplete(let changes) = plan else {
            Issue.record("a plan whose inventory cannot be read must be incomplete")
            return
        }
        #expect(changes.changes.isEmpty)
        #expect(changes.errors.first?.status == 401, "\(changes.errors)")

        let applied = await Applier().apply(plan, client: admin)
        #expect(applied.failed)
        #expect(applied.errors.contains { $0.code == .planIncomplete }, "\(applied.errors)")
        #expect(applied.changes.isEmpty)
        #expect(try await admin.get(namespace.ref) == nil, "nothing was applied, even with a client that could")
        #expect(try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: admin).exists == false, "nothing was recorded")
    }
}
