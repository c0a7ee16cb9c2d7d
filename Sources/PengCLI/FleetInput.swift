import ArgumentParser
import FleetLoader
import FleetModel
import FleetRepository
import Foundation

/// The fleet a command reads, and the load -> validate steps every command starts with.
struct FleetInput: ParsableArguments {
    @Argument(help: "The fleet repository folder (or one file).", completion: .directory)
    var fleet: String = "."

    @Option(name: .customLong("today"), help: .hidden, transform: CalendarDate.argument)
    var today: CalendarDate?

    var rootURL: URL { URL(fileURLWithPath: fleet) }

    /// The pipeline's first stages, judging releases against `--today` (default: today).
    var pipeline: FleetPipeline { FleetPipeline(today: today) }

    /// Load, then validate: the first two stages of every command.
    func loadAndValidate() -> ValidationResult {
        pipeline.validate(rootURL)
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

/// `-o yaml|json` for the objects `peng render` prints or writes.
enum ObjectFormat: String, ExpressibleByArgument, CaseIterable {
    case yaml, json
}

/// `-o text|json` for commands that print a report: the help lists only what is accepted.
struct ReportFormat: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: Format = .text

    var isJSON: Bool { output == .json }
}

/// `--today YYYY-MM-DD`, parsed once.
extension CalendarDate {
    static func argument(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(text) else { throw ValidationError("--today takes a day as YYYY-MM-DD; got '\(text)'") }
        return date
    }
}
