import ArgumentParser
import FleetModel
import FleetUpgrade

/// `--to VERSION|latest`: the release an upgrade goes to, resolved by the catalog's own rule.
struct UpgradeTarget: ParsableArguments {
    @Option(name: .customLong("to"), help: "The release to go to: a full version, a prefix like v1.28 (newest supported), or latest.")
    var text: String?

    struct Resolved {
        var release: ResolvedRelease
        /// What to write into the fleet: the text as given (a prefix stays a prefix), or the full version for `latest`.
        var written: String
    }

    /// nil without `--to`. `latest`: the newest supported release that every selected cluster can reach.
    func resolve(_ fleet: ValidatedFleet, clusters: [Cluster]) throws -> Resolved? {
        guard let text else { return nil }
        let catalog = fleet.releaseCatalog
        if text == "latest" {
            let planner = UpgradePlanner(fleet)
            let candidates = catalog.releases.filter { $0.state == .supported }.sorted { $0.version > $1.version }
            let reachable = candidates.first { release in
                clusters.allSatisfy { cluster in
                    let current = fleet.release(of: cluster).version
                    return current >= release.version
                        || !planner.upgrade(of: cluster, running: current, to: release).blocked
                }
            }
            guard let release = reachable ?? candidates.first else {
                throw UserError("--to latest: the catalog has no supported release", hint: "mark a release 'state: supported' in the Platform")
            }
            return Resolved(release: release, written: release.version.description)
        }
        // No date here: a release past its expiry is refused by the validation of the edited fleet.
        switch catalog.choose(text, today: nil) {
        case .expired(let release, _):
            throw UserError("--to \(text): \(release.version) is expired", hint: "choose a supported release: \(catalog.offered)")
        case .use(let release):
            return Resolved(release: release, written: text)
        case .deprecated(let release), .pastExpiry(let release, _):
            Output.standardError.write("warning: \(release.version) is deprecated and expires on \(release.expires?.description ?? "an unknown date")\n")
            return Resolved(release: release, written: text)
        case .previewOnly(let preview):
            throw UserError("--to \(text) matches only the preview release \(preview.version); a preview is used only when pinned in full",
                            hint: "pin it: --to \(preview.version), or choose a supported release: \(catalog.offered)")
        case .none:
            // What --to could have meant, newest first: a prefix where it resolves, the full version of a preview.
            var names: [String] = []
            for release in catalog.releases.filter({ $0.state != .expired }).sorted(by: { $0.version > $1.version }) {
                let prefix = "v\(release.version.major).\(release.version.minor)"
                if release.state != .preview, !names.contains(prefix) { names.append(prefix) }
                names.append(release.version.description)
            }
            let suggestion = Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'? " } ?? ""
            throw UserError("--to \(text): no release in the catalog matches", hint: suggestion + "available: \(catalog.offered)")
        }
    }
}
