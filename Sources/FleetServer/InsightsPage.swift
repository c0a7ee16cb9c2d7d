import FleetModel
import FleetService
import Insights

/// `/insights`: the team's work from the Jira exports in `--insights-dir`, and the platform's delivery from serve's
/// own history, with the charts and tables of `peng insights`.
struct InsightsPage {
    var view: FleetView
    var teamWork: InsightsFolder.State<TeamWorkReport>
    var delivery: DeliveryReport

    func html() -> Markup {
        var body: Markup = "<h2>Insights</h2>\n<section id=\"delivery\"><h2>Platform delivery</h2>\n\(InsightHTML.section(delivery.view))</section>\n"
        body += "<section id=\"team-work\"><h2>Team work from Jira</h2>\n"
        body += teamWork.markup { InsightHTML.section($0.view) }
        body += "</section>"
        return HTML.page("Insights", viewer: view.viewer, style: InsightHTML.style, body)
    }
}

extension InsightsFolder.State {
    /// The report, or what keeps the folder from giving one.
    func markup(_ report: (Report) -> Markup) -> Markup {
        switch self {
        case .notConfigured:
            "<div class=\"banner info\">No Jira exports: start peng serve with <code>--insights-dir DIR</code> (and <code>--insights-config insights.yaml</code>) and put CSV or REST exports there.</div>"
        case .problem(let problem):
            "<div class=\"banner bad\" id=\"insights-problem\">\(problem)</div>"
        case .report(let value):
            report(value)
        }
    }
}
