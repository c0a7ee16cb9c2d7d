import ArgumentParser
import FleetEngine
import FleetLoader
import FleetModel
import FleetRepository

/// `peng plan`: what apply would do, stage by stage and cluster by cluster, decided by the API servers.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would create, configure and prune, on each Supervisor and each cluster, by stage.",
        discussion: """
            The API server decides every change (server-side apply, dry run); peng never guesses client-side. A cluster \
            not provisioned yet is planned from the fleet alone. Secret values are masked.

            \(ExitStatus.help("0 success", "1 errors", "with --detailed-exitcode 0 no changes, 2 changes pending"))
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess

    @Flag(help: "Exit 0 when nothing would change, 2 when changes are pending, 1 on errors.")
    var detailedExitcode = false

    @OptionGroup(title: "Plan as apply would with") var safety: SafetyFlags

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Option(name: .shortAndLong, help: "Output format: text, json, or markdown (a merge request comment).")
    var output: Format = .text

    func run() async throws {
        let session = try access.session(input, options: safety.engineOptions(access), events: ProgressLines.printer)
        let report = await session.plan(connector: try access.connector(), scope: access.scope)
        let changes = ChangeReport(mode: .plan, report: report)
        switch output {
        case .text: Output.standardOutput.write(changes.text())
        case .json: Output.standardOutput.write(changes.json())
        case .markdown:
            let revision = await FleetRevision.of(input.rootURL)
            Output.standardOutput.write(PlanMarkdown(changes: changes, revision: revision).markdown())
        }
        if output == .text, report.hasPendingChanges, !report.failed {
            Output.standardOutput.write("Next: peng apply \(input.fleet)\(access.arguments)\(safety.arguments)\n")
        }
        if report.failed { throw ExitCode(1) }
        if detailedExitcode, report.hasPendingChanges { throw ExitCode(2) }
    }
}
