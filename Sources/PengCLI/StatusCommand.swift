import ArgumentParser
import FleetEngine
import FleetModel
import FleetRender

/// `peng status`: the fleet at a glance, one row per cluster.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every cluster at a glance: stage, Supervisor, versions, readiness, extensions, drift, revision.",
        discussion: """
            Reads every Supervisor and cluster at the same time. Drift is what a plan would change. The revision is the \
            fleet's git commit last applied completely to the cluster.

            \(ExitStatus.help("0 every cluster reachable, ready and its extensions reconciled", "1 otherwise"))
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess
    @OptionGroup var format: ReportFormat

    func run() async throws {
        var options = EngineOptions()
        options.now = Clock.now
        let session = try access.session(input, options: options)
        let rows = await session.status(connector: try access.connector(), scope: access.scope)
        let report = StatusReport(rows: rows)
        Output.standardOutput.write(format.isJSON ? report.json() : report.text())
        if !rows.allSatisfy(\.healthy) { throw ExitCode(1) }
    }
}
