/// The platform team's decisions: stages, Supervisors, the version and extension catalogs, the baseline.
public struct Platform: Sendable {
    public var name: String
    public var stages: [String]
    public var clusterAPI: ClusterAPI
    public var supervisors: [Supervisor]
    public var kubernetesReleases: [KubernetesRelease]
    public var packageRepository: PackageRepositorySource?
    public var extensions: [CatalogExtension]
    public var baseline: Baseline
    /// `upgrades.soak` as written: how long a release runs healthy on a stage before the next stage may take it.
    public var upgradeSoak: String?
    /// `reconcile.drift`: what `peng serve` does when its periodic plan finds live objects that differ from Git.
    public var drift: DriftPolicy = .report
    /// `identity`: how Team groups are named on the clusters (vSphere SSO's `sso:GROUP@DOMAIN`, or as written).
    public var identity: GroupIdentity = .asWritten
    /// `notifications`: receivers of rollout notices (commit statuses, webhooks, chat).
    public var notifications = Notifications()
    public var locations: FieldLocations

    public init(name: String, stages: [String], clusterAPI: ClusterAPI, supervisors: [Supervisor],
                kubernetesReleases: [KubernetesRelease], packageRepository: PackageRepositorySource?,
                extensions: [CatalogExtension], baseline: Baseline, locations: FieldLocations)
    {
        self.name = name
        self.stages = stages
        self.clusterAPI = clusterAPI
        self.supervisors = supervisors
        self.kubernetesReleases = kubernetesReleases
        self.packageRepository = packageRepository
        self.extensions = extensions
        self.baseline = baseline
        self.locations = locations
    }

    public func supervisor(named name: String) -> Supervisor? { supervisors.first { $0.name == name } }
    public func catalogExtension(named name: String) -> CatalogExtension? { extensions.first { $0.name == name } }
}

/// What `peng serve` does about drift (live objects changed outside Git) found between commits.
public enum DriftPolicy: String, CaseIterable, Sendable, Codable {
    /// Show it (API, dashboard, `peng_drift_objects`) and change nothing until the next commit or a sync.
    case report
    /// Apply the fleet again, stage by stage with the usual gates, to put the objects back.
    case correct
}

/// Which Supervisor API a Cluster becomes.
public enum ClusterAPI: String, CaseIterable, Sendable {
    /// `run.tanzu.vmware.com/v1alpha3` TanzuKubernetesCluster.
    case tanzu
    /// `cluster.x-k8s.io/v1beta1` Cluster on the `tanzukubernetescluster` ClusterClass.
    case clusterclass
}

public struct Supervisor: Sendable {
    public var name: String
    public var context: String
    public var reservedCIDRs: [String]
    public var locations: FieldLocations

    public init(name: String, context: String, reservedCIDRs: [String], locations: FieldLocations) {
        self.name = name
        self.context = context
        self.reservedCIDRs = reservedCIDRs
        self.locations = locations
    }
}

public enum ReleaseState: String, CaseIterable, Sendable, Codable {
    case preview, supported, deprecated, expired
}

/// One Tanzu Kubernetes release (TKR) in the catalog.
public struct KubernetesRelease: Sendable {
    public var version: String
    public var state: ReleaseState
    /// `YYYY-MM-DD`, for deprecated releases.
    public var expires: String?
    public var locations: FieldLocations

    public init(version: String, state: ReleaseState, expires: String?, locations: FieldLocations) {
        self.version = version
        self.state = state
        self.expires = expires
        self.locations = locations
    }
}

/// The Tanzu package repository every workload cluster gets.
public struct PackageRepositorySource: Sendable {
    public var name: String
    public var url: String
    /// A private registry's pull secret: a `kubernetes.io/dockerconfigjson` Secret of this name in each cluster's
    /// vSphere Namespace, which peng copies to the cluster for the repository to fetch with.
    public var pullSecret: String?
    /// The registry's CA certificate (PEM), for kapp-controller to trust.
    public var caCertificate: String?
    public var locations: FieldLocations

