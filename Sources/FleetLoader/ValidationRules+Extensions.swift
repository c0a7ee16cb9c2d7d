import FleetModel

extension ValidationRules {
    /// For every cluster, baseline then own extensions, each with the newest catalog version that fits its Kubernetes.
    func resolveExtensions(releases: [String: ResolvedRelease]) -> [String: [ResolvedExtension]] {
        var ranges: [String: [(ExtensionVersion, VersionRange, ReleaseVersion?)]] = [:]
        for entry in platform.extensions {
            ranges[entry.name] = entry.versions.compactMap { version in
                guard !version.kubernetes.isEmpty else { return nil }
                guard let range = VersionRange(version.kubernetes) else {
                    sink.error(at: version.locations["kubernetes"], "'\(version.kubernetes)' is not a Kubernetes version range",
                               hint: "write comparisons separated by spaces, e.g. \">=1.25 <1.29\"")
                    return nil
                }
                return (version, range, ReleaseVersion(version.version))
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
                guard let entry = platform.catalogExtension(named: name), let candidates = ranges[name] else { return nil }
                let fitting = candidates.filter { $0.1.contains(kubernetes) }
                    .sorted { a, b in
                        guard let va = a.2, let vb = b.2 else { return NaturalOrder.precedes(b.0.version, a.0.version) }
                        return va > vb
                    }
                guard let chosen = fitting.first else {
                    let offered = entry.versions.map { "\($0.version) (Kubernetes \($0.kubernetes))" }.joined(separator: ", ")
                    sink.error(at: location,
                               "cluster '\(cluster.name)': extension '\(name)' has no catalog version for Kubernetes \(release.version)",
                               hint: "the catalog offers \(offered.isEmpty ? "no versions" : offered); add a compatible version or choose another Kubernetes release")
                    return nil
                }
                return ResolvedExtension(name: name, package: entry.package, version: chosen.0.version, values: entry.values)
            }
        }
        return result
    }
}
