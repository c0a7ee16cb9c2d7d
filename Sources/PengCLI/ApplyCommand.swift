import ArgumentParser
import FleetEngine
import FleetModel
import FleetRender

/// `peng apply`: plan, then apply phase by phase, wait for readiness, prune.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the fleet to its workload clusters: in phases, waiting for readiness, then prune.",
        discussion: """
            Server-side apply with field manager 'peng'. Prune deletes only objects peng recorded and that still carry \
            its ownership labels. Re-running converges; an interrupted run is safe to repeat. Exit status: 0 success, 1 errors.
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess

    @Flag(help: "Take over fields that another field manager owns.")
    var forceConflicts = false

    @Flag(help: "Allow pruning more than half of a cluster's recorded objects.")
    var allowMassPrune = false

    @Option(help: "Seconds to wait for the objects of one phase to become ready.")
    var timeout: Int = 300

    @OptionGroup var format: ReportFormat

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let validated = try input.requireValid()
        let rendered = try access.workloadTargets(of: validated)
        var options = EngineOptions()
        options.forceConflicts = forceConflicts
        options.allowMassPrune = allowMassPrune
        options.readinessTimeout = .seconds(timeout)
        let reconciler = Reconciler(options: options) { Output.standardError.write($0 + "\n") }
        let results = await reconciler.apply(rendered, fleet: validated.fleet, connector: try access.connector())
        let report = ChangeReport(mode: .apply, targets: results)
        Output.standardOutput.write(format.isJSON ? report.json() : report.text())
        if results.contains(where: \.failed) { throw ExitCode(1) }
    }
}
