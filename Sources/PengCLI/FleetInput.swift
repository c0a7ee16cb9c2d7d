import ArgumentParser
import FleetLoader
import FleetModel
import Foundation

/// The fleet a command reads, and the load -> validate steps every command starts with.
struct FleetInput: ParsableArguments {
    @Argument(help: "The fleet repository folder (or one file).", completion: .directory)
    var fleet: String = "."

    @Option(name: .customLong("today"), help: .hidden)
    var today: String?

    func validate() throws {
        if let today, CalendarDate(today) == nil { throw ValidationError("--today takes a date as YYYY-MM-DD; got '\(today)'") }
    }

    var rootURL: URL { URL(fileURLWithPath: fleet) }

    /// Load, then validate: the first two stages of every command.
    func loadAndValidate() -> ValidationResult {
        let loaded = FleetLoader().load(from: rootURL)
        let validator = today.map { FleetValidator(today: $0) } ?? FleetValidator()
        return validator.validate(loaded)
    }

    /// For commands that need a valid fleet: diagnostics to stderr, exit 1 when there are errors.
    func requireValid() throws -> ValidatedFleet {
        let result = loadAndValidate()
        DiagnosticPrinter(stream: .standardError).print(result.diagnostics)
        guard let validated = result.validated else {
            let errors = result.diagnostics.errors.count
            Output.standardError.write("peng: the fleet has \(errors) error\(errors == 1 ? "" : "s"); nothing was done. Run 'peng validate \(fleet)' for details.\n")
            throw ExitCode(1)
        }
        return validated
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, yaml, json
}

/// `-o text|json` for commands that print a report.
struct ReportFormat: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    var isJSON: Bool { output == .json }

    func validate() throws {
        guard output != .yaml else { throw ValidationError("this command prints text or json, not yaml") }
    }
}
