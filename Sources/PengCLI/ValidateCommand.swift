import ArgumentParser
import FleetLoader
import FleetModel

/// `peng validate [FLEET]`: every problem at once; exit 0 when valid (warnings allowed), 1 when not.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the fleet against every rule and report all problems at once.",
        discussion: "Exit status: 0 valid (warnings allowed), 1 invalid.")

    @OptionGroup var input: FleetInput

    @OptionGroup var format: ReportFormat

    func run() throws {
        let result = input.loadAndValidate()
        let diagnostics = result.diagnostics
        if format.isJSON {
            let report: JSONValue = [
                "valid": .bool(result.validated != nil),
                "errors": .int(diagnostics.errors.count),
                "warnings": .int(diagnostics.warnings.count),
                "diagnostics": .array(diagnostics.map(DiagnosticPrinter.json)),
            ]
            Output.standardOutput.write(report.jsonString(pretty: true) + "\n")
        } else {
            DiagnosticPrinter(stream: .standardOutput).print(diagnostics)
            Output.standardOutput.write(summary(result) + "\n")
        }
        if result.validated == nil { throw ExitCode(1) }
    }

    private func summary(_ result: ValidationResult) -> String {
        let warnings = result.diagnostics.warnings.count
        let warningText = warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))"
        guard let fleet = result.validated?.fleet else {
            let errors = result.diagnostics.errors.count
            return "\(input.fleet): invalid, \(errors) error\(errors == 1 ? "" : "s")\(warningText)"
        }
        return "\(input.fleet): valid: Platform '\(fleet.platform.name)', \(fleet.clusters.count) clusters, \(fleet.teams.count) teams\(warningText)"
    }
}
