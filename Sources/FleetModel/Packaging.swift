/// kapp-controller packaging as peng uses it, named once for the renderer, the validator, status and the simulator:
/// the API, the namespace peng installs packages into, and the Tanzu packages whose values peng wires.
public enum Packaging {
    public static let apiVersion = "packaging.carvel.dev/v1alpha1"
    public static let namespace = "peng-packages"

    public static let prometheus = "prometheus.tanzu.vmware.com"
    public static let fluentBit = "fluent-bit.tanzu.vmware.com"
    public static let externalDNS = "external-dns.tanzu.vmware.com"

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
