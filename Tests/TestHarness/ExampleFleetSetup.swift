import FleetModel
import FleetRepository
import Foundation
import KubeClient
import SupervisorSimulator
import Testing

/// The bundled example fleet's world, as `scripts/demo` builds it: two Supervisors (muenster, frankfurt) offering the
/// example's releases, three control planes waiting to become its workload clusters, the simulator playing vSphere
/// and kapp-controller (its repositories offering examples/package-repository/packages.yaml). A git copy of
/// `examples/fleet` to follow.
public final class ExampleFleetSetup: @unchecked Sendable {
    public let planes: LocalControlPlanes
    public let simulator: SupervisorSimulator
    public let fleet: URL
    private let task: Task<Void, Error>

    /// `edit` changes the copy of the example before its first commit.
    public init(delay: Duration = .milliseconds(500), edit: (URL) throws -> Void = { _ in }) async throws {
        planes = try await LocalControlPlanes(5, prefix: "ex")
        let kubeconfig = try planes.kubeconfig()
        let supervisors = try planes.contexts.prefix(2).map { try KubeClient(connection: kubeconfig.connection(context: $0)) }
        let pool = try planes.contexts.dropFirst(2).map { try kubeconfig.connection(context: $0) }
        let releases = ["v1.26.13+vmware.1-fips.1-tkg.3", "v1.27.11+vmware.1-fips.1-tkg.2", "v1.28.8+vmware.1-fips.1-tkg.2"].map { ($0, true) }
        let packages = try RepositoryOfferFile.load(PengBinary.repositoryRoot.appendingPathComponent("examples/package-repository/packages.yaml").path)
        let simulator = SupervisorSimulator(.init(supervisors: supervisors, pool: Array(pool), delay: delay, releases: releases, packages: packages))
        self.simulator = simulator
        task = Task { try await simulator.run() }
        for supervisor in supervisors {
            try await SupervisorSetup.waitUntilServing(supervisor, simulator: simulator)
            for namespace in ["platform-int", "platform-prd", "checkout-prd"] { try await VSphereNamespace(namespace).create(on: supervisor) }
            _ = try await supervisor.apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: "peng-system"), force: true, fieldManager: "test-setup")
        }
        fleet = try PengBinary.temporaryFolder().appendingPathComponent("fleet")
        try FileManager.default.copyItem(at: PengBinary.repositoryRoot.appendingPathComponent("examples/fleet"), to: fleet)
        try edit(fleet)
        try await TestGit.commitAll(fleet)
    }

    /// `--context` options that reach the example's Supervisors (the management cluster is muenster's).
    public var contextArguments: [String] {
        ["--kubeconfig", planes.kubeconfigPath, "--context", "muenster=\(planes.contexts[0])", "--context", "frankfurt=\(planes.contexts[1])"]
    }

    public var managementContext: String { planes.contexts[0] }

    public func stop() async {
        task.cancel()
        await planes.stop()
    }
}
