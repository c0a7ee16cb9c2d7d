/// One workload cluster: where it lives, which Kubernetes it runs, its machines, network and extensions.
public struct Cluster: Sendable {
    public var name: String
    public var stage: String
    public var supervisor: String
    public var vsphereNamespace: String
    /// A prefix (`v1.27`) or a full release version.
    public var kubernetes: String
    public var tenancy: Tenancy
    /// The owner team of a dedicated cluster.
    public var team: String?
    public var controlPlane: ControlPlane
    public var nodePools: [NodePool]
    public var network: ClusterNetwork
    public var extensions: [String]
    /// The storage class workloads get by default; the control plane's when not set.
    public var defaultStorageClass: String?
    /// The storage classes the cluster's workloads may use (as StorageClasses inside the cluster); empty: the
    /// Supervisor's choice (every one assigned to the vSphere Namespace).
    public var workloadStorageClasses: [String] = []
    /// The node OS image (nil: the Supervisor's default, Photon).
    public var osImage: OSImage?
    /// The kubeconfig context that reaches this workload cluster (overridable with `--context NAME=CONTEXT`).
    public var context: String?
    /// external-dns's configuration on this cluster; required when the cluster gets external-dns.
    public var dns: ExternalDNS?
    public var locations: FieldLocations

    public init(name: String, stage: String, supervisor: String, vsphereNamespace: String, kubernetes: String,
                tenancy: Tenancy, team: String?, controlPlane: ControlPlane, nodePools: [NodePool],
                network: ClusterNetwork, extensions: [String], defaultStorageClass: String?, locations: FieldLocations)
    {
        self.name = name
        self.stage = stage
        self.supervisor = supervisor
        self.vsphereNamespace = vsphereNamespace
        self.kubernetes = kubernetes
        self.tenancy = tenancy
        self.team = team
        self.controlPlane = controlPlane
        self.nodePools = nodePools
        self.network = network
        self.extensions = extensions
        self.defaultStorageClass = defaultStorageClass
        self.locations = locations
    }
}

/// The operating system of a cluster's nodes, as TKGS resolves it from the release (`os-name=`).
public enum OSImage: String, CaseIterable, Sendable {
    case photon, ubuntu
}

public enum Tenancy: String, CaseIterable, Sendable {
    case shared, dedicated
}

public struct ControlPlane: Sendable {
    public var replicas: Int
    public var vmClass: String
    public var storageClass: String

    public init(replicas: Int, vmClass: String, storageClass: String) {
        self.replicas = replicas
        self.vmClass = vmClass
        self.storageClass = storageClass
    }
}

public struct NodePool: Sendable {
    public var name: String
    public var replicas: Int
    public var vmClass: String
    public var storageClass: String
    public var autoscaling: Autoscaling?
    /// Labels and taints every node of the pool is registered with.
    public var labels: [String: String] = [:]
    public var taints: [NodeTaint] = []
    /// How long a node is drained before it is removed anyway (nil: no limit, the API's default).
    public var drainTimeout: TimeSpan?
    /// Extra disks every node of the pool gets, mounted before its services start (e.g. containerd's images).
    public var volumes: [NodeVolume] = []
    /// The vSphere Zone the pool's nodes are placed in (nil: the Supervisor places them).
    public var failureDomain: String?
    public var locations: FieldLocations

    public init(name: String, replicas: Int, vmClass: String, storageClass: String, autoscaling: Autoscaling?,
                locations: FieldLocations)
    {
        self.name = name
        self.replicas = replicas
        self.vmClass = vmClass
        self.storageClass = storageClass
        self.autoscaling = autoscaling
        self.locations = locations
    }
}

public struct Autoscaling: Sendable, Hashable {
    public var min: Int
    public var max: Int

    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }
}

public enum CNI: String, CaseIterable, Sendable {
    case antrea, calico