    public init(name: String, url: String, locations: FieldLocations) {
        self.name = name
        self.url = url
        self.locations = locations
    }
}

/// An extension (Tanzu package) the platform offers, with the versions it allows.
public struct CatalogExtension: Sendable {
    public var name: String
    public var package: String
    public var versions: [ExtensionVersion]
    /// The platform's own values for the package, merged under the values peng wires in.
    public var values: JSONValue?
    /// The namespace the package's workloads run in, and the Pod Security level they need there (nil: peng's default
    /// for the packages it wires, else none).
    public var namespace: String?
    public var podSecurity: PodSecurityLevel?
    public var locations: FieldLocations

    public init(name: String, package: String, versions: [ExtensionVersion], values: JSONValue?, locations: FieldLocations) {
        self.name = name
        self.package = package
        self.versions = versions
        self.values = values
        self.locations = locations
    }
}

public struct ExtensionVersion: Sendable {
    public var version: String
    /// A range of Kubernetes minor versions, e.g. `>=1.25 <1.29`.
    public var kubernetes: String
    public var locations: FieldLocations

    public init(version: String, kubernetes: String, locations: FieldLocations) {
        self.version = version
        self.kubernetes = kubernetes
        self.locations = locations
    }
}

public enum PodSecurityLevel: String, CaseIterable, Sendable {
    case privileged, baseline, restricted

    /// The namespace labels that have Pod Security admission enforce, audit and warn at this level.
    public var namespaceLabels: [String: String] {
        Dictionary(uniqueKeysWithValues: ["enforce", "audit", "warn"].map { ("pod-security.kubernetes.io/\($0)", rawValue) })
    }

    /// Of two levels, the one that admits more.
    public static func morePermissive(_ a: Self, _ b: Self) -> Self {
        allCases.firstIndex(of: a)! <= allCases.firstIndex(of: b)! ? a : b
    }
}

/// What every cluster gets. Field locations use dotted keys (`monitoring.remoteWrite`).
public struct Baseline: Sendable {
    public var extensions: [String]
    public var monitoringRemoteWrite: String?
    /// Where the monitoring stack runs; its Prometheus may scrape every team namespace.
    public var monitoringNamespace: String
    public var loggingSyslog: String?
    public var alertmanager: String?
    public var defaultReceiver: String?
    /// Alert rules every cluster gets besides peng's baseline rules.
    public var alertRules: [AlertRule] = []
    /// How each cluster's Alertmanager delivers to a receiver (teams' `onCall`, the default receiver).
    public var receivers: [AlertReceiver] = []
    /// Where the ingress controller runs; teams with `ingress: true` accept traffic from it.
    public var ingressNamespace: String
    public var podSecurity: PodSecurityLevel
    public var defaultDenyNetwork: Bool
    public var allowedRegistries: [String]
    public var locations: FieldLocations

    public static let defaultMonitoringNamespace = "tanzu-system-monitoring"
    public static let defaultIngressNamespace = "tanzu-system-ingress"

    public init(extensions: [String] = [], monitoringRemoteWrite: String? = nil,
                monitoringNamespace: String = Baseline.defaultMonitoringNamespace, loggingSyslog: String? = nil,
                alertmanager: String? = nil, defaultReceiver: String? = nil,
                ingressNamespace: String = Baseline.defaultIngressNamespace,
                podSecurity: PodSecurityLevel = .restricted, defaultDenyNetwork: Bool = true,
                allowedRegistries: [String] = [], locations: FieldLocations)
    {
        self.extensions = extensions
        self.monitoringRemoteWrite = monitoringRemoteWrite
        self.monitoringNamespace = monitoringNamespace
        self.loggingSyslog = loggingSyslog
        self.alertmanager = alertmanager
        self.defaultReceiver = defaultReceiver
        self.ingressNamespace = ingressNamespace
        self.podSecurity = podSecurity
        self.defaultDenyNetwork = defaultDenyNetwork
        self.allowedRegistries = allowedRegistries
        self.locations = locations
    }
}
