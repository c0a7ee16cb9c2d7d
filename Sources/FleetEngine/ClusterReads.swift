import FleetModel

/// Something read for each of several clusters, side by side (8 at a time): the values, and the clusters whose read
/// failed with the reason, so that a caller can say what is missing instead of guessing.
public struct ClusterReads<Value: Sendable>: Sendable {
    public var values: [String: Value] = [:]
    public var unreadable: [String: String] = [:]

    public static func read(_ clusters: [Cluster], _ read: @escaping @Sendable (Cluster) async throws -> Value) async -> ClusterReads {
        let results = await Reconciler.each(clusters, parallel: 8) { cluster -> (String, Result<Value, EngineError>) in
            do { return (cluster.name, .success(try await read(cluster))) } catch { return (cluster.name, .failure(EngineError(error))) }
        }
        var reads = ClusterReads()
        for (cluster, result) in results {
            switch result {
            case .success(let value): reads.values[cluster] = value
            case .failure(let error): reads.unreadable[cluster] = error.message
            }
        }
        return reads
    }
}

extension Inventory.Location {
    /// Where a cluster's inventory lives on its Supervisor.
    public static func supervisor(of cluster: Cluster, fleet: String) -> Inventory.Location {
        .supervisor(fleet: fleet, cluster: cluster.name, supervisor: cluster.supervisor, namespace: cluster.vsphereNamespace, stage: cluster.stage)
    }
}
