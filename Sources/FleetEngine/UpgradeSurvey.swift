import FleetModel
import FleetUpgrade
import KubeClient

/// Whether a stage may take a release now (live), as `peng upgrade plan` shows it.
public struct StageSoak: Sendable, Codable {
    public var stage: String
    public var release: ReleaseVersion
    public var clear: Bool
    public var explanation: String
}

/// `peng upgrade plan`: every selected cluster's path, and per stage whether the soak rule lets it move.
public struct UpgradeReport: Sendable, Codable {
    /// The release asked for with `--to`; nil when each cluster's target is the release the fleet gives it.
    public var target: String?
    public var soak: String
    /// True when nothing live was read: running versions are taken from the fleet.
    public var offline: Bool
    public var clusters: [ClusterUpgrade]
    public var stages: [StageSoak] = []

    public var pending: Bool { clusters.contains(where: \.pending) }
    public var blocked: Bool { clusters.contains(where: \.blocked) }
}

/// Reads what `peng upgrade plan` needs from the live fleet, every cluster at the same time: the release each
/// Supervisor reports the cluster runs, the TanzuKubernetesReleases each Supervisor offers, and the removed APIs each
/// cluster still uses; then plans every path with `UpgradePlanner`. Offline, the fleet's own releases stand in for
/// the running ones, and nothing is read.
public struct UpgradeSurvey: Sendable {
    public var fleet: ValidatedFleet
    /// nil: offline.
    public var connector: TargetConnector?
    public var now: Int
    public var parallel = 32

    public init(fleet: ValidatedFleet, connector: TargetConnector?, now: Int) {
        self.fleet = fleet
        self.connector = connector
        self.now = now
    }

    public func survey(_ targets: [ClusterTarget], to target: ResolvedRelease?) async -> UpgradeReport {
        let planner = UpgradePlanner(fleet)
        var report = UpgradeReport(target: target?.version.description, soak: fleet.soak.description, offline: connector == nil, clusters: [])
        let clusters = targets.compactMap { fleet.fleet.cluster(named: $0.name) }
        guard let connector else {
            report.clusters = clusters.map { cluster in
                planner.upgrade(of: cluster, running: fleet.release(of: cluster).version, to: target ?? fleet.release(of: cluster))
            }
            return report
        }
        let offers = await supervisorOffers(Set(clusters.map(\.supervisor)).sorted(), connector: connector)
        report.clusters = await Reconciler.each(targets, parallel: parallel) { clusterTarget -> ClusterUpgrade? in
            guard let cluster = fleet.fleet.cluster(named: clusterTarget.name) else { return nil }
            return await upgrade(of: cluster, target: clusterTarget, to: target ?? fleet.release(of: cluster), offers: offers,
                                 connector: connector, planner: planner)
        }.compactMap { $0 }
        let records = ReleaseRecords(fleet: fleet.fleet, connector: connector)
        for stage in fleet.fleet.platform.stages where clusters.contains(where: { $0.stage == stage }) {
            let wanted = target ?? clusters.first { $0.stage == stage }.map(fleet.release(of:))
            guard let wanted else { continue }
            let release = wanted.version
            let verdict = await records.soakVerdict(stage: stage, release: release, rule: SoakRule(fleet), now: now)
            report.stages.append(StageSoak(stage: stage, release: release, clear: verdict.clear,
                                           explanation: verdict.explanation(release: release, soak: fleet.soak)))
        }
        return report
    }

    private func upgrade(of cluster: Cluster, target clusterTarget: ClusterTarget, to release: ResolvedRelease,
                         offers: [String: Result<[SupervisorRelease]?, EngineError>], connector: TargetConnector,
                         planner: UpgradePlanner) async -> ClusterUpgrade
    {
        let live: KubeObject?
        do { live = try await ReleaseRecords(fleet: fleet.fleet, connector: connector).liveCluster(cluster) } catch {
            var upgrade = ClusterUpgrade(cluster: cluster.name, stage: cluster.stage, supervisor: cluster.supervisor, running: nil,
                                         target: release.version)
            upgrade.blockers.append(UpgradeBlocker(.unknownVersion, "cannot read the cluster on Supervisor '\(cluster.supervisor)': \(EngineError(error).message)",
                                                   hint: EngineError(error).hint))
            return upgrade
        }
        let runningText = live.flatMap(RunningRelease.reported(by:))
        let running = live.flatMap(RunningRelease.of)
        var offer: [SupervisorRelease]?
        var notes: [String] = []
        switch offers[cluster.supervisor] {
        case .success(let releases)?: offer = releases
        case .failure(let error)?: notes.append("the releases Supervisor '\(cluster.supervisor)' offers could not be read: \(error.message)")
        case nil: break
        }
        var uses: [RemovedAPIUse] = []
        var packages: PackageOffer?
        if let running, running < release.version {
            do {
                let client = try await connector.client(for: clusterTarget, fleet: fleet.fleet, supervisor: nil)
                uses = try await RemovedAPIScanner(client: client).uses(from: running, to: release.version)
                if !fleet.extensions(of: cluster).isEmpty {
                    do { packages = try await PackageOfferCheck.offer(for: Packaging.namespace, client: client) } catch {
                        notes.append(PackageOfferCheck.unread(Packaging.namespace, error))
                    }
                }
            } catch {
                notes.append("removed APIs not checked: the cluster could not be read: \(EngineError(error).message)")
            }
        }
        var upgrade = planner.upgrade(of: cluster, running: running, to: release, offer: offer, removedAPIUses: uses, packages: packages)
        if live != nil, running == nil {
            upgrade.blockers.append(UpgradeBlocker(.unknownVersion, "the Supervisor reports no version for the cluster\(runningText.map { " ('\($0)')" } ?? "")",
                                                   hint: "wait until it is provisioned, then plan again"))
        }
        upgrade.notes += notes
        return upgrade
    }

    /// Each Supervisor's TanzuKubernetesReleases; `.success(nil)` where it serves none (not a TKGS Supervisor).
    private func supervisorOffers(_ supervisors: [String], connector: TargetConnector) async -> [String: Result<[SupervisorRelease]?, EngineError>] {
        let reads = await Reconciler.each(supervisors, parallel: parallel) { name -> OfferRead in
            do {
                let client = try connector.supervisorClient(name, fleet: fleet.fleet)
                return OfferRead(supervisor: name, releases: try await SupervisorOffer.read(from: client), error: nil)
            } catch {
                return OfferRead(supervisor: name, releases: nil, error: EngineError(error))
            }
        }
        var offers: [String: Result<[SupervisorRelease]?, EngineError>] = [:]
        for read in reads { offers[read.supervisor] = read.error.map { .failure($0) } ?? .success(read.releases) }
        return offers
    }

    private struct OfferRead: Sendable {
        var supervisor: String
        var releases: [SupervisorRelease]?
        var error: EngineError?
    }
}
