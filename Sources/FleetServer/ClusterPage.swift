import FleetEngine
import FleetModel
import FleetService
import FleetUpgrade

/// `/clusters/NAME`: one cluster's state, its extensions and orders, its teams and namespaces, and its plan.
struct ClusterPage {
    var view: FleetView
    var row: ClusterStatus
    var fleet: Fleet?
    var plan: RolloutReport?

    func html() -> Markup {
        var body: Markup = "<h2>\(row.cluster)</h2><dl>"
        body += "<dt>Stage</dt><dd>\(row.stage)</dd><dt>Supervisor</dt><dd>\(row.supervisor) · vSphere Namespace \(row.vsphereNamespace)</dd>"
        body += "<dt>Version</dt><dd class=\"version\">\(HTML.text(row.actualVersion)) (wants \(HTML.text(row.desiredVersion)))</dd>"
        let health = row.healthy ? HTML.badge("healthy", .ok) : HTML.badge(row.readyReason ?? row.clusterError ?? row.supervisorError ?? "not healthy", .fail)
        body += "<dt>Phase</dt><dd>\(HTML.text(row.phase)) \(health)</dd>"
        if let update = row.update { body += "<dt>Update</dt><dd>\(update.target) in \(update.steps.count) step(s)</dd>" }
        if let soak = row.soak { body += "<dt>Soak</dt><dd>\(soak)</dd>" }
        body += "</dl><h3>Extensions</h3><table><tr><th>Extension</th><th>Wanted</th><th>Installed</th><th>State</th></tr>"
        for item in row.extensions {
            body += "<tr><td>\(item.name)</td><td>\(item.desiredVersion)</td><td>\(HTML.text(item.installedVersion))</td><td>\(item.state)</td></tr>"
        }
        body += "</table><h3>Teams and namespaces</h3><table><tr><th>Team</th><th>Namespaces</th><th>Owners</th><th>On call</th></tr>"
        for team in fleet?.teams ?? [] where view.seesFleet || view.teams.contains(team.name) {
            let namespaces = team.spaces.filter { $0.cluster == row.cluster }.flatMap(\.namespaces)
            guard !namespaces.isEmpty else { continue }
            body += "<tr><td>\(team.name)</td><td>\(namespaces.joined(separator: ", "))</td><td>\(team.owners.joined(separator: ", "))</td><td>\(HTML.text(team.onCall))</td></tr>"
        }
        body += "</table><h3>Orders</h3><table><tr><th>Order</th><th>Team</th><th>Product</th><th>Version</th><th>State</th></tr>"
        for order in row.orders {
            let expires: Markup = order.expires.map { " · expires \($0)" } ?? .empty
            body += "<tr><td>\(order.namespace)/\(order.name)</td><td>\(order.team)</td><td>\(order.product)</td><td>\(order.installedVersion ?? order.desiredVersion)</td><td>\(order.state)\(expires)</td></tr>"
        }
        body += "</table>"
        if let plan {
            let changes = plan.clusters.filter { $0.cluster == row.cluster }.flatMap(\.changeSets).flatMap(\.changes).filter { $0.action != .unchanged }
            body += "<h3>Plan</h3>"
            body += changes.isEmpty ? "<p id=\"plan\">No changes: the cluster matches revision \(String((view.revision?.sha ?? "").prefix(12))).</p>"
                : "<table id=\"plan\"><tr><th>Action</th><th>Object</th></tr>\(changes.map { "<tr><td>\($0.action.rawValue)</td><td>\($0.ref)</td></tr>" as Markup }.joined())</table>"
        }
        return HTML.page(row.cluster, viewer: view.viewer, refresh: 30, body)
    }
}
