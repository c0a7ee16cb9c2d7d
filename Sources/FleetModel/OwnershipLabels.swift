

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
}
