/// The Supervisor kinds that *are* a workload cluster: deleting one deletes the cluster and everything on it.
public enum ClusterKinds {
    public static let tanzu = (apiVersion: "run.tanzu.vmware.com/v1alpha3", kind: "TanzuKubernetesCluster")
    public static let clusterAPI = (apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster")
    /// What a Supervisor offers: one TanzuKubernetesRelease per Kubernetes release (cluster-scoped).
    public static let release = (apiVersion: "run.tanzu.vmware.com/v1alpha3", kind: "TanzuKubernetesRelease")
    /// A VM class bound to a vSphere Namespace: vSphere 8 serves one namespaced VirtualMachineClass per bound class.
    public static let vmClass = (apiVersion: "vmoperator.vmware.com/v1alpha2", kind: "VirtualMachineClass")
    /// A storage class assigned to a vSphere Namespace: a limit `<class>` + this in the namespace's ResourceQuota.
    public static let storageQuotaSuffix = ".storageclass.storage.k8s.io/requests.storage"

    /// The Kubernetes release peng asked for, recorded on the cluster object when it is rendered, so that nobody
    /// has to recover it from a TKR name.
    public static let releaseAnnotation = "peng.dev/kubernetes-release"

    public static func isCluster(_ ref: ObjectRef) -> Bool {
        ref.groupKind == .tanzuKubernetesCluster || ref.groupKind == .clusterAPICluster
    }

    /// The Secret in which the Supervisor publishes a cluster's admin kubeconfig (key `value`), as TKGS and Cluster API do.
    public static func kubeconfigSecret(cluster: String, namespace: String) -> ObjectRef {
        ObjectRef(apiVersion: "v1", kind: "Secret", namespace: namespace, name: "\(cluster)-kubeconfig")
    }

    /// The Kubernetes release a cluster object asks for, as peng recorded it.
    public static func desiredRelease(of cluster: KubeObject) -> String? {
        cluster.annotations[releaseAnnotation]
    }

    /// The Kubernetes release the Supervisor reports the cluster runs: `status.version`. nil when not reported.
    public static func runningRelease(of cluster: KubeObject) -> String? {
        cluster[path: "status", "version"]?.stringValue
    }

    /// The cluster object asking for `release`: where each cluster API names its release, and peng's annotation.
    /// The one place that knows where a release goes; the renderer and the upgrade steps both use it.
    public static func placing(_ release: ReleaseVersion, in cluster: KubeObject) -> KubeObject {
        var object = cluster
        var metadata = object["metadata"] ?? [:]
        var annotations = metadata["annotations"] ?? [:]
        annotations[releaseAnnotation] = .string(release.description)
        metadata["annotations"] = annotations
        object["metadata"] = metadata
        guard var spec = object["spec"], var topology = spec["topology"] else { return object }
        if cluster.groupKind == .tanzuKubernetesCluster {
            let tkr: JSONValue = ["reference": ["name": .string(release.tkrName)]]
            topology["controlPlane"]?["tkr"] = tkr
            if case .array(let pools)? = topology["nodePools"] {
                topology["nodePools"] = .array(pools.map { pool in
                    var pool = pool
                    pool["tkr"] = tkr
                    return pool
                })
            }
        } else {
            topology["version"] = .string(release.description)
        }
        spec["topology"] = topology
        object["spec"] = spec
        return object
    }
}
