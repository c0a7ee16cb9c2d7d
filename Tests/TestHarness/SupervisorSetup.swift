import FleetModel
import Foundation
import KubeClient
import SupervisorSimulator
import Testing

/// Several control planes started side by side (`scripts/testenv up`), one kubeconfig with contexts PREFIX-1..N.
public final class LocalControlPlanes: @unchecked Sendable {
    public let directory: URL
    public let kubeconfigPath: String
    public let contexts: [String]

    public init(_ count: Int, prefix: String) async throws {
        directory = LocalControlPlane.testRoot.appendingPathComponent("peng-\(prefix)-\(UUID().uuidString.prefix(8))")
        kubeconfigPath = try await LocalControlPlane.run(["up", String(count), directory.path, prefix])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        contexts = (1...count).map { "\(prefix)-\($0)" }
    }

    public func kubeconfig() throws -> Kubeconfig { try Kubeconfig.load(path: kubeconfigPath) }

    public func stop() async {
        _ = try? await LocalControlPlane.run(["down", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A real local Supervisor API server (the first plane) with the Supervisor simulator running in this process,
/// handing out the other planes as workload clusters. For the tests of provisioning and stage-by-stage rollout.
public final class SupervisorSetup: @unchecked Sendable {
    public let planes: LocalControlPlanes
    public let simulator: SupervisorSimulator
    public let supervisorContext: String
    private let task: Task<Void, Error>

    /// Starts `pool + 1` planes and the simulator; returns once the Supervisor serves TanzuKubernetesCluster.
    /// - Parameters:
    ///   - releases: the TanzuKubernetesReleases the Supervisor offers (version, compatible).
    ///   - webhook: serve and register TKGS's version-skew admission webhook (a jump is then rejected by the API server).
    ///   - tanzuPhase: report a TanzuKubernetesCluster's `status.phase` too (the older form; v1alpha3 has none).
    ///   - packages: what every package repository offers once reconciled; nil: the offer is not played.
    public init(pool: Int, delay: Duration = .seconds(1), releases: [(version: String, compatible: Bool)] = [],
                webhook: Bool = false, tanzuPhase: Bool = false, packages: [OfferedPackage]? = nil) async throws
    {
        planes = try await LocalControlPlanes(pool + 1, prefix: "sv")
        supervisorContext = planes.contexts[0]
        let kubeconfig = try planes.kubeconfig()
        let supervisor = try KubeClient(connection: kubeconfig.connection(context: supervisorContext))
        let connections = try planes.contexts.dropFirst().map { try kubeconfig.connection(context: $0) }
        var tls: VersionSkewWebhook.TLSFiles?
        if webhook {
            let folder = planes.directory.appendingPathComponent("webhook").path
            try await LocalControlPlane.run(["webhook-cert", folder])
            tls = try VersionSkewWebhook.TLSFiles.load(from: folder)
        }
        let simulator = SupervisorSimulator(.init(supervisors: [supervisor], pool: Array(connections), delay: delay, releases: releases,
                                                  webhook: tls, tanzuPhase: tanzuPhase, packages: packages))
        self.simulator = simulator
        task = Task { try await simulator.run() }
        try await Self.waitUntilServing(supervisor, simulator: simulator)
    }

    /// Until the simulator runs and the Supervisor serves TanzuKubernetesCluster; up to 300 s on a loaded machine,
    /// and readiness ends the wait at once.
    static func waitUntilServing(_ supervisor: KubeClient, simulator: SupervisorSimulator) async throws {
        for _ in 0..<3000 {
            if (try? await supervisor.resource(apiVersion: ClusterKinds.tanzu.apiVersion, kind: ClusterKinds.tanzu.kind)) != nil,
               await simulator.isRunning { return }
            if let failure = await simulator.startFailure {
                throw KubeError(.unexpected, "the simulator could not start: \(failure)")
            }
            await supervisor.invalidateDiscovery(ClusterKinds.tanzu.apiVersion)
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the simulator did not install the Supervisor's CRDs (and start) within 300 s")
    }

    public func kubeconfig() throws -> Kubeconfig { try planes.kubeconfig() }

    public func supervisorClient() throws -> KubeClient {
        try KubeClient(connection: kubeconfig().connection(context: supervisorContext))
    }

    /// What vCenter does when a vSphere Namespace is created: by default with vSphere's VM classes and the lab's
    /// storage classes bound to it.
    public func createVSphereNamespace(_ name: String, vmClasses: [String] = VSphereNamespace.defaultVMClasses,
                                       storageClasses: [String] = VSphereNamespace.labStorageClasses) async throws
    {
        try await VSphereNamespace(name, vmClasses: vmClasses, storageClasses: storageClasses).create(on: supervisorClient())
    }

    /// Until the simulator reports a TanzuKubernetesCluster Ready (a recovered cluster coming up); up to 300 s on a
    /// loaded machine, and readiness ends the wait at once.
    public func waitUntilReady(cluster: String, namespace: String) async throws {
        let client = try supervisorClient()
        let ref = ObjectRef(apiVersion: ClusterKinds.tanzu.apiVersion, kind: ClusterKinds.tanzu.kind, namespace: namespace, name: cluster)
        for _ in 0..<3000 {
            let conditions = try await client.get(ref)?[path: "status", "conditions"]?.arrayValue ?? []
            if conditions.contains(where: { $0["type"] == "Ready" && $0["status"] == "True" }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(cluster) did not become Ready within 300 s")
    }

    public func stop() async {
        task.cancel()
        await planes.stop()
    }
}
