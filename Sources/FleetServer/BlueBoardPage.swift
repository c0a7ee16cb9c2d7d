import FleetModel
import FleetService
import Insights

/// `/board`: the Blue Board of the Jira exports in `--insights-dir` or of Jira itself — the larger themes, yellow for run and green for
/// development, and what moved since the last review. Themes are not secret: every signed-in team member may read it.
struct BlueBoardPage {
    var view: FleetView
    var board: InsightsSource.State<BlueBoardReport>
    var jira: JiraFeed.Status?

    func html() -> Markup {
        var body: Markup = "<h2>Blue Board</h2>\n<section id=\"blue-board-page\">"
        body += InsightsPage.jiraRead(jira)
        body += board.markup { InsightHTML.section($0.view) }
        body += "</section>"
        return HTML.page("Blue Board", viewer: view.viewer, style: InsightHTML.style, body)
    }
}
