import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// Drift between commits: someone changes a live object; `reconcile.drift: correct` puts it back, `report` only
/// shows it (API and `peng_drift_objects`). Either way a webhook is told, once.
@Suite(.serialized)
struct DriftTests {
    static func workloadClient(_ setup: SupervisorSetup, cluster: String, namespace: String) async throws -> KubeClient {
        let secret = try #require(try await setup.supervisorClient().get(ClusterKinds.kubeconfigSecret(cluster: cluster, namespace: namespace)))
        let text = String(decoding: try #require(Data(base64Encoded: secret[path: "data", "value"]?.stringValue ?? "")), as: UTF8.self)
        return try KubeClient(connection: try Kubeconfig.parse(text, file: "published").connection())
    }

    /// Someone raises the team's pod quota by hand.
    static func tamper(_ client: KubeClient, namespace: String) async throws {
        let ref = ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: namespace, name: "peng-quota")
        var quota = try #require(try await client.get(ref))
        quota["spec"]?["hard"]?["pods"] = "99"
        _ = try await client.update(quota, fieldManager: "kubectl-edit")
    }

    static func pods(_ client: KubeClient, namespace: String) async throws -> String? {
        try await client.get(ObjectRef(apiVersion: "v1", kind: "ResourceQuota", namespace: namespace, name: "peng-quota"))?[path: "spec", "hard", "pods"]?.stringValue
    }

    func run(drift: String, _ body: (ServeProcess, KubeClient, TestTokens, String, NoticeReceiver) async throws -> Void) async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(500))
        let receiver = try await NoticeReceiver()
        try await stopping(receiver) { receiver in try await stopping(setup) { setup in
            var fleet = StagedFleet("dr\(drift.prefix(3))", clusters: [("dr\(drift.prefix(3))-int", "integration")])
            fleet.platformExtra = """
                  notifications:
                    receivers: [{name: hook, type: webhook, endpoint: "\(receiver.url)/hook-open", events: [drift-found, drift-corrected]}]

                """
            try await ServeTests.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
            let (origin, _) = try await ServeTests.repository(fleet)
            try ServeTests.edit(origin) { $0.replacingOccurrences(of: "  baseline:\n", with: "  reconcile: {drift: \(drift)}\n  baseline:\n") }
            let head = try await ServeTests.commit(origin, "drift: \(drift)")
            let tokens = try TestTokens(planes: setup.planes)
            let serve = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin))
            _ = try await serve.waitForOutcome("applied", of: head, token: tokens.admin)
            let cluster = fleet.clusters[0].name
            let client = try await Self.workloadClient(setup, cluster: cluster, namespace: fleet.vsphereNamespace)
            try await Self.tamper(client, namespace: "\(cluster)-app")
            try await body(serve, client, tokens, cluster, receiver)
            serve.running.signal(SIGTERM)
            _ = await serve.running.finished()
        } }
    }

    @Test func correctPutsTheObjectBack() async throws {
        try await run(drift: "correct") { serve, client, tokens, cluster, receiver in
            let deadline = ContinuousClock.now + .seconds(900)
            while try await Self.pods(client, namespace: "\(cluster)-app") != "10", ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(try await Self.pods(client, namespace: "\(cluster)-app") == "10", "Git's quota is back")
            // The quota is back while the correction still waits for readiness: its record ends after that.
            var history: [JSONValue] = []
            while ContinuousClock.now < deadline {
                history = try await serve.get("/api/v1/revisions", token: tokens.admin).json?.arrayValue ?? []
                if history.first?["trigger"] == "drift", history.first?["outcome"] != "applying" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(history.first?["trigger"] == "drift" && history.first?["outcome"] == "applied", "\(history.first?.jsonString() ?? "")")
            let told = try await receiver.waitFor("drift corrected") { $0.contains { $0["event"] == "drift-corrected" } }
            #expect(told.map { "\($0["event"] ?? "") \($0["result"] ?? "") \($0["reason"] ?? "")" } == ["drift-corrected success 1 object put back as Git has them"])
        }
    }

    @Test func reportOnlyShowsIt() async throws {
        try await run(drift: "report") { serve, client, tokens, cluster, receiver in
            let view = try await serve.waitForFleet(token: tokens.admin, "the drift reported") {
                $0["clusters"]?.arrayValue?.first?["pendingChanges"]?.intValue == 1
            }
            let checked = try #require(view["lastStatus"]?.intValue)
            // Two more passes later the object is still as the person left it.
            try await serve.waitForFleet(token: tokens.admin, "two more drift checks") { ($0["lastStatus"]?.intValue ?? 0) >= checked + 4 }
            #expect(try await Self.pods(client, namespace: "\(cluster)-app") == "99")
            let metrics = try await serve.get("/metrics", token: tokens.admin).body
            #expect(metrics.contains("peng_drift_objects{cluster=\"\(cluster)\"} 1"), "\(metrics)")
            let history = try await serve.get("/api/v1/revisions", token: tokens.admin).json?.arrayValue ?? []
            #expect(history.count == 1, "nothing applied after the first commit: \(history.map { $0["trigger"]?.stringValue ?? "" })")
            // Told once, though every pass since found it.
            let told = try receiver.requests().map { "\($0["event"] ?? "") \($0["cluster"] ?? "") \($0["result"] ?? "") \($0["reason"] ?? "")" }
            #expect(told == ["drift-found \(cluster) warning 1 object differs from Git"])
        }
    }
}
