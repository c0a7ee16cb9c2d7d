import FleetModel
import FleetService
import Foundation
import KubeClient
import Testing
import TestHarness

/// Leader election against a real API server: one holder at a time, a released lease is taken at once, and a
/// leader that can no longer renew steps down before its lease could pass to anyone else.
@Suite(.serialized)
struct LeaseElectorTests {
    static func client(_ plane: LocalControlPlane) throws -> KubeClient {
        var options = KubeClient.Options()
        options.requestTimeout = .seconds(5)
        options.attempts = 1
        return try plane.client(options: options)
    }

    @Test func oneHolderAtATimeAndAReleasedLeaseIsTakenAtOnce() async throws {
        let plane = try await LocalControlPlane.start(name: "lease")
        try await stopping(plane) { plane in
            _ = try await plane.client().apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: "peng-system"), fieldManager: "test")
            let first = LeaseElector(client: try Self.client(plane), namespace: "peng-system", name: "peng", identity: "first")
            let second = LeaseElector(client: try Self.client(plane), namespace: "peng-system", name: "peng", identity: "second")
            await first.attemptUntilLeading()
            await second.attempt()
            let firstLeads = await first.isLeader, secondLeads = await second.isLeader
            #expect(firstLeads && !secondLeads)
            let leaseRef = ObjectRef(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "peng-system", name: "peng")
            #expect(try await plane.client().get(leaseRef)?[path: "spec", "holderIdentity"] == "first")
            await first.attempt()
            #expect(await first.isLeader, "renewed")
            await first.release()
            await second.attemptUntilLeading()
            #expect(await second.isLeader, "a released lease is free at once")
            await first.attempt()
            let firstLeadsAgain = await first.isLeader
            #expect(!firstLeadsAgain)
            let lease = try #require(try await plane.client().get(ObjectRef(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "peng-system", name: "peng")))
            #expect(lease[path: "spec", "leaseTransitions"] == 1)
        }
    }

    @Test func aLeaderThatCannotRenewStepsDownBeforeItsLeaseRunsOut() async throws {
        let plane = try await LocalControlPlane.start(name: "lease-lost")
        try await stopping(plane) { plane in
            _ = try await plane.client().apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: "peng-system"), fieldManager: "test")
            var timing = LeaseElector.Timing()
            timing.leaseDuration = .seconds(120)  // what the others wait for; the step-down must come well before it
            let elector = LeaseElector(client: try Self.client(plane), namespace: "peng-system", name: "peng", identity: "leader", timing: timing)
            let changes = await elector.changes()
            let running = Task { await elector.run() }
            var iterator = changes.makeAsyncIterator()
            #expect(await iterator.next() == false)
            #expect(await iterator.next() == true)
            let renewedBefore = ContinuousClock.now
            try await plane.stopAPIServer()
            #expect(await iterator.next() == false, "it steps down")
            let held = ContinuousClock.now - renewedBefore
            #expect(held >= timing.renewDeadline - timing.retryPeriod, "not before the renew deadline: \(held)")
            #expect(held < timing.leaseDuration, "before the lease could pass to another replica: \(held)")
            running.cancel()
            _ = await running.value
        }
    }
}

/// The control keys fail closed.
@Suite(.serialized)
struct ControlKeyTests {
    @Test("a suspension key that cannot be read counts as a suspension, naming the ConfigMap, until it is written again")
    func unreadableSuspensionKeepsItSuspended() async throws {
        let plane = try await LocalControlPlane.start(name: "control-keys")
        try await stopping(plane) { try await Self.check($0) }
    }

    static func check(_ plane: LocalControlPlane) async throws {
        let client = try plane.client()
        _ = try await client.apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: "peng-system"), fieldManager: "test")
        var map = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "peng-history", namespace: "peng-system")
        map["data"] = ["suspension": "{not json"]
        _ = try await client.apply(map, fieldManager: "someone-by-hand")
        let store = HistoryStore(client: client, namespace: "peng-system", name: "peng-history")
        let suspension = try #require(try await store.control().suspension)
        #expect(suspension.suspended, "fail closed: nothing is applied")
        #expect(suspension.reason?.contains("the suspension key of ConfigMap peng-system/peng-history cannot be read") == true, "\(suspension)")

        try await store.save(Suspension(suspended: false, by: "alice", at: 10, reason: nil))
        #expect(try await store.control().suspension?.suspended == false, "resuming writes the key anew")
    }
}
