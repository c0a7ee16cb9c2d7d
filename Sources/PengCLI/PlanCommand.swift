import ArgumentParser
import FleetEngine
import FleetModel
import FleetRender

/// `peng plan`: what apply would do to each workload cluster, decided by the API server.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would create, configure and prune on each workload cluster.",
        discussion: """
            The API server decides every change (server-side apply, dry run); peng never guesses client-side.
            Secret values are masked. Exit status: 0 success; with --detailed-exitcode 0 no changes, 2 changes pending, 1 error.
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess

    @Flag(help: "Exit 0 when nothing would change, 2 when changes are pending, 1 on errors.")
    var detailedExitcode = false

    @Flag(help: "Plan as if --force-conflicts were given to apply.")
    var forceConflicts = false

    @OptionGroup var format: ReportFormat

    func run() async throws {
        let validated = try input.requireValid()
        let rendered = try access.workloadTargets(of: validated)
        var options = EngineOptions()
        options.forceConflicts = forceConflicts
        let results = await Reconciler(options: options).plan(rendered, fleet: validated.fleet, connector: try access.connector())
        let report = ChangeReport(mode: .plan, targets: results)
        Output.standardOutput.write(format.isJSON ? report.json() : report.text())
        if !format.isJSON, results.contains(where: \.hasPendingChanges), !results.contains(where: \.failed) {
            Output.standardOutput.write("Next: peng apply \(input.fleet)\(access.clusters.map { " --cluster \($0)" }.joined())\n")
        }
        if results.contains(where: \.failed) { throw ExitCode(1) }
        if detailedExitcode, results.contains(where: \.hasPendingChanges) { throw ExitCode(2) }
    }
}
