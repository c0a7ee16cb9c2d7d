/// A fleet that passed validation, with every version resolved. Only the validator makes one,
/// so the renderer can never be handed an invalid fleet.
public struct ValidatedFleet: Sendable {
    public let fleet: Fleet
    /// Cluster name -> the catalog release its `kubernetes` field resolved to.
    public let releases: [String: KubernetesRelease]
    /// Cluster name -> baseline then cluster extensions, each with the catalog version chosen for it.
    public let extensions: [String: [ResolvedExtension]]
    /// Warnings found on the way (errors would have stopped it).
    public let warnings: [Diagnostic]

    package init(fleet: Fleet, releases: [String: KubernetesRelease], extensions: [String: [ResolvedExtension]],
                 warnings: [Diagnostic])
    {
        self.fleet = fleet
        self.releases = releases
        self.extensions = extensions
        self.warnings = warnings
    }

    public func release(of cluster: Cluster) -> KubernetesRelease { releases[cluster.name]! }
    public func extensions(of cluster: Cluster) -> [ResolvedExtension] { extensions[cluster.name] ?? [] }
}

/// An extension as it lands on one cluster: the catalog entry and the version that fits the cluster.
public struct ResolvedExtension: Sendable, Hashable {
    public let name: String
    public let package: String
    public let version: String
    public let values: JSONValue?

    package init(name: String, package: String, version: String, values: JSONValue?) {
        self.name = name
        self.package = package
        self.version = version
        self.values = values
    }
}

