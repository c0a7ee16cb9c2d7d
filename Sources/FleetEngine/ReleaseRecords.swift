import FleetModel
import FleetUpgrade
import KubeClient

/// The release a live cluster object runs, as its Supervisor reports it: `status.version` (TKGS). A Cluster API
/// Cluster reports none; once it is Ready for its current generation, it runs its `spec.topology.version`.
public enum RunningRelease {
    /// The release as reported, nil when none is reported or it is not a release version.
    public static func of(_ cluster: KubeObject) -> ReleaseVersion? {
        reported(by: cluster).flatMap(ReleaseVersion.init)
    }

    /// The text the Supervisor reports, for saying what it was when it is not a release version.
    public static func reported(by cluster: KubeObject) -> String? {
        if let reported = ClusterKinds.runningRelease(of: cluster) { return reported }
        guard cluster.groupKind == .clusterAPICluster, Readiness.of(cluster) == .ready else { return nil }
        return cluster[path: "spec", "topology", "version"]?.stringValue
    }
}

/// What peng knows of clusters' releases, for the soak rule, `peng status` and `peng upgrade`: the release and time
/// recorded in each cluster's Supervisor inventory at its last complete apply, and what the Supervisor reports now.
public struct ReleaseRecords: Sendable {
    public var fleet: Fleet
    public var connector: TargetConnector

    public init(fleet: Fleet, connector: TargetConnector) {
        self.fleet = fleet
        self.connector = connector
    }

    /// The live cluster object on its Supervisor (nil when it does not exist).
    public func liveCluster(_ cluster: Cluster) async throws -> KubeObject? {
        let client = try connector.supervisorClient(cluster.supervisor, fleet: fleet)
        let kind = fleet.platform.clusterAPI == .tanzu ? ClusterKinds.tanzu : ClusterKinds.clusterAPI
        return try await client.get(ObjectRef(apiVersion: kind.apiVersion, kind: kind.kind, namespace: cluster.vsphereNamespace, name: cluster.name))
    }

    /// One cluster's record; throws when its Supervisor cannot be read.
    public func record(of cluster: Cluster) async throws -> SoakRecord {
        let client = try connector.supervisorClient(cluster.supervisor, fleet: fleet)
        let location = Inventory.Location.supervisor(of: cluster, fleet: fleet.platform.name)
        let inventory = try await Inventory.load(fleet: fleet.platform.name, cluster: cluster.name, location: location, from: client)
        let live = try await liveCluster(cluster)
        return SoakRecord(cluster: cluster.name, release: inventory.release, since: inventory.releaseSince,
                          running: live.flatMap(RunningRelease.of), ready: live.map { Readiness.of($0) == .ready } ?? false)
    }

    /// Records of several clusters, read side by side; a cluster whose Supervisor cannot be read is left out and named.
    public func records(of clusters: [Cluster]) async -> (records: [String: SoakRecord], unreadable: [String: String]) {
        let reads = await ClusterReads.read(clusters) { try await record(of: $0) }
        return (reads.values, reads.unreadable)
    }

    /// Whether `stage` may take `release` now under the soak rule.
    public func soakVerdict(stage: String, release: ReleaseVersion, rule: SoakRule, now: Int) async -> SoakVerdict {
        guard let previous = rule.previousStage(of: stage) else { return .clear }
        let (records, unreadable) = await records(of: rule.clusters(of: previous))
        if let (cluster, why) = unreadable.sorted(by: { $0.key < $1.key }).first {
            return .unknown(stage: previous, why: "cluster '\(cluster)': \(why)")
        }
        return rule.verdict(stage: stage, release: release, records: records, now: now)
    }
}
