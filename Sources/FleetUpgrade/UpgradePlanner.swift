import FleetModel

/// Plans a cluster's way from the release it runs to a target release: one minor version at a time, each step
/// the newest supported patch of its minor, the extensions that must move at each step (before or after it), and
/// what blocks a step. Pure: what the Supervisor offers and which removed APIs are in use are handed in.
public struct UpgradePlanner: Sendable {
    public let fleet: ValidatedFleet

    public init(_ fleet: ValidatedFleet) { self.fleet = fleet }

    /// - Parameters:
    ///   - running: the release the Supervisor reports; nil when the cluster does not exist yet.
    ///   - offer: the Supervisor's releases; nil when not read (offline).
    ///   - removedAPIUses: the live uses of APIs removed on the way; empty when not read.
    ///   - packages: what the cluster's package repositories offer; nil when not read or not known.
    public func upgrade(of cluster: Cluster, running: ReleaseVersion?, to target: ResolvedRelease,
                        offer: [SupervisorRelease]? = nil, removedAPIUses: [RemovedAPIUse] = [], packages: PackageOffer? = nil) -> ClusterUpgrade
    {
        var upgrade = ClusterUpgrade(cluster: cluster.name, stage: cluster.stage, supervisor: cluster.supervisor,
                                     running: running, target: target.version)
        guard let running else {
            upgrade.notes.append("not provisioned yet: it is created at \(target.version)")
            return upgrade
        }
        let releases: [ResolvedRelease]
        switch releaseSteps(from: running, to: target) {
        case .success(let steps): releases = steps
        case .failure(let blocker):
            upgrade.blockers.append(blocker)
            return upgrade
        }
        var installed = startingExtensions(of: cluster, on: running)
        var from = running
        for (index, release) in releases.enumerated() {
            var step = UpgradeStep(from: from, to: release.version, state: release.state)
            step.order = ["control plane (\(cluster.controlPlane.replicas) node\(cluster.controlPlane.replicas == 1 ? "" : "s"))"]
                + cluster.nodePools.map { "node pool \($0.name) (\($0.replicas) node\($0.replicas == 1 ? "" : "s"))" }
            moveExtensions(&installed, step: &step, from: from, to: release.version)
            if index == releases.count - 1 { finishExtensions(&installed, of: cluster, step: &step, at: release.version) }
            if let offer { step.blockers += offerBlockers(offer, release: release, supervisor: cluster.supervisor) }
            if let packages { step.blockers += packageBlockers(packages, cluster: cluster, installed: installed, step: step) }
            step.removedAPIs = removedAPIUses.filter { use in
                guard let minor = use.removedMinor else { return false }
                return minor > from.minor && minor <= release.version.minor
            }
            if !step.removedAPIs.isEmpty {
                step.blockers.append(UpgradeBlocker(.removedAPI,
                    "\(step.removedAPIs.count) use\(step.removedAPIs.count == 1 ? "" : "s") of APIs that Kubernetes 1.\(release.version.minor) no longer serves",
                    hint: "move them to the replacement API first (each is listed with its manager); the step would break them"))
            }
            upgrade.steps.append(step)
            from = release.version
        }
        return upgrade
    }

    /// The releases to pass through, the target last; or why there is no way.
    public func releaseSteps(from running: ReleaseVersion, to target: ResolvedRelease) -> Result<[ResolvedRelease], UpgradeBlocker> {
        if running == target.version { return .success([]) }
        if target.version < running {
            return .failure(UpgradeBlocker(.downgrade, "it runs \(running), newer than \(target.version); Kubernetes does not downgrade",
                                           hint: "set the cluster's kubernetes to \(running) or newer"))
        }
        guard running.major == target.version.major else {
            return .failure(UpgradeBlocker(.catalog, "no upgrade path from \(running) to \(target.version) across major versions"))
        }
        var steps: [ResolvedRelease] = []
        var minor = running.minor + 1
        while minor < target.version.minor {
            guard let release = fleet.releaseCatalog.stepRelease(major: running.major, minor: minor) else {
                return .failure(UpgradeBlocker(.catalog,
                    "the catalog has no supported release of \(running.major).\(minor) to step through (Kubernetes moves one minor version at a time)",
                    hint: "add a supported \(running.major).\(minor) release to the Platform's kubernetesReleases"))
            }
            steps.append(release)
            minor += 1
        }
        steps.append(target)
        return .success(steps)
    }

