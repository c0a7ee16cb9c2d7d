import FleetModel
import FleetRepository
import Foundation
import KubeClient
import SupervisorSimulator
import Testing
import TestHarness

/// `peng apply` through a Supervisor and `peng status` as a user runs them: the binary against a real local
/// Supervisor, with the Supervisor simulator running in this process.
@Suite("peng apply and status through a Supervisor")
struct StatusCommandTests {
    @Test("apply through a Supervisor reports the failed cluster by name; status shows each cluster as it is, with the applied git commit")
    func applyThenStatus() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(500))
        try await stopping(setup) { setup in
            let fleet = StagedFleet("cli", clusters: [("cli-int", "integration"), ("cli-prd", "production")])
            try await setup.createVSphereNamespace(fleet.vsphereNamespace)
            await setup.simulator.fail("cli-prd")
            let folder = try fleet.write()
            let commit = try await TestGit.commitAll(folder)
            let access = ["--kubeconfig", setup.planes.kubeconfigPath, "--context", "dc1=\(setup.supervisorContext)"]

            let applied = try await PengBinary.run(["apply", folder.path, "--timeout", "600"] + access)
            #expect(applied.status == 1)
            #expect(applied.stdout.contains("Stage integration\n  cli-int (Supervisor dc1, vSphere Namespace cli-vns)"))
            #expect(applied.stdout.contains("TanzuKubernetesCluster/cli-vns/cli-prd: applied, but not ready: condition Ready is False (ControlPlaneUnavailable"), "\(applied.stdout)")
            #expect(applied.stderr.contains("stage integration: 1 cluster"))

            let status = try await PengBinary.run(["status", folder.path] + access)
            #expect(status.status == 1, "one cluster failed: status says so in its exit code")
            let lines = status.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("STAGE") == true)
            let integration = try #require(lines.first { $0.hasPrefix("integration") })
            #expect(integration.contains("cli-int") && integration.contains("dc1/cli-vns") && integration.contains("running"))
            #expect(integration.contains("1/1") && integration.contains("none") && integration.contains(String(commit.prefix(7))))
            let production = try #require(lines.first { $0.hasPrefix("production") })
            #expect(production.contains("failed") && !production.contains(String(commit.prefix(7))))
            #expect(status.stdout.contains("! cli-prd: not ready on the Supervisor: phase failed, ControlPlaneUnavailable"))
            #expect(status.stdout.contains("1 of 2 clusters healthy"))

            let json = try await PengBinary.run(["status", folder.path, "-o", "json"] + access)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let rows = try #require(root["clusters"] as? [[String: Any]])
            #expect(rows.map { $0["cluster"] as? String } == ["cli-int", "cli-prd"])
            #expect(rows[0]["healthy"] as? Bool == true && rows[0]["revision"] as? String == commit)
            #expect(rows[0]["desiredVersion"] as? String == "v1.27.11+vmware.1-tkg.2")
            #expect(rows[1]["healthy"] as? Bool == false && rows[1]["phase"] as? String == "failed")
            #expect(!json.stdout.contains("token") && !json.stdout.contains("BEGIN CERTIFICATE"))
        }
    }
}
