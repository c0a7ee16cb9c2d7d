import FleetModel

/// The baseline and cluster extensions as kapp-controller packages: one namespace for them, a service
/// account that may install them, the package repository, and per extension a PackageInstall with a
/// values Secret that wires monitoring, logging and alerting.
struct ExtensionObjects {
    let fleet: Fleet
    let cluster: Cluster
    let extensions: [ResolvedExtension]
    let endpoints: ResolvedBaseline

    static let namespace = Packaging.namespace
    static let serviceAccount = "peng-package-installer"
    static let packagingAPI = Packaging.apiVersion

    var labels: [String: String] {
        OwnershipLabels.labels(fleet: fleet.platform.name, cluster: cluster.name, stage: cluster.stage)
    }

    func objects() -> [KubeObject] {
        guard !extensions.isEmpty || fleet.platform.packageRepository != nil else { return [] }
        var objects = [
            KubeObject(apiVersion: "v1", kind: "Namespace", name: Self.namespace, labels: labels),
            KubeObject(apiVersion: "v1", kind: "ServiceAccount", name: Self.serviceAccount, namespace: Self.namespace, labels: labels),
            installerBinding(),
        ]
        objects += workloadNamespaces()
        if let repository = fleet.platform.packageRepository {
            var object = KubeObject(apiVersion: Self.packagingAPI, kind: "PackageRepository", name: repository.name,
                                    namespace: Self.namespace, labels: labels)
            var bundle: JSONValue = ["image": .string(repository.url)]
            // The Secret itself is copied from the vSphere Namespace at plan and apply: no credential is rendered.
            if let secret = repository.pullSecret { bundle["secretRef"] = ["name": .string(secret)] }
            object["spec"] = ["fetch": ["imgpkgBundle": bundle]]
            objects.append(object)
            if let ca = repository.caCertificate { objects.append(kappControllerConfig(trusting: ca)) }
        }
        let values = ExtensionValues(fleet: fleet, cluster: cluster, endpoints: endpoints)
        for resolved in extensions {
            let settings = values.values(for: resolved)
            if let settings { objects.append(valuesSecret(for: resolved, values: settings)) }
            objects.append(packageInstall(for: resolved, withValues: settings != nil))
        }
        return objects
    }

    /// The namespaces the extensions' workloads run in, made before the packages with the Pod Security level they
    /// need (enforce, audit and warn), so that a node agent is admitted once Pod Security is enforced (TKRs from 1.26
    /// on enforce `restricted` everywhere else). Two extensions in one namespace get the more permissive level.
    private func workloadNamespaces() -> [KubeObject] {
        var levels: [String: PodSecurityLevel] = [:]
        for security in extensions.compactMap(\.podSecurity) {
            levels[security.namespace] = levels[security.namespace].map { .morePermissive($0, security.level) } ?? security.level
        }
        return levels.sorted { $0.key < $1.key }.map { namespace, level in
            KubeObject(apiVersion: "v1", kind: "Namespace", name: namespace, labels: labels.merging(level.namespaceLabels) { _, level in level })
        }
    }

    /// kapp-controller's own configuration (the Secret `kapp-controller-config` in its namespace, `tkg-system` on TKGS):
    /// `caCerts` are the CAs it trusts when it fetches from a registry.
    private func kappControllerConfig(trusting ca: String) -> KubeObject {
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: Packaging.controllerConfig, namespace: Packaging.globalNamespace, labels: labels)
        secret["type"] = "Opaque"
        secret["stringData"] = ["caCerts": .string(ca)]
        return secret
    }

    /// kapp-controller installs with the rights of this service account; packages create CRDs and cluster RBAC.
    private func installerBinding() -> KubeObject {
        var binding = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding",
                                 name: Self.serviceAccount, labels: labels)
        binding["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"]
        binding["subjects"] = [["kind": "ServiceAccount", "name": .string(Self.serviceAccount), "namespace": .string(Self.namespace)]]
        return binding
    }

    private func valuesSecret(for resolved: ResolvedExtension, values: JSONValue) -> KubeObject {
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "\(resolved.name)-values",
                                namespace: Self.namespace, labels: labels)
        secret["type"] = "Opaque"
        secret["stringData"] = ["values.yaml": .string(values.yamlString())]
        return secret
    }

    private func packageInstall(for resolved: ResolvedExtension, withValues: Bool) -> KubeObject {
        var install = KubeObject(apiVersion: Self.packagingAPI, kind: "PackageInstall", name: resolved.name,
                                 namespace: Self.namespace, labels: labels)
        var spec: JSONValue = [
            "serviceAccountName": .string(Self.serviceAccount),
            "packageRef": ["refName": .string(resolved.package)],
        ]
        if withValues { spec["values"] = [["secretRef": ["name": .string("\(resolved.name)-values")]]] }
        install["spec"] = spec
        return Packaging.placing(version: resolved.version, in: install)
    }
}
