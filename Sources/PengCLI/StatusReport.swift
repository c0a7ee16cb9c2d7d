import FleetEngine
import FleetModel
import FleetUpgrade
import Foundation

/// `peng status` for people (a table, then what needs attention) and machines (JSON).
struct StatusReport {
    var rows: [ClusterStatus]

    static let headers = ["STAGE", "CLUSTER", "SUPERVISOR/NAMESPACE", "DESIRED", "ACTUAL", "PHASE", "READY", "EXTENSIONS", "UPDATE", "DRIFT",
                          "REVISION"]

    /// `v1.28.8+vmware.1-fips.1-tkg.2` -> `v1.28.8`; the JSON keeps the whole version.
    static func short(_ version: String?) -> String {
        guard let version else { return "-" }
        return String(version.split(separator: "+", maxSplits: 1).first ?? Substring(version))
    }

    static func shortRevision(_ revision: String?) -> String {
        guard let revision else { return "-" }
        let dirty = revision.hasSuffix("-dirty")
        return String(revision.prefix(7)) + (dirty ? "-dirty" : "")
    }

    func cells(_ row: ClusterStatus) -> [String] {
        let unreachable = "unreachable"
        let supervisorDown = row.supervisorError != nil
        let clusterDown = row.clusterError != nil
        let installed = row.extensions.filter(\.healthy).count
        let extensions = clusterDown ? "?" : "\(installed)/\(row.extensions.count)"
        let drift: String
        if let pending = row.pendingChanges { drift = pending == 0 ? "none" : "\(pending) pending" } else { drift = "?" }
        return [
            row.stage, row.cluster, "\(row.supervisor)/\(row.vsphereNamespace)",
            Self.short(row.desiredVersion), Self.short(row.actualVersion),
            supervisorDown ? unreachable : (row.phase ?? "-"),
            supervisorDown ? "?" : (row.ready == true ? "yes" : "no"),
            extensions, update(row), drift, Self.shortRevision(row.revision),
        ]
    }

    /// `v1.28.8 (1 step, 2 ext)`, `up to date`, `-` when unknown; with `, soaking 41h left` while the release soaks.
    func update(_ row: ClusterStatus) -> String {
        var text: String
        if let update = row.update {
            let moves = Set(update.steps.flatMap { $0.extensionsBefore + $0.extensionsAfter }.map(\.name)).count
            text = "\(Self.short(update.target.description)) (\(update.steps.count) step\(update.steps.count == 1 ? "" : "s")\(moves > 0 ? ", \(moves) ext" : ""))"
        } else {
            text = row.actualVersion == nil || row.supervisorError != nil ? "-" : "up to date"
        }
        if let soak = row.soak { text += ", \(soak)" }
        return text
    }

    func text() -> String {
        let table = [Self.headers] + rows.map(cells)
        let widths = Self.headers.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for line in table {
            out += line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        let orders = rows.flatMap { row in row.orders.map { (row.cluster, $0) } }
        if !orders.isEmpty {
            out += "\nORDERS\n"
            for (cluster, order) in orders {
                var line = "  \(cluster)/\(order.namespace)/\(order.name): \(order.product) \(order.desiredVersion) (team \(order.team)): \(order.state)"
                if let expires = order.expires { line += "; deprecated, expires \(expires): tell team \(order.team)" }
                out += line + "\n"
            }
        }
        let attention = rows.flatMap(problems)
        if !attention.isEmpty {
            out += "\n" + attention.map { "! \($0)" }.joined(separator: "\n") + "\n"
        }
        let healthy = rows.filter(\.healthy).count
        out += "\n\(healthy) of \(rows.count) cluster\(rows.count == 1 ? "" : "s") healthy"
        let unreachable = rows.filter { !$0.reachable }.count
        if unreachable > 0 { out += ", \(unreachable) unreachable" }
        let drifting = rows.filter { ($0.pendingChanges ?? 0) > 0 }.count
        if drifting > 0 { out += ", \(drifting) with pending changes (run 'peng plan')" }
        return out + "\n"
    }

    private func problems(_ row: ClusterStatus) -> [String] {
        var lines: [String] = []
        if let error = row.supervisorError { lines.append("\(row.cluster): Supervisor \(row.supervisor) unreachable: \(error)") }
        if let error = row.clusterError { lines.append("\(row.cluster): cluster unreachable: \(error)") }
        if row.supervisorError == nil, row.ready != true {
            lines.append("\(row.cluster): not ready on the Supervisor: phase \(row.phase ?? "unknown")\(row.readyReason.map { ", \($0)" } ?? "")")
        }
        for item in row.extensions where !item.healthy {
            lines.append("\(row.cluster): extension \(item.name) \(item.desiredVersion): \(item.state)")
        }
        return lines
    }

    func json() -> String { JSONOutput.encode(FleetStatusReport(clusters: rows)) }
}
