import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// `peng plan` and `peng apply` as a user runs them, against a real API server.
@Suite("peng plan and apply")
struct PlanApplyCommandTests {
    static let plane = Task { try await LocalControlPlane.start(name: "cli") }

    @Test("plan --detailed-exitcode says 2 while changes are pending, apply makes them, then plan says 0")
    func detailedExitCode() async throws {
        let plane = try await Self.plane.value
        let fleet = try SmallFleet("cli", context: plane.context, teams: [("alpha", ["cli-a1"])]).write()
        let env = ["--kubeconfig", plane.kubeconfigPath, "--target", "workload"]
        let pending = try await PengBinary.run(["plan", fleet.path, "--detailed-exitcode"] + env)
        #expect(pending.status == 2, "\(pending.stdout)\(pending.stderr)")
        #expect(pending.stdout.contains("  + Namespace/cli-a1"))
        #expect(pending.stdout.contains("Next: peng apply \(fleet.path) --target workload"))

        let applied = try await PengBinary.run(["apply", fleet.path] + env)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("Applied:"))

        let clean = try await PengBinary.run(["plan", fleet.path, "--detailed-exitcode", "-o", "json"] + env)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(clean.stdout.utf8)) as? [String: Any])
        let stage = try #require((report["stages"] as? [[String: Any]])?.first)
        #expect(stage["stage"] as? String == "integration")
        let cluster = try #require((stage["clusters"] as? [[String: Any]])?.first)
        #expect(cluster["onSupervisor"] == nil)
        let target = try #require(cluster["onCluster"] as? [String: Any])
        #expect(target["target"] as? String == "workload/cli-c1")
        #expect((target["summary"] as? [String: Int])?["unchanged"] ?? 0 > 5)
        #expect((target["summary"] as? [String: Int])?["create"] == 0)
    }

    @Test("an invalid fleet: plan and apply exit 1 and change nothing")
    func invalidFleetChangesNothing() async throws {
        let plane = try await Self.plane.value
        let folder = try SmallFleet("bad", context: plane.context, teams: [("alpha", ["bad-a1"])]).write()
        let file = folder.appendingPathComponent("fleet.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "memory: 1Gi", with: "memory: 1GB")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try await PengBinary.run(["apply", folder.path, "--kubeconfig", plane.kubeconfigPath, "--target", "workload"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("'quota.memory' is '1GB'"))
        #expect(run.stderr.contains("nothing was done"))
        let check = try await PengBinary.run(["plan", folder.path, "--kubeconfig", plane.kubeconfigPath, "--target", "workload"])
        #expect(check.status == 1)
        #expect(!check.stdout.contains("Namespace"))
    }

    @Test("a cluster that cannot be reached is reported by name; the exit status says it failed")
    func unreachable() async throws {
        let plane = try await Self.plane.value
        let fleet = try SmallFleet("gone", context: "no-such-context", teams: [("alpha", ["gone-a1"])]).write()
        let run = try await PengBinary.run(["plan", fleet.path, "--kubeconfig", plane.kubeconfigPath, "--target", "workload"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("  gone-c1 (Supervisor dc1, vSphere Namespace ns)"))
        #expect(run.stdout.contains("context 'no-such-context' is not in the kubeconfig"))
        let overridden = try await PengBinary.run(["plan", fleet.path, "--kubeconfig", plane.kubeconfigPath, "--context", "gone-c1=\(plane.context)", "--target", "workload"])
        #expect(overridden.status == 0, "\(overridden.stdout)")
    }

    @Test("an unknown --stage or --context name is an error with a suggestion, and nothing is applied")
    func unknownStageOrContext() async throws {
        let plane = try await Self.plane.value
        let fleet = try SmallFleet("typo", context: plane.context, teams: [("alpha", ["typo-a1"])]).write()
        let stage = try await PengBinary.run(["apply", fleet.path, "--kubeconfig", plane.kubeconfigPath, "--stage", "integraton"])
        #expect(stage.status == 1)
        #expect(stage.stderr.contains("no stage named 'integraton'"))
        #expect(stage.stderr.contains("did you mean 'integration'?"))
        let context = try await PengBinary.run(["apply", fleet.path, "--kubeconfig", plane.kubeconfigPath, "--target", "workload",
                                          "--context", "typo-c2=\(plane.context)"])
        #expect(context.status == 1)
        #expect(context.stderr.contains("no cluster or Supervisor named 'typo-c2'"))
        #expect(context.stderr.contains("did you mean 'typo-c1'?"))
        let namespace = ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "typo-a1")
        #expect(try await plane.client().get(namespace) == nil)
    }
}
