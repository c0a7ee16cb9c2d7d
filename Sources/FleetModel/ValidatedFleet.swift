/// A fleet that passed validation, with every version resolved and every value that has a shape parsed into its
/// type. Only the validator makes one, so the renderer can never be handed an invalid fleet, and no later stage
/// parses a string of the fleet again.
public struct ValidatedFleet: Sendable {
    public let fleet: Fleet
    /// Cluster name -> the catalog release its `kubernetes` field resolved to.
    public let releases: [String: ResolvedRelease]
    /// The Kubernetes release catalog, parsed, in the Platform's order.
    public let catalog: [ResolvedRelease]
    /// Cluster name -> baseline then cluster extensions, each with the catalog version chosen for it.
    public let extensions: [String: [ResolvedExtension]]
    /// Cluster name -> its pod and service networks.
    public let networks: [String: ResolvedNetwork]
    /// The baseline's endpoints.
    public let baseline: ResolvedBaseline
    /// Extension name -> every catalog version with the Kubernetes range it supports, in the Platform's order.
    public let extensionOffers: [String: [ExtensionOffer]]
    /// Every order, resolved: product version, cluster, values.
    public let orders: [ResolvedOrder]
    /// `upgrades.soak`: how long a release runs healthy on every cluster of a stage before the next stage may take it.
    public let soak: TimeSpan
    /// Warnings found on the way (errors would have stopped it).
    public let warnings: [Diagnostic]

    package init(fleet: Fleet, releases: [String: ResolvedRelease], catalog: [ResolvedRelease], extensions: [String: [ResolvedExtension]],
                 networks: [String: ResolvedNetwork], baseline: ResolvedBaseline, extensionOffers: [String: [ExtensionOffer]] = [:],
                 soak: TimeSpan = TimeSpan(seconds: 0), orders: [ResolvedOrder] = [], warnings: [Diagnostic])
    {
        self.orders = orders
        self.extensionOffers = extensionOffers
        self.soak = soak
        self.fleet = fleet
        self.releases = releases
        self.catalog = catalog
        self.extensions = extensions
        self.networks = networks
        self.baseline = baseline
        self.warnings = warnings
    }

    public func release(of cluster: Cluster) -> ResolvedRelease { releases[cluster.name]! }
    public var releaseCatalog: ReleaseCatalog { ReleaseCatalog(catalog) }
    public func network(of cluster: Cluster) -> ResolvedNetwork { networks[cluster.name]! }
    public func extensions(of cluster: Cluster) -> [ResolvedExtension] { extensions[cluster.name] ?? [] }
}

/// A release of the catalog, parsed: its version, state and expiry date.
public struct ResolvedRelease: Sendable, Hashable {
    public let version: ReleaseVersion
    public let state: ReleaseState
    public let expires: CalendarDate?

    package init(version: ReleaseVersion, state: ReleaseState, expires: CalendarDate?) {
        self.version = version
        self.state = state
        self.expires = expires
    }
}

/// A cluster's own networks.
public struct ResolvedNetwork: Sendable, Hashable {
    public let pods: CIDR
    public let services: CIDR

    package init(pods: CIDR, services: CIDR) {
        self.pods = pods
        self.services = services
    }
}

/// Where every cluster's monitoring, alerts and logs go.
public struct ResolvedBaseline: Sendable, Hashable {
    public let remoteWrite: EndpointURL?
    public let alertmanager: EndpointURL?
    public let syslog: HostPort?
    /// Receiver name -> the webhook its alerts are delivered to by each cluster's Alertmanager.
    public let receiverWebhooks: [String: EndpointURL]

    package init(remoteWrite: EndpointURL?, alertmanager: EndpointURL?, syslog: HostPort?, receiverWebhooks: [String: EndpointURL] = [:]) {
        self.remoteWrite = remoteWrite
        self.alertmanager = alertmanager
        self.syslog = syslog
        self.receiverWebhooks = receiverWebhooks
    }
}

/// An extension as it lands on one cluster: the catalog entry and the version that fits the cluster.
public struct ResolvedExtension: Sendable, Hashable {
    public let name: String
    public let package: String
    public let version: String
    public let values: JSONValue?
    /// Where the package's workloads run and the Pod Security level they need there, when known.
    public let podSecurity: ExtensionPodSecurity?

    package init(name: String, package: String, version: String, values: JSONValue?, podSecurity: ExtensionPodSecurity? = nil) {
        self.name = name
        self.package = package
        self.version = version
        self.values = values
        self.podSecurity = podSecurity
    }
}

/// The namespace an extension's workloads run in and the Pod Security level they need: with Pod Security enforced
/// (TKRs from 1.26 on enforce `restricted`), node agents such as node-exporter and fluent-bit (host network, host
/// paths) run only in a namespace labelled `privileged`.
public struct ExtensionPodSecurity: Sendable, Hashable {
    public let namespace: String
    public let level: PodSecurityLevel

    public init(namespace: String, level: PodSecurityLevel) {
        self.namespace = namespace
        self.level = level
    }
}

/// One version of a catalog extension and the Kubernetes versions it supports.
public struct ExtensionOffer: Sendable {
    public let version: String
    /// nil when the version does not parse as numbers (it then sorts by text).
    public let parsed: ReleaseVersion?
    public let kubernetes: VersionRange

    package init(version: String, kubernetes: VersionRange) {
        self.version = version
        parsed = ReleaseVersion(version)
        self.kubernetes = kubernetes
    }

    /// Newest first.
    public static func newerFirst(_ a: ExtensionOffer, _ b: ExtensionOffer) -> Bool {
        guard let va = a.parsed, let vb = b.parsed else { return NaturalOrder.precedes(b.version, a.version) }
        return va > vb
    }
}
