import FleetModel
import Foundation

/// Stage 2 of the pipeline: every rule of the fleet format, all problems reported at once.
public struct FleetValidator: Sendable {
    /// `YYYY-MM-DD`; deprecated releases whose expiry is before it are errors.
    public var today: String

    public init(today: String = FleetValidator.currentDate()) {
        self.today = today
    }

    public static func currentDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    public func validate(_ loaded: LoadedFleet) -> ValidationResult {
        guard let fleet = loaded.fleet else {
            return ValidationResult(validated: nil, diagnostics: loaded.diagnostics.sortedByLocation())
        }
        let sink = DiagnosticSink()
        let rules = ValidationRules(fleet: fleet, today: today, sink: sink)
        rules.checkNames()
        rules.checkPlatform()
        rules.checkReferences()
        rules.checkTenancy()
        rules.checkNetworks()
        rules.checkQuantities()
        let releases = rules.resolveReleases()
        let extensions = rules.resolveExtensions(releases: releases)
        let diagnostics = (loaded.diagnostics + sink.diagnostics).sortedByLocation()
        guard !diagnostics.hasErrors else { return ValidationResult(validated: nil, diagnostics: diagnostics) }
        let validated = ValidatedFleet(fleet: fleet, releases: releases, extensions: extensions,
                                       warnings: diagnostics.warnings)
        return ValidationResult(validated: validated, diagnostics: diagnostics)
    }
}

/// The rules, split by topic into `ValidationRules+*.swift`.
struct ValidationRules {
    let fleet: Fleet
    let today: String
    let sink: DiagnosticSink

    var platform: Platform { fleet.platform }
}
