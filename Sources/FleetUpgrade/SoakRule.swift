import FleetModel

/// What peng knows of one cluster's release: what it recorded at the last complete apply and what the Supervisor reports.
public struct SoakRecord: Codable, Sendable {
    public var cluster: String
    /// The release peng recorded as reached, and since when (seconds since 1970), at the last complete apply.
    public var release: ReleaseVersion?
    public var since: Int?
    /// As the Supervisor reports it now.
    public var running: ReleaseVersion?
    public var ready: Bool

    public init(cluster: String, release: ReleaseVersion?, since: Int?, running: ReleaseVersion?, ready: Bool) {
        self.cluster = cluster
        self.release = release
        self.since = since
        self.running = running
        self.ready = ready
    }
}

/// Whether a stage may take a release: every cluster of the stage before it has run that release, healthy, for
/// `upgrades.soak`.
public enum SoakVerdict: Sendable, Equatable {
    /// The first stage, or the stage before has soaked long enough.
    case clear
    /// A cluster of the stage before runs it, but not yet for long enough.
    case soaking(cluster: String, stage: String, left: TimeSpan)
    /// A cluster of the stage before does not run it (healthy) yet.
    case notReached(cluster: String, stage: String, runs: ReleaseVersion?)
    /// The stage before could not be read.
    case unknown(stage: String, why: String)

    public var clear: Bool { self == .clear }

    /// For people: why the stage may not take the release yet.
    public func explanation(release: ReleaseVersion, soak: TimeSpan) -> String {
        switch self {
        case .clear: "clear"
        case let .soaking(cluster, stage, left):
            "soaking, \(left.roughly) left: \(stage) cluster '\(cluster)' has run \(release) for less than \(soak)"
        case let .notReached(cluster, stage, runs):
            "\(stage) cluster '\(cluster)' does not run \(release) healthy yet (it runs \(runs?.description ?? "an unknown release"))"
        case let .unknown(stage, why):
            "cannot tell whether \(stage) has run \(release) for \(soak): \(why)"
        }
    }
}

public struct SoakRule: Sendable {
    public let fleet: ValidatedFleet

    public init(_ fleet: ValidatedFleet) { self.fleet = fleet }

    /// The stage whose clusters must have soaked before `stage` moves: the nearest earlier stage that has clusters.
    public func previousStage(of stage: String) -> String? {
        let stages = fleet.fleet.platform.stages
        guard let index = stages.firstIndex(of: stage) else { return nil }
        return stages[..<index].reversed().first { earlier in fleet.fleet.clusters.contains { $0.stage == earlier } }
    }

    public func clusters(of stage: String) -> [Cluster] { fleet.fleet.clusters.filter { $0.stage == stage } }

    /// - Parameter records: cluster name -> record, for the clusters of the previous stage.
    public func verdict(stage: String, release: ReleaseVersion, records: [String: SoakRecord], now: Int) -> SoakVerdict {
        guard let previous = previousStage(of: stage) else { return .clear }
        var longest: SoakVerdict = .clear
        var longestLeft = -1
        for cluster in clusters(of: previous).sorted(by: { $0.name < $1.name }) {
            guard let record = records[cluster.name] else {
                return .unknown(stage: previous, why: "nothing is known of cluster '\(cluster.name)'")
            }
            guard record.running == release, record.ready, record.release == release, let since = record.since else {
                return .notReached(cluster: cluster.name, stage: previous, runs: record.running)
            }
            let left = since + fleet.soak.seconds - now
            if left > 0, left > longestLeft {
                longestLeft = left
                longest = .soaking(cluster: cluster.name, stage: previous, left: TimeSpan(seconds: left))
            }
        }
        return longest
    }

    /// How long a cluster's release still soaks before the next stage may take it; nil when it has soaked.
    public func soakLeft(of record: SoakRecord, now: Int) -> TimeSpan? {
        guard let since = record.since, record.release == record.running else { return nil }
        let left = since + fleet.soak.seconds - now
        return left > 0 ? TimeSpan(seconds: left) : nil
    }
}
