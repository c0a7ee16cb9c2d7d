

/// The labels that mark an object as peng's, and say what it belongs to.
public enum OwnershipLabels {
    public static let managedBy = "app.kubernetes.io/managed-by"
    public static let managedByValue = "peng"
    public static let fleet = "peng.dev/fleet"
    public static let cluster = "peng.dev/cluster"
    public static let team = "peng.dev/team"
    public static let stage = "peng.dev/stage"

    public static func labels(fleet: String, cluster: String, stage: String?, team: String? = nil) -> [String: String] {
        var labels = [managedBy: managedByValue, Self.fleet: fleet, Self.cluster: cluster]
        if let stage { labels[Self.stage] = stage }
        if let team { labels[Self.team] = team }
        return labels
    }

    /// The labels that say "this fleet's peng owns it on this cluster".
    public static func owner(fleet: String, cluster: String) -> [String: String] {
        [managedBy: managedByValue, Self.fleet: fleet, Self.cluster: cluster]
    }

    /// The same, as a Kubernetes label selector.
    public static func ownerSelector(fleet: String, cluster: String) -> String {
        selector(owner(fleet: fleet, cluster: cluster))
    }

    /// Labels as a Kubernetes equality selector, `a=1,b=2`, sorted.
    public static func selector(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Whether an object carries all of the owner labels.
    public static func isOwned(_ labels: [String: String], fleet: String, cluster: String) -> Bool {
        owner(fleet: fleet, cluster: cluster).allSatisfy { labels[$0.key] == $0.value }
    }
}
