import FleetEngine
import FleetLoader
import FleetModel
import FleetRender
import Foundation
import KubeClient
import Testing
import TestSupport

/// One control plane for the whole test process; each test uses its own fleet name and namespaces.
enum SharedPlane {
    private static let plane = Result { try LocalControlPlane(name: "engine") }

    static func get() throws -> LocalControlPlane { try plane.get() }
}

/// A small fleet on one workload cluster, reached through `context`. Teams are given as
/// name -> namespaces; every namespace gets a quota with `cpu`.
struct EngineFixture {
    var fleetName: String
    var context: String
    var teams: [(name: String, namespaces: [String])]
    var cpu = "4"
    var extensions: [String] = []
    var remoteWrite = "https://metrics.example.internal/api/v1/write"

    init(_ fleetName: String, context: String, teams: [(name: String, namespaces: [String])]) {
        self.fleetName = fleetName
        self.context = context
        self.teams = teams
    }

    var clusterName: String { "\(fleetName)-c1" }

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
          controlPlane: {replicas: 1, vmClass: small, storageClass: vsan}
          nodePools: [{name: workers, replicas: 1, vmClass: small, storageClass: vsan}]
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

    /// Writes the fleet into a new folder and returns it.
    func write() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("peng-engine-fleet-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try (platform() + "---\n" + cluster() + (teams.isEmpty ? "" : "---\n" + teamDocuments()))
            .write(to: root.appendingPathComponent("fleet.yaml"), atomically: true, encoding: .utf8)
        return root
    }

    func rendered() throws -> (RenderedFleet, Fleet) {
        let result = FleetValidator(today: "2026-11-27").validate(FleetLoader().load(from: try write()))
        let validated = try #require(result.validated, "\(result.diagnostics.map(\.description))")
        return (FleetRenderer().render(validated), validated.fleet)
    }

    func plan(on plane: LocalControlPlane, options: EngineOptions = EngineOptions()) async throws -> TargetChangeSet {
        let (rendered, fleet) = try rendered()
        let connector = TargetConnector(kubeconfig: try plane.kubeconfig())
        let results = await Reconciler(options: options).plan(rendered, fleet: fleet, connector: connector)
        return try #require(results.first)
    }

    func apply(on plane: LocalControlPlane, options: EngineOptions = EngineOptions()) async throws -> TargetChangeSet {
        let (rendered, fleet) = try rendered()
        let connector = TargetConnector(kubeconfig: try plane.kubeconfig())
        let results = await Reconciler(options: options).apply(rendered, fleet: fleet, connector: connector)
        return try #require(results.first)
    }
}

extension TargetChangeSet {
    func change(_ kind: String, _ namespace: String?, _ name: String) -> ObjectChange? {
        changes.first { $0.ref.kind == kind && $0.ref.namespace == namespace && $0.ref.name == name }
    }

    var actions: [ChangeAction: Int] {
        Dictionary(grouping: changes, by: \.action).mapValues(\.count)
    }
}

/// Every object of the fleet on the cluster, with its resourceVersion.
func resourceVersions(_ client: KubeClient, fleet: String, cluster: String) async throws -> [String: String] {
    var versions: [String: String] = [:]
    let selector = "peng.dev/fleet=\(fleet),peng.dev/cluster=\(cluster)"
    for (apiVersion, kind) in [("v1", "Namespace"), ("v1", "ResourceQuota"), ("rbac.authorization.k8s.io/v1", "RoleBinding"),
                               ("networking.k8s.io/v1", "NetworkPolicy"), ("v1", "Secret"), ("v1", "ConfigMap")] {
        for object in try await client.list(apiVersion: apiVersion, kind: kind, labelSelector: selector) {
            versions["\(object.ref)"] = object[path: "metadata", "resourceVersion"]?.stringValue
        }
    }
    return versions
}
