import FleetModel
import KubeClient

/// The CustomResourceDefinitions a Supervisor and a TKGS workload cluster serve, as far as peng uses them. The
/// schemas accept any fields: no controller behind them validates specs here. For local control planes only.
public enum SimulatedCRDs {
    /// What a Supervisor serves: TanzuKubernetesCluster (run.tanzu.vmware.com/v1alpha3), Cluster API's Cluster, and
    /// the TanzuKubernetesReleases it offers (cluster-scoped).
    public static let supervisor: [KubeObject] = [
        definition(group: "run.tanzu.vmware.com", version: "v1alpha3", kind: "TanzuKubernetesCluster",
                   plural: "tanzukubernetesclusters", shortName: "tkc"),
        definition(group: "cluster.x-k8s.io", version: "v1beta1", kind: "Cluster", plural: "clusters", shortName: "cl"),
        definition(group: "run.tanzu.vmware.com", version: "v1alpha3", kind: "TanzuKubernetesRelease",
                   plural: "tanzukubernetesreleases", shortName: "tkr", scope: "Cluster"),
    ]

    /// What a TKGS workload cluster comes with: kapp-controller's PackageRepository and PackageInstall.
    public static let packaging: [KubeObject] = [
        definition(group: "packaging.carvel.dev", version: "v1alpha1", kind: "PackageRepository",
                   plural: "packagerepositories", shortName: "pkgr"),
        definition(group: "packaging.carvel.dev", version: "v1alpha1", kind: "PackageInstall",
                   plural: "packageinstalls", shortName: "pkgi"),
    ]

    static func definition(group: String, version: String, kind: String, plural: String, shortName: String,
                           scope: String = "Namespaced") -> KubeObject
    {
        var crd = KubeObject(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "\(plural).\(group)")
        crd["spec"] = [
            "group": .string(group),
            "names": ["kind": .string(kind), "listKind": .string("\(kind)List"), "plural": .string(plural),
                      "singular": .string(kind.lowercased()), "shortNames": [.string(shortName)]],
            "scope": .string(scope),
            "versions": [[
                "name": .string(version), "served": true, "storage": true,
                "subresources": ["status": [:]],
                "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
            ]],
        ]
        return crd
    }

    /// What a TKGS workload cluster has before anyone applies to it: kapp-controller's CRDs and its global packaging
    /// namespace.
    public static func prepareWorkload(_ client: KubeClient) async throws {
        try await install(packaging, on: client)
        _ = try await client.apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: Packaging.globalNamespace), force: true,
                                   fieldManager: "peng-simulator")
    }

    /// Installs the definitions and waits until the server serves every kind (CRDs take a moment).
    public static func install(_ definitions: [KubeObject], on client: KubeClient) async throws {
        for crd in definitions {
            _ = try await client.apply(crd, force: true, fieldManager: "peng-simulator")
        }
        for crd in definitions {
            let group = crd[path: "spec", "group"]?.stringValue ?? ""
            let version = crd[path: "spec", "versions"]?.arrayValue?.first?["name"]?.stringValue ?? ""
            let kind = crd[path: "spec", "names", "kind"]?.stringValue ?? ""
            var served = false
            for _ in 0..<2400 {  // 120 s: a loaded machine may take long to establish a CRD; served ends the wait at once
                await client.invalidateDiscovery("\(group)/\(version)")
                if (try? await client.resource(apiVersion: "\(group)/\(version)", kind: kind)) != nil { served = true; break }
                try await Task.sleep(for: .milliseconds(50))
            }
            if !served { throw KubeError(.kindNotServed, "\(kind) (\(group)/\(version)) was not served within 120 s of installing its CRD") }
        }
    }
}
