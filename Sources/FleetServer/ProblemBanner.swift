import FleetModel
import FleetService

/// The first words of a problem's banner: what it stops.
enum ProblemBanner {
    static func lead(_ problem: ServeProblem, leaderKnown: Bool) -> Markup {
        switch problem.area {
        case .lease: leaderKnown ? "This replica cannot take over if the leader stops" : "No replica leads, so nothing is applied"
        case .git: "The fleet repository cannot be fetched, so new commits are not seen"
        case .history: "The history cannot be written"
        case .control: "Suspensions, sync requests and the leader's history cannot be read"
        case .supervisor: "Supervisor \(problem.subject ?? "") cannot be used, so its clusters are neither read nor applied"
        case .cluster: "Cluster \(problem.subject ?? "") cannot be reached"
        case .notifications: "Receiver \(problem.subject ?? "") does not get its notices"
        case .insights: "Jira cannot be read, so Insights and the Blue Board show its last read"
        }
    }
}
