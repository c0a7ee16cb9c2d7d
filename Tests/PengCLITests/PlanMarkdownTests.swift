@testable import FleetEngine
import FleetModel
import Foundation
@testable import PengCLI
import Testing
import TestHarness

/// `plan -o markdown` is pasted into merge requests: whatever a message, a note or a name says, the table keeps its
/// columns, nothing becomes HTML, a code span or a link, and the reader sees the text as written. Checked with
/// markdown-it-py, as GitLab and GitHub render CommonMark tables.
@Suite struct PlanMarkdownTests {
    static let hostile = "a | b `code` <script>alert(1)</script> *bold* _it_ [link](http://x) \\ end\nnext line"

    @Test("hostile text in errors, notes and gates: the table keeps its columns and shows the text as written")
    func hostileText() async throws {
        var target = ClusterTarget(name: "md-1", stage: "integration", supervisor: "dc1", vsphereNamespace: "v", supervisorObjects: [],
                                   clusterObjects: [], context: nil)
        target.removed = false
        var result = ClusterResult(target)
        result.notes = [Self.hostile]
        var changes = TargetChangeSet(target: "md-1", stage: "integration", context: nil)
        changes.errors = [EngineError(.objectFailed, Self.hostile)]
        changes.changes = [ObjectChange(ref: ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: "n", name: "c"), action: .failed, message: Self.hostile)]
        result.onCluster = changes
        var report = RolloutReport()
        report.errors = [EngineError(.removedClustersUnknown, Self.hostile)]
        report.notes = [Self.hostile]
        report.stages = [StageResult(stage: "integration", clusters: [result]),
                         StageResult(stage: "production", notStarted: StageGate(stage: "integration", cluster: "md-1", error: EngineError(.objectFailed, Self.hostile)))]
        let markdown = PlanMarkdown(changes: ChangeReport(mode: .plan, report: report), revision: "0123456789abcdef").markdown()

        let file = try PengBinary.temporaryFolder().appendingPathComponent("hostile-plan.md")
        try markdown.write(to: file, atomically: true, encoding: .utf8)
        let parsed = try await PythonTools.check(["markdown", file.path])
        #expect(parsed["inlineHTML"] as? [String] == [], "no raw HTML reaches the comment: \(parsed["inlineHTML"] ?? "")")
        let rows = try #require(parsed["cells"] as? [[String]])
        #expect(rows.count == 3, "a header and two rows: \(rows)")
        #expect(rows.allSatisfy { $0.count == 7 }, "every row keeps its seven columns: \(rows)")
        let gate = try #require(rows.last?.last)
        #expect(gate.contains("a | b `code` <script>alert(1)</script> *bold* _it_ [link](http://x) \\ end next line"), "shown as written: \(gate)")
        let blocks = try #require(parsed["blocks"] as? [[String: Any]])
        #expect(!blocks.contains { $0["type"] as? String == "html_block" && ($0["content"] as? String)?.contains("<script") == true })
    }
}
