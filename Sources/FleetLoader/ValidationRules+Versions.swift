import FleetModel

extension ValidationRules {
    /// The catalog itself, then each cluster's `kubernetes` resolved to one release.
    func resolveReleases() -> [String: KubernetesRelease] {
        let catalog = checkedCatalog()
        var resolved: [String: KubernetesRelease] = [:]
        for cluster in fleet.clusters where !cluster.kubernetes.isEmpty {
            if let release = resolve(cluster, in: catalog) { resolved[cluster.name] = release }
        }
        return resolved
    }

    private func checkedCatalog() -> [(release: KubernetesRelease, version: ReleaseVersion)] {
        platform.kubernetesReleases.compactMap { release in
            guard !release.version.isEmpty else { return nil }
            guard let version = ReleaseVersion(release.version), release.version.hasPrefix("v") else {
                sink.error(at: release.locations["version"], "'\(release.version)' is not a Tanzu Kubernetes release version",
                           hint: "write it as the TKR names it, e.g. v1.27.11+vmware.1-fips.1-tkg.2")
                return nil
            }
            if let expires = release.expires, !isDate(expires) {
                sink.error(at: release.locations["expires"], "'expires' is '\(expires)', which is not a date",
                           hint: "write the date as YYYY-MM-DD, e.g. 2027-03-31")
            }
            if release.state == .deprecated, release.expires == nil {
                sink.error(at: release.locations["state"], "deprecated release \(release.version) has no expiry date",
                           hint: "add 'expires: YYYY-MM-DD' so clusters on it get a warning that names the date")
            }
            return (release, version)
        }
    }

    private func resolve(_ cluster: Cluster, in catalog: [(release: KubernetesRelease, version: ReleaseVersion)]) -> KubernetesRelease? {
        let location = cluster.locations["kubernetes"]
        let wanted = cluster.kubernetes
        if let pinned = catalog.first(where: { $0.release.version == wanted })?.release {
            return accept(pinned, for: cluster, at: location)
        }
        let matching = catalog.filter { $0.version.matches(prefix: wanted) }.sorted { $0.version > $1.version }
        if let supported = matching.first(where: { $0.release.state == .supported }) {
            return supported.release
        }
        if let deprecated = matching.first(where: { $0.release.state == .deprecated }) {
            return accept(deprecated.release, for: cluster, at: location)
        }
        if let preview = matching.first(where: { $0.release.state == .preview }) {
            sink.error(at: location, "'\(wanted)' matches only the preview release \(preview.release.version); a preview is used only when pinned in full",
                       hint: "pin it: 'kubernetes: \(preview.release.version)', or choose a supported release: \(offered(catalog))")
            return nil
        }
        if let expired = matching.first {
            sink.error(at: location, "cluster '\(cluster.name)': '\(wanted)' matches only the expired release \(expired.release.version)",
                       hint: "upgrade to a supported release: \(offered(catalog))")
            return nil
        }
        sink.error(at: location, "cluster '\(cluster.name)': no Kubernetes release in the catalog matches '\(wanted)'",
                   hint: "available: \(offered(catalog))")
        return nil
    }

    /// A pinned or deprecated release: expired is an error, deprecated a warning with its date.
    private func accept(_ release: KubernetesRelease, for cluster: Cluster, at location: SourceLocation) -> KubernetesRelease? {
        switch release.state {
        case .expired:
            sink.error(at: location, "cluster '\(cluster.name)' uses \(release.version), which is expired",
                       hint: "upgrade to a supported release: \(offered())")
            return nil
        case .deprecated:
            let expires = release.expires ?? "an unknown date"
            if let date = release.expires, isDate(date), date < today {
                sink.error(at: location, "cluster '\(cluster.name)' uses \(release.version), deprecated and past its expiry on \(date)",
                           hint: "upgrade to a supported release: \(offered()), or mark the release expired in the catalog")
                return nil
            }
            sink.warning(at: location, "cluster '\(cluster.name)' uses \(release.version), which is deprecated and expires on \(expires)",
                         hint: "plan an upgrade to a supported release: \(offered())")
            return release
        case .preview, .supported:
            return release
        }
    }

    /// Supported releases (else all that are not expired), newest first.
    private func offered(_ catalog: [(release: KubernetesRelease, version: ReleaseVersion)]? = nil) -> String {
        let all = catalog ?? platform.kubernetesReleases.compactMap { release in ReleaseVersion(release.version).map { (release, $0) } }
        let usable = all.filter { $0.release.state == .supported }
        let list = (usable.isEmpty ? all.filter { $0.release.state != .expired } : usable).sorted { $0.version > $1.version }
        return list.isEmpty ? "none; add a supported release to the Platform's kubernetesReleases"
            : list.map { "\($0.release.version) (\($0.release.state.rawValue))" }.joined(separator: ", ")
    }

    private func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
