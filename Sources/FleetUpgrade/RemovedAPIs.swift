import FleetModel

/// A group-version of a kind that Kubernetes stops serving in a release.
public struct RemovedAPI: Sendable, Hashable {
    public let apiVersion: String
    public let kind: String
    /// The minor version of Kubernetes 1.x that no longer serves it.
    public let removedIn: Int
    /// Where to move, when there is a successor.
    public let replacement: String?

    public var removedRelease: String { "1.\(removedIn)" }
}

/// The APIs Kubernetes removes, per minor release, for the kinds a cluster keeps objects of.
///
/// Source: the Kubernetes "Deprecated API Migration Guide" (kubernetes.io/docs/reference/using-api/deprecation-guide/),
/// sections v1.16, v1.22, v1.25, v1.26, v1.27, v1.29 and v1.32. Review kinds that are never stored (TokenReview,
/// SubjectAccessReview, ...) are left out: the API server's `apiserver_requested_deprecated_apis` metric reports
/// requests to them.
public enum RemovedAPIs {
    public static let table: [RemovedAPI] = [
        // 1.16
        .init(apiVersion: "extensions/v1beta1", kind: "Deployment", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "extensions/v1beta1", kind: "DaemonSet", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "extensions/v1beta1", kind: "ReplicaSet", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "extensions/v1beta1", kind: "NetworkPolicy", removedIn: 16, replacement: "networking.k8s.io/v1"),
        .init(apiVersion: "apps/v1beta1", kind: "Deployment", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "apps/v1beta1", kind: "StatefulSet", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "apps/v1beta2", kind: "Deployment", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "apps/v1beta2", kind: "StatefulSet", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "apps/v1beta2", kind: "DaemonSet", removedIn: 16, replacement: "apps/v1"),
        .init(apiVersion: "apps/v1beta2", kind: "ReplicaSet", removedIn: 16, replacement: "apps/v1"),
        // 1.22
        .init(apiVersion: "admissionregistration.k8s.io/v1beta1", kind: "MutatingWebhookConfiguration", removedIn: 22,
              replacement: "admissionregistration.k8s.io/v1"),
        .init(apiVersion: "admissionregistration.k8s.io/v1beta1", kind: "ValidatingWebhookConfiguration", removedIn: 22,
              replacement: "admissionregistration.k8s.io/v1"),
        .init(apiVersion: "apiextensions.k8s.io/v1beta1", kind: "CustomResourceDefinition", removedIn: 22, replacement: "apiextensions.k8s.io/v1"),
        .init(apiVersion: "apiregistration.k8s.io/v1beta1", kind: "APIService", removedIn: 22, replacement: "apiregistration.k8s.io/v1"),
        .init(apiVersion: "certificates.k8s.io/v1beta1", kind: "CertificateSigningRequest", removedIn: 22, replacement: "certificates.k8s.io/v1"),
        .init(apiVersion: "coordination.k8s.io/v1beta1", kind: "Lease", removedIn: 22, replacement: "coordination.k8s.io/v1"),
        .init(apiVersion: "extensions/v1beta1", kind: "Ingress", removedIn: 22, replacement: "networking.k8s.io/v1"),
        .init(apiVersion: "networking.k8s.io/v1beta1", kind: "Ingress", removedIn: 22, replacement: "networking.k8s.io/v1"),
        .init(apiVersion: "networking.k8s.io/v1beta1", kind: "IngressClass", removedIn: 22, replacement: "networking.k8s.io/v1"),
        .init(apiVersion: "rbac.authorization.k8s.io/v1beta1", kind: "ClusterRole", removedIn: 22, replacement: "rbac.authorization.k8s.io/v1"),
        .init(apiVersion: "rbac.authorization.k8s.io/v1beta1", kind: "ClusterRoleBinding", removedIn: 22, replacement: "rbac.authorization.k8s.io/v1"),
        .init(apiVersion: "rbac.authorization.k8s.io/v1beta1", kind: "Role", removedIn: 22, replacement: "rbac.authorization.k8s.io/v1"),
        .init(apiVersion: "rbac.authorization.k8s.io/v1beta1", kind: "RoleBinding", removedIn: 22, replacement: "rbac.authorization.k8s.io/v1"),
        .init(apiVersion: "scheduling.k8s.io/v1beta1", kind: "PriorityClass", removedIn: 22, replacement: "scheduling.k8s.io/v1"),
        .init(apiVersion: "storage.k8s.io/v1beta1", kind: "CSIDriver", removedIn: 22, replacement: "storage.k8s.io/v1"),
        .init(apiVersion: "storage.k8s.io/v1beta1", kind: "CSINode", removedIn: 22, replacement: "storage.k8s.io/v1"),
        .init(apiVersion: "storage.k8s.io/v1beta1", kind: "StorageClass", removedIn: 22, replacement: "storage.k8s.io/v1"),
        .init(apiVersion: "storage.k8s.io/v1beta1", kind: "VolumeAttachment", removedIn: 22, replacement: "storage.k8s.io/v1"),
        // 1.25
        .init(apiVersion: "batch/v1beta1", kind: "CronJob", removedIn: 25, replacement: "batch/v1"),
        .init(apiVersion: "discovery.k8s.io/v1beta1", kind: "EndpointSlice", removedIn: 25, replacement: "discovery.k8s.io/v1"),
        .init(apiVersion: "events.k8s.io/v1beta1", kind: "Event", removedIn: 25, replacement: "events.k8s.io/v1"),
        .init(apiVersion: "autoscaling/v2beta1", kind: "HorizontalPodAutoscaler", removedIn: 25, replacement: "autoscaling/v2"),
        .init(apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", removedIn: 25, replacement: "policy/v1"),
        .init(apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", removedIn: 25, replacement: nil),
        .init(apiVersion: "node.k8s.io/v1beta1", kind: "RuntimeClass", removedIn: 25, replacement: "node.k8s.io/v1"),
        // 1.26
        .init(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "FlowSchema", removedIn: 26,
              replacement: "flowcontrol.apiserver.k8s.io/v1beta3"),
        .init(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "PriorityLevelConfiguration", removedIn: 26,
              replacement: "flowcontrol.apiserver.k8s.io/v1beta3"),
        .init(apiVersion: "autoscaling/v2beta2", kind: "HorizontalPodAutoscaler", removedIn: 26, replacement: "autoscaling/v2"),
        // 1.27
        .init(apiVersion: "storage.k8s.io/v1beta1", kind: "CSIStorageCapacity", removedIn: 27, replacement: "storage.k8s.io/v1"),
        // 1.29
        .init(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "FlowSchema", removedIn: 29,
              replacement: "flowcontrol.apiserver.k8s.io/v1"),
        .init(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "PriorityLevelConfiguration", removedIn: 29,
              replacement: "flowcontrol.apiserver.k8s.io/v1"),
        // 1.32
        .init(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "FlowSchema", removedIn: 32,
              replacement: "flowcontrol.apiserver.k8s.io/v1"),
        .init(apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "PriorityLevelConfiguration", removedIn: 32,
              replacement: "flowcontrol.apiserver.k8s.io/v1"),
    ]

    /// The APIs a cluster loses on the way from `running` to `target`: removed after the running minor, by the target.
    public static func removed(from running: ReleaseVersion, to target: ReleaseVersion) -> [RemovedAPI] {
        guard running.major == 1, target.major == 1 else { return [] }
        return table.filter { $0.removedIn > running.minor && $0.removedIn <= target.minor }
    }

    public static func entry(apiVersion: String, kind: String) -> RemovedAPI? {
        table.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }
}
