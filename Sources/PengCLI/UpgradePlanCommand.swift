import ArgumentParser
import FleetEngine
import FleetModel
import FleetUpgrade

/// `peng upgrade plan`: every selected cluster's way to its release, one minor at a time.
struct UpgradePlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show each cluster's upgrade path: one minor version at a time, extensions, the Supervisor's offer, removed APIs.",
        discussion: """
            Per cluster: the release its Supervisor reports, the release wanted (the fleet's, or --to), and the steps \
            between them, each the newest supported patch of its minor. Per step: extensions that must move (before or \
            after it), whether the Supervisor offers the release, APIs that Kubernetes removes by then and that the \
            cluster still uses (the API server's apiserver_requested_deprecated_apis metric and managedFields), and the \
            order (control plane, then node pools). Per stage: whether the soak rule lets it move. --offline reads \
            nothing and plans from the fleet's own releases.

            \(ExitStatus.help("0 success", "1 blockers or errors", "with --detailed-exitcode 0 nothing to upgrade, 2 upgrades pending"))
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess
    @OptionGroup var to: UpgradeTarget

    @Flag(help: "Read nothing live: the fleet's releases stand in for the running ones.")
    var offline = false

    @Flag(help: "Exit 0 when nothing is to upgrade, 2 when upgrades are pending, 1 on blockers or errors.")
    var detailedExitcode = false

    @OptionGroup var format: ReportFormat

    func run() async throws {
        let validated = try input.requireValid()
        let selection = try access.selection(validated)
        let targets = selection.map(\.target)
        let target = try to.resolve(validated, clusters: selection.map(\.cluster))
        let survey = UpgradeSurvey(fleet: validated, connector: offline ? nil : try access.connector(), now: Clock.now())
        let report = await survey.survey(targets, to: target?.release)
        Output.standardOutput.write(format.isJSON ? JSONOutput.encode(report) : UpgradeReportText(report: report).text())
        if report.blocked { throw ExitCode(1) }
        if detailedExitcode, report.pending { throw ExitCode(2) }
    }
}

/// `peng upgrade plan` for people.
struct UpgradeReportText {
    var report: UpgradeReport

    func text() -> String {
        var out = "Upgrade plan\(report.target.map { " to \($0)" } ?? " to the fleet's releases") (soak \(report.soak)\(report.offline ? "; offline: running releases taken from the fleet" : ""))\n"
        let stages = report.clusters.reduce(into: [String]()) { if !$0.contains($1.stage) { $0.append($1.stage) } }
        for stage in stages {
            out += "\nStage \(stage)\n"
            if let soak = report.stages.first(where: { $0.stage == stage }), !soak.clear {
                out += "  soak: \(stage) may not take \(soak.release) yet: \(soak.explanation)\n"
            }
            for cluster in report.clusters where cluster.stage == stage { out += text(cluster) }
        }
        let pending = report.clusters.filter(\.pending)
        let blocked = report.clusters.filter(\.blocked).count
        let steps = pending.reduce(0) { $0 + $1.steps.count }
        out += "\nUpgrade: \(pending.count) of \(report.clusters.count) cluster\(report.clusters.count == 1 ? "" : "s") to upgrade in \(steps) step\(steps == 1 ? "" : "s")"
        out += blocked > 0 ? "; \(blocked) blocked\n" : "\n"
        return out
    }

    private func text(_ cluster: ClusterUpgrade) -> String {
        var out = "  \(cluster.cluster) (Supervisor \(cluster.supervisor)): runs \(cluster.running?.description ?? "-"), wants \(cluster.target)"
        out += cluster.steps.isEmpty ? (cluster.blockers.isEmpty && cluster.running == cluster.target ? ": up to date\n" : "\n")
            : ": \(cluster.steps.count) step\(cluster.steps.count == 1 ? "" : "s")\n"
        for note in cluster.notes { out += "    note: \(note)\n" }
        for blocker in cluster.blockers { out += blockerLines(blocker, indent: "    ") }
        for (index, step) in cluster.steps.enumerated() {
            out += "    \(index + 1). \(step.from) -> \(step.to) (\(step.state))\n"
            for move in step.extensionsBefore { out += "       before: extension \(move.name) \(move.from) -> \(move.to)\n" }
            out += "       then:   \(step.order.joined(separator: ", "))\n"
            for move in step.extensionsAfter { out += "       after:  extension \(move.name) \(move.from) -> \(move.to)\n" }
            for use in step.removedAPIs {
                let who = use.manager.map { " written by \($0)" } ?? " (\(use.source))"
                out += "       removed API: \(use.apiVersion) \(use.object)\(who), removed in \(use.removedRelease)\(use.replacement.map { "; use \($0)" } ?? "")\n"
            }
            for blocker in step.blockers { out += blockerLines(blocker, indent: "       ") }
        }
        return out
    }

    private func blockerLines(_ blocker: UpgradeBlocker, indent: String) -> String {
        "\(indent)! blocked: \(blocker.message)\n" + (blocker.hint.map { "\(indent)    hint: \($0)\n" } ?? "")
    }
}
