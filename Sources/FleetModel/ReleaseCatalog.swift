/// The Kubernetes release catalog, parsed, and the one rule that turns what a fleet writes (`v1.27`, a full
/// version) into a release: used by the validator for clusters and by `peng upgrade --to` for targets.
public struct ReleaseCatalog: Sendable {
    public let releases: [ResolvedRelease]

    public init(_ releases: [ResolvedRelease]) { self.releases = releases }

    /// What `wanted` resolves to, and on which terms.
    public enum Match: Sendable, Equatable {
        /// Named in full: used whatever its state (the caller judges expired and deprecated).
        case pinned(ResolvedRelease)
        /// A prefix: the newest `supported` release it matches.
        case supported(ResolvedRelease)
        /// A prefix that matches no supported release, only this deprecated one.
        case deprecated(ResolvedRelease)
        /// A prefix that matches only a preview, which is used only when pinned.
        case previewOnly(ResolvedRelease)
        /// A prefix that matches only expired releases.
        case expiredOnly(ResolvedRelease)
        case none
    }

    public func match(_ wanted: String) -> Match {
        if let pinned = releases.first(where: { $0.version.description == wanted }) { return .pinned(pinned) }
        let matching = releases.filter { $0.version.matches(prefix: wanted) }.sorted { $0.version > $1.version }
        if let supported = matching.first(where: { $0.state == .supported }) { return .supported(supported) }
        if let deprecated = matching.first(where: { $0.state == .deprecated }) { return .deprecated(deprecated) }
        if let preview = matching.first(where: { $0.state == .preview }) { return .previewOnly(preview) }
        if let expired = matching.first { return .expiredOnly(expired) }
        return .none
    }

    /// What `wanted` comes to under the lifecycle rules, for callers that word it their own way (a cluster's
    /// `kubernetes`, an order's `version`, `peng upgrade --to`).
    public enum Choice: Sendable, Equatable {
        /// Usable as it is: supported, or a preview pinned in full.
        case use(ResolvedRelease)
        /// Usable, with a warning that names its expiry date.
        case deprecated(ResolvedRelease)
        /// Deprecated and past its expiry date (`today` given).
        case pastExpiry(ResolvedRelease, CalendarDate)
        /// Expired: named in full (`pinned`), or the only match of a prefix.
        case expired(ResolvedRelease, pinned: Bool)
        /// A prefix that matches only a preview, which is used only when pinned.
        case previewOnly(ResolvedRelease)
        case none
    }

    /// The one rule: prefix -> newest supported (else deprecated); expired refused; deprecated warned about, refused once
    /// past its date; preview only when pinned.
    public func choose(_ wanted: String, today: CalendarDate?) -> Choice {
        func judged(_ release: ResolvedRelease) -> Choice {
            switch release.state {
            case .expired: return .expired(release, pinned: true)
            case .deprecated:
                if let date = release.expires, let today, date < today { return .pastExpiry(release, date) }
                return .deprecated(release)
            case .preview, .supported: return .use(release)
            }
        }
        switch match(wanted) {
        case .pinned(let release), .deprecated(let release): return judged(release)
        case .supported(let release): return .use(release)
        case .previewOnly(let preview): return .previewOnly(preview)
        case .expiredOnly(let release): return .expired(release, pinned: false)
        case .none: return .none
        }
    }

    /// The release a step through minor version `major.minor` takes: the newest supported patch, else the newest
    /// deprecated one (never a preview, never an expired release).
    public func stepRelease(major: Int, minor: Int) -> ResolvedRelease? {
        let ofMinor = releases.filter { $0.version.major == major && $0.version.minor == minor }.sorted { $0.version > $1.version }
        return ofMinor.first { $0.state == .supported } ?? ofMinor.first { $0.state == .deprecated }
    }

    /// Supported releases (else all that are not expired), newest first, for hints.
    public var offered: String {
        let usable = releases.filter { $0.state == .supported }
        let list = (usable.isEmpty ? releases.filter { $0.state != .expired } : usable).sorted { $0.version > $1.version }
        return list.isEmpty ? "none; add a supported release to the Platform's kubernetesReleases"
            : list.map { "\($0.version) (\($0.state.rawValue))" }.joined(separator: ", ")
    }
}
