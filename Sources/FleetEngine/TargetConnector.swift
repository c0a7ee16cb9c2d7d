import FleetModel
import FleetRender
import KubeClient

/// Which API server a workload target is: the Cluster's `spec.context`, or a `--context NAME=CONTEXT` override.
public struct TargetConnector: Sendable {
    public var kubeconfig: Kubeconfig
    public var overrides: [String: String]
    public var clientOptions: KubeClient.Options

    public init(kubeconfig: Kubeconfig, overrides: [String: String] = [:], clientOptions: KubeClient.Options = .init()) {
        self.kubeconfig = kubeconfig
        self.overrides = overrides
        self.clientOptions = clientOptions
    }

    public func client(for target: RenderTarget, fleet: Fleet) throws -> KubeClient {
        guard let context = overrides[target.name] ?? fleet.cluster(named: target.name)?.context else {
            throw KubeError(.configuration, "cluster '\(target.name)' has no kubeconfig context",
                            hint: "set 'context:' in the Cluster's spec, or pass --context \(target.name)=CONTEXT")
        }
        return try KubeClient(connection: kubeconfig.connection(context: context), options: clientOptions)
    }
}
