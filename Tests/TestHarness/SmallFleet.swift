import Foundation

/// A small fleet on one workload cluster, reached through `context`. Teams are given as
/// name -> namespaces; every namespace gets a quota with `cpu`.
public struct SmallFleet {
    public var fleetName: String
    public var context: String
    public var teams: [(name: String, namespaces: [String])]
    public var cpu = "4"
    public var extensions: [String] = []
    public var remoteWrite = "https://metrics.example.internal/api/v1/write"

    public init(_ fleetName: String, context: String, teams: [(name: String, namespaces: [String])]) {
        self.fleetName = fleetName
        self.context = context
        self.teams = teams
    }

    public var clusterName: String { "\(fleetName)-c1" }

    func platform() -> String {
        let catalog = extensions.isEmpty ? "" : """
              packageRepository: {name: tanzu-standard, url: registry.example.internal/packages/repo:v1}
              extensions:
                - name: prometheus
                  package: prometheus.tanzu.vmware.com
                  versions: [{version: 2.45.0+vmware.1-tkg.2, kubernetes: ">=1.25 <1.30"}]

            """
        return """
            apiVersion: peng.dev/v1alpha1
            kind: Platform
            metadata: {name: \(fleetName)}
            spec:
              stages: [integration]
              supervisors: [{name: dc1, context: supervisor-dc1}]
              kubernetesReleases: [{version: v1.27.11+vmware.1-tkg.2, state: supported}]
            \(catalog)  baseline:
                extensions: [\(extensions.joined(separator: ", "))]
                monitoring: {remoteWrite: \(remoteWrite)}
                security: {podSecurity: restricted, defaultDenyNetwork: true}

            """
    }

    func cluster() -> String {
        """
        apiVersion: peng.dev/v1alpha1
        kind: Cluster
        metadata: {name: \(clusterName)}
        spec:
          stage: integration
          supervisor: dc1
          vsphereNamespace: ns
          kubernetes: v1.27
          context: \(context)
          controlPlane: {replicas: 1, vmClass: best-effort-small, storageClass: vsan-default}
          nodePools: [{name: workers, replicas: 1, vmClass: best-effort-small, storageClass: vsan-default}]
          network: {pods: 192.168.0.0/16, services: 10.112.0.0/12}

        """
    }

    func teamDocuments() -> String {
        teams.map { team in
            """
            apiVersion: peng.dev/v1alpha1
            kind: Team
            metadata: {name: \(team.name)}
            spec:
              owners: [GRP-\(team.name.uppercased())]
              onCall: \(team.name)-oncall
              spaces:
                - stage: integration
                  cluster: \(clusterName)
                  namespaces: [\(team.namespaces.joined(separator: ", "))]
                  quota: {cpu: "\(cpu)", memory: 1Gi, pods: 10}

            """
        }.joined(separator: "---\n")
    }

    /// Writes the fleet into `folder` (a new folder when nil) and returns it.
    @discardableResult
    public func write(to folder: URL? = nil) throws -> URL {
        let root = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("peng-engine-fleet-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try (platform() + "---\n" + cluster() + (teams.isEmpty ? "" : "---\n" + teamDocuments()))
            .write(to: root.appendingPathComponent("fleet.yaml"), atomically: true, encoding: .utf8)
        return root
    }
}
