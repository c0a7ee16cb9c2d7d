import FleetEngine
import FleetModel

/// What the service knows right now, for the API, the dashboard and the metrics: one value, replaced whole after
/// every step of the loop, so a reader never waits for a reconcile.
public struct ServeSnapshot: Sendable, Encodable {
    public var replica: String
    public var remote: String
    public var branch: String
    public var leader = false
    /// The replica holding the lease, as last seen.
    public var leaderIdentity: String?
    /// The newest commit fetched.
    public var head: GitSource.Commit?
    /// The newest valid commit: what is applied (or would be, when suspended).
    public var revision: GitSource.Commit?
    /// Set while the newest commit is invalid: the last good revision stays in force.
    public var invalid: InvalidRevision?
    public var warnings: [String] = []
    public var suspension: Suspension?
    public var drift: DriftPolicy = .report
    /// The record being applied now, if any.
    public var applying: String?
    public var lastFetchError: String?
    /// Why the history could not be saved (the records stay in memory).
    public var historyError: String?
    /// Seconds since 1970.
    public var lastFetch: Int?
    public var lastApplied: Int?
    public var lastStatus: Int?
    public var clusters: [ClusterStatus] = []
    /// Objects a plan would change per cluster: drift, or a commit not applied yet.
    public var pending: [String: Int] = [:]
    /// Newest first.
    public var history: [RevisionRecord] = []
    /// What keeps this replica from doing its job now (the Lease, git, the history), each with its remedy.
    public var problems: [ServeProblem] = []
    /// True once a valid revision is loaded and its status collected, or the newest commit was found invalid.
    public var ready = false

    public init(replica: String, remote: String, branch: String) {
        self.replica = replica
        self.remote = remote
        self.branch = branch
    }

    public var suspended: Bool { suspension?.suspended == true }

    /// Why `/readyz` refuses, or nil when ready: no replica can lead (this one cannot take the Lease and sees no
    /// holder), the management cluster cannot be reached or refuses this replica's credentials, or the repository has
    /// not been fetched and validated yet.
    public var unready: String? {
        if let lease = problems.first(where: { $0.area == .lease }) {
            if leaderIdentity == nil { return "no replica leads: \(lease.explained)" }
            if Self.managementUnreachable.contains(lease.reason) { return "the management cluster cannot be used: \(lease.explained)" }
        }
        return ready ? nil : "the repository has not been fetched and validated yet"
    }

    /// Lease failures that mean the management cluster itself cannot be used, whoever leads.
    static let managementUnreachable = Set([LeaseProblem.Reason.unreachable, .timeout, .unauthorized].map(\.rawValue))
}
