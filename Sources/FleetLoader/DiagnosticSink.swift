import FleetModel

/// Collects diagnostics while a fleet is loaded and validated, so every problem is reported at once.
final class DiagnosticSink {
    private(set) var diagnostics: [Diagnostic] = []

    func error(at location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(.error(at: location, message, hint: hint))
    }

    func warning(at location: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(.warning(at: location, message, hint: hint))
    }

    func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }
}
