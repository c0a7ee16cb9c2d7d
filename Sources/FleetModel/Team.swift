/// A product team: who owns and views its namespaces, who is paged, and where it runs per stage.
public struct Team: Sendable {
    public var name: String
    public var owners: [String]
    public var viewers: [String]
    public var onCall: String?
    public var spaces: [Space]
    public var locations: FieldLocations

    public init(name: String, owners: [String], viewers: [String], onCall: String?, spaces: [Space],
                locations: FieldLocations)
    {
        self.name = name
        self.owners = owners
        self.viewers = viewers
        self.onCall = onCall
        self.spaces = spaces
        self.locations = locations
    }
}

/// A team's namespaces on one cluster in one stage. Locations use dotted keys (`quota.cpu`).
public struct Space: Sendable {
    public var stage: String
    public var cluster: String
    public var namespaces: [String]
    public var quota: Quota?
    public var limits: Limits?
    public var network: SpaceNetwork
    public var locations: FieldLocations

    public init(stage: String, cluster: String, namespaces: [String], quota: Quota?, limits: Limits?,
                network: SpaceNetwork, locations: FieldLocations)
    {
        self.stage = stage
        self.cluster = cluster
        self.namespaces = namespaces
        self.quota = quota
        self.limits = limits
        self.network = network
        self.locations = locations
    }
}

/// Kubernetes quantities, as written.
public struct Quota: Sendable {
    public var cpu: String?
    public var memory: String?
    public var pods: String?

    public init(cpu: String?, memory: String?, pods: String?) {
        self.cpu = cpu
        self.memory = memory
        self.pods = pods
    }
}

public struct Limits: Sendable {
    public var defaultCPU: String?
    public var defaultMemory: String?

    public init(defaultCPU: String?, defaultMemory: String?) {
        self.defaultCPU = defaultCPU
        self.defaultMemory = defaultMemory
    }
}

public struct SpaceNetwork: Sendable {
    public var ingress: Bool
    public var allowFrom: [String]
    public var egress: [String]

    public init(ingress: Bool = false, allowFrom: [String] = [], egress: [String] = []) {
        self.ingress = ingress
        self.allowFrom = allowFrom
        self.egress = egress
    }
}
