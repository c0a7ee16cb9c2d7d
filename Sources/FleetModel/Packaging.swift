/// kapp-controller packaging as peng uses it, named once for the renderer, the validator, status and the simulator:
/// the API, the namespace peng installs packages into, and the Tanzu packages whose values peng wires.
public enum Packaging {
    public static let apiVersion = "packaging.carvel.dev/v1alpha1"
    public static let namespace = "peng-packages"
    /// kapp-controller's global packaging namespace on TKGS clusters (`--packaging-global-namespace=tkg-system`):
    /// a PackageRepository there serves PackageInstalls in every namespace. It belongs to the cluster, not to peng.
    public static let globalNamespace = "tkg-system"
    /// On an order's values Secret: the values no order can change, comma-separated dotted paths.
    public static let lockedPathsAnnotation = "peng.dev/locked-paths"
    /// Product packages label an instance's pods with this, set to the PackageInstall's name (the order's name).
    public static let instanceLabel = "app.kubernetes.io/instance"

    public static let prometheus = "prometheus.tanzu.vmware.com"
    public static let fluentBit = "fluent-bit.tanzu.vmware.com"
    public static let externalDNS = "external-dns.tanzu.vmware.com"
    /// kapp-controller's configuration Secret, in its namespace (`caCerts`, proxies).
    public static let controllerConfig = "kapp-controller-config"
    /// Where peng tells fluent-bit to run.
    public static let loggingNamespace = "tanzu-system-logging"

    /// The namespace and Pod Security level of a package peng wires, where its workloads need more than
    /// `restricted`: prometheus's node-exporter (host network, host PID, host paths) and fluent-bit (the node's
    /// /var/log) need `privileged`.
    public static func podSecurity(of package: String, monitoringNamespace: String) -> ExtensionPodSecurity? {
        switch package {
        case prometheus: ExtensionPodSecurity(namespace: monitoringNamespace, level: .privileged)
        case fluentBit: ExtensionPodSecurity(namespace: loggingNamespace, level: .privileged)
        default: nil
        }
    }

    /// The PackageInstall asking for `version` of its package: the one place that knows where the version goes.
    public static func placing(version: String, in install: KubeObject) -> KubeObject {
        var object = install
        var spec = object["spec"] ?? [:]
        var packageRef = spec["packageRef"] ?? [:]
        packageRef["versionSelection"] = ["constraints": .string(version)]
        spec["packageRef"] = packageRef
        object["spec"] = spec
        return object
    }
}
