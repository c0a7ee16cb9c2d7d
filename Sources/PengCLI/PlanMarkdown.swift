import FleetEngine
import FleetModel
import Foundation

/// `peng plan -o markdown`: a merge request comment. The summary first (one table row per cluster), then one
/// collapsible section per cluster with its changes as a diff. Secret values are masked by the engine before they
/// get here, as in every other output.
struct PlanMarkdown {
    var changes: ChangeReport
    var revision: String?

    private var report: RolloutReport { changes.report }

    func markdown() -> String {
        let all = report.changeSets.flatMap(\.changes)
        var out = "### peng plan\(revision.map { " for `\(String($0.prefix(12)))`" } ?? ""): \(changes.summary(all)) on \(report.clusters.count) cluster\(report.clusters.count == 1 ? "" : "s")\n\n"
        if report.failed { out += "> **Errors**: the plan could not be completed for every cluster; see the sections marked ❌ below.\n\n" }
        for error in report.errors { out += "> ❌ \(Self.text(error.message))\n" }
        for note in report.notes { out += "> note: \(Self.text(note))\n" }
        // A blank line ends the quote: without it the table would continue the quote's paragraph.
        if !report.errors.isEmpty || !report.notes.isEmpty { out += "\n" }
        out += "| Stage | Cluster | Supervisor | Create | Configure | Prune | Other |\n| --- | --- | --- | ---: | ---: | ---: | --- |\n"
        for stage in report.stages {
            if let gate = stage.notStarted {
                out += "| \(Self.text(stage.stage)) | *not started* | | | | | \(Self.text(gate.description)) |\n"
                continue
            }
            for cluster in stage.clusters { out += row(cluster) }
        }
        for cluster in report.removedClusters { out += row(cluster) }
        out += "\n"
        for cluster in report.clusters where cluster.hasPendingChanges || cluster.failed || !cluster.notes.isEmpty {
            out += section(cluster)
        }
        return out
    }

    private func count(_ cluster: ClusterResult, _ action: ChangeAction) -> Int {
        cluster.changeSets.flatMap(\.changes).filter { $0.action == action }.count
    }

    private func row(_ cluster: ClusterResult) -> String {
        let errors = cluster.changeSets.flatMap(\.errors).count + cluster.changeSets.flatMap(\.changes).filter { $0.action == .failed || $0.action == .conflict }.count
        let other = [errors > 0 ? "❌ \(errors) error\(errors == 1 ? "" : "s")" : nil, cluster.removed ? "left the fleet" : nil,
                     cluster.notes.isEmpty ? nil : "\(cluster.notes.count) note\(cluster.notes.count == 1 ? "" : "s")"]
            .compactMap { $0 }.joined(separator: ", ")
        return "| \(Self.text(cluster.stage)) | \(Self.text(cluster.cluster)) | \(Self.text(cluster.supervisor)) | \(count(cluster, .create)) | \(count(cluster, .configure)) | \(count(cluster, .prune)) | \(other) |\n"
    }

    private func section(_ cluster: ClusterResult) -> String {
        let summary = changes.summary(cluster.changeSets.flatMap(\.changes))
        let title: Markup = "\(cluster.failed ? "❌ " : "")<b>\(cluster.cluster)</b> (\(cluster.stage), Supervisor \(cluster.supervisor)): \(summary)"
        var out = "<details><summary>\(title)</summary>\n\n"
        for note in cluster.notes { out += "- note: \(Self.text(note))\n" }
        if !cluster.notes.isEmpty { out += "\n" }
        var body = ""
        if let set = cluster.onSupervisor { body += changes.text(set, title: "on the Supervisor") }
        if let set = cluster.onCluster { body += changes.text(set, title: "on the cluster") }
        // A diff block: its content is never rendered as Markdown, so no escaping is needed beyond the fence.
        out += "```diff\n" + body.replacingOccurrences(of: "```", with: "'''") + "```\n\n</details>\n\n"
        return out
    }

    /// Text for a table cell or a list item, shown as written: HTML's characters as entities (`Markup`), Markdown's
    /// own characters backslash-escaped (a `|` cannot end a cell, a backtick cannot open a code span, `*`, `_`, `[`
    /// cannot start emphasis or a link), line breaks as spaces.
    static func text(_ text: String) -> String {
        var out = ""
        for character in Markup.escape(text) {
            if "\\`|*_[]~!".contains(character) { out += "\\" + String(character) } else if character.isNewline { out += " " } else { out.append(character) }
        }
        return out
    }
}