    /// The feature gates TKGS's AntreaConfig (cni.tanzu.vmware.com/v1alpha1) takes.
    public static let antreaFeatureGates = ["AntreaIPAM", "AntreaPolicy", "AntreaProxy", "AntreaTraceflow", "Egress", "EndpointSlice",
                                            "FlowExporter", "Multicast", "NetworkPolicyStats", "NodePortLocal", "ServiceExternalIP"]
}

public struct ClusterNetwork: Sendable {
    public var cni: CNI
    public var pods: String
    public var services: String
    public var serviceDomain: String
    public var proxy: Proxy?
    public var trustedCAs: [TrustedCA]
    /// Antrea's feature gates the cluster sets (the rest keep Antrea's defaults); only with `cni: antrea`.
    public var antreaFeatures: [String: Bool] = [:]

    public init(cni: CNI = .antrea, pods: String, services: String, serviceDomain: String = "cluster.local",
                proxy: Proxy? = nil, trustedCAs: [TrustedCA] = [])
    {
        self.cni = cni
        self.pods = pods
        self.services = services
        self.serviceDomain = serviceDomain
        self.proxy = proxy
        self.trustedCAs = trustedCAs
    }
}

public struct Proxy: Sendable {
    public var httpProxy: String?
    public var httpsProxy: String?
    public var noProxy: [String]

    public init(httpProxy: String?, httpsProxy: String?, noProxy: [String]) {
        self.httpProxy = httpProxy
        self.httpsProxy = httpsProxy
        self.noProxy = noProxy
    }
}

/// A CA certificate (PEM) the cluster's nodes trust, e.g. the company root for the registry.
/// A taint every node of a pool carries: pods without a matching toleration are kept off (`NoSchedule`), kept off
/// where possible (`PreferNoSchedule`) or evicted (`NoExecute`).
public struct NodeTaint: Sendable, Hashable {
    public enum Effect: String, Sendable, CaseIterable {
        case noSchedule = "NoSchedule", preferNoSchedule = "PreferNoSchedule", noExecute = "NoExecute"
    }

    public var key: String
    public var value: String?
    public var effect: Effect
    public var locations: FieldLocations

    public init(key: String, value: String?, effect: Effect,
                locations: FieldLocations = FieldLocations(base: SourceLocation(file: "", line: 0, column: 0)))
    {
        self.key = key
        self.value = value
        self.effect = effect
        self.locations = locations
    }
}

/// A disk every node of a pool gets: a persistent volume of `capacity` from `storageClass` (the pool's when nil),
/// mounted at `mountPath` during the node's bootstrap, and removed with the node.
public struct NodeVolume: Sendable, Hashable {
    public var name: String
    public var mountPath: String
    /// A Kubernetes quantity, e.g. 50Gi.
    public var capacity: String
    public var storageClass: String?
    public var locations: FieldLocations

    public init(name: String, mountPath: String, capacity: String, storageClass: String?,
                locations: FieldLocations = FieldLocations(base: SourceLocation(file: "", line: 0, column: 0)))
    {
        self.name = name
        self.mountPath = mountPath
        self.capacity = capacity
        self.storageClass = storageClass
        self.locations = locations
    }
}

public struct TrustedCA: Sendable {
    public var name: String
    public var pem: String
    public var locations: FieldLocations

    public init(name: String, pem: String, locations: FieldLocations = FieldLocations(base: SourceLocation(file: "", line: 0, column: 0))) {
        self.name = name
        self.pem = pem
        self.locations = locations
    }
}

extension Cluster {
    /// Every VM class the cluster's machines use, once each, sorted: each must be bound to its vSphere Namespace.
    public var vmClasses: [String] {
        Set([controlPlane.vmClass] + nodePools.map(\.vmClass)).sorted()
    }

    /// Every storage class the cluster uses (its machines' disks and the workloads' default), once each, sorted: each
    /// must be assigned to its vSphere Namespace.
    public var storageClasses: [String] {
        Set([controlPlane.storageClass] + nodePools.flatMap { [$0.storageClass] + $0.volumes.compactMap(\.storageClass) }
            + [defaultStorageClass].compactMap { $0 } + workloadStorageClasses).sorted()
    }
}
