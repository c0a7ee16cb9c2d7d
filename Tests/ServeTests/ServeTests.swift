import FleetModel
import FleetRepository
import FleetService
import Foundation
import KubeClient
import NIOHTTP1
import Testing
import TestHarness

/// `peng serve` as a user runs it: a real git repository, a real API server as management cluster and Supervisor
/// (with the simulator playing vSphere), the real TokenReview and SubjectAccessReview.
@Suite(.serialized)
struct ServeTests {
    /// A repository with the staged fleet; the test users' groups: peng-scoped views team shop, peng-limited nothing.
    static func repository(_ fleet: StagedFleet) async throws -> (URL, String) {
        let origin = try PengBinary.temporaryFolder().appendingPathComponent("origin")
        try fleet.write(to: origin)
        try edit(origin) { $0.replacingOccurrences(of: "owners: [GRP-SHOP]", with: "owners: [GRP-SHOP]\n  viewers: [peng-scoped]") }
        return (origin, try await TestGit.commitAll(origin))
    }

    static func edit(_ origin: URL, _ change: (String) -> String) throws {
        let file = origin.appendingPathComponent("fleet.yaml")
        try change(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
    }

    static func commit(_ origin: URL, _ message: String) async throws -> String {
        try await TestGit.run(["commit", "-qam", message], in: origin)
        return try await TestGit.run(["rev-parse", "HEAD"], in: origin)
    }

    static func arguments(_ setup: SupervisorSetup, origin: URL, extra: [String] = []) throws -> [String] {
        ["--repo", origin.path, "--interval", "2s", "--kubeconfig", setup.planes.kubeconfigPath, "--context", "dc1=\(setup.supervisorContext)",
         "--management-context", setup.supervisorContext, "--timeout", "600", "--cluster-timeout", "900", "--today", "2026-11-27"] + extra
    }

    static func prepareManagement(_ setup: SupervisorSetup, vsphereNamespace: String) async throws {
        try await setup.createVSphereNamespace(vsphereNamespace)
        try await setup.createVSphereNamespace("peng-system")
    }

    @Test func appliesEachCommitAndAnswersOnlyThoseAllowed() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500))
        try await stopping(setup) { setup in
            let fleet = StagedFleet("srv", clusters: [("srv-int", "integration"), ("srv-prd", "production")])
            try await Self.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
            let (origin, first) = try await Self.repository(fleet)
            let secretFile = try PengBinary.temporaryFolder().appendingPathComponent("webhook-secret")
            try "s3cret-hook\n".write(to: secretFile, atomically: true, encoding: .utf8)
            let tokens = try TestTokens(planes: setup.planes)
            let serve = try await ServeProcess.start(try Self.arguments(setup, origin: origin, extra: ["--webhook-secret-file", secretFile.path]))

            // The first commit is applied stage by stage and recorded.
            let applied = try await serve.waitForOutcome("applied", of: first, token: tokens.admin)
            #expect(applied[path: "stages"]?.arrayValue?.compactMap { $0["stage"]?.stringValue } == ["integration", "production"])
            let fleetView = try await serve.waitForFleet(token: tokens.admin, "status of the applied revision") {
                $0[path: "revision", "sha"]?.stringValue == first && $0["clusters"]?.arrayValue?.count == 2
                    && $0["clusters"]?.arrayValue?.allSatisfy { $0["healthy"]?.boolValue == true } == true
            }
            #expect(fleetView["leader"]?.boolValue == true)
            #expect(fleetView["seesFleet"]?.boolValue == true)
            #expect(try await setup.supervisorClient().get(ObjectRef(apiVersion: ClusterKinds.tanzu.apiVersion, kind: ClusterKinds.tanzu.kind,
                                                                     namespace: fleet.vsphereNamespace, name: "srv-prd")) != nil)

            // Probes need no token.
            #expect(try await serve.get("/healthz", token: nil).status == 200)
            #expect(try await serve.get("/readyz", token: nil).status == 200)

            // Who may see what: no token, a refused token, a user without rights, a team viewer.
            #expect(try await serve.get("/api/v1/fleet", token: nil).status == 401)
            #expect(try await serve.get("/api/v1/fleet", token: "not-a-token").status == 401)
            let limited = try await serve.get("/api/v1/fleet", token: tokens.limited)
            #expect(limited.status == 403, "\(limited.body)")
            let scoped = try await serve.get("/api/v1/fleet", token: tokens.scoped)
            #expect(scoped.status == 200)
            #expect(scoped.json?["seesFleet"]?.boolValue == false)
            #expect(scoped.json?["teams"] == ["shop"])
            #expect(try await serve.get("/metrics", token: tokens.scoped).status == 403)
            #expect(try await serve.request(.POST, "/api/v1/sync", token: tokens.scoped).status == 403, "a viewer may not sync")
            #expect(try await serve.get("/api/v1/fleet", token: nil).body.contains(tokens.admin) == false)
            #expect(!serve.running.stdout.contains(tokens.admin) && !serve.running.stderr.contains(tokens.admin), "tokens are never logged")

            // The history is on the management cluster, where another replica reads it.
            let history = try #require(try await setup.supervisorClient().get(ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: "peng-system", name: "peng-history")))
            #expect(history[path: "data", HistoryStore.key]?.stringValue?.contains(first) == true)

            // Webhooks: a wrong secret is refused and fetches nothing; the right one is accepted.
            let push = #"{"ref":"refs/heads/main"}"#
            #expect(try await serve.request(.POST, "/hooks/gitlab", token: nil, body: push, headers: [("X-Gitlab-Token", "wrong")]).status == 401)
            #expect(try await serve.request(.POST, "/hooks/github", token: nil, body: push, headers: [("X-Hub-Signature-256", "sha256=00")]).status == 401)
            let signature = "sha256=" + WebhookVerifier.signature(Array(push.utf8), secret: Array("s3cret-hook".utf8))
            #expect(try await serve.request(.POST, "/hooks/github", token: nil, body: push, headers: [("X-Hub-Signature-256", signature)]).status == 202)
            #expect(try await serve.request(.POST, "/hooks/gitlab", token: nil, body: push, headers: [("X-Gitlab-Token", "s3cret-hook")]).status == 202)

            // An invalid commit applies nothing: the last good revision stays, and API and metrics say so.
            try Self.edit(origin) { $0.replacingOccurrences(of: "supervisor: dc1\n  vsphereNamespace: srv-vns\n  kubernetes: v1.27\n", with: "supervisor: dc9\n  vsphereNamespace: srv-vns\n  kubernetes: v1.27\n") }
            let broken = try await Self.commit(origin, "point a cluster at a Supervisor that does not exist")
            let invalidView = try await serve.waitForFleet(token: tokens.admin, "the invalid commit") { $0[path: "invalid", "commit", "sha"]?.stringValue == broken }
            #expect(invalidView[path: "revision", "sha"]?.stringValue == first, "the last good revision stays")
            #expect(invalidView[path: "invalid", "diagnostics"]?.arrayValue?.first?["message"]?.stringValue?.contains("dc9") == true)
            #expect(try await serve.record(for: broken, token: tokens.admin)?["outcome"] == "invalid")
            let metricsFile = try PengBinary.temporaryFolder().appendingPathComponent("metrics.txt")
            // The pass that found the invalid commit is counted when it ends (after the status it collects).
            var text = ""
            let deadline = ContinuousClock.now + .seconds(900)  // only a real hang reaches it
            while !text.contains("peng_reconcile_total{result=\"invalid\"} 1"), ContinuousClock.now < deadline {
                text = try await serve.get("/metrics", token: tokens.admin).body
                try await Task.sleep(for: .milliseconds(200))
            }
            try text.write(to: metricsFile, atomically: true, encoding: .utf8)
            let metrics = try await PythonTools.check(["prometheus", metricsFile.path])
            let families = try #require(metrics["families"] as? [String: Any])
            for name in ["peng_reconcile", "peng_reconcile_duration_seconds", "peng_cluster_info", "peng_cluster_ready", "peng_drift_objects",
                         "peng_last_applied_timestamp_seconds", "peng_git_fetch_errors", "peng_leader", "peng_revision_invalid"] {
                #expect(families[name] != nil, "metric family \(name) in \(families.keys.sorted())")
            }
            #expect(Self.sample(families, "peng_revision_invalid") == 1)
            #expect(Self.sample(families, "peng_leader") == 1)
            #expect(Self.sample(families, "peng_cluster_info", labels: ["cluster": "srv-prd", "stage": "production", "supervisor": "dc1",
                                                                       "desired_version": "v1.27.11+vmware.1-tkg.2", "version": "v1.27.11+vmware.1-tkg.2"]) == 1)
            #expect((Self.sample(families, "peng_reconcile", labels: ["result": "invalid"]) ?? 0) >= 1)

            // A fix is applied; while suspended, the next commit is only loaded.
            try Self.edit(origin) { $0.replacingOccurrences(of: "supervisor: dc9", with: "supervisor: dc1").replacingOccurrences(of: "pods: 10}", with: "pods: 12}") }
            let fixed = try await Self.commit(origin, "fix the Supervisor; more pods")
            _ = try await serve.waitForOutcome("applied", of: fixed, token: tokens.admin)
            #expect(try await serve.request(.POST, "/api/v1/suspend", token: tokens.admin).status == 202)
            try Self.edit(origin) { $0.replacingOccurrences(of: "pods: 12}", with: "pods: 14}") }
            let frozen = try await Self.commit(origin, "more pods during a freeze")
            let suspendedView = try await serve.waitForFleet(token: tokens.admin, "the frozen commit loaded") { $0[path: "revision", "sha"]?.stringValue == frozen }
            #expect(suspendedView[path: "suspension", "suspended"]?.boolValue == true)
            #expect(try await serve.record(for: frozen, token: tokens.admin) == nil, "nothing applied while suspended")
            let planned = try await serve.get("/api/v1/commits/current/plan", token: tokens.admin)
            #expect(planned.status == 200)
            #expect(planned.body.contains("\"configure\""), "the plan shows the pending quota change")
            #expect(try await serve.request(.POST, "/api/v1/resume", token: tokens.admin).status == 202)
            _ = try await serve.waitForOutcome("applied", of: frozen, token: tokens.admin)

            // Every JSON answer matches docs/openapi.yaml.
            let answers = try PengBinary.temporaryFolder()
            func keep(_ operation: String, _ reply: ServeProcess.Reply, as kind: String = "json") throws {
                try reply.body.write(to: answers.appendingPathComponent("\(operation).\(reply.status).\(kind)"), atomically: true, encoding: .utf8)
            }
            try keep("healthz", try await serve.get("/healthz", token: nil), as: "txt")
            try keep("readyz", try await serve.get("/readyz", token: nil), as: "txt")
            try keep("metrics", try await serve.get("/metrics", token: tokens.admin), as: "txt")
            try keep("metrics", try await serve.get("/metrics", token: nil))
            try keep("suspend", try await serve.request(.POST, "/api/v1/suspend", token: tokens.admin))
            try keep("resume", try await serve.request(.POST, "/api/v1/resume", token: tokens.admin))
            try keep("gitlabPush", try await serve.request(.POST, "/hooks/gitlab", token: nil, body: push, headers: [("X-Gitlab-Token", "s3cret-hook")]))
            try keep("gitlabPush", try await serve.request(.POST, "/hooks/gitlab", token: nil, body: push, headers: [("X-Gitlab-Token", "wrong")]))
            try keep("getFleet", try await serve.get("/api/v1/fleet", token: tokens.admin))
            try keep("getCluster", try await serve.get("/api/v1/clusters/srv-int", token: tokens.admin))
            let revisions = try await serve.get("/api/v1/revisions", token: tokens.admin)
            try keep("listRevisions", revisions)
            let id = try #require(revisions.json?.arrayValue?.first?["id"]?.stringValue)
            try keep("getRevision", try await serve.get("/api/v1/revisions/\(id)", token: tokens.admin))
            try keep("planRevision", try await serve.get("/api/v1/commits/\(String(first.prefix(12)))/plan", token: tokens.admin))
            try keep("upgradePlan", try await serve.get("/api/v1/upgrade-plan", token: tokens.admin))
            try keep("sync", try await serve.request(.POST, "/api/v1/sync", token: tokens.admin))
            try keep("getFleet", try await serve.get("/api/v1/fleet", token: nil))
            try keep("getCluster", try await serve.get("/api/v1/clusters/nope", token: tokens.admin))
            try keep("githubPush", try await serve.request(.POST, "/hooks/github", token: nil, body: push, headers: [("X-Hub-Signature-256", "sha256=00")]))
            let openapi = try await PythonTools.check(["openapi", PengBinary.repositoryRoot.appendingPathComponent("docs/openapi.yaml").path, answers.path])
            #expect((openapi["checked"] as? [String])?.count == 18, "every operation checked, each answer once: \(openapi)")

            // SIGTERM: the lease is released at once and the process ends cleanly.
            serve.running.signal(SIGTERM)
            let ended = await serve.running.finished()
            #expect(ended.status == 0, "\(ended.stderr.suffix(2000))")
            let lease = try #require(try await setup.supervisorClient().get(ObjectRef(apiVersion: "coordination.k8s.io/v1", kind: "Lease", namespace: "peng-system", name: "peng")))
            #expect(lease[path: "spec", "holderIdentity"]?.stringValue == "")
        }
    }

    /// The value of the first sample of `family` whose labels include `labels`.
    static func sample(_ families: [String: Any], _ family: String, labels: [String: String] = [:]) -> Double? {
        let samples = (families[family] as? [String: Any])?["samples"] as? [[String: Any]] ?? []
        return samples.first { sample in
            let have = sample["labels"] as? [String: String] ?? [:]
            return labels.allSatisfy { have[$0.key] == $0.value } && !(sample["name"] as? String ?? "").hasSuffix("_created")
        }?["value"] as? Double
    }
}
