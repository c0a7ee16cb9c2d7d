/// The Supervisor kinds that *are* a workload cluster: deleting one deletes the cluster and everything on it.
public enum ClusterKinds {
    public static let tanzu = (apiVersion: "run.tanzu.vmware.com/v1alpha3", kind: "TanzuKubernetesCluster")
    public static let clusterAPI = (apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster")

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
}
