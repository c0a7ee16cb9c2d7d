@testable import FleetEngine
import FleetLoader
import FleetModel
import FleetRender
import FleetRepository
import Foundation
import KubeClient
import Testing
import TestHarness

/// One control plane for the whole test process; each test uses its own fleet name and namespaces.
enum SharedPlane {
    private static let plane = Task { try await LocalControlPlane.start(name: "engine") }

    static func get() async throws -> LocalControlPlane { try await plane.value }
}

extension SmallFleet {
    func rendered() throws -> (RenderedFleet, Fleet) {
        let (validated, rendered) = try FleetPipeline.atFixtureDate.valid(try write())
        return (rendered, validated.fleet)
    }

    func plan(on plane: LocalControlPlane, options: EngineOptions = EngineOptions()) async throws -> TargetChangeSet {
        let (rendered, fleet) = try rendered()
        let connector = TargetConnector(kubeconfig: try plane.kubeconfig())
        let report = await Reconciler(options: options).plan(rendered, fleet: fleet, connector: connector, scope: .init(side: .workload))
        return try #require(report.clusters.first?.onCluster)
    }

    func apply(on plane: LocalControlPlane, options: EngineOptions = EngineOptions()) async throws -> TargetChangeSet {
        let (rendered, fleet) = try rendered()
        let connector = TargetConnector(kubeconfig: try plane.kubeconfig())
        let report = await Reconciler(options: options).apply(rendered, fleet: fleet, connector: connector, scope: .init(side: .workload))
        return try #require(report.clusters.first?.onCluster)
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
