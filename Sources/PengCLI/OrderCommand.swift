import ArgumentParser
import FleetLoader
import FleetModel
import FleetRepository

/// `peng order FLEET PRODUCT --team T --stage S --namespace N [--product-version V] [--set key=value]...`
struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Order a product for a team: the order written into the fleet and committed on a new branch, for review.",
        discussion: """
            Writes orders/<team>/<name>-<stage>.yaml, validates the whole fleet with it, and commits it on a new branch \
            (order/<team>/<name>-<stage>) made from the current commit; the work tree and the current branch are not \
            touched. An invalid order writes nothing and commits nothing. Push the branch and open a merge request: \
            once merged, 'peng apply' (or the team's pipeline) installs it. 'peng products --team T' shows what can be \
            ordered and where.

            \(ExitStatus.help("0 ordered and committed", "1 nothing written or committed (an invalid order, a fleet that is not a git work tree)"))
            """)

    @OptionGroup var input: FleetInput

    @Argument(help: "The product, e.g. mysql.")
    var product: String

    @Option(help: "The team that owns and runs it.")
    var team: String

    @Option(help: "The stage, e.g. integration.")
    var stage: String

    @Option(help: "One of the team's namespaces in that stage.")
    var namespace: String

    /// Not `--version`: that is the tool's own version flag on every command.
    @Option(name: .customLong("product-version"), help: ArgumentHelp(
        "The product's version: a prefix like 8.4 (its newest supported) or a full version (default: the newest supported).",
        valueName: "version"))
    var version: String?

    @Option(name: .customLong("set"), help: "A parameter, NAME=VALUE (repeatable).")
    var settings: [String] = []

    @Option(help: "The order's name (default: <namespace>-<product>).")
    var name: String?

    func validate() throws {
        for setting in settings where !setting.contains("=") {
            throw ValidationError("--set takes NAME=VALUE, e.g. --set storage=50Gi; got '\(setting)'")
        }
    }

    func run() throws {
        let validated = try input.requireValid()
        let pairs = settings.map { setting -> (String, String) in
            let parts = setting.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let request = OrderFiling.Request(product: product, team: team, stage: stage, namespace: namespace, version: version,
                                          settings: pairs, name: name)
        let outcome: OrderFiling.Outcome
        do { outcome = try OrderFiling(root: input.rootURL, pipeline: input.pipeline).file(request, in: validated.fleet) } catch {
            throw UserError("nothing written or committed: \(error)")
        }
        switch outcome {
        case .invalid(let diagnostics):
            DiagnosticPrinter(stream: .standardError).print(diagnostics.filter { $0.severity == .error })
            throw UserError("nothing written or committed: the order is not valid", hint: "fix what the diagnostics above name; 'peng products --team \(team)' shows what can be ordered")
        case .filed(let filed):
            let git = input.fleet == "." ? "git" : "git -C \(Shell.quote(input.fleet))"
            Output.standardOutput.write("""
                Ordered \(product) \(filed.version) for team \(team) in \(stage)/\(namespace): \(filed.path)
                Committed \(String(filed.commit.prefix(12))) on the new branch \(filed.branch) (your work tree and branch are unchanged).
                Open a merge request:
                  \(git) push -u origin \(filed.branch)
                Once it is merged, 'peng apply' (or the fleet's pipeline) installs it.

                """)
        }
    }
}
