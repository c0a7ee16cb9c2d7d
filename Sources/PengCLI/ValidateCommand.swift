import ArgumentParser
import FleetLoader
import FleetModel

/// `peng validate [FLEET]`: every problem at once; exit 0 when valid (warnings allowed), 1 when not.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the fleet against every rule and report all problems at once.",
        discussion: ExitStatus.help("0 valid (warnings allowed)", "1 invalid"))

    @OptionGroup var input: FleetInput

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit, codequality
    }

    @Option(name: .shortAndLong, help: "Output format: text, json, junit (CI test reports) or codequality (GitLab Code Quality).")
    var output: Format = .text

    func run() throws {
        let result = input.loadAndValidate()
        let diagnostics = result.diagnostics
        switch output {
        case .junit:
            Output.standardOutput.write(DiagnosticReports(result: result, fleetPath: input.fleet).junit())
        case .codequality:
            Output.standardOutput.write(DiagnosticReports(result: result, fleetPath: input.fleet).codeQuality())
        case .json:
            Output.standardOutput.write(JSONOutput.encode(Report(result)))
        case .text:
            DiagnosticPrinter(stream: .standardOutput).print(diagnostics)
            Output.standardOutput.write(summary(result) + "\n")
        }
        if result.validated == nil { throw ExitCode(1) }
    }

    /// `-o json`: the verdict, the counts and every diagnostic in its one shape.
    struct Report: Encodable {
        var valid: Bool
        var errors: Int
        var warnings: Int
        var diagnostics: [Diagnostic]

        init(_ result: ValidationResult) {
            valid = result.validated != nil
            errors = result.diagnostics.errors.count
            warnings = result.diagnostics.warnings.count
            diagnostics = result.diagnostics
        }
    }

    private func summary(_ result: ValidationResult) -> String {
        let warnings = result.diagnostics.warnings.count
        let warningText = warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))"
        guard let fleet = result.validated?.fleet else {
            let errors = result.diagnostics.errors.count
            return "\(input.fleet): invalid, \(errors) error\(errors == 1 ? "" : "s")\(warningText)"
        }
        let products = fleet.products.isEmpty ? "" : ", \(fleet.products.count) product\(fleet.products.count == 1 ? "" : "s"), \(fleet.orders.count) order\(fleet.orders.count == 1 ? "" : "s")"
        return "\(input.fleet): valid: Platform '\(fleet.platform.name)', \(fleet.clusters.count) clusters, \(fleet.teams.count) teams\(products)\(warningText)"
    }
}
