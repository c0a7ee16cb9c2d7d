import FleetModel
import FleetService
import Insights

/// `/insights`: the team's work from the Jira exports in `--insights-dir` or from Jira itself, and the platform's
/// delivery from serve's own history, with the charts and tables of `peng insights`.
struct InsightsPage {
    var view: FleetView
    var teamWork: InsightsSource.State<TeamWorkReport>
    var delivery: DeliveryReport
    /// How the last reads of Jira went, when the tickets come from Jira.
    var jira: JiraFeed.Status?

    func html() -> Markup {
        var body: Markup = "<h2>Insights</h2>\n<section id=\"delivery\"><h2>Platform delivery</h2>\n\(InsightHTML.section(delivery.view))</section>\n"
        body += "<section id=\"team-work\"><h2>Team work from Jira</h2>\n"
        body += Self.jiraRead(jira)
        body += teamWork.markup { InsightHTML.section($0.view) }
        body += "</section>"
        return HTML.page("Insights", viewer: view.viewer, style: InsightHTML.style, body)
    }
}

extension InsightsPage {
    /// When Jira was last read and what that read brought; a failed read, and that the page shows the one before.
    static func jiraRead(_ status: JiraFeed.Status?) -> Markup {
        guard let status else { return .empty }
        var line: Markup = "<p class=\"muted\" id=\"jira-read\">"
        if let last = status.lastRead {
            line += "Read from Jira \(status.site) at <time>\(HTML.time(last))</time>: \(status.tickets) tickets"
            if let changed = status.changed {
                line += " (\(changed) changed since the full read at \(HTML.time(status.lastFullRead)))"
            } else {
                line += " (a full read)"
            }
            line += "."
        } else {
            line += "Jira \(status.site) has not been read yet."
        }
        line += "</p>\n"
        if let failure = status.failure {
            line += "<div class=\"banner bad\" id=\"jira-failure\">The last read of Jira failed: \(failure).\(status.lastRead == nil ? "" : " This page shows the read before.")</div>\n"
        }
        return line
    }
}

extension InsightsSource.State {
    /// The report, or what keeps the folder from giving one.
    func markup(_ report: (Report) -> Markup) -> Markup {
        switch self {
        case .notConfigured:
            "<div class=\"banner info\">No Jira tickets: start peng serve with <code>--insights-dir DIR</code> (CSV or REST exports in a folder) or <code>--insights-jira-url URL --insights-jql QUERY</code> (Jira itself), and <code>--insights-config insights.yaml</code>.</div>"
        case .waiting(let why):
            "<div class=\"banner info\" id=\"insights-waiting\">\(why)</div>"
        case .problem(let problem):
            "<div class=\"banner bad\" id=\"insights-problem\">\(problem)</div>"
        case .report(let value):
            report(value)
        }
    }
}
