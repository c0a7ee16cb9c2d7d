import FleetLoader
import FleetModel
import FleetRender
import FleetRepository
import Foundation
import TestHarness
import Testing

enum RenderFixture {
    static let today = "2026-11-27"

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var exampleFleet: URL { repositoryRoot.appendingPathComponent("examples/fleet") }

    /// The example on Cluster API (ClusterClass), where its shared clusters' worker pools autoscale, as a team
    /// on that API would have them (a TanzuKubernetesCluster cannot).
    static let clusterClassEdits: [(file: String, replace: String, with: String)] = [
        ("platform.yaml", "clusterAPI: tanzu", "clusterAPI: clusterclass"),
        ("clusters/integration.yaml", "      vmClass: best-effort-large\n      storageClass: vsan-default\n",
         "      vmClass: best-effort-large\n      storageClass: vsan-default\n      autoscaling: {min: 3, max: 8}\n"),
        ("clusters/production.yaml", "      replicas: 5\n      vmClass: guaranteed-large\n      storageClass: vsan-gold\n",
         "      replicas: 5\n      vmClass: guaranteed-large\n      storageClass: vsan-gold\n      autoscaling: {min: 5, max: 12}\n"),
    ]

    /// The example fleet copied to a temporary folder, with text edits (each must match exactly once).
    static func exampleCopy(_ edits: [(file: String, replace: String, with: String)] = []) throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("peng-render-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: exampleFleet, to: copy)
        for edit in edits {
            let url = copy.appendingPathComponent(edit.file)
            let text = try String(contentsOf: url, encoding: .utf8)
            try #require(text.components(separatedBy: edit.replace).count == 2, "edit '\(edit.replace)' must match once in \(edit.file)")
            try text.replacingOccurrences(of: edit.replace, with: edit.with).write(to: url, atomically: true, encoding: .utf8)
        }
        return copy
    }

    static func render(_ root: URL) throws -> RenderedFleet {
        try FleetPipeline(today: CalendarDate(today)).valid(root).1
    }

    static func objects(_ rendered: RenderedFleet, target id: String) -> [KubeObject] {
        rendered.targets.first { $0.id == id }?.objects ?? []
    }

    static func object(_ rendered: RenderedFleet, target id: String, kind: String, namespace: String? = nil, name: String) -> KubeObject? {
        objects(rendered, target: id).first { $0.kind == kind && $0.namespace == namespace && $0.name == name }
    }
}
