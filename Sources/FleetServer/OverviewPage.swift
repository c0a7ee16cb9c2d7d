import FleetEngine
import FleetService

/// `/`: the fleet at a glance, a column per stage and a card per cluster.
struct OverviewPage {
    var view: FleetView

    func html() -> String {
        var body = status()
        body += "<div class=\"stages\">"
        for stage in view.stages {
            body += "<section class=\"stage\" data-stage=\"\(HTML.escape(stage))\"><h2>\(HTML.escape(stage))</h2>"
            let rows = view.clusters.filter { $0.stage == stage }
            if rows.isEmpty { body += "<p class=\"muted\">no clusters</p>" }
            for row in rows { body += card(row) }
            body += "</section>"
        }
        body += "</div>"
        return HTML.page("Fleet", viewer: view.viewer, refresh: 10, body)
    }

    private func status() -> String {
        var out = "<section class=\"summary\"><dl>"
        if let fleet = view.fleet { out += "<dt>Fleet</dt><dd>\(HTML.escape(fleet))</dd>" }
        out += "<dt>Repository</dt><dd>\(HTML.escape(view.remote)) · branch \(HTML.escape(view.branch))</dd>"
        if let revision = view.revision {
            out += "<dt>Revision</dt><dd id=\"revision\"><code>\(revision.short)</code> \(HTML.escape(revision.subject))</dd>"
        }
        out += "<dt>Applied</dt><dd>\(HTML.time(view.lastApplied))\(view.applying != nil ? " · " + HTML.badge("applying now", "pending") : "")</dd>"
        if let latest = view.latest {
            let outcome = HTML.badge(latest.outcome.rawValue, latest.outcome == .applied ? "ok" : latest.outcome == .applying ? "pending" : "fail")
            out += "<dt>Last rollout</dt><dd id=\"latest\"><a href=\"/history\"><code>\(latest.commit.short)</code></a> \(outcome)"
                + "\(latest.stoppedBy.map { " — " + HTML.escape($0) } ?? "")</dd>"
        }
        out += "<dt>Leader</dt><dd>\(HTML.escape(view.leaderIdentity ?? "none"))\(view.leader ? " (this replica)" : "")</dd>"
        out += "<dt>Drift</dt><dd>\(view.drift == .correct ? "corrected" : "reported only")</dd></dl></section>"
        if let invalid = view.invalid {
            out += "<div class=\"banner bad\" id=\"invalid\">Commit <code>\(invalid.commit.short)</code> (\(HTML.escape(invalid.commit.subject))) is invalid; the last good revision stays applied."
            if !invalid.diagnostics.isEmpty {
                out += "<ul>" + invalid.diagnostics.prefix(10).map { "<li>\(HTML.escape($0.description))</li>" }.joined() + "</ul>"
            }
            out += "</div>"
        }
        if let suspension = view.suspension, suspension.suspended {
            out += "<div class=\"banner warn\" id=\"suspended\">Suspended by \(HTML.escape(suspension.by)) at \(HTML.time(suspension.at))"
                + "\(suspension.reason.map { ": " + HTML.escape($0) } ?? ""). Nothing is applied until it is resumed.</div>"
        }
        if !view.warnings.isEmpty {
            out += "<div class=\"banner warn\" id=\"warnings\">\(view.warnings.count) warning\(view.warnings.count == 1 ? "" : "s"):<ul>"
                + view.warnings.prefix(10).map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></div>"
        }
        if let error = view.lastFetchError { out += "<div class=\"banner bad\">Fetch failed: \(HTML.escape(error))</div>" }
        if view.seesFleet {
            let suspended = view.suspension?.suspended == true
            out += "<p><form method=\"post\" action=\"/api/v1/sync\" class=\"inline\"><button>Sync now</button></form> "
            out += "<form method=\"post\" action=\"/api/v1/\(suspended ? "resume" : "suspend")\" class=\"inline\">"
            out += suspended ? "<button>Resume</button>" : "<input name=\"reason\" placeholder=\"reason\"> <button>Suspend</button>"
            out += "</form></p>"
        }
        return out
    }

    private func card(_ row: ClusterStatus) -> String {
        let health = row.healthy ? HTML.badge("healthy", "ok") : HTML.badge(row.reachable ? (row.readyReason ?? "not ready") : "unreachable", "fail")
        var out = "<article class=\"card\" data-cluster=\"\(HTML.escape(row.cluster))\"><h3><a href=\"/clusters/\(HTML.escape(row.cluster))\">\(HTML.escape(row.cluster))</a> \(health)</h3><dl>"
        let wanted = row.desiredVersion == row.actualVersion ? "" : " <span class=\"muted\">wants \(HTML.escape(row.desiredVersion ?? "–"))</span>"
        out += "<dt>Version</dt><dd class=\"version\">\(HTML.escape(row.actualVersion ?? "–"))\(wanted)</dd>"
        if let update = row.update {
            out += "<dt>Update</dt><dd>\(HTML.badge("\(update.target) in \(update.steps.count) step\(update.steps.count == 1 ? "" : "s")", "pending"))</dd>"
        }
        if let soak = row.soak { out += "<dt>Soak</dt><dd>\(HTML.escape(soak))</dd>" }
        let drift = row.pendingChanges ?? 0
        out += "<dt>Drift</dt><dd>\(drift == 0 ? "none" : HTML.badge("\(drift) object\(drift == 1 ? "" : "s")", "pending"))</dd>"
        out += "<dt>Revision</dt><dd><code>\(HTML.escape(String((row.revision ?? "–").prefix(12))))</code></dd>"
        let extensions = row.extensions.map { "\(HTML.escape($0.name)) \(HTML.escape($0.installedVersion ?? $0.desiredVersion))\($0.healthy ? "" : " " + HTML.badge($0.state, "fail"))" }
        out += "<dt>Extensions</dt><dd>\(extensions.isEmpty ? "none" : extensions.joined(separator: ", "))</dd>"
        if !row.orders.isEmpty { out += "<dt>Orders</dt><dd>\(row.orders.count)</dd>" }
        return out + "</dl></article>"
    }
}
