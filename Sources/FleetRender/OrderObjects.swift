import FleetModel

/// The product orders on one cluster: each product repository once, in kapp-controller's global packaging namespace;
/// per order, in the order's namespace, a service account that may install only there, the values Secret (with the
/// locked paths recorded), the PackageInstall at the resolved version, and a NetworkPolicy that admits the owning
/// team's namespaces and the teams its space allows, and nobody else.
struct OrderObjects {
    let fleet: Fleet
    let cluster: Cluster
    /// The orders on this cluster.
    let orders: [ResolvedOrder]

    func objects() -> [KubeObject] {
        let mine = orders.sorted { ($0.order.namespace, $0.order.name) < ($1.order.namespace, $1.order.name) }
        guard !mine.isEmpty else { return [] }
        var objects: [KubeObject] = []
        var repositories: Set<String> = []
        for order in mine {
            guard let repository = order.product.repository, repositories.insert(repository.name).inserted else { continue }
            var object = KubeObject(apiVersion: Packaging.apiVersion, kind: "PackageRepository", name: repository.name,
                                    namespace: Packaging.globalNamespace, labels: labels(team: nil))
            object["spec"] = ["fetch": ["imgpkgBundle": ["image": .string(repository.url)]]]
            objects.append(object)
        }
        for order in mine { objects += self.objects(for: order) }
        return objects
    }

    private func labels(team: String?, order: String? = nil, product: String? = nil) -> [String: String] {
        var labels = OwnershipLabels.labels(fleet: fleet.platform.name, cluster: cluster.name, stage: cluster.stage, team: team)
        labels["peng.dev/order"] = order
        labels["peng.dev/product"] = product
        return labels
    }

    private func objects(for resolved: ResolvedOrder) -> [KubeObject] {
        let order = resolved.order, namespace = order.namespace
        let labels = labels(team: order.team, order: order.name, product: resolved.product.name)
        let installer = "\(order.name)-installer"
        var role = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", name: installer, namespace: namespace, labels: labels)
        role["rules"] = [["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]]]
        var binding = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", name: installer, namespace: namespace, labels: labels)
        binding["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": .string(installer)]
        binding["subjects"] = [["kind": "ServiceAccount", "name": .string(installer), "namespace": .string(namespace)]]
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "\(order.name)-values", namespace: namespace, labels: labels,
                                annotations: [Packaging.lockedPathsAnnotation: resolved.lockedPaths.joined(separator: ",")])
        secret["type"] = "Opaque"
        secret["stringData"] = ["values.yaml": .string(resolved.values.yamlString())]
        var install = KubeObject(apiVersion: Packaging.apiVersion, kind: "PackageInstall", name: order.name, namespace: namespace, labels: labels)
        install["spec"] = [
            "serviceAccountName": .string(installer),
            "packageRef": ["refName": .string(resolved.product.package)],
            "values": [["secretRef": ["name": .string("\(order.name)-values")]]],
        ]
        install = Packaging.placing(version: resolved.version.version.description, in: install)
        return [KubeObject(apiVersion: "v1", kind: "ServiceAccount", name: installer, namespace: namespace, labels: labels),
                role, binding, secret, install, networkPolicy(resolved, labels: labels)]
    }

    /// Admits the owning team's namespaces and the teams its space on this cluster allows; nobody else.
    private func networkPolicy(_ resolved: ResolvedOrder, labels: [String: String]) -> KubeObject {
        let order = resolved.order
        let space = resolved.team.spaces.first { $0.cluster == cluster.name && $0.namespaces.contains(order.namespace) }
        let teams = [order.team] + (space?.network.allowFrom ?? []).filter { $0 != order.team }.sorted()
        var policy = KubeObject(apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", name: "\(order.name)-access",
                                namespace: order.namespace, labels: labels)
        policy["spec"] = [
            "podSelector": ["matchLabels": .stringMap([Packaging.instanceLabel: order.name])],
            "policyTypes": ["Ingress"],
            "ingress": [["from": [["namespaceSelector": ["matchExpressions": [
                ["key": .string(OwnershipLabels.team), "operator": "In", "values": .strings(teams)],
            ]]]]]],
        ]
        return policy
    }
}
