import FleetEngine
import FleetModel
import FleetService

/// `/clusters/NAME`: one cluster's state, its extensions and orders, its teams and namespaces, and its plan.
struct ClusterPage {
    var view: FleetView
    var row: ClusterStatus
    var fleet: Fleet?
    var plan: RolloutReport?

    func html() -> String {
        var body = "<h2>\(HTML.escape(row.cluster))</h2><dl>"
        body += "<dt>Stage</dt><dd>\(HTML.escape(row.stage))</dd><dt>Supervisor</dt><dd>\(HTML.escape(row.supervisor)) · vSphere Namespace \(HTML.escape(row.vsphereNamespace))</dd>"
        body += "<dt>Version</dt><dd class=\"version\">\(HTML.escape(row.actualVersion ?? "–")) (wants \(HTML.escape(row.desiredVersion ?? "–")))</dd>"
        body += "<dt>Phase</dt><dd>\(HTML.escape(row.phase ?? "–")) \(row.healthy ? HTML.badge("healthy", "ok") : HTML.badge(row.readyReason ?? row.clusterError ?? row.supervisorError ?? "not healthy", "fail"))</dd>"
        if let update = row.update { body += "<dt>Update</dt><dd>\(HTML.escape(update.target.description)) in \(update.steps.count) step(s)</dd>" }
        if let soak = row.soak { body += "<dt>Soak</dt><dd>\(HTML.escape(soak))</dd>" }
        body += "</dl><h3>Extensions</h3><table><tr><th>Extension</th><th>Wanted</th><th>Installed</th><th>State</th></tr>"
        for item in row.extensions {
            body += "<tr><td>\(HTML.escape(item.name))</td><td>\(HTML.escape(item.desiredVersion))</td><td>\(HTML.escape(item.installedVersion ?? "–"))</td><td>\(HTML.escape(item.state))</td></tr>"
        }
        body += "</table><h3>Teams and namespaces</h3><table><tr><th>Team</th><th>Namespaces</th><th>Owners</th><th>On call</th></tr>"
        for team in fleet?.teams ?? [] where view.seesFleet || view.teams.contains(team.name) {
            let namespaces = team.spaces.filter { $0.cluster == row.cluster }.flatMap(\.namespaces)
            guard !namespaces.isEmpty else { continue }
            body += "<tr><td>\(HTML.escape(team.name))</td><td>\(HTML.escape(namespaces.joined(separator: ", ")))</td><td>\(HTML.escape(team.owners.joined(separator: ", ")))</td><td>\(HTML.escape(team.onCall ?? "–"))</td></tr>"
        }
        body += "</table><h3>Orders</h3><table><tr><th>Order</th><th>Team</th><th>Product</th><th>Version</th><th>State</th></tr>"
        for order in row.orders {
            body += "<tr><td>\(HTML.escape(order.namespace))/\(HTML.escape(order.name))</td><td>\(HTML.escape(order.team))</td><td>\(HTML.escape(order.product))</td><td>\(HTML.escape(order.installedVersion ?? order.desiredVersion))</td><td>\(HTML.escape(order.state))\(order.expires.map { " · expires " + HTML.escape($0) } ?? "")</td></tr>"
        }
        body += "</table>"
        if let plan {
            let changes = plan.clusters.filter { $0.cluster == row.cluster }.flatMap(\.changeSets).flatMap(\.changes).filter { $0.action != .unchanged }
            body += "<h3>Plan</h3>"
            body += changes.isEmpty ? "<p id=\"plan\">No changes: the cluster matches revision \(HTML.escape(String((view.revision?.sha ?? "").prefix(12)))).</p>"
                : "<table id=\"plan\"><tr><th>Action</th><th>Object</th></tr>" + changes.map { "<tr><td>\($0.action.rawValue)</td><td>\(HTML.escape($0.ref.description))</td></tr>" }.joined() + "</table>"
        }
        return HTML.page(row.cluster, viewer: view.viewer, refresh: 30, body)
    }
}
