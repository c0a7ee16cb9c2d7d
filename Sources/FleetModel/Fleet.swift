/// Everything one fleet repository declares: exactly one Platform, any number of Clusters, Teams, Products and Orders.
public struct Fleet: Sendable {
    public var platform: Platform
    public var clusters: [Cluster]
    public var teams: [Team]
    public var products: [Product]
    public var orders: [Order]

    public init(platform: Platform, clusters: [Cluster], teams: [Team], products: [Product] = [], orders: [Order] = []) {
        self.platform = platform
        self.clusters = clusters
        self.teams = teams
        self.products = products
        self.orders = orders
    }

    public func cluster(named name: String) -> Cluster? { clusters.first { $0.name == name } }

    /// The clusters in rollout order: by the Platform's stage order, then by name (unknown stages last).
    public var clustersInRolloutOrder: [Cluster] {
        let stageOrder = Dictionary(platform.stages.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return clusters.sorted { (stageOrder[$0.stage] ?? .max, $0.name) < (stageOrder[$1.stage] ?? .max, $1.name) }
    }
    public func team(named name: String) -> Team? { teams.first { $0.name == name } }
    public func product(named name: String) -> Product? { products.first { $0.name == name } }
}

/// The kinds a fleet document may have.
public enum FleetKind: String, CaseIterable, Sendable {
    case platform = "Platform"
    case cluster = "Cluster"
    case team = "Team"
    case product = "Product"
    case order = "Order"
}

public enum FleetAPI {
    public static let version = "peng.dev/v1alpha1"
}
