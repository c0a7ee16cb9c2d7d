import FleetLoader
import FleetModel
import Foundation
import KubeClient

/// The CustomResourceDefinitions a Supervisor and a TKGS workload cluster serve, as far as peng uses them, with
/// their published schemas: the lab's API servers check types, required fields and enums of every custom resource
/// peng sends, and prune what a schema does not know, as the real ones do. Each file in `CRDs/` names its upstream
/// source and any edit. For local control planes only.
public enum SimulatedCRDs {
    /// What a Supervisor serves: TanzuKubernetesCluster (run.tanzu.vmware.com v1alpha2, and v1alpha3 stored, with the
    /// v1alpha2 schema and the edits its file names), Cluster API's Cluster v1beta1, the TanzuKubernetesReleases it
    /// offers (cluster-scoped, v1alpha3), the VM classes bound to each vSphere Namespace (VirtualMachineClass,
    /// namespaced as vSphere 8 serves it), and a cluster's Antrea settings (AntreaConfig, cni.tanzu.vmware.com).
    public static var supervisor: [KubeObject] {
        get throws {
            try definitions("tanzukubernetescluster") + definitions("capi-cluster") + definitions("tanzukubernetesrelease")
                + definitions("virtualmachineclass") + definitions("antreaconfig")
        }
    }

    /// What a TKGS workload cluster comes with: kapp-controller's PackageRepository and PackageInstall, and a stand-in
    /// for its aggregated Package API (a CRD with InternalPackage's schema under data.packaging.carvel.dev).
    public static var packaging: [KubeObject] {
        get throws { try definitions("kapp-packaging") + definitions("kapp-package") }
    }

    /// The CustomResourceDefinitions in `CRDs/<name>.yaml`.
    static func definitions(_ name: String) throws -> [KubeObject] {
        guard let url = Bundle.module.url(forResource: "CRDs/\(name)", withExtension: "yaml") else {
            throw KubeError(.configuration, "the simulator's CRD file CRDs/\(name).yaml is missing from its resources")
        }
        return try YAMLValues.documents(in: String(contentsOf: url, encoding: .utf8)).map(KubeObject.init)
    }

    /// What a TKGS workload cluster has before anyone applies to it: kapp-controller's CRDs and its global packaging
    /// namespace.
    public static func prepareWorkload(_ client: KubeClient) async throws {
        try await install(try packaging, on: client)
        _ = try await client.apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: Packaging.globalNamespace), force: true,
                                   fieldManager: "peng-simulator")
    }

    /// Installs the definitions and waits until the server serves every served version of each (CRDs take a moment).
    public static func install(_ definitions: [KubeObject], on client: KubeClient) async throws {
        for crd in definitions {
            _ = try await client.apply(crd, force: true, fieldManager: "peng-simulator")
        }
        for crd in definitions {
            let group = crd[path: "spec", "group"]?.stringValue ?? ""
            let kind = crd[path: "spec", "names", "kind"]?.stringValue ?? ""
            let served = (crd[path: "spec", "versions"]?.arrayValue ?? []).filter { $0["served"]?.boolValue == true }.compactMap { $0["name"]?.stringValue }
            for version in served {
                var ready = false
                for _ in 0..<2400 {  // 120 s: a loaded machine may take long to establish a CRD; served ends the wait at once
                    await client.invalidateDiscovery("\(group)/\(version)")
                    if (try? await client.resource(apiVersion: "\(group)/\(version)", kind: kind)) != nil { ready = true; break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                if !ready { throw KubeError(.kindNotServed, "\(kind) (\(group)/\(version)) was not served within 120 s of installing its CRD") }
            }
        }
    }
}
