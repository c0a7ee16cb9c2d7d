/// A kind as the API server knows it, independent of version: `apps`/`Deployment`, ``/`Namespace`.
/// The one way peng names the kinds it treats specially (apply order, readiness, prune, diff masking).
public struct GroupKind: Hashable, Sendable, CustomStringConvertible {
    /// The API group, empty for the core group.
    public var group: String
    public var kind: String

    public init(_ group: String, _ kind: String) {
        self.group = group
        self.kind = kind
    }

    public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }

    public static let namespace = GroupKind("", "Namespace")
    public static let secret = GroupKind("", "Secret")
    public static let configMap = GroupKind("", "ConfigMap")
    public static let serviceAccount = GroupKind("", "ServiceAccount")
    public static let customResourceDefinition = GroupKind("apiextensions.k8s.io", "CustomResourceDefinition")
    public static let deployment = GroupKind("apps", "Deployment")
    public static let statefulSet = GroupKind("apps", "StatefulSet")
    public static let daemonSet = GroupKind("apps", "DaemonSet")
    public static let packageRepository = GroupKind("packaging.carvel.dev", "PackageRepository")
    public static let packageInstall = GroupKind("packaging.carvel.dev", "PackageInstall")
    public static let tanzuKubernetesCluster = GroupKind("run.tanzu.vmware.com", "TanzuKubernetesCluster")
    public static let clusterAPICluster = GroupKind("cluster.x-k8s.io", "Cluster")
}

extension ObjectRef {
    public var groupKind: GroupKind { GroupKind(group, kind) }
}

extension KubeObject {
    public var groupKind: GroupKind { ref.groupKind }

    public var annotations: [String: String] {
        body[path: "metadata", "annotations"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
    }

    /// `metadata.generation`: which version of the spec the object is at (set by the API server).
    public var generation: Int? { body[path: "metadata", "generation"]?.intValue }
}
