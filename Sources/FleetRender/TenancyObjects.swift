import FleetModel

/// Per team space on a cluster: for each namespace a Namespace, ResourceQuota, LimitRange,
/// RoleBindings for the owner and viewer groups, and NetworkPolicies.
struct TenancyObjects {
    let fleet: Fleet
    let cluster: Cluster

    static let allowedRegistriesAnnotation = "peng.dev/allowed-registries"
    static let onCallAnnotation = "peng.dev/on-call"

    func objects() -> [KubeObject] {
        var objects: [KubeObject] = []
        for team in fleet.teams {
            for space in team.spaces where space.cluster == cluster.name {
                for namespace in space.namespaces {
                    objects += namespaceObjects(namespace, team: team, space: space)
                }
            }
        }
        return objects
    }

    private func labels(team: Team) -> [String: String] {
        OwnershipLabels.labels(fleet: fleet.platform.name, cluster: cluster.name, stage: cluster.stage, team: team.name)
    }

    private func namespaceObjects(_ namespace: String, team: Team, space: Space) -> [KubeObject] {
        let labels = labels(team: team)
        var objects = [namespaceObject(namespace, team: team, labels: labels)]
        if let quota = space.quota, let object = resourceQuota(quota, namespace: namespace, labels: labels) {
            objects.append(object)
        }
        if let limits = space.limits, let object = limitRange(limits, namespace: namespace, labels: labels) {
            objects.append(object)
        }
        objects += roleBindings(team: team, namespace: namespace, labels: labels)
        objects += NetworkPolicies(fleet: fleet, cluster: cluster, team: team, space: space,
                                   namespace: namespace, labels: labels).objects()
        return objects
    }

    private func namespaceObject(_ name: String, team: Team, labels: [String: String]) -> KubeObject {
        let namespaceLabels = labels.merging(fleet.platform.baseline.podSecurity.namespaceLabels) { _, level in level }
        var annotations: [String: String] = [:]
        let registries = fleet.platform.baseline.allowedRegistries
        if !registries.isEmpty { annotations[Self.allowedRegistriesAnnotation] = registries.joined(separator: ",") }
        if let onCall = team.onCall { annotations[Self.onCallAnnotation] = onCall }
        return KubeObject(apiVersion: "v1", kind: "Namespace", name: name, labels: namespaceLabels, annotations: annotations)
    }

    private func resourceQuota(_ quota: Quota, namespace: String, labels: [String: String]) -> KubeObject? {
        var hard: [String: String] = [:]
        if let cpu = quota.cpu { hard["requests.cpu"] = cpu }
        if let memory = quota.memory { hard["requests.memory"] = memory }
        if let pods = quota.pods { hard["pods"] = pods }
        guard !hard.isEmpty else { return nil }
        var object = KubeObject(apiVersion: "v1", kind: "ResourceQuota", name: "peng-quota", namespace: namespace, labels: labels)
        object["spec"] = ["hard": .stringMap(hard)]
        return object
    }

    private func limitRange(_ limits: Limits, namespace: String, labels: [String: String]) -> KubeObject? {
        var defaults: [String: String] = [:]
        if let cpu = limits.defaultCPU { defaults["cpu"] = cpu }
        if let memory = limits.defaultMemory { defaults["memory"] = memory }
        guard !defaults.isEmpty else { return nil }
        var object = KubeObject(apiVersion: "v1", kind: "LimitRange", name: "peng-limits", namespace: namespace, labels: labels)
        object["spec"] = ["limits": [[
            "type": "Container", "default": .stringMap(defaults), "defaultRequest": .stringMap(defaults),
        ]]]
        return object
    }

    /// Owners edit, viewers view: the built-in ClusterRoles, bound per namespace to directory groups.
    private func roleBindings(team: Team, namespace: String, labels: [String: String]) -> [KubeObject] {
        [("peng-owners", "edit", team.owners), ("peng-viewers", "view", team.viewers)].compactMap { name, role, groups in
            guard !groups.isEmpty else { return nil }
            var binding = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", name: name,
                                     namespace: namespace, labels: labels)
            binding["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(role)]
            binding["subjects"] = .array(groups.map {
                ["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string(fleet.platform.identity.subject($0))]
            })
            return binding
        }
    }
}
