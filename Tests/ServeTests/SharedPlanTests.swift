import FleetModel
import Foundation
import NIOHTTP1
import Testing
import TestHarness

/// `peng plan` and `peng serve` run one engine session: for the same commit and the same cluster state they decide the
/// same changes, on every cluster, a cluster in the middle of a version change included.
@Suite(.serialized)
struct SharedPlanTests {
    @Test("peng plan -o json and GET /api/v1/commits/current/plan report the same changes, the first upgrade step included")
    func cliAndServePlanAlike() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500), releases: [
            ("v1.25.13+vmware.1-tkg.1", true), ("v1.26.13+vmware.1-tkg.3", true), ("v1.27.11+vmware.1-tkg.2", true),
        ], webhook: true)
        try await stopping(setup) { try await Self.planAlike($0) }
    }

    static func planAlike(_ setup: SupervisorSetup) async throws {
        let fleet = UpgradeFixture.fleet("shplan", kubernetes: ["shplan-int": "v1.25", "shplan-prd": "v1.25"])
        try await ServeTests.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
        let (origin, first) = try await ServeTests.repository(fleet)
        let tokens = try TestTokens(planes: setup.planes)
        let serve = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin))
        _ = try await serve.waitForOutcome("applied", of: first, token: tokens.admin)
        #expect(try await serve.request(.POST, "/api/v1/suspend", token: tokens.admin).status == 202)

        // Integration two minors ahead (an upgrade in two steps), and a quota change on every cluster.
        try ServeTests.edit(origin) {
            $0.replacingOccurrences(of: "stage: integration\n  supervisor: dc1\n  vsphereNamespace: shplan-vns\n  kubernetes: v1.25",
                                    with: "stage: integration\n  supervisor: dc1\n  vsphereNamespace: shplan-vns\n  kubernetes: v1.27")
                .replacingOccurrences(of: "pods: 10}", with: "pods: 12}")
        }
        let moved = try await ServeTests.commit(origin, "integration to v1.27; more pods")
        try await serve.waitForFleet(token: tokens.admin, "the commit loaded while suspended") { $0[path: "revision", "sha"]?.stringValue == moved }

        let served = try await serve.get("/api/v1/commits/current/plan", token: tokens.admin)
        #expect(served.status == 200, "\(served.body)")
        let cli = try await PengBinary.run(["plan", origin.path, "-o", "json", "--kubeconfig", setup.planes.kubeconfigPath,
                                            "--context", "dc1=\(setup.supervisorContext)", "--today", "2026-11-27"])
        #expect(cli.status == 0, "\(cli.stderr)")
        let fromServe = try #require(served.json), fromCLI = try JSONValue(parsing: Array(cli.stdout.utf8))

        // The same clusters, notes and changes (object, action, field diff), stage by stage.
        #expect(Self.decisions(fromCLI) == Self.decisions(fromServe))
        #expect(Self.decisions(fromCLI).count == 2)

        // Both plan the first step of the upgrade, the one the Supervisor accepts, never the jump.
        for report in [fromCLI, fromServe] {
            let integration = try #require(report["stages"]?.arrayValue?.first?["clusters"]?.arrayValue?.first)
            let diff = integration[path: "onSupervisor", "changes"]?.arrayValue?.flatMap { $0["diff"]?.arrayValue ?? [] } ?? []
            let newValues = diff.compactMap { $0["new"]?.jsonString() }.joined(separator: " ")
            #expect(newValues.contains("v1.26.13"), "\(diff)")
            #expect(!newValues.contains("v1.27.11"), "\(diff)")
            #expect(integration["notes"]?.arrayValue?.contains { $0.stringValue?.contains("upgrade in 2 steps") == true } == true)
        }
        serve.running.signal(SIGTERM)
        _ = await serve.running.finished()
    }

    /// Per cluster: its notes and every change on each side with its field diff, in stage order.
    static func decisions(_ report: JSONValue) -> [String] {
        (report["stages"]?.arrayValue ?? []).flatMap { stage in
            (stage["clusters"]?.arrayValue ?? []).map { cluster in
                let sides = ["onSupervisor", "onCluster"].map { side in
                    (cluster[path: side, "changes"]?.arrayValue ?? []).map { change in
                        [change["ref"], change["action"], change["diff"], change["message"]].map { $0?.jsonString() ?? "-" }.joined(separator: " ")
                    }.joined(separator: "\n")
                }
                let errors = ["onSupervisor", "onCluster"].map { cluster[path: $0, "errors"]?.jsonString() ?? "-" }
                return ([stage["stage"]?.stringValue ?? "", cluster["cluster"]?.stringValue ?? "", cluster["notes"]?.jsonString() ?? "-"]
                    + errors + sides).joined(separator: "\n")
            }
        }
    }
}
