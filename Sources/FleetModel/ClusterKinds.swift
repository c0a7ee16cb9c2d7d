/// The Supervisor kinds that *are* a workload cluster: deleting one deletes the cluster and everything on it.
public enum ClusterKinds {
    public static let tanzu = (apiVersion: "run.tanzu.vmware.com/v1alpha3", kind: "TanzuKubernetesCluster")
    public static let clusterAPI = (apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster")

    public static func isCluster(_ ref: ObjectRef) -> Bool {
        (ref.group == "run.tanzu.vmware.com" && ref.kind == tanzu.kind) || (ref.group == "cluster.x-k8s.io" && ref.kind == clusterAPI.kind)
    }

    /// The Secret in which the Supervisor publishes a cluster's admin kubeconfig (key `value`), as TKGS and Cluster API do.
    public static func kubeconfigSecret(cluster: String, namespace: String) -> ObjectRef {
        ObjectRef(apiVersion: "v1", kind: "Secret", namespace: namespace, name: "\(cluster)-kubeconfig")
    }

    /// The Kubernetes release a cluster object asks for: TKGS names TKRs with `---` where the version has `+`;
    /// Cluster API gives the version in the topology.
    public static func desiredVersion(of cluster: KubeObject) -> String? {
        if let tkr = cluster[path: "spec", "topology", "controlPlane", "tkr", "reference", "name"]?.stringValue {
            return tkr.split(separator: "---", omittingEmptySubsequences: false).joined(separator: "+")
        }
        return cluster[path: "spec", "topology", "version"]?.stringValue
    }
}
