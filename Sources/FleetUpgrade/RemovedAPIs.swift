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
    /// One line per API: the release that removes it, the group-version, the kind, and the successor (`-`: none).
    public static let table: [RemovedAPI] = """
        1.16  extensions/v1beta1                   Deployment                     apps/v1
        1.16  extensions/v1beta1                   DaemonSet                      apps/v1
        1.16  extensions/v1beta1                   ReplicaSet                     apps/v1
        1.16  extensions/v1beta1                   NetworkPolicy                  networking.k8s.io/v1
        1.16  apps/v1beta1                         Deployment                     apps/v1
        1.16  apps/v1beta1                         StatefulSet                    apps/v1
        1.16  apps/v1beta2                         Deployment                     apps/v1
        1.16  apps/v1beta2                         StatefulSet                    apps/v1
        1.16  apps/v1beta2                         DaemonSet                      apps/v1
        1.16  apps/v1beta2                         ReplicaSet                     apps/v1
        1.22  admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration   admissionregistration.k8s.io/v1
        1.22  admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration admissionregistration.k8s.io/v1
        1.22  apiextensions.k8s.io/v1beta1         CustomResourceDefinition       apiextensions.k8s.io/v1
        1.22  apiregistration.k8s.io/v1beta1       APIService                     apiregistration.k8s.io/v1
        1.22  certificates.k8s.io/v1beta1          CertificateSigningRequest      certificates.k8s.io/v1
        1.22  coordination.k8s.io/v1beta1          Lease                          coordination.k8s.io/v1
        1.22  extensions/v1beta1                   Ingress                        networking.k8s.io/v1
        1.22  networking.k8s.io/v1beta1            Ingress                        networking.k8s.io/v1
        1.22  networking.k8s.io/v1beta1            IngressClass                   networking.k8s.io/v1
        1.22  rbac.authorization.k8s.io/v1beta1    ClusterRole                    rbac.authorization.k8s.io/v1
        1.22  rbac.authorization.k8s.io/v1beta1    ClusterRoleBinding             rbac.authorization.k8s.io/v1
        1.22  rbac.authorization.k8s.io/v1beta1    Role                           rbac.authorization.k8s.io/v1
        1.22  rbac.authorization.k8s.io/v1beta1    RoleBinding                    rbac.authorization.k8s.io/v1
        1.22  scheduling.k8s.io/v1beta1            PriorityClass                  scheduling.k8s.io/v1
        1.22  storage.k8s.io/v1beta1               CSIDriver                      storage.k8s.io/v1
        1.22  storage.k8s.io/v1beta1               CSINode                        storage.k8s.io/v1
        1.22  storage.k8s.io/v1beta1               StorageClass                   storage.k8s.io/v1
        1.22  storage.k8s.io/v1beta1               VolumeAttachment               storage.k8s.io/v1
        1.25  batch/v1beta1                        CronJob                        batch/v1
        1.25  discovery.k8s.io/v1beta1             EndpointSlice                  discovery.k8s.io/v1
        1.25  events.k8s.io/v1beta1                Event                          events.k8s.io/v1
        1.25  autoscaling/v2beta1                  HorizontalPodAutoscaler        autoscaling/v2
        1.25  policy/v1beta1                       PodDisruptionBudget            policy/v1
        1.25  policy/v1beta1                       PodSecurityPolicy              -
        1.25  node.k8s.io/v1beta1                  RuntimeClass                   node.k8s.io/v1
        1.26  flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema                     flowcontrol.apiserver.k8s.io/v1beta3
        1.26  flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration     flowcontrol.apiserver.k8s.io/v1beta3
        1.26  autoscaling/v2beta2                  HorizontalPodAutoscaler        autoscaling/v2
        1.27  storage.k8s.io/v1beta1               CSIStorageCapacity             storage.k8s.io/v1
        1.29  flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema                     flowcontrol.apiserver.k8s.io/v1
        1.29  flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration     flowcontrol.apiserver.k8s.io/v1
        1.32  flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema                     flowcontrol.apiserver.k8s.io/v1
        1.32  flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration     flowcontrol.apiserver.k8s.io/v1
        """.split(separator: "\n").map { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            return RemovedAPI(apiVersion: fields[1], kind: fields[2], removedIn: Int(fields[0].dropFirst(2))!,
                              replacement: fields[3] == "-" ? nil : fields[3])
        }

    /// The APIs a cluster loses on the way from `running` to `target`: removed after the running minor, by the target.
    public static func removed(from running: ReleaseVersion, to target: ReleaseVersion) -> [RemovedAPI] {
        guard running.major == 1, target.major == 1 else { return [] }
        return table.filter { $0.removedIn > running.minor && $0.removedIn <= target.minor }
    }

    public static func entry(apiVersion: String, kind: String) -> RemovedAPI? {
        table.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }
}
