/// The order in which objects reach a cluster: definitions before the things that use them.
public enum ApplyPhase: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case customResourceDefinitions
    case namespaces
    case clusterRBAC
    case namespacedConfiguration
    case workloads
    /// kapp-controller's PackageRepositories, reconciled (their Packages published) before any install from them:
    /// an install written first fails until the repository has fetched.
    case packageRepositories
    case customResources

    public init(of ref: ObjectRef) {
        let kind = ref.groupKind
        if kind == .customResourceDefinition {
            self = .customResourceDefinitions
        } else if kind == .namespace {
            self = .namespaces
        } else if Self.clusterRBACKinds.contains(kind) {
            self = .clusterRBAC
        } else if Self.namespacedConfigurationKinds.contains(kind) {
            self = .namespacedConfiguration
        } else if kind.group == "apps" || kind.group == "batch" || kind == GroupKind("", "Pod") {
            self = .workloads
        } else if kind == .packageRepository {
            self = .packageRepositories
        } else {
            self = .customResources
        }
    }

    private static let clusterRBACKinds: Set<GroupKind> = [
        GroupKind("rbac.authorization.k8s.io", "ClusterRole"), GroupKind("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ]
    private static let namespacedConfigurationKinds: Set<GroupKind> = [
        .serviceAccount, .configMap, .secret, GroupKind("", "ResourceQuota"), GroupKind("", "LimitRange"), GroupKind("", "Service"),
        GroupKind("rbac.authorization.k8s.io", "Role"), GroupKind("rbac.authorization.k8s.io", "RoleBinding"),
        GroupKind("networking.k8s.io", "NetworkPolicy"),
    ]

    public static func < (lhs: ApplyPhase, rhs: ApplyPhase) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .customResourceDefinitions: "CRDs"
        case .namespaces: "namespaces"
        case .clusterRBAC: "cluster RBAC"
        case .namespacedConfiguration: "configuration"
        case .workloads: "workloads"
        case .packageRepositories: "package repositories"
        case .customResources: "custom resources"
        }
    }
}

extension ApplyPhase {
    /// Within a phase, kinds others depend on go first: a service account before the bindings that name it.
    static func priority(of ref: ObjectRef) -> Int {
        ref.groupKind == .serviceAccount ? 0 : 1
    }
}

extension Array where Element == KubeObject {
    /// Apply order: phase, dependencies first within a phase, then kind, namespace and name —
    /// stable, so output is byte-identical.
    public func sortedForApply() -> [KubeObject] {
        map { object -> (KubeObject, ObjectRef, ApplyPhase, Int) in
            let ref = object.ref
            return (object, ref, ApplyPhase(of: ref), ApplyPhase.priority(of: ref))
        }
        .sorted { a, b in
            if a.2 != b.2 { return a.2 < b.2 }
            if a.3 != b.3 { return a.3 < b.3 }
            return a.1 < b.1
        }
        .map(\.0)
    }
}
