import FleetEngine
import FleetModel

/// Plan and apply results for people (text) and machines (JSON). Secret values never appear: the engine
/// masks them in diffs before they get here.
struct ChangeReport {
    enum Mode { case plan, apply }

    var mode: Mode
    var targets: [TargetChangeSet]

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
        for target in targets {
            var header = target.target
            let details = [target.stage.map { "stage \($0)" }, target.context.map { "context \($0)" }].compactMap { $0 }
            if !details.isEmpty { header += " (\(details.joined(separator: ", ")))" }
            out += header + "\n"
            for error in target.errors { out += "  ! \(error)\n" }
            for change in target.changes.sorted(by: { $0.ref < $1.ref }) where change.action != .unchanged {
                out += line(for: change)
            }
            out += "  \(summary(target.changes))\n\n"
        }
        let all = targets.flatMap(\.changes)
        out += "\(mode == .plan ? "Plan" : "Applied"): \(summary(all)) on \(targets.count) cluster\(targets.count == 1 ? "" : "s")"
        let failed = targets.filter(\.failed).count
        if failed > 0 { out += "; \(failed) with errors" }
        return out + "\n"
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
        var out = "  \(symbol) \(change.ref)"
        if change.action == .prune, mode == .plan { out += "  (prune)" }
        if let message = change.message { out += ": \(message)" }
        out += "\n"
        if let hint = change.hint { out += "      hint: \(hint)\n" }
        for field in change.diff {
            switch (field.old, field.new) {
            case (nil, let new?): out += "      + \(field.path): \(new.jsonString())\n"
            case (let old?, nil): out += "      - \(field.path): \(old.jsonString())\n"
            case (let old?, let new?):
                out += field.sensitive ? "      ~ \(field.path): (sensitive value changed)\n"
                    : "      ~ \(field.path): \(old.jsonString()) -> \(new.jsonString())\n"
            case (nil, nil): break
            }
        }
        return out
    }

    func json() -> String {
        let values: [JSONValue] = targets.map { target in
            var counts: [String: JSONValue] = [:]
            for action in ChangeAction.allCases { counts[action.rawValue] = .int(target.count(action)) }
            var value: JSONValue = [
                "target": .string(target.target),
                "summary": .object(counts),
                "errors": .strings(target.errors),
                "changes": .array(target.changes.sorted { $0.ref < $1.ref }.map(Self.json)),
            ]
            if let stage = target.stage { value["stage"] = .string(stage) }
            if let context = target.context { value["context"] = .string(context) }
            return value
        }
        return JSONValue.object(["targets": .array(values)]).jsonString(pretty: true) + "\n"
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
