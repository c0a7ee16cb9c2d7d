import FleetModel
import FleetRender
import Foundation
import KubeClient

/// How peng reaches each API server. A Supervisor: the Platform's `context`, or `--context SUPERVISOR=CONTEXT`.
/// A workload cluster: `--context CLUSTER=CONTEXT`, else the Cluster's `context`, else the kubeconfig the
/// Supervisor publishes for it (Secret `<cluster>-kubeconfig`, key `value`, in its vSphere Namespace).
/// One connector serves one run: its clients come from one pool, one per API server, shared by every cluster.
public struct TargetConnector: Sendable {
    public var kubeconfig: Kubeconfig
    public var overrides: [String: String]
    public let clients: KubeClientPool

    public init(kubeconfig: Kubeconfig, overrides: [String: String] = [:], clientOptions: KubeClient.Options = .init()) {
        self.kubeconfig = kubeconfig
        self.overrides = overrides
        clients = KubeClientPool(options: clientOptions)
    }

    public var clientOptions: KubeClient.Options { clients.options }

    public func supervisorClient(_ name: String, fleet: Fleet) throws -> KubeClient {
        guard let context = overrides[name] ?? fleet.platform.supervisor(named: name)?.context else {
            throw KubeError(.configuration, "Supervisor '\(name)' has no kubeconfig context",
                            hint: "set 'context:' of the Supervisor in the Platform, or pass --context \(name)=CONTEXT")
        }
        return try clients.client(for: kubeconfig.connection(context: context))
    }

    /// The context that reaches a workload cluster directly, if the fleet or the command line names one.
    public func directContext(for cluster: String, fleet: Fleet) -> String? {
        overrides[cluster] ?? fleet.cluster(named: cluster)?.context
    }

    /// A workload cluster reached only through its context (no Supervisor involved).
    public func client(for target: RenderTarget, fleet: Fleet) throws -> KubeClient {
        guard let context = directContext(for: target.name, fleet: fleet) else {
            throw KubeError(.configuration, "cluster '\(target.name)' has no kubeconfig context",
                            hint: "set 'context:' in the Cluster's spec, or pass --context \(target.name)=CONTEXT")
        }
        return try clients.client(for: kubeconfig.connection(context: context))
    }

    /// A workload cluster: directly when a context is given, else through the kubeconfig its Supervisor publishes.
    /// Throws `KubeError` `.notFound` when the Supervisor has not published one (yet).
    public func client(for cluster: ClusterTarget, fleet: Fleet, supervisor: KubeClient?) async throws -> KubeClient {
        if directContext(for: cluster.name, fleet: fleet) != nil { return try client(for: cluster.onCluster, fleet: fleet) }
        let supervisor = try supervisor ?? supervisorClient(cluster.supervisor, fleet: fleet)
        let ref = ClusterKinds.kubeconfigSecret(cluster: cluster.name, namespace: cluster.vsphereNamespace)
        guard let secret = try await supervisor.get(ref) else {
            throw KubeError(.notFound, "the Supervisor '\(cluster.supervisor)' has not published a kubeconfig for cluster '\(cluster.name)' (no Secret \(ref.namespace ?? "")/\(ref.name))",
                            hint: "the cluster is not provisioned yet: run 'peng apply', or pass --context \(cluster.name)=CONTEXT")
        }
        guard let encoded = secret[path: "data", "value"]?.stringValue, let bytes = Data(base64Encoded: encoded) else {
            throw KubeError(.configuration, "the Secret \(ref.namespace ?? "")/\(ref.name) on Supervisor '\(cluster.supervisor)' has no kubeconfig under 'value'")
        }
        let published = try Kubeconfig.parse(String(decoding: bytes, as: UTF8.self), file: "\(ref.namespace ?? "")/\(ref.name)")
        var connection = try published.connection()
        connection.context = "published by Supervisor \(cluster.supervisor)"
        return try clients.client(for: connection)
    }
}
