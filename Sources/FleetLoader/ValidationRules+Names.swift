import FleetModel

extension ValidationRules {
    static let reservedNamespaces: Set<String> = [
        "default", "kube-system", "kube-public", "kube-node-lease", "tkg-system", "peng-system", Packaging.namespace,
    ]

    /// DNS-1123 labels everywhere a name becomes a Kubernetes name; unique where the format says so.
    func checkNames() {
        label(platform.name, "Platform name", at: platform.locations["metadata.name"])
        for (index, stage) in platform.stages.enumerated() {
            label(stage, "stage", at: platform.locations.item("stages", index))
        }
        unique(platform.stages.enumerated().map { ($0.element, platform.locations.item("stages", $0.offset)) }, "stage")
        for supervisor in platform.supervisors {
            label(supervisor.name, "Supervisor name", at: supervisor.locations["name"])
        }
        unique(platform.supervisors.map { ($0.name, $0.locations["name"]) }, "Supervisor")
        unique(platform.extensions.map { ($0.name, $0.locations["name"]) }, "catalog extension")
        unique(platform.kubernetesReleases.map { ($0.version, $0.locations["version"]) }, "Kubernetes release")

        for cluster in fleet.clusters {
            label(cluster.name, "Cluster name", at: cluster.locations["metadata.name"])
            label(cluster.vsphereNamespace, "vSphere Namespace", at: cluster.locations["vsphereNamespace"])
            for pool in cluster.nodePools { label(pool.name, "node pool name", at: pool.locations["name"]) }
            unique(cluster.nodePools.map { ($0.name, $0.locations["name"]) }, "node pool")
        }
        unique(fleet.clusters.map { ($0.name, $0.locations["metadata.name"]) }, "Cluster")

        for team in fleet.teams {
            label(team.name, "Team name", at: team.locations["metadata.name"])
            for space in team.spaces {
                for (index, namespace) in space.namespaces.enumerated() {
                    let location = space.locations.item("namespaces", index)
                    label(namespace, "namespace", at: location)
                    if Self.reservedNamespaces.contains(namespace) || namespace.hasPrefix("vmware-system")
                        || namespace.hasPrefix("tanzu-system")
                    {
                        sink.error(at: location, "namespace '\(namespace)' is reserved for the platform",
                                   hint: "give the team its own namespace, e.g. '\(team.name)-\(namespace)'")
                    }
                }
            }
        }
        unique(fleet.teams.map { ($0.name, $0.locations["metadata.name"]) }, "Team")
        checkNamespacesUniquePerCluster()
    }

    private func checkNamespacesUniquePerCluster() {
        var seen: [String: (team: String, location: SourceLocation)] = [:]
        for team in fleet.teams {
            for space in team.spaces {
                for (index, namespace) in space.namespaces.enumerated() {
                    let key = "\(space.cluster)/\(namespace)"
                    let location = space.locations.item("namespaces", index)
                    if let first = seen[key] {
                        let owner = first.team == team.name ? "this team" : "team '\(first.team)'"
                        sink.error(at: location, "namespace '\(namespace)' on cluster '\(space.cluster)' is already used by \(owner) at \(first.location)",
                                   hint: "namespace names must be unique per cluster; choose another name")
                    } else {
                        seen[key] = (team.name, location)
                    }
                }
            }
        }
    }

    func label(_ name: String, _ what: String, at location: SourceLocation) {
        guard !name.isEmpty else { return }  // a missing value was reported by the loader
        if !DNSLabel.isValid(name) {
            sink.error(at: location, "\(what) '\(name)' is not a valid DNS-1123 label",
                       hint: "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit"
                           + (DNSLabel.suggestion(for: name).map { ", e.g. '\($0)'" } ?? ""))
        }
    }

    func unique(_ names: [(String, SourceLocation)], _ what: String) {
        var first: [String: SourceLocation] = [:]
        for (name, location) in names where !name.isEmpty {
            if let earlier = first[name] {
                sink.error(at: location, "duplicate \(what) '\(name)'; it is already declared at \(earlier)",
                           hint: "\(what) names must be unique; rename or remove one of them")
            } else {
                first[name] = location
            }
        }
    }
}
