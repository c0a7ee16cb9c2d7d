import FleetEngine
import FleetModel
import FleetService
import FleetUpgrade

/// `/`: the fleet at a glance, a column per stage and a card per cluster.
struct OverviewPage {
    var view: FleetView

    func html() -> Markup {
        var body = status()
        body += "<div class=\"stages\">"
        for stage in view.stages {
            body += "<section class=\"stage\" data-stage=\"\(stage)\"><h2>\(stage)</h2>"
            let rows = view.clusters.filter { $0.stage == stage }
            if rows.isEmpty { body += "<p class=\"muted\">no clusters</p>" }
            for row in rows { body += card(row) }
            body += "</section>"
        }
        body += "</div>"
        return HTML.page("Fleet", viewer: view.viewer, refresh: 10, body)
    }

    private func status() -> Markup {
        var out: Markup = "<section class=\"summary\"><dl>"
        if let fleet = view.fleet { out += "<dt>Fleet</dt><dd>\(fleet)</dd>" }
        out += "<dt>Repository</dt><dd>\(view.remote) · branch \(view.branch)</dd>"
        if let revision = view.revision {
            out += "<dt>Revision</dt><dd id=\"revision\"><code>\(revision.short)</code> \(revision.subject)</dd>"
        }
        out += "<dt>Applied</dt><dd>\(HTML.time(view.lastApplied))\(view.applying != nil ? " · " + HTML.badge("applying now", .pending) : .empty)</dd>"
        if let latest = view.latest {
            let outcome = HTML.badge(latest.outcome.rawValue, latest.outcome == .applied ? .ok : latest.outcome == .applying ? .pending : .fail)
            let stopped: Markup = latest.stoppedBy.map { " — \($0)" } ?? .empty
            out += "<dt>Last rollout</dt><dd id=\"latest\"><a href=\"/history\"><code>\(latest.commit.short)</code></a> \(outcome)\(stopped)</dd>"
        }
        out += "<dt>Leader</dt><dd>\(view.leaderIdentity ?? "none")\(view.leader ? " (this replica)" : "")</dd>"
        out += "<dt>Drift</dt><dd>\(view.drift == .correct ? "corrected" : "reported only")</dd></dl></section>"
        if let invalid = view.invalid {
            out += "<div class=\"banner bad\" id=\"invalid\">Commit <code>\(invalid.commit.short)</code> (\(invalid.commit.subject)) is invalid; the last good revision stays applied."
            if !invalid.diagnostics.isEmpty {
                out += "<ul>\(invalid.diagnostics.prefix(10).map { "<li>\($0.description)</li>" as Markup }.joined())</ul>"
            }
            out += "</div>"
        }
        if let suspension = view.suspension, suspension.suspended {
            let reason: Markup = suspension.reason.map { ": \($0)" } ?? .empty
            out += "<div class=\"banner warn\" id=\"suspended\">Suspended by \(suspension.by) at \(HTML.time(suspension.at))\(reason). Nothing is applied until it is resumed.</div>"
        }
        if !view.warnings.isEmpty {
            out += "<div class=\"banner warn\" id=\"warnings\">\(view.warnings.count) warning\(view.warnings.count == 1 ? "" : "s"):<ul>"
                + view.warnings.prefix(10).map { "<li>\($0)</li>" as Markup }.joined() + "</ul></div>"
        }
        for problem in view.problems {
            out += "<div class=\"banner bad\" id=\"problem-\(problem.area.rawValue)\(problem.subject.map { "-" + $0 } ?? "")\">\(ProblemBanner.lead(problem, leaderKnown: view.leaderIdentity != nil)): \(problem.message). <strong>Remedy:</strong> \(problem.remedy). Since \(HTML.time(problem.since)).</div>"
        }
        if view.seesFleet {
            let suspended = view.suspension?.suspended == true
            out += "<p><form method=\"post\" action=\"/api/v1/sync\" class=\"inline\"><button>Sync now</button></form> "
            out += "<form method=\"post\" action=\"/api/v1/\(suspended ? "resume" : "suspend")\" class=\"inline\">"
            out += suspended ? "<button>Resume</button>" : "<input name=\"reason\" placeholder=\"reason\"> <button>Suspend</button>"
            out += "</form></p>"
        }
        return out
    }

    private func card(_ row: ClusterStatus) -> Markup {
        let health = row.healthy ? HTML.badge("healthy", .ok) : HTML.badge(row.reachable ? (row.readyReason ?? "not ready") : "unreachable", .fail)
        var out: Markup = "<article class=\"card\" data-cluster=\"\(row.cluster)\"><h3><a href=\"/clusters/\(row.cluster)\">\(row.cluster)</a> \(health)</h3><dl>"
        let wanted: Markup = row.desiredVersion == row.actualVersion ? .empty : " <span class=\"muted\">wants \(HTML.text(row.desiredVersion))</span>"
        out += "<dt>Version</dt><dd class=\"version\">\(HTML.text(row.actualVersion))\(wanted)</dd>"
        if let update = row.update {
            out += "<dt>Update</dt><dd>\(HTML.badge("\(update.target) in \(update.steps.count) step\(update.steps.count == 1 ? "" : "s")", .pending))</dd>"
        }
        if let soak = row.soak { out += "<dt>Soak</dt><dd>\(soak)</dd>" }
        let drift = row.pendingChanges ?? 0
        out += "<dt>Drift</dt><dd>\(drift == 0 ? "none" : HTML.badge("\(drift) object\(drift == 1 ? "" : "s")", .pending))</dd>"
        out += "<dt>Revision</dt><dd><code>\(String((row.revision ?? "–").prefix(12)))</code></dd>"
        let extensions = row.extensions.map { item -> Markup in
            "\(item.name) \(item.installedVersion ?? item.desiredVersion)\(item.healthy ? .empty : " " + HTML.badge(item.state, .fail))"
        }
        out += "<dt>Extensions</dt><dd>\(extensions.isEmpty ? "none" : extensions.joined(separator: ", "))</dd>"
        if !row.orders.isEmpty { out += "<dt>Orders</dt><dd>\(row.orders.count)</dd>" }
        return out + "</dl></article>"
    }
}
