import FleetModel
import Foundation
import KubeClient

/// Each cluster's applies, for `peng insights delivery`: the fleet revision, when, the stage and whether the apply
/// succeeded, kept in the cluster's Supervisor inventory (key `applies`, field manager `peng-delivery`) beside what
/// the inventory records. A complete apply of a new revision and every failed apply add an entry; a re-run that
/// succeeds at the same revision adds none. The newest 200 entries are kept; the log goes with the inventory when
/// the cluster is deleted.
public struct DeliveryLog: Sendable {
    public static let key = "applies"
    public static let fieldManager = "peng-delivery"
    public static let limit = 200

    public struct Entry: Sendable, Codable, Equatable {
        public enum Result: String, Sendable, Codable { case applied, failed }

        public var revision: String
        /// Seconds since 1970, when the cluster's apply ended.
        public var time: Int
        public var stage: String
        public var result: Result
    }

    /// The entries held in an inventory ConfigMap, oldest first; entries that cannot be read are left out.
    public static func entries(in configMap: KubeObject) -> [Entry] {
        guard let text = configMap[path: "data", key]?.stringValue else { return [] }
        return (try? JSONDecoder().decode([Entry].self, from: Data(text.utf8))) ?? []
    }

    /// The log of one cluster, read from its Supervisor; empty when nothing is recorded.
    public static func load(_ location: Inventory.Location, from client: KubeClient) async throws -> [Entry] {
        guard let configMap = try await client.get(ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: location.namespace, name: location.name)) else {
            return []
        }
        return entries(in: configMap)
    }

    /// Whether `entry` is news after `log`: every failure is; a success is when the last entry failed or was
    /// another revision.
    static func worthRecording(_ entry: Entry, after log: [Entry]) -> Bool {
        guard entry.result == .applied, let last = log.last else { return true }
        return last.result == .failed || last.revision != entry.revision
    }

    /// Adds an entry to the inventory ConfigMap, if it exists (an apply that failed before recording anything has
    /// no inventory, and none is made for the log). An update, not an apply: a conflicting writer makes it fail,
    /// never overwrite.
    static func append(_ entry: Entry, location: Inventory.Location, client: KubeClient) async throws {
        let ref = ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: location.namespace, name: location.name)
        guard var configMap = try await client.get(ref) else { return }
        let log = entries(in: configMap)
        guard worthRecording(entry, after: log) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let kept = Array((log + [entry]).suffix(limit))
        var data = configMap[path: "data"]?.objectValue ?? [:]
        data[key] = .string(String(decoding: try encoder.encode(kept), as: UTF8.self))
        configMap["data"] = .object(data)
        _ = try await client.update(configMap, fieldManager: fieldManager)
    }
}

extension DeliveryLog {
    /// Every cluster's log, read from the Supervisors side by side; a cluster whose Supervisor cannot be read is
    /// named with the reason instead.
    public static func read(_ fleet: Fleet, connector: TargetConnector) async -> ClusterReads<[Entry]> {
        await ClusterReads.read(fleet.clusters) { cluster in
            try await load(.supervisor(of: cluster, fleet: fleet.platform.name), from: try connector.supervisorClient(cluster.supervisor, fleet: fleet))
        }
    }
}
