import FleetModel

/// Prints diagnostics as `PATH:LINE:COLUMN: error: MESSAGE` + `hint:` lines, or as JSON.
struct DiagnosticPrinter {
    enum Stream { case standardOutput, standardError }

    var stream: Stream

    func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        Output.stream(stream).write(diagnostics.map { $0.description + "\n" }.joined())
    }

    static func json(_ diagnostic: Diagnostic) -> JSONValue {
        var value: JSONValue = [
            "file": .string(diagnostic.location.file), "line": .int(diagnostic.location.line),
            "column": .int(diagnostic.location.column), "severity": .string(diagnostic.severity.rawValue),
            "message": .string(diagnostic.message),
        ]
        if let hint = diagnostic.hint { value["hint"] = .string(hint) }
        return value
    }
}
