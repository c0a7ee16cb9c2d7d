import FleetModel

extension ValidationRules {
    /// For every cluster, baseline then own extensions, each with the newest catalog version that fits its Kubernetes.
    func resolveExtensions(releases: [String: ResolvedRelease]) -> (chosen: [String: [ResolvedExtension]], offers: [String: [ExtensionOffer]]) {
        var offers: [String: [ExtensionOffer]] = [:]
        for entry in platform.extensions {
            offers[entry.name] = entry.versions.compactMap { version in
                guard !version.kubernetes.isEmpty else { return nil }
                guard let range = VersionRange(version.kubernetes) else {
                    sink.error(at: version.locations["kubernetes"], "'\(version.kubernetes)' is not a Kubernetes version range",
                               hint: "write comparisons separated by spaces, e.g. \">=1.25 <1.29\"")
                    return nil
                }
                return ExtensionOffer(version: version.version, kubernetes: range)
            }
        }
        var result: [String: [ResolvedExtension]] = [:]
        for cluster in fleet.clusters {
            guard let release = releases[cluster.name] else { continue }
            let kubernetes = release.version
            var names: [(String, SourceLocation)] = platform.baseline.extensions.map { ($0, cluster.locations["kubernetes"]) }
            for (index, name) in cluster.extensions.enumerated() where !platform.baseline.extensions.contains(name) {
                names.append((name, cluster.locations.item("extensions", index)))
            }
            result[cluster.name] = names.compactMap { name, location in
                guard let entry = platform.catalogExtension(named: name), let candidates = offers[name] else { return nil }
                let fitting = candidates.filter { $0.kubernetes.contains(kubernetes) }.sorted(by: ExtensionOffer.newerFirst)
                guard let chosen = fitting.first else {
                    let offered = entry.versions.map { "\($0.version) (Kubernetes \($0.kubernetes))" }.joined(separator: ", ")
                    sink.error(at: location,
                               "cluster '\(cluster.name)': extension '\(name)' has no catalog version for Kubernetes \(release.version)",
                               hint: "the catalog offers \(offered.isEmpty ? "no versions" : offered); add a compatible version or choose another Kubernetes release")
                    return nil
                }
                return ResolvedExtension(name: name, package: entry.package, version: chosen.version, values: entry.values,
                                         podSecurity: podSecurity(of: entry))
            }
        }
        return (result, offers)
    }

    /// `upgrades.soak`, parsed; 0s when not set.
    func checkedSoak() -> TimeSpan {
        guard let text = platform.upgradeSoak else { return TimeSpan(seconds: 0) }
        guard let soak = TimeSpan(text) else {
            sink.error(at: platform.locations["upgrades.soak"], "'upgrades.soak' is '\(text)', which is not a duration",
                       hint: "write hours, minutes or seconds, e.g. 72h, 30m or 1h30m")
            return TimeSpan(seconds: 0)
        }
        return soak
    }

    /// An extension's namespace and Pod Security level: the catalog's, else peng's default for the packages it wires.
    func podSecurity(of entry: CatalogExtension) -> ExtensionPodSecurity? {
        let wired = Packaging.podSecurity(of: entry.package, monitoringNamespace: platform.baseline.monitoringNamespace)
        guard let namespace = entry.namespace ?? wired?.namespace, let level = entry.podSecurity ?? wired?.level else { return nil }
        return ExtensionPodSecurity(namespace: namespace, level: level)
    }

    /// A catalog entry's `namespace` is a namespace name peng may label (not one the cluster or peng keeps for
    /// itself), and its `podSecurity` has a namespace to go on.
    func checkExtensionPodSecurity() {
        for entry in platform.extensions {
            if let namespace = entry.namespace {
                label(namespace, "extension '\(entry.name)': namespace", at: entry.locations["namespace"])
                if Self.systemNamespaces.contains(namespace) || namespace.hasPrefix("kube-") || namespace.hasPrefix("vmware-system-") {
                    sink.error(at: entry.locations["namespace"], "extension '\(entry.name)': namespace '\(namespace)' belongs to the cluster or to peng",
                               hint: "name the namespace the package's own workloads run in, as its values name it (e.g. tanzu-system-ingress)")
                }
            }
            if entry.podSecurity != nil, podSecurity(of: entry) == nil {
                sink.error(at: entry.locations["podSecurity"], "extension '\(entry.name)': podSecurity needs the namespace the package runs in",
                           hint: "add namespace: NAME, the namespace the package's values name (e.g. tanzu-system-ingress)")
            }
        }
    }

    static let systemNamespaces: Set<String> = ["default", Packaging.namespace, Packaging.globalNamespace, "peng-system"]
}
