import FleetModel
import FleetService
import Foundation
import KubeClient
import Testing
import TestHarness

/// Two `peng serve` replicas on one Lease: the leader is killed with SIGKILL in the middle of an apply; the other
/// takes the lease once it expires, finishes the rollout, and the fleet converges with a complete inventory. The
/// notices the killed leader delivered (recorded in the history) are not sent again by the replica that took over. (A
/// notice in flight when a leader stops may be lost: at most once.)
@Suite(.serialized)
struct FailoverTests {
    @Test func theOtherReplicaFinishesAfterTheLeaderIsKilled() async throws {
        // Each cluster becomes ready 8 s after it is created: the leader is killed within that wait.
        let setup = try await SupervisorSetup(pool: 2, delay: .seconds(8))
        let receiver = try await NoticeReceiver()
        try await stopping(receiver) { receiver in try await stopping(setup) { setup in
            var fleet = StagedFleet("fo", clusters: [("fo-int", "integration"), ("fo-prd", "production")])
            fleet.platformExtra = """
                  notifications:
                    receivers: [{name: hook, type: webhook, endpoint: "\(receiver.url)/hook-open", events: [applied]}]

                """
            try await ServeTests.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
            let (origin, head) = try await ServeTests.repository(fleet)
            let tokens = try TestTokens(planes: setup.planes)
            let first = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin, extra: ["--identity", "replica-a"]))
            let second = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin, extra: ["--identity", "replica-b"]))
            let replicas = ["replica-a": first, "replica-b": second]

            // Whoever leads starts applying; it is killed as soon as the integration cluster exists on the Supervisor,
            // while the apply waits for it to become ready.
            let supervisor = try setup.supervisorClient()
            let integration = ObjectRef(apiVersion: ClusterKinds.tanzu.apiVersion, kind: ClusterKinds.tanzu.kind, namespace: fleet.vsphereNamespace, name: "fo-int")
            let deadline = ContinuousClock.now + .seconds(900)  // only a real hang reaches it
            while try await supervisor.get(integration) == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            // The leader has told the receiver that integration is being applied, and recorded it in the history.
            let pending = "hook:applied/\(head)/integration//pending"
            let stored = HistoryStore(client: supervisor, namespace: "peng-system", name: "peng-history")
            func recorded() async throws -> Bool {
                try await stored.load().contains { $0.commit.sha == head && ($0.notified ?? []).contains(pending) }
            }
            while try await !recorded(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(try receiver.requests().map { "\($0["stage"] ?? "") \($0["result"] ?? "")" }.contains("integration pending"))
            let lease = ObjectRef(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "peng-system", name: "peng")
            let leaderName = try #require(try await supervisor.get(lease)?[path: "spec", "holderIdentity"]?.stringValue)
            let leader = try #require(replicas[leaderName]), follower = leader === first ? second : first
            leader.running.signal(SIGKILL)
            let killed = ContinuousClock.now
            _ = await leader.running.finished()

            // The other replica takes over once the lease has expired, and finishes the rollout.
            try await follower.waitForFleet(token: tokens.admin, "the other replica leading") { $0["leader"]?.boolValue == true }
            let takeover = ContinuousClock.now - killed
            let record = try await follower.waitForOutcome("applied", of: head, token: tokens.admin)
            #expect(record["trigger"] == "takeover")
            #expect(record["replica"]?.stringValue != leaderName)
            let history = try await follower.get("/api/v1/revisions", token: tokens.admin).json?.arrayValue ?? []
            #expect(history.contains { $0["replica"]?.stringValue == leaderName && $0["outcome"] == "applying" },
                    "the killed leader's record stays as it left it: \(history)")
            #expect(takeover >= .seconds(10), "the lease (15 s) had to expire first: took \(takeover)")
            print("failover: leader killed -> other replica leading in \(takeover)")

            // Converged: a plan of the same revision changes nothing, so every object is there and recorded.
            let plan = try await PengBinary.run(["plan", origin.path, "--kubeconfig", setup.planes.kubeconfigPath, "--context", "dc1=\(setup.supervisorContext)",
                                                 "--detailed-exitcode", "--today", "2026-11-27"])
            #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")

            // Each notice of the rollout arrived once: the pending integration notice was not sent again.
            let notices = try await receiver.waitFor("production applied") { $0.contains { $0["stage"] == "production" && $0["result"] == "success" } }
                .map { "\($0["event"] ?? "") \($0["stage"] ?? "") \($0["result"] ?? "")" }
            #expect(notices.count == Set(notices).count, "none told twice: \(notices)")
            #expect(notices.first == "applied integration pending" && notices.last == "applied production success", "\(notices)")
            for request in try receiver.requests() { #expect(request.problems.isEmpty, "\(request.path): \(request.problems)") }
            follower.running.signal(SIGTERM)
            _ = await follower.running.finished()
        } }
    }
}
