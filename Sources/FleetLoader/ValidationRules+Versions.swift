import FleetModel

extension ValidationRules {
    /// A catalog entry as written, with its parsed form.
    typealias CatalogEntry = (release: KubernetesRelease, resolved: ResolvedRelease)

    /// The catalog, parsed; entries that do not parse are reported and left out.
    func checkedCatalog() -> [CatalogEntry] {
        platform.kubernetesReleases.compactMap { release in
            guard !release.version.isEmpty else { return nil }
            guard let version = ReleaseVersion(release.version), release.version.hasPrefix("v") else {
                sink.error(at: release.locations["version"], "'\(release.version)' is not a Tanzu Kubernetes release version",
                           hint: "write it as the TKR names it, e.g. v1.27.11+vmware.1-fips.1-tkg.2")
                return nil
            }
            var expires: CalendarDate?
            if let text = release.expires {
                expires = CalendarDate(text)
                if expires == nil {
                    sink.error(at: release.locations["expires"], "'expires' is '\(text)', which is not a date",
                               hint: "write the date as YYYY-MM-DD, e.g. 2027-03-31")
                }
            }
            if release.state == .deprecated, release.expires == nil {
                sink.error(at: release.locations["state"], "deprecated release \(release.version) has no expiry date",
                           hint: "add 'expires: YYYY-MM-DD' so clusters on it get a warning that names the date")
            }
            return (release, ResolvedRelease(version: version, state: release.state, expires: expires))
        }
    }

    /// Each cluster's `kubernetes` resolved to one release of the catalog.
    func resolveReleases(in catalog: [CatalogEntry]) -> [String: ResolvedRelease] {
        var resolved: [String: ResolvedRelease] = [:]
        for cluster in fleet.clusters where !cluster.kubernetes.isEmpty {
            if let release = resolve(cluster, in: catalog) { resolved[cluster.name] = release }
        }
        return resolved
    }

    private func resolve(_ cluster: Cluster, in catalog: [CatalogEntry]) -> ResolvedRelease? {
        let location = cluster.locations["kubernetes"]
        let wanted = cluster.kubernetes
        switch ReleaseCatalog(catalog.map(\.resolved)).choose(wanted, today: today) {
        case .use(let release):
            return release
        case .deprecated(let release):
            sink.warning(at: location,
                         "cluster '\(cluster.name)' uses \(release.version), which is deprecated and expires on \(release.expires?.description ?? "an unknown date")",
                         hint: "plan an upgrade to a supported release: \(offered(catalog))")
            return release
        case .pastExpiry(let release, let date):
            sink.error(at: location, "cluster '\(cluster.name)' uses \(release.version), deprecated and past its expiry on \(date)",
                       hint: "upgrade to a supported release: \(offered(catalog)), or mark the release expired in the catalog")
        case .expired(let release, pinned: true):
            sink.error(at: location, "cluster '\(cluster.name)' uses \(release.version), which is expired",
                       hint: "upgrade to a supported release: \(offered(catalog))")
        case .expired(let expired, pinned: false):
            sink.error(at: location, "cluster '\(cluster.name)': '\(wanted)' matches only the expired release \(expired.version)",
                       hint: "upgrade to a supported release: \(offered(catalog))")
        case .previewOnly(let preview):
            sink.error(at: location, "'\(wanted)' matches only the preview release \(preview.version); a preview is used only when pinned in full",
                       hint: "pin it: 'kubernetes: \(preview.version)', or choose a supported release: \(offered(catalog))")
        case .none:
            sink.error(at: location, "cluster '\(cluster.name)': no Kubernetes release in the catalog matches '\(wanted)'",
                       hint: "available: \(offered(catalog))")
        }
        return nil
    }

    private func offered(_ catalog: [CatalogEntry]) -> String { ReleaseCatalog(catalog.map(\.resolved)).offered }
}
