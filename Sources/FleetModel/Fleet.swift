/// Everything one fleet repository declares: exactly one Platform, any number of Clusters and Teams.
public struct Fleet: Sendable {
    public var platform: Platform
    public var clusters: [Cluster]
    public var teams: [Team]

    public init(platform: Platform, clusters: [Cluster], teams: [Team]) {
        self.platform = platform
        self.clusters = clusters
        self.teams = teams
    }

    public func cluster(named name: String) -> Cluster? { clusters.first { $0.name == name } }
    public func team(named name: String) -> Team? { teams.first { $0.name == name } }
}

/// The kinds a fleet document may have.
public enum FleetKind: String, CaseIterable, Sendable {
    case platform = "Platform"
    case cluster = "Cluster"
    case team = "Team"
}

public enum FleetAPI {
    public static let version = "peng.dev/v1alpha1"
}
