import FleetModel
import KubeClient

/// What peng applied to one target, recorded on the target itself before anything is deleted, so that prune
/// only ever touches objects peng created and recorded. On a workload cluster it is a ConfigMap in
/// `peng-system`; on a Supervisor, one ConfigMap per cluster in that cluster's vSphere Namespace (peng may not
/// create namespaces there). It also holds the fleet revision last applied.
public struct Inventory: Sendable {
    public static let workloadNamespace = "peng-system"
    static let revisionAnnotation = "peng.dev/revision"
    static let releaseAnnotation = "peng.dev/release"
    static let releaseSinceAnnotation = "peng.dev/release-since"
    static let forcedAnnotation = "peng.dev/forced-reason"
    static let kindLabel = "peng.dev/inventory"
    static let supervisorLabel = "peng.dev/supervisor"

    /// Where an inventory lives and how it is labelled.
    public struct Location: Sendable, Hashable {
        public var namespace: String
        public var name: String
        /// Workload clusters: peng creates `peng-system`. Supervisors: the vSphere Namespace must exist.
        public var createsNamespace: Bool
        public var extraLabels: [String: String]

        public static func workload(fleet: String) -> Location {
            Location(namespace: Inventory.workloadNamespace, name: "peng-inventory-\(fleet)", createsNamespace: true,
                     extraLabels: [kindLabel: "workload"])
        }

        public static func supervisor(fleet: String, cluster: String, supervisor: String, namespace: String, stage: String?) -> Location {
            var labels = [kindLabel: "supervisor", supervisorLabel: supervisor]
            if let stage { labels[OwnershipLabels.stage] = stage }
            return Location(namespace: namespace, name: "peng-inventory-\(fleet)-\(cluster)", createsNamespace: false, extraLabels: labels)
        }
    }

    public var fleet: String
    public var cluster: String
    public var location: Location
    public var refs: Set<ObjectRef>
    /// The fleet revision (git commit) last applied completely, when known.
    public var revision: String?
    /// On a Supervisor: the Kubernetes release the cluster reached, healthy, at a complete apply, and since when
    /// (seconds since 1970): what the soak rule measures.
    public var release: ReleaseVersion?
    public var releaseSince: Int?
    /// Why a version change was forced past the soak rule (`--force --reason`), recorded with the apply.
    public var forcedReason: String?
    /// Whether the cluster holds this inventory already (as loaded).
    public var exists = false

    public init(fleet: String, cluster: String, location: Location? = nil, refs: Set<ObjectRef> = []) {
        self.fleet = fleet
        self.cluster = cluster
        self.location = location ?? .workload(fleet: fleet)
        self.refs = refs
    }

    public var configMapName: String { location.name }

    var configMapRef: ObjectRef {
        ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: location.namespace, name: location.name)
    }

    var labels: [String: String] {
        OwnershipLabels.owner(fleet: fleet, cluster: cluster).merging(location.extraLabels) { a, _ in a }
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

    /// The inventory held in a ConfigMap.
    init(fleet: String, cluster: String, location: Location, configMap: KubeObject) {
        self.init(fleet: fleet, cluster: cluster, location: location)
        exists = true
        refs = Set((configMap[path: "data", "objects"]?.stringValue ?? "").split(separator: "\n").compactMap(Self.decode))
        let annotations = configMap.annotations
        revision = annotations[Self.revisionAnnotation]
        release = annotations[Self.releaseAnnotation].flatMap(ReleaseVersion.init)
        releaseSince = annotations[Self.releaseSinceAnnotation].flatMap { Int($0) }
        forcedReason = annotations[Self.forcedAnnotation]
    }

    /// The recorded inventory, empty when there is none yet.
    public static func load(fleet: String, cluster: String, location: Location? = nil, from client: KubeClient) async throws -> Inventory {
        let empty = Inventory(fleet: fleet, cluster: cluster, location: location)
        guard let configMap = try await client.get(empty.configMapRef) else { return empty }
        return Inventory(fleet: fleet, cluster: cluster, location: empty.location, configMap: configMap)
    }

    /// Writes the inventory (and `peng-system` on a workload cluster) with server-side apply — unless `stored`
    /// says the cluster already holds exactly this, so that a run that changes nothing writes nothing.
    public func save(to client: KubeClient, stored: Inventory? = nil) async throws {
        if let stored, stored.exists, stored.refs == refs, stored.revision == revision, stored.release == release,
           stored.releaseSince == releaseSince, stored.forcedReason == forcedReason { return }
        if location.createsNamespace {
            let namespace = KubeObject(apiVersion: "v1", kind: "Namespace", name: location.namespace,
                                       labels: [OwnershipLabels.managedBy: OwnershipLabels.managedByValue])
            _ = try await client.apply(namespace, force: true)
        }
        var configMap = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: location.name, namespace: location.namespace,
                                   labels: labels, annotations: annotations)
        configMap["data"] = ["objects": .string(refs.map(Self.encode).sorted().joined(separator: "\n"))]
        _ = try await client.apply(configMap, force: true)
    }

    private var annotations: [String: String] {
        var annotations: [String: String] = [:]
        annotations[Self.revisionAnnotation] = revision
        annotations[Self.releaseAnnotation] = release?.description
        annotations[Self.releaseSinceAnnotation] = releaseSince.map(String.init)
        annotations[Self.forcedAnnotation] = forcedReason
        return annotations
    }

    /// Removes the record once nothing recorded is left (a deleted cluster's Supervisor inventory).
    func delete(from client: KubeClient) async throws {
        _ = try await client.delete(configMapRef)
    }
}
