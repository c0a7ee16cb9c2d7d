import FleetEngine
import FleetModel
import Foundation
import KubeClient
import SupervisorSimulator
import Testing
import TestHarness

/// Ctrl-C and SIGTERM in the middle of a real apply: peng stops, says a re-run finishes the job, exits 130 / 143,
/// and the re-run converges with a complete inventory.
@Suite("interrupting peng apply")
struct InterruptTests {
    /// Starts `peng apply` and signals it once it waits for the PackageInstall that nobody reconciles. How fast peng
    /// stops is measured by bench/interrupt.sh, not here: the exit status and the message prove that the signal, not
    /// the (hour-long) readiness timeout, ended the run.
    static func interrupt(_ arguments: [String], with signal: Int32) async throws -> ChildProcess.Output {
        let running = try PengBinary.start(arguments)
        let waiting = try await running.waitForOutput(within: .seconds(120)) { _, stderr in stderr.contains("to become ready") }
        try #require(waiting, "apply never waited for readiness: \(running.stderr)")
        running.signal(signal)
        return await running.finished()
    }

    @Test("SIGTERM and then Ctrl-C while apply waits: exit 143 and 130, what was applied is recorded, a re-run converges")
    func interruptThenConverge() async throws {
        let plane = try await LocalControlPlane.start(name: "interrupt")
        try await stopping(plane) { plane in
            try await plane.installPackagingCRDs()
            var small = SmallFleet("sig", context: plane.context, teams: [("alpha", ["sig-a1", "sig-a2"])])
            small.extensions = ["prometheus"]
            let folder = try small.write()
            let apply = ["apply", folder.path, "--kubeconfig", plane.kubeconfigPath, "--target", "workload", "--timeout", "3600"]

            let terminated = try await Self.interrupt(apply, with: SIGTERM)
            #expect(terminated.status == 143, "\(terminated.stdout)\(terminated.stderr)")
            #expect(terminated.stderr.contains("interrupted: stopped; everything applied so far is recorded"))
            #expect(terminated.stdout.contains("Interrupted: what was applied is recorded; run the same command again to finish."))

            let interrupted = try await Self.interrupt(apply, with: SIGINT)
            #expect(interrupted.status == 130, "\(interrupted.stdout)\(interrupted.stderr)")

            // Everything peng wrote is recorded: every object of the fleet that exists on the cluster is in the inventory.
            let client = try plane.client()
            let inventory = try await Inventory.load(fleet: "sig", cluster: small.clusterName, from: client)
            let selector = OwnershipLabels.ownerSelector(fleet: "sig", cluster: small.clusterName)
            var written: [ObjectRef] = []
            for (apiVersion, kind) in [("v1", "Namespace"), ("v1", "ResourceQuota"), ("packaging.carvel.dev/v1alpha1", "PackageRepository"),
                                       ("packaging.carvel.dev/v1alpha1", "PackageInstall")] {
                written += try await client.list(apiVersion: apiVersion, kind: kind, labelSelector: selector).map(\.ref)
            }
            // apply was waiting for the package repository (no kapp-controller reconciles it), so the namespaces, the quota
            // and the repository itself were written, and no install from it.
            #expect(written.contains { $0.kind == "PackageRepository" } && written.contains { $0.kind == "Namespace" }, "\(written)")
            #expect(!written.contains { $0.kind == "PackageInstall" }, "an install waits for its repository: \(written)")
            for ref in written {
                #expect(inventory.refs.contains(ref), "\(ref) was written but is not recorded")
            }

            // kapp-controller arrives; the same command finishes the job.
            let kapp = KappSimulator()
            let controller = Task {
                while !Task.isCancelled {
                    await kapp.reconcile(client)
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let rerun = try await PengBinary.run(apply)
            controller.cancel()
            #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
            let plan = try await PengBinary.run(["plan", folder.path, "--kubeconfig", plane.kubeconfigPath, "--target", "workload",
                                                 "--detailed-exitcode", "-o", "json"])
            #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
            let report = try JSONDecoder().decode(RolloutReport.self, from: Data(plan.stdout.utf8))
            let changes = try #require(report.clusters.first?.onCluster?.changes)
            #expect(!changes.isEmpty && changes.allSatisfy { $0.action == .unchanged })
            let final = try await Inventory.load(fleet: "sig", cluster: small.clusterName, from: client)
            #expect(final.refs == Set(changes.map(\.ref)), "the inventory holds exactly the fleet's objects")
        }
    }
}
