import FleetModel
import FleetRender
import KubeClient

/// One workload cluster's share of the fleet, the unit a rollout works in: its objects on the Supervisor
/// (the TanzuKubernetesCluster and what it refers to) and the objects on the cluster itself.
/// Which cluster a report's row is about. Encoded flat, beside the row's own fields.
public struct ClusterPlace: Sendable, Hashable, Codable {
    public var cluster: String
    public var stage: String
    public var supervisor: String
    public var vsphereNamespace: String
}

/// A report's row about one cluster: its place, read through the names reports use.
public protocol ClusterRow {
    var place: ClusterPlace { get }
}

extension ClusterRow {
    public var cluster: String { place.cluster }
    public var stage: String { place.stage }
    public var supervisor: String { place.supervisor }
    public var vsphereNamespace: String { place.vsphereNamespace }
}

public struct ClusterTarget: Sendable {
    public var name: String
    public var stage: String
    public var supervisor: String
    public var vsphereNamespace: String
    /// The cluster's objects on its Supervisor; the target is named `supervisor/<supervisor>/<cluster>`.
    public var onSupervisor: RenderTarget
    /// The objects on the workload cluster.
    public var onCluster: RenderTarget
    /// Found recorded on a Supervisor but no longer in the fleet: what peng created for it there is to go.
    public var removed = false
    /// The kubeconfig context that reaches the workload cluster directly (the Cluster's `context`), if any.
    public var context: String?
    /// The VM classes and storage classes the cluster uses, which its vSphere Namespace must be given.
    public var vmClasses: [String] = []
    public var storageClasses: [String] = []

    /// Which cluster this is, as reports name it.
    public var place: ClusterPlace {
        ClusterPlace(cluster: name, stage: stage, supervisor: supervisor, vsphereNamespace: vsphereNamespace)
    }

    public func supervisorInventory(fleet: String) -> Inventory.Location {
        .supervisor(fleet: fleet, cluster: name, supervisor: supervisor, namespace: vsphereNamespace, stage: stage)
    }

    init(name: String, stage: String, supervisor: String, vsphereNamespace: String, supervisorObjects: [KubeObject],
         clusterObjects: [KubeObject], context: String?, kubernetes: ReleaseVersion? = nil)
    {
        self.name = name
        self.stage = stage
        self.supervisor = supervisor
        self.vsphereNamespace = vsphereNamespace
        self.context = context
        onSupervisor = RenderTarget(kind: .supervisor, name: "\(supervisor)/\(name)", stage: stage, context: nil, objects: supervisorObjects)
        onCluster = RenderTarget(kind: .workload, name: name, stage: stage, context: context, objects: clusterObjects)
        onCluster.kubernetes = kubernetes
    }

    /// Every cluster of a rendered fleet, in the fleet's stage order, then by name.
    public static func all(in rendered: RenderedFleet, fleet: Fleet) -> [ClusterTarget] {
        var supervisorObjects: [String: [KubeObject]] = [:]
        var clusterObjects: [String: [KubeObject]] = [:]
        var kubernetes: [String: ReleaseVersion] = [:]
        for target in rendered.targets {
            switch target.kind {
            case .supervisor:
                for object in target.objects {
                    supervisorObjects[target.cluster[object.ref] ?? "", default: []].append(object)
                }
            case .workload:
                clusterObjects[target.name, default: []] += target.objects
                kubernetes[target.name] = target.kubernetes
            }
        }
        return fleet.clustersInRolloutOrder
            .filter { supervisorObjects[$0.name] != nil || clusterObjects[$0.name] != nil }
            .map { cluster in
                var target = ClusterTarget(name: cluster.name, stage: cluster.stage, supervisor: cluster.supervisor,
                                           vsphereNamespace: cluster.vsphereNamespace, supervisorObjects: supervisorObjects[cluster.name] ?? [],
                                           clusterObjects: clusterObjects[cluster.name] ?? [], context: cluster.context,
                                           kubernetes: kubernetes[cluster.name])
                target.vmClasses = cluster.vmClasses
                target.storageClasses = cluster.storageClasses
                return target
            }
    }

    /// Every cluster of a fleet without its objects, in stage order, then by name: for reading what runs (upgrade plans),
    /// where rendering would be wasted work.
    public static func all(in fleet: Fleet) -> [ClusterTarget] {
        fleet.clustersInRolloutOrder
            .map { ClusterTarget(name: $0.name, stage: $0.stage, supervisor: $0.supervisor, vsphereNamespace: $0.vsphereNamespace,
                                 supervisorObjects: [], clusterObjects: [], context: $0.context) }
    }

    /// Clusters recorded on a Supervisor (by their inventory) that the fleet no longer has, and what could not be
    /// searched. peng records a cluster in a ConfigMap in its vSphere Namespace, so the search lists ConfigMaps by label
    /// in every namespace. A user bound only in vSphere Namespaces (TKGS's "Can edit" on a namespace) may not list
    /// across namespaces: then the search looks in each vSphere Namespace the fleet names on this Supervisor, and says
    /// what it could not see. An unseen cluster is never deleted, so a partial search is a note, not an error.
    static func removed(from supervisor: String, fleet: Fleet, client: KubeClient) async throws -> (targets: [ClusterTarget], notes: [String]) {
        let selector = OwnershipLabels.selector([
            OwnershipLabels.managedBy: OwnershipLabels.managedByValue, OwnershipLabels.fleet: fleet.platform.name,
            Inventory.kindLabel: "supervisor", Inventory.supervisorLabel: supervisor,
        ])
        var records: [KubeObject]
        var notes: [String] = []
        do {
            records = try await client.list(apiVersion: "v1", kind: "ConfigMap", labelSelector: selector)
        } catch let error as KubeError where error.code == .forbidden {
            let namespaces = Set(fleet.clusters.filter { $0.supervisor == supervisor }.map(\.vsphereNamespace)).sorted()
            records = []
            var searched: [String] = []
            for namespace in namespaces {
                do {
                    records += try await client.list(apiVersion: "v1", kind: "ConfigMap", namespace: namespace, labelSelector: selector)
                    searched.append(namespace)
                } catch let error as KubeError where error.code == .forbidden {
                    notes.append("""
                        clusters removed from the fleet were not looked for in vSphere Namespace '\(namespace)' on Supervisor \
                        '\(supervisor)': this credential may not list ConfigMaps there (grant 'list' on configmaps in \
                        '\(namespace)'); a cluster removed from the fleet there is neither shown nor deleted
                        """)
                }
            }
            notes.append("""
                clusters removed from the fleet were looked for only in the vSphere Namespaces the fleet names on Supervisor \
                '\(supervisor)' (\(searched.isEmpty ? "none could be searched" : searched.joined(separator: ", "))): this credential \
                may not list ConfigMaps in all namespaces. A cluster in a vSphere Namespace the fleet no longer names is not \
                seen; grant 'list' on configmaps cluster-wide to see it
                """)
        }
        let known = Set(fleet.clusters.map(\.name))
        let targets = records.compactMap { configMap -> ClusterTarget? in
            guard let name = configMap.labels[OwnershipLabels.cluster], !known.contains(name), let namespace = configMap.namespace else {
                return nil
            }
            var target = ClusterTarget(name: name, stage: configMap.labels[OwnershipLabels.stage] ?? "", supervisor: supervisor,
                                       vsphereNamespace: namespace, supervisorObjects: [], clusterObjects: [], context: nil)
            target.removed = true
            return target
        }.sorted { $0.name < $1.name }
        return (targets, notes)
    }
}
