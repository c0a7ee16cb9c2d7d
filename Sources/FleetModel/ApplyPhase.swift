/// The order in which objects reach a cluster: definitions before the things that use them.
public enum ApplyPhase: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case customResourceDefinitions
    case namespaces
    case clusterRBAC
    case namespacedConfiguration
    case workloads
    case customResources

    public init(of ref: ObjectRef) {
        switch (ref.group, ref.kind) {
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): self = .customResourceDefinitions
        case ("", "Namespace"): self = .namespaces
        case ("rbac.authorization.k8s.io", "ClusterRole"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            self = .clusterRBAC
        case ("", "ServiceAccount"), ("", "ConfigMap"), ("", "Secret"), ("", "ResourceQuota"), ("", "LimitRange"),
             ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "RoleBinding"),
             ("networking.k8s.io", "NetworkPolicy"), ("", "Service"):
            self = .namespacedConfiguration
        case ("apps", _), ("batch", _), ("", "Pod"):
            self = .workloads
        default:
            self = .customResources
        }
    }

    public static func < (lhs: ApplyPhase, rhs: ApplyPhase) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .customResourceDefinitions: "CRDs"
        case .namespaces: "namespaces"
        case .clusterRBAC: "cluster RBAC"
        case .namespacedConfiguration: "configuration"
        case .workloads: "workloads"
        case .customResources: "custom resources"
        }
    }
}

extension Array where Element == KubeObject {
    /// Apply order: phase, then kind, namespace and name — stable, so output is byte-identical.
    public func sortedForApply() -> [KubeObject] {
        map { ($0, $0.ref) }
            .sorted { a, b in
                let phaseA = ApplyPhase(of: a.1), phaseB = ApplyPhase(of: b.1)
                return phaseA == phaseB ? a.1 < b.1 : phaseA < phaseB
            }
            .map(\.0)
    }
}
