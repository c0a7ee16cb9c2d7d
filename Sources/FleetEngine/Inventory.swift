import FleetModel
import KubeClient

/// What peng applied to one target, recorded on the target itself (a ConfigMap in `peng-system`) before
/// anything is deleted, so that prune only ever touches objects peng created and recorded.
public struct Inventory: Sendable {
    public static let namespace = "peng-system"

    public var fleet: String
    public var cluster: String
    public var refs: Set<ObjectRef>
    /// Whether the cluster holds this inventory already (as loaded).
    public var exists = false

    public init(fleet: String, cluster: String, refs: Set<ObjectRef> = []) {
        self.fleet = fleet
        self.cluster = cluster
        self.refs = refs
    }

    public var configMapName: String { "peng-inventory-\(fleet)" }

    var configMapRef: ObjectRef {
        ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: Self.namespace, name: configMapName)
    }

    var labels: [String: String] {
        OwnershipLabels.owner(fleet: fleet, cluster: cluster)
    }

    /// `apiVersion|kind|namespace|name`, one per line, sorted: small, diffable, stable.
    static func encode(_ ref: ObjectRef) -> String {
        "\(ref.apiVersion)|\(ref.kind)|\(ref.namespace ?? "")|\(ref.name)"
    }

    static func decode(_ line: Substring) -> ObjectRef? {
        let parts = line.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, !parts[1].isEmpty, !parts[3].isEmpty else { return nil }
        return ObjectRef(apiVersion: String(parts[0]), kind: String(parts[1]),
                         namespace: parts[2].isEmpty ? nil : String(parts[2]), name: String(parts[3]))
    }

    /// The recorded inventory, empty when there is none yet.
    public static func load(fleet: String, cluster: String, from client: KubeClient) async throws -> Inventory {
        var inventory = Inventory(fleet: fleet, cluster: cluster)
        guard let configMap = try await client.get(inventory.configMapRef) else { return inventory }
        inventory.exists = true
        let text = configMap[path: "data", "objects"]?.stringValue ?? ""
        inventory.refs = Set(text.split(separator: "\n").compactMap(decode))
        return inventory
    }

    /// Writes the inventory (and its namespace) with server-side apply — unless `stored` says the cluster
    /// already holds exactly these refs, so that a run that changes nothing writes nothing.
    public func save(to client: KubeClient, stored: Inventory? = nil) async throws {
        if let stored, stored.exists, stored.refs == refs { return }
        let namespace = KubeObject(apiVersion: "v1", kind: "Namespace", name: Self.namespace,
                                   labels: [OwnershipLabels.managedBy: OwnershipLabels.managedByValue])
        _ = try await client.apply(namespace, force: true)
        var configMap = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: configMapName, namespace: Self.namespace, labels: labels)
        configMap["data"] = ["objects": .string(refs.map(Self.encode).sorted().joined(separator: "\n"))]
        _ = try await client.apply(configMap, force: true)
    }
}
