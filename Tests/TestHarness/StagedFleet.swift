import Foundation

/// A fleet over two stages on one Supervisor (`dc1`): one shared cluster per entry of `clusters`, each reached
/// through the kubeconfig its Supervisor publishes, and a team with a namespace on every cluster.
public struct StagedFleet: Sendable {
    public var fleetName: String
    /// Cluster name -> stage.
    public var clusters: [(name: String, stage: String)]
    public var vsphereNamespace: String
    /// Cluster name -> kubeconfig context that reaches it directly (the Cluster's `context:`).
    public var contexts: [String: String] = [:]
    public var extensions: [String] = ["prometheus"]
    /// The Platform's `kubernetesReleases`, as a YAML flow list.
    public var releases = "[{version: v1.27.11+vmware.1-tkg.2, state: supported}]"
    /// The Platform's extension catalog entries (YAML list items, indented by 4).
    public var extensionCatalog = """
            - name: prometheus
              package: prometheus.tanzu.vmware.com
              versions: [{version: 2.45.0+vmware.1-tkg.2, kubernetes: ">=1.25 <1.30"}]
        """
    /// Cluster name -> its `kubernetes` value (default v1.27).
    public var kubernetes: [String: String] = [:]
    /// `upgrades.soak`, when set.
    public var soak: String?
    /// The Platform's `clusterAPI` (`tanzu` when nil).
    public var clusterAPI: String?
    /// Every cluster's one node pool, as a YAML flow mapping.
    public var nodePool = "{name: workers, replicas: 1, vmClass: best-effort-small, storageClass: vsan-default}"
    /// More of the Platform's spec, as YAML lines indented by 2 (e.g. `notifications:`).
    public var platformExtra: String?
    /// The Platform's `packageRepository`, as a YAML flow mapping.
    public var packageRepository = "{name: tanzu-standard, url: registry.example.internal/packages/repo:v1}"
    /// Every Cluster's `network`, as a YAML flow mapping; nil: pods 192.168.0.0/16 and a service range of its own.
    public var network: String?
    /// More of every Cluster's spec, as YAML lines indented by 2 (e.g. `osImage: ubuntu`).
    public var clusterExtra: String?

    public init(_ fleetName: String, clusters: [(name: String, stage: String)]) {
        self.fleetName = fleetName
        self.clusters = clusters
        vsphereNamespace = "\(fleetName)-vns"
    }

    public func cluster(_ stage: String) -> String { clusters.first { $0.stage == stage }!.name }

    func platform() -> String {
        """
        apiVersion: peng.dev/v1alpha1
        kind: Platform
        metadata: {name: \(fleetName)}
        spec:
          stages: [integration, production]
        \(clusterAPI.map { "  clusterAPI: \($0)\n" } ?? "")  supervisors: [{name: dc1, context: supervisor-dc1}]
          kubernetesReleases: \(releases)
          packageRepository: \(packageRepository)
        \(soak.map { "  upgrades: {soak: \($0)}\n" } ?? "")  extensions:
        \(extensionCatalog)
          baseline:
            extensions: [\(extensions.joined(separator: ", "))]
            monitoring: {remoteWrite: https://metrics.example.internal/api/v1/write}
            security: {podSecurity: restricted, defaultDenyNetwork: true}
        \(platformExtra ?? "")
        """
    }

    func cluster(_ name: String, stage: String, index: Int) -> String {
        """
        apiVersion: peng.dev/v1alpha1
        kind: Cluster
        metadata: {name: \(name)}
        spec:
          stage: \(stage)
          supervisor: dc1
          vsphereNamespace: \(vsphereNamespace)
          kubernetes: \(kubernetes[name] ?? "v1.27")
        \(contexts[name].map { "  context: \($0)\n" } ?? "")  controlPlane: {replicas: 1, vmClass: best-effort-small, storageClass: vsan-default}
          nodePools: [\(nodePool)]
          network: \(network ?? "{pods: 192.168.0.0/16, services: 10.\(100 + index).0.0/16}")
        \(clusterExtra ?? "")
        """
    }

    func team() -> String {
        let spaces = clusters.map { cluster in
            """
                - stage: \(cluster.stage)
                  cluster: \(cluster.name)
                  namespaces: [\(cluster.name)-app]
                  quota: {cpu: "4", memory: 1Gi, pods: 10}
            """
        }.joined(separator: "\n")
        return """
            apiVersion: peng.dev/v1alpha1
            kind: Team
            metadata: {name: shop}
            spec:
              owners: [GRP-SHOP]
              onCall: shop-oncall
              spaces:\(clusters.isEmpty ? " []" : "")
            \(spaces)

            """
    }

    /// Writes the fleet into `folder` (a new folder when nil) and returns it.
    @discardableResult
    public func write(to folder: URL? = nil) throws -> URL {
        let root = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("peng-staged-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let documents = [platform()] + clusters.enumerated().map { cluster($1.name, stage: $1.stage, index: $0) } + [team()]
        try documents.joined(separator: "---\n").write(to: root.appendingPathComponent("fleet.yaml"), atomically: true, encoding: .utf8)
        return root
    }
}
