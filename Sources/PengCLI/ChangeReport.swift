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
        for error in report.errors { out += "! \(error)\n\n" }
        for stage in report.stages {
            if let reason = stage.notStarted {
                out += "Stage \(stage.stage): NOT STARTED, \(reason)\n\n"
                continue
            }
            out += "Stage \(stage.stage)\n"
            for cluster in stage.clusters { out += text(cluster) }
        }
        if !report.removed.isEmpty || report.removedNotStarted != nil {
            out += "Clusters no longer in the fleet\n"
            if let reason = report.removedNotStarted { out += "  NOT HANDLED, \(reason)\n\n" }
            for cluster in report.removed { out += text(cluster) }
        }
        let all = report.changeSets.flatMap(\.changes)
        let clusters = report.clusters.count
        out += "\(mode == .plan ? "Plan" : "Applied"): \(summary(all)) on \(clusters) cluster\(clusters == 1 ? "" : "s")"
        let failed = report.clusters.filter(\.failed).count
        if failed > 0 { out += "; \(failed) with errors" }
        let held = report.stages.filter { $0.notStarted != nil }.map(\.stage)
        if !held.isEmpty { out += "; stage\(held.count == 1 ? "" : "s") \(held.joined(separator: ", ")) not started" }
        return out + "\n"
    }

    private func text(_ cluster: ClusterResult) -> String {
        var out = "  \(cluster.cluster) (Supervisor \(cluster.supervisor), vSphere Namespace \(cluster.vsphereNamespace))\n"
        if cluster.removed { out += "    !! this cluster is no longer in the fleet\n" }
        for note in cluster.notes { out += "    note: \(note)\n" }
        if let set = cluster.onSupervisor { out += text(set, title: "on the Supervisor") }
        if let set = cluster.onCluster { out += text(set, title: "on the cluster") }
        return out + "\n"
    }

    private func text(_ set: TargetChangeSet, title: String) -> String {
        var out = "    \(title)\(set.context.map { " (context \($0))" } ?? ""): \(summary(set.changes))\n"
        for error in set.errors { out += "      ! \(error)\n" }
        for change in set.changes.sorted(by: { $0.ref < $1.ref }) where change.action != .unchanged {
            out += line(for: change)
        }
        return out
    }

    private func line(for change: ObjectChange) -> String {
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

    func json() -> String {
        let stages: [JSONValue] = report.stages.map { stage in
            var value: JSONValue = ["stage": .string(stage.stage), "clusters": .array(stage.clusters.map(Self.json))]
            if let reason = stage.notStarted { value["notStarted"] = .string(reason) }
            return value
        }
        var root: JSONValue = [
            "stages": .array(stages),
            "removedClusters": .array(report.removed.map(Self.json)),
            "errors": .strings(report.errors),
        ]
        if let reason = report.removedNotStarted { root["removedNotStarted"] = .string(reason) }
        return root.jsonString(pretty: true) + "\n"
    }

    private static func json(_ cluster: ClusterResult) -> JSONValue {
        var value: JSONValue = [
            "cluster": .string(cluster.cluster), "stage": .string(cluster.stage), "supervisor": .string(cluster.supervisor),
            "vsphereNamespace": .string(cluster.vsphereNamespace), "removed": .bool(cluster.removed),
            "notes": .strings(cluster.notes), "failed": .bool(cluster.failed),
        ]
        if let set = cluster.onSupervisor { value["onSupervisor"] = json(set) }
        if let set = cluster.onCluster { value["onCluster"] = json(set) }
        return value
    }

    private static func json(_ set: TargetChangeSet) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        for action in ChangeAction.allCases { counts[action.rawValue] = .int(set.count(action)) }
        var value: JSONValue = [
            "target": .string(set.target),
            "summary": .object(counts),
            "errors": .strings(set.errors),
            "changes": .array(set.changes.sorted { $0.ref < $1.ref }.map(Self.json)),
        ]
        if let context = set.context { value["context"] = .string(context) }
        return value
    }

    private static func json(_ change: ObjectChange) -> JSONValue {
        var value: JSONValue = [
            "apiVersion": .string(change.ref.apiVersion), "kind": .string(change.ref.kind), "name": .string(change.ref.name),
            "action": .string(change.action.rawValue),
        ]
        if let namespace = change.ref.namespace { value["namespace"] = .string(namespace) }
        if let message = change.message { value["message"] = .string(message) }
        if let hint = change.hint { value["hint"] = .string(hint) }
        if !change.diff.isEmpty {
            value["diff"] = .array(change.diff.map { field in
                var entry: JSONValue = ["path": .string(field.path)]
                if let old = field.old { entry["old"] = old }
                if let new = field.new { entry["new"] = new }
                if field.sensitive { entry["sensitive"] = true }
                return entry
            })
        }
        return value
    }
}
