import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// A serve that cannot lead says why, where an operator looks: once in its log (and once when it recovers), in a
/// metric counting every failure, on /readyz and on the dashboard, each with the remedy.
@Suite(.serialized)
struct LeaseProblemTests {
    @Test("the Lease namespace does not exist: named once in the log, counted, on /readyz and the dashboard; serve leads once it is created")
    func missingLeaseNamespace() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(200))
        do { try await Self.namedUntilCreated(setup) } catch {
            await setup.stop()
            throw error
        }
        await setup.stop()
    }

    static func namedUntilCreated(_ setup: SupervisorSetup) async throws {
        let fleet = StagedFleet("lp", clusters: [("lp-int", "integration")])
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)  // but not peng-system, as a new user forgets it
        let (origin, _) = try await ServeTests.repository(fleet)
        let tokens = try TestTokens(planes: setup.planes)
        let serve = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin))
        let remedy = "create it (deploy/namespace.yaml) or pass --lease-namespace"

        let refused = try await serve.waitFor("/readyz to name the missing namespace") { () async -> ServeProcess.Reply? in
            guard let reply = try? await serve.get("/readyz", token: nil), reply.status == 503, reply.body.contains("peng-system not found") else { return nil }
            return reply
        }
        #expect(refused.body.contains("no replica leads"), "\(refused.body)")
        #expect(refused.body.contains("on context \(setup.supervisorContext)"), "\(refused.body)")
        #expect(refused.body.contains(remedy), "\(refused.body)")

        // Every failed attempt is counted; the failure is logged when it starts, not on every retry.
        let failures = try await serve.waitFor("at least three failed attempts counted") { () async -> Double? in
            guard let text = try? await serve.get("/metrics", token: tokens.admin).body,
                  let count = sample(text, #"peng_lease_errors_total{reason="namespace_missing"}"#), count >= 3 else { return nil }
            return count
        }
        #expect(failures >= 3)
        #expect(serve.running.stderr.components(separatedBy: "cannot take the Lease").count - 1 == 1, "\(serve.running.stderr)")
        #expect(serve.running.stderr.contains("namespace peng-system not found on context \(setup.supervisorContext): \(remedy)"))

        let view = try await serve.waitForFleet(token: tokens.admin, "the lease problem in the API") { $0["leaseProblem"] != nil }
        #expect(view[path: "leaseProblem", "reason"] == "namespace_missing")
        let page = try await serve.get("/", token: tokens.admin)
        #expect(page.status == 200)
        #expect(page.body.contains("id=\"lease-problem\""), "the dashboard shows the banner")
        #expect(page.body.contains("No replica leads") && page.body.contains(remedy), "\(page.body.prefix(4000))")

        // The platform team creates the namespace: serve takes the Lease, says so, and is ready.
        try await setup.createVSphereNamespace("peng-system")
        _ = try await serve.waitForFleet(token: tokens.admin, "this replica to lead") { $0["leader"] == true && $0["leaseProblem"] == nil }
        _ = try await serve.waitFor("/readyz to answer ready") { () async -> Bool? in
            (try? await serve.get("/readyz", token: nil))?.status == 200 ? true : nil
        }
        #expect(serve.running.stderr.contains("the Lease answers again"), "\(serve.running.stderr)")
        let page2 = try await serve.get("/", token: tokens.admin)
        #expect(!page2.body.contains("id=\"lease-problem\""), "the banner is gone")
        serve.running.signal(SIGTERM)
        _ = await serve.running.finished()
    }

    /// The value of one sample line of the Prometheus text format.
    static func sample(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }
}
