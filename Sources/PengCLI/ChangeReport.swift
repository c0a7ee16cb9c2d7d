import FleetUpgrade
import Foundation
import FleetEngine
import FleetModel

/// Plan and apply results for people (text) and machines (JSON), grouped by stage, then cluster, then side
/// (Supervisor, cluster). Secret values never appear: the engine masks them in diffs before they get here.
struct ChangeReport {
    enum Mode { case plan, apply }

    var mode: Mode
    var report: RolloutReport

    private func verb(_ action: ChangeAction) -> String {
        switch (mode, action) {
        case (.plan, .create): "to create"
        case (.plan, .configure): "to configure"
        case (.plan, .prune): "to prune"
        case (.apply, .create): "created"
        case (.apply, .configure): "configured"
        case (.apply, .prune): "pruned"
        case (_, .unchanged): "unchanged"
        case (_, .conflict): "in conflict"
        case (_, .failed): "failed"
        case (_, .skipped): "skipped"
        }
    }

    private static let order: [ChangeAction] = [.create, .configure, .prune, .unchanged, .conflict, .failed, .skipped]

    func summary(_ changes: [ObjectChange]) -> String {
        let parts = Self.order.compactMap { action -> String? in
            let count = changes.filter { $0.action == action }.count
            return count == 0 ? nil : "\(count) \(verb(action))"
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    func text() -> String {
        var out = ""
        for error in report.errors { out += Self.lines(error, indent: "") + "\n" }
        for note in report.notes { out += "note: \(note)\n\n" }
        for stage in report.stages {
            if let gate = stage.notStarted {
                out += "Stage \(stage.stage): NOT STARTED, \(gate)\n\(gate.error.hint.map { "    hint: \($0)\n" } ?? "")\n"
                continue
            }
            out += "Stage \(stage.stage)\n"
            for cluster in stage.clusters { out += text(cluster) }
        }
        if !report.removedClusters.isEmpty || report.removedNotStarted != nil {
            out += "Clusters no longer in the fleet\n"
            if let gate = report.removedNotStarted { out += "  NOT HANDLED, \(gate)\n\(gate.error.hint.map { "    hint: \($0)\n" } ?? "")\n" }
            for cluster in report.removedClusters { out += text(cluster) }
        }
        let all = report.changeSets.flatMap(\.changes)
        let clusters = report.clusters.count
        out += "\(mode == .plan ? "Plan" : "Applied"): \(summary(all)) on \(clusters) cluster\(clusters == 1 ? "" : "s")"
        let failed = report.clusters.filter(\.failed).count
        if failed > 0 { out += "; \(failed) with errors" }
        let held = report.stages.filter { $0.notStarted != nil }.map(\.stage)
        if !held.isEmpty { out += "; stage\(held.count == 1 ? "" : "s") \(held.joined(separator: ", ")) not started" }
        if report.interrupted { out += "\nInterrupted: what was applied is recorded; run the same command again to finish." }
        return out + "\n"
    }

    private func text(_ cluster: ClusterResult) -> String {
        var out = "  \(cluster.cluster) (Supervisor \(cluster.supervisor), vSphere Namespace \(cluster.vsphereNamespace))\n"
        if cluster.removed { out += "    !! this cluster is no longer in the fleet\n" }
        for note in cluster.notes { out += "    note: \(note)\n" }
        for step in cluster.upgradeSteps {
            out += "    upgrade \(step.from) -> \(step.to): \(step.failed ? "FAILED after" : "done in") \(String(format: "%.1f", step.seconds)) s\n"
            for move in step.extensionsBefore + step.extensionsAfter {
                out += "      extension \(move.name) \(move.from) -> \(move.to) (\(move.when.rawValue) the step)\n"
            }
        }
        if let set = cluster.onSupervisor { out += text(set, title: "on the Supervisor") }
        if let set = cluster.onCluster { out += text(set, title: "on the cluster") }
        return out + "\n"
    }

    func text(_ set: TargetChangeSet, title: String) -> String {
        var out = "    \(title)\(set.context.map { " (context \($0))" } ?? ""): \(summary(set.changes))\n"
        for error in set.errors { out += Self.lines(error, indent: "      ") }
        for note in set.notes { out += "      note: \(note)\n" }
        for change in set.changes.sorted(by: { $0.ref < $1.ref }) where change.action != .unchanged {
            out += line(for: change)
        }
        return out
    }

    /// `! message`, then its hint indented beneath it.
    static func lines(_ error: EngineError, indent: String) -> String {
        var out = "\(indent)! \(error.object.map { "\($0): " } ?? "")\(error.message)\n"
        if let hint = error.hint { out += "\(indent)    hint: \(hint)\n" }
        return out
    }

    /// One change and its field diff, as the text report and the Markdown report's diff blocks show it.
    func line(for change: ObjectChange) -> String {
        let symbol: String
        switch change.action {
        case .create: symbol = "+"
        case .configure: symbol = "~"
        case .prune: symbol = "-"
        case .conflict, .failed: symbol = "!"
        case .skipped: symbol = "?"
        case .unchanged: symbol = "="
        }
        var out = "      \(symbol) \(change.ref)"
        if change.action == .prune, mode == .plan { out += "  (prune)" }
        if let message = change.message { out += ": \(message)" }
        out += "\n"
        if let hint = change.hint { out += "          hint: \(hint)\n" }
        for field in change.diff {
            switch (field.old, field.new) {
            case (nil, let new?): out += "          + \(field.path): \(new.jsonString())\n"
            case (let old?, nil): out += "          - \(field.path): \(old.jsonString())\n"
            case (let old?, let new?):
                out += field.sensitive ? "          ~ \(field.path): (sensitive value changed)\n"
                    : "          ~ \(field.path): \(old.jsonString()) -> \(new.jsonString())\n"
            case (nil, nil): break
            }
        }
        return out
    }

    /// The engine's report, encoded: the same model a service serves.
    func json() -> String { JSONOutput.encode(report) }
}
