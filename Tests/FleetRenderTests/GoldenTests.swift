import FleetLoader
import FleetModel
import FleetRender
import Foundation
import Testing

/// The example fleet rendered with both Supervisor APIs, compared byte for byte with the golden files.
/// After an intended change: `PENG_UPDATE_GOLDEN=1 swift test --filter GoldenTests`, then review the diff.
@Suite("Golden files")
struct GoldenTests {
    static let goldenFolder = RenderFixture.repositoryRoot.appendingPathComponent("Tests/FleetRenderTests/Golden")

    func compare(_ rendered: String, golden name: String) throws {
        let url = Self.goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PENG_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if rendered != expected {
            let renderedLines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(renderedLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("""
                rendered output differs from \(name) at line \((first?.offset ?? min(renderedLines.count, expectedLines.count)) + 1):
                  rendered: \(first.map { String($0.element.0) } ?? "<end>")
                  golden:   \(first.map { String($0.element.1) } ?? "<end>")
                """)
        }
    }

    @Test("the example fleet with clusterAPI: tanzu matches its golden file")
    func tanzu() throws {
        try compare(RenderFixture.render(RenderFixture.exampleFleet).yamlStream(), golden: "example-tanzu.yaml")
    }

    @Test("the example fleet with clusterAPI: clusterclass matches its golden file")
    func clusterClass() throws {
        let copy = try RenderFixture.exampleCopy(RenderFixture.clusterClassEdits)
        try compare(RenderFixture.render(copy).yamlStream(), golden: "example-clusterclass.yaml")
    }

    @Test("the same input renders byte-identical output, whatever the order of documents and files")
    func deterministic() throws {
        let first = try RenderFixture.render(RenderFixture.exampleFleet)
        let second = try RenderFixture.render(RenderFixture.exampleFleet)
        #expect(first.yamlStream() == second.yamlStream())
        #expect(first.jsonDocument() == second.jsonDocument())

        // All documents in one file, in reverse order: same objects, same bytes.
        let reordered = FileManager.default.temporaryDirectory.appendingPathComponent("peng-reordered-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reordered, withIntermediateDirectories: true)
        let files = try FileManager.default.subpathsOfDirectory(atPath: RenderFixture.exampleFleet.path)
            .filter { $0.hasSuffix(".yaml") }.sorted().reversed()
        #expect(files.count >= 14, "the example's Platform, clusters, teams, products and orders")
        let text = try files.map { try String(contentsOf: RenderFixture.exampleFleet.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n---\n")
        try text.write(to: reordered.appendingPathComponent("everything.yaml"), atomically: true, encoding: .utf8)
        #expect(try RenderFixture.render(reordered).yamlStream() == first.yamlStream())
    }

    @Test("targets come Supervisors first, then workload clusters in stage order")
    func targetOrder() throws {
        let rendered = try RenderFixture.render(RenderFixture.exampleFleet)
        #expect(rendered.targets.map(\.id) == [
            "supervisor/frankfurt", "supervisor/muenster",
            "workload/int-shared-01", "workload/prd-checkout-01", "workload/prd-shared-01",
        ])
    }

    @Test("objects within a target come in apply order: namespaces before what lives in them, packages last")
    func applyOrder() throws {
        let rendered = try RenderFixture.render(RenderFixture.exampleFleet)
        for target in rendered.targets {
            let phases = target.objects.map { ApplyPhase(of: $0.ref) }
            #expect(phases == phases.sorted(), "\(target.id) is not in apply order")
        }
        let kinds = RenderFixture.objects(rendered, target: "workload/int-shared-01").map(\.kind)
        #expect(kinds.firstIndex(of: "Namespace")! < kinds.firstIndex(of: "RoleBinding")!)
        #expect(kinds.lastIndex(of: "NetworkPolicy")! < kinds.firstIndex(of: "PackageInstall")!)
    }
}
