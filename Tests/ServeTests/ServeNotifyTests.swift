import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// `peng serve` tells the Platform's receivers what happens to each commit; a receiver that refuses is an operator's
/// problem like any other: logged once with its cause and remedy, counted, and its end noted.
@Suite(.serialized)
struct ServeNotifyTests {
    @Test("serve tells a webhook each stage, a soak's end once and an invalid commit in the validator's words; a refused delivery is logged once with the remedy, counted, and its end noted")
    func serveNotifies() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500), releases: [
            ("v1.26.13+vmware.1-tkg.3", true), ("v1.27.11+vmware.1-tkg.2", true),
        ])
        let receiver = try await NoticeReceiver(scripts: ["/hook-open": [401]])
        try await stopping(receiver) { receiver in try await stopping(setup) { try await Self.notified($0, receiver: receiver) } }
    }

    static func notified(_ setup: SupervisorSetup, receiver: NoticeReceiver) async throws {
        var fleet = UpgradeFixture.fleet("sn", kubernetes: ["sn-int": "v1.27", "sn-prd": "v1.26"], soak: "1h")
        fleet.platformExtra = """
              notifications:
                dashboard: https://peng.example.com
                receivers: [{name: hook, type: webhook, endpoint: "\(receiver.url)/hook-open", events: [applied, invalid, soak-ended]}]

            """
        try await ServeTests.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
        let (origin, head) = try await ServeTests.repository(fleet)
        let tokens = try TestTokens(planes: setup.planes)
        let serve = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin))
        _ = try await serve.waitForOutcome("applied", of: head, token: tokens.admin)

        // The first notice (integration pending) was refused with 401; the others were delivered, in order.
        let applied = try await receiver.waitFor("production applied") { $0.contains { $0["stage"] == "production" && $0["result"] == "success" } }
            .filter { $0["event"] == "applied" }
        #expect(applied.map { "\($0["stage"] ?? "") \($0["result"] ?? "") \($0.status)" }
            == ["integration pending 401", "integration success 200", "production pending 200", "production success 200"])
        #expect(applied.allSatisfy { $0["revision"] == head && $0["link"] == "https://peng.example.com/history" && $0.problems.isEmpty })
        let metrics = try await serve.waitFor("the deliveries counted") { () async -> String? in
            guard let text = try? await serve.get("/metrics", token: tokens.admin).body,
                  LeaseProblemTests.sample(text, #"peng_notifications_total{receiver="hook",result="sent"}"#) ?? 0 >= 3 else { return nil }
            return text
        }
        #expect(LeaseProblemTests.sample(metrics, #"peng_notifications_total{receiver="hook",result="failed"}"#) == 1, "\(metrics)")
        let failed = serve.running.stderr.split(separator: "\n").filter { $0.contains(" notifications_failed: ") }
        #expect(failed.count == 1, "\(serve.running.stderr)")
        #expect(failed.first?.contains("hook answered 401") == true && failed.first?.contains("check the receiver's endpoint and credential") == true, "\(failed)")
        #expect(serve.running.stderr.split(separator: "\n").filter { $0.contains(" notifications_recovered: ") }.count == 1, "\(serve.running.stderr)")

        // Integration soaks (1h); the platform team shortens the soak: production may take the release now.
        try await serve.waitForFleet(token: tokens.admin, "integration soaking") {
            $0["clusters"]?.arrayValue?.contains { $0["cluster"] == "sn-int" && $0["soak"]?.stringValue?.hasPrefix("soaking") == true } == true
        }
        try ServeTests.edit(origin) { $0.replacingOccurrences(of: "upgrades: {soak: 1h}", with: "upgrades: {soak: 1s}") }
        let shortened = try await ServeTests.commit(origin, "soak 1s")
        let soaked = try await receiver.waitFor("the soak's end") { $0.contains { $0["event"] == "soak-ended" } }.filter { $0["event"] == "soak-ended" }
        #expect(soaked.map { "\($0["stage"] ?? "") \($0["cluster"] ?? "") \($0["result"] ?? "") \($0["revision"] ?? "")" } == ["integration sn-int success \(shortened)"])
        #expect(soaked.first?["reason"] == "Kubernetes v1.27.11+vmware.1-tkg.2 ran its soak on stage integration", "\(soaked.first?.body ?? [:])")

        // An invalid commit: nothing applied, and the receiver told why, in the validator's words.
        try ServeTests.edit(origin) { $0.replacingOccurrences(of: "memory: 1Gi", with: "memory: 1GB") }
        let bad = try await ServeTests.commit(origin, "a quota in the wrong unit")
        let invalid = try await receiver.waitFor("the invalid commit") { $0.contains { $0["event"] == "invalid" } }.filter { $0["event"] == "invalid" }
        #expect(invalid.count == 1 && invalid.first?["revision"] == bad && invalid.first?["result"] == "failed")
        #expect(invalid.first?["reason"]?.contains("'quota.memory' is '1GB'") == true, "\(invalid.first?.body ?? [:])")
        #expect(invalid.first?.problems == [])
        #expect(try receiver.requests().filter { $0["event"] == "soak-ended" }.count == 1, "the soak's end is told once")
        serve.running.signal(SIGTERM)
        _ = await serve.running.finished()
    }
}