    /// The newest catalog version of an extension that runs on `kubernetes`.
    public func newestCompatible(_ name: String, on kubernetes: ReleaseVersion) -> ExtensionOffer? {
        (fleet.extensionOffers[name] ?? []).filter { $0.kubernetes.contains(kubernetes) }.sorted(by: ExtensionOffer.newerFirst).first
    }

    /// What the cluster has installed at the release it runs: what peng renders for that release.
    private func startingExtensions(of cluster: Cluster, on running: ReleaseVersion) -> [(name: String, version: String)] {
        fleet.extensions(of: cluster).map { ($0.name, newestCompatible($0.name, on: running)?.version ?? $0.version) }
    }

    /// An extension whose version does not run on the step's release moves to the newest that does: before the step
    /// when that one also runs on the old release, after it otherwise; with none, the step is blocked.
    private func moveExtensions(_ installed: inout [(name: String, version: String)], step: inout UpgradeStep,
                                from: ReleaseVersion, to: ReleaseVersion)
    {
        for index in installed.indices {
            let (name, version) = installed[index]
            let offers = fleet.extensionOffers[name] ?? []
            if offers.first(where: { $0.version == version })?.kubernetes.contains(to) == true { continue }
            guard let next = newestCompatible(name, on: to) else {
                let ranges = offers.map { "\($0.version) (Kubernetes \($0.kubernetes))" }.joined(separator: ", ")
                step.blockers.append(UpgradeBlocker(.extensionVersion, "extension '\(name)' has no catalog version for Kubernetes \(to)",
                                                    hint: "the catalog offers \(ranges.isEmpty ? "no versions" : ranges); add a version that covers \(to.major).\(to.minor)"))
                continue
            }
            let before = next.kubernetes.contains(from)
            let move = ExtensionMove(name: name, from: version, to: next.version, when: before ? .before : .after)
            if before { step.extensionsBefore.append(move) } else { step.extensionsAfter.append(move) }
            installed[index].version = next.version
        }
    }

    /// After the last step, every extension ends at the version the fleet renders for the target.
    private func finishExtensions(_ installed: inout [(name: String, version: String)], of cluster: Cluster, step: inout UpgradeStep,
                                  at target: ReleaseVersion)
    {
        for index in installed.indices {
            let (name, version) = installed[index]
            guard let wanted = newestCompatible(name, on: target), wanted.version != version,
                  !step.extensionsAfter.contains(where: { $0.name == name })
            else { continue }
            step.extensionsAfter.append(ExtensionMove(name: name, from: version, to: wanted.version, when: .after))
            installed[index].version = wanted.version
        }
    }

    /// Each extension version the step installs must be on the repository's offer for the Kubernetes version it
    /// lands on: a move before the step on the old version, everything else on the step's version.
    private func packageBlockers(_ packages: PackageOffer, cluster: Cluster, installed: [(name: String, version: String)],
                                 step: UpgradeStep) -> [UpgradeBlocker]
    {
        let packageOf = Dictionary(fleet.extensions(of: cluster).map { ($0.name, $0.package) }, uniquingKeysWith: { a, _ in a })
        let checks = step.extensionsBefore.map { ($0.name, $0.to, step.from) } + installed.map { ($0.name, $0.version, step.to) }
        var blockers: [UpgradeBlocker] = []
        for (name, version, kubernetes) in checks {
            guard let package = packageOf[name], let problem = packages.problem(refName: package, version: version, kubernetes: kubernetes) else { continue }
            let blocker = UpgradeBlocker(.packageOffer, "extension '\(name)': \(problem.message)", hint: problem.hint)
            if !blockers.contains(blocker) { blockers.append(blocker) }
        }
        return blockers
    }

    private func offerBlockers(_ offer: [SupervisorRelease], release: ResolvedRelease, supervisor: String) -> [UpgradeBlocker] {
        SupervisorRelease.problem(of: release.version, in: offer, supervisor: supervisor).map { [UpgradeBlocker(.supervisorOffer, $0.message, hint: $0.hint)] } ?? []
    }
}
