import ArgumentParser
import FleetEngine
import FleetLoader
import FleetModel
import FleetNotify
import FleetRepository

/// `peng apply`: stage by stage, each cluster Supervisor first, then the cluster itself; waits, prunes.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the fleet stage by stage: provision each cluster on its Supervisor, then apply its objects.",
        discussion: """
            Stages go in the Platform's order; the next stage starts only when every cluster of the current one is \
            healthy. Per cluster: the TanzuKubernetesCluster on the Supervisor, wait until it is ready, then the \
            cluster's objects through the kubeconfig the Supervisor publishes (or --context). Server-side apply with \
            field manager 'peng'; prune deletes only objects peng recorded and that carry its labels; a cluster is \
            deleted only with --allow-cluster-deletion. Re-running converges.

            \(ExitStatus.help("0 success", "1 errors (a failed cluster, a stopped gate)", ExitStatus.interrupted))
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess

    @OptionGroup var safety: SafetyFlags

    @OptionGroup var waits: WaitLimits

    @OptionGroup var format: ReportFormat

    @OptionGroup var notify: NotifyFlags

    func run() async throws {
        var options = safety.engineOptions(access)
        waits.apply(to: &options)
        options.revision = await FleetRevision.of(input.rootURL)
        let revision = options.revision
        var notifier: Notifier?
        let session = try access.session(input, options: options) { validated in
            let (events, sender) = try notify.events(for: validated.fleet.platform, revision: revision, then: ProgressLines.printer)
            notifier = sender
            return events
        }
        let connector = try access.connector(), scope = access.scope
        // Ctrl-C / SIGTERM cancel the run: the engine stops at its next step with a complete inventory.
        let (report, signal) = await Interruption.run { await session.apply(connector: connector, scope: scope) }
        let changes = ChangeReport(mode: .apply, report: report)
        Output.standardOutput.write(format.isJSON ? changes.json() : changes.text())
        // The report is out as soon as the rollout is done; then the notices still being sent get --notify-wait.
        await notify.finish(notifier)
        if let signal { throw Interruption.exitCode(for: signal) }
        if report.failed { throw ExitCode(1) }
    }
}
