import FleetModel

/// Prints diagnostics as `PATH:LINE:COLUMN: error: MESSAGE` + `hint:` lines.
struct DiagnosticPrinter {
    enum Stream { case standardOutput, standardError }

    var stream: Stream

    func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        Output.stream(stream).write(diagnostics.map { $0.description + "\n" }.joined())
    }
}
