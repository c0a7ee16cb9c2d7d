import FleetModel
import Foundation
import KubeClient

/// A freeze: while set, no replica applies anything (drift and new commits are only reported).
public struct Suspension: Sendable, Codable, Hashable {
    public var suspended: Bool
    public var by: String
    /// Seconds since 1970.
    public var at: Int
    public var reason: String?

    public init(suspended: Bool, by: String, at: Int, reason: String?) {
        self.suspended = suspended
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// What any replica asks of the leader, through the ConfigMap: an apply now (`sync`), a fetch now (a webhook's
/// push), and the freeze.
public struct ServeControl: Sendable, Codable, Hashable {
    public enum Request: String, Sendable, CaseIterable, Codable {
        /// Apply the loaded revision now, whether or not a new commit came.
        case sync
        /// Fetch now: a new commit is then applied as usual.
        case fetch

        var key: String { "\(rawValue)-requested" }
    }

    public var suspension: Suspension?
    /// The newest request of each kind: when (milliseconds since 1970), and who asked.
    public var requests: [Request: Int] = [:]
}

/// The history in a ConfigMap on the management cluster, beside the Lease: whichever replica leads next reads
/// the same records, and `kubectl get configmap peng-history -o yaml` shows them without peng. Only the leader
/// writes. Bounded: the newest `limit` records, and never more than `maximumBytes` of JSON (a ConfigMap holds
/// at most 1 MiB).
public struct HistoryStore: Sendable {
    public static let key = "revisions.json"
    public var client: KubeClient
    public var namespace: String
    public var name: String
    public var limit: Int
    public var maximumBytes: Int

    public init(client: KubeClient, namespace: String, name: String, limit: Int = 100, maximumBytes: Int = 900_000) {
        self.client = client
        self.namespace = namespace
        self.name = name
        self.limit = limit
        self.maximumBytes = maximumBytes
    }

    var ref: ObjectRef { ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: namespace, name: name) }

    /// The records, newest first; empty when there is no history yet.
    public func load() async throws -> [RevisionRecord] {
        guard let map = try await client.get(ref), let text = map[path: "data", Self.key]?.stringValue else { return [] }
        do {
            return try LegacyRevisionRecord.decodeHistory(Data(text.utf8))
        } catch {
            throw KubeError(.unexpected, "the history in ConfigMap \(namespace)/\(name) cannot be read: \(error)",
                            hint: "delete the key '\(Self.key)' to start a new history")
        }
    }

    /// Writes the records (newest first), trimmed to the bounds.
    public func save(_ records: [RevisionRecord]) async throws {
        let data = try Self.trimmed(records, limit: limit, maximumBytes: maximumBytes).data
        try await write(key: Self.key, String(decoding: data, as: UTF8.self))
    }

    /// The control keys: whichever replica serves a request writes them, the leader reads them every retry period.
    public func control() async throws -> ServeControl {
        guard let map = try await client.get(ref) else { return ServeControl() }
        var control = ServeControl()
        if let text = map[path: "data", "suspension"]?.stringValue {
            do { control.suspension = try JSONDecoder().decode(Suspension.self, from: Data(text.utf8)) } catch {
                // Fail closed: a freeze that cannot be read is kept, until someone suspends or resumes again.
                control.suspension = Suspension(suspended: true, by: "peng", at: 0,
                                                reason: "the suspension key of ConfigMap \(namespace)/\(name) cannot be read (\(error)); suspend or resume to write it again")
            }
        }
        for request in ServeControl.Request.allCases {
            if let text = map[path: "data", request.key]?.stringValue, let time = text.split(separator: " ").first.flatMap({ Int($0) }) {
                control.requests[request] = time
            }
        }
        return control
    }

    public func save(_ suspension: Suspension) async throws {
        let text = String(decoding: try Self.encoder.encode(suspension), as: UTF8.self)
        try await write(key: "suspension", text)
    }

    /// `time`: milliseconds since 1970, which tells one request from the next.
    public func request(_ request: ServeControl.Request, by user: String, at time: Int) async throws {
        try await write(key: request.key, "\(time) \(user)")
    }

    /// Each key has a field manager of its own, so replicas writing different keys never undo each other.
    private func write(key: String, _ text: String) async throws {
        var map = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: name, namespace: namespace,
                             labels: ["app.kubernetes.io/managed-by": "peng-serve"])
        map["data"] = .object([key: .string(text)])
        _ = try await client.apply(map, force: true, fieldManager: "peng-serve-\(key)")
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The newest records that fit: at most `limit`, and as JSON at most `maximumBytes` (oldest dropped first).
    static func trimmed(_ records: [RevisionRecord], limit: Int, maximumBytes: Int) throws -> (kept: Int, data: Data) {
        var kept = Array(records.prefix(limit))
        var data = try encode(kept)
        while data.count > maximumBytes, kept.count > 1 {
            kept.removeLast(max(1, kept.count / 10))
            data = try encode(kept)
        }
        return (kept.count, data)
    }

    static func encode(_ records: [RevisionRecord]) throws -> Data {
        try encoder.encode(records)
    }
}
