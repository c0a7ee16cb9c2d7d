import FleetEngine
import FleetModel
import FleetService

/// The fleet as one viewer may see it: the whole snapshot for the platform team; for a team member, the clusters
/// where their teams have namespaces and, on them, only their teams' orders.
struct FleetView: Encodable, Sendable {
    /// The Platform's name.
    var fleet: String?
    var viewer: Viewer
    var seesFleet: Bool
    var teams: [String]
    var replica: String
    var leader: Bool
    var leaderIdentity: String?
    var remote: String
    var branch: String
    var head: GitSource.Commit?
    var revision: GitSource.Commit?
    var invalid: InvalidRevision?
    var suspension: Suspension?
    var drift: DriftPolicy
    var applying: String?
    var lastFetchError: String?
    var historyError: String?
    var problems: [ServeProblem]
    var lastApplied: Int?
    var lastStatus: Int?
    var stages: [String]
    var clusters: [ClusterStatus]
    /// The validator's warnings for the loaded revision (deprecated releases, orders on deprecated versions).
    var warnings: [String]
    /// The newest history record.
    var latest: RevisionRecord?

    init(_ snapshot: ServeSnapshot, fleet: Fleet?, access: Access) {
        self.fleet = fleet?.platform.name
        viewer = access.viewer
        seesFleet = access.seesFleet
        teams = access.seesFleet ? (fleet?.teams.map(\.name) ?? []) : access.teams.sorted()
        replica = snapshot.replica
        leader = snapshot.leader
        leaderIdentity = snapshot.leaderIdentity
        remote = snapshot.remote
        branch = snapshot.branch
        head = snapshot.head
        revision = snapshot.revision
        invalid = access.seesFleet ? snapshot.invalid : snapshot.invalid.map { invalid in var hidden = invalid; hidden.diagnostics = []; return hidden }
        suspension = snapshot.suspension
        drift = snapshot.drift
        applying = snapshot.applying
        lastFetchError = access.seesFleet ? snapshot.lastFetchError : nil
        historyError = access.seesFleet ? snapshot.historyError : nil
        problems = access.seesFleet ? snapshot.problems : []
        lastApplied = snapshot.lastApplied
        lastStatus = snapshot.lastStatus
        stages = fleet?.platform.stages ?? []
        warnings = access.seesFleet ? snapshot.warnings : []
        latest = snapshot.history.first
        clusters = snapshot.clusters.compactMap { row in
            guard access.sees(cluster: row.cluster) else { return nil }
            var row = row
            if !access.seesFleet { row.orders = row.orders.filter { access.sees(team: $0.team) } }
            return row
        }
    }

    func cluster(_ name: String) -> ClusterStatus? { clusters.first { $0.cluster == name } }
}
