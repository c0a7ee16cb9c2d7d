import FleetModel
import FleetService

/// `/history`: the rollouts, newest first, with each stage's timing and what stopped a gate.
struct HistoryPage {
    var view: FleetView
    var records: [RevisionRecord]

    func html() -> Markup {
        var body: Markup = "<h2>Rollouts</h2><table id=\"history\"><tr><th>Started</th><th>Revision</th><th>Trigger</th><th>Outcome</th><th>Stages</th><th>Stopped by</th></tr>"
        for record in records {
            let outcome = HTML.badge(record.outcome.rawValue, record.outcome == .applied ? .ok : record.outcome == .applying ? .pending : .fail)
            let stages = record.stages.map { stage -> Markup in
                "\(stage.stage): \(stage.gate != nil ? "not started" : HTML.duration(stage.seconds)) (\(stage.clusters.filter { $0.result == .changed }.count) changed)"
            }.joined(separator: "<br>")
            body += "<tr data-record=\"\(record.id)\"><td>\(HTML.time(record.started))</td><td><code>\(record.commit.short)</code> \(record.commit.subject)</td>"
            body += "<td>\(record.trigger.rawValue)</td><td>\(outcome)</td><td>\(stages)</td><td>\(record.stoppedBy ?? "")</td></tr>"
        }
        body += "</table>"
        return HTML.page("Rollouts", viewer: view.viewer, refresh: 10, body)
    }
}
