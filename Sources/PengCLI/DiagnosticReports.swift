import FleetLoader
import FleetModel

/// Validation results in the formats CI tools read: JUnit XML (GitLab's and GitHub's test report views) and
/// GitLab Code Quality JSON (diagnostics inline in the merge request diff).
struct DiagnosticReports {
    var result: ValidationResult
    /// The fleet folder as given on the command line: Code Quality paths are relative to the repository root, so
    /// a fleet in a subfolder (`peng validate fleet`) reports `fleet/clusters/a.yaml`.
    var fleetPath: String

    /// One test case per fleet file: passed, or failed with every error of that file; warnings in its system-out.
    /// Problems of the fleet as a whole (no file) are a test case named after the fleet.
    func junit() -> String {
        let byFile = Dictionary(grouping: result.diagnostics) { $0.location.file }
        var files = result.files
        for file in byFile.keys.sorted() where !files.contains(file) { files.append(file) }
        let failed = files.filter { (byFile[$0] ?? []).hasErrors }.count
        var xml: Markup = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"peng validate\" tests=\"\(files.count)\" failures=\"\(failed)\" errors=\"0\">\n"
        xml += "  <testsuite name=\"\(fleetPath)\" tests=\"\(files.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\">\n"
        for file in files {
            let diagnostics = byFile[file] ?? []
            let name = file.isEmpty ? fleetPath : file
            xml += "    <testcase classname=\"peng.validate\" name=\"\(name)\" file=\"\(path(file))\""
            guard !diagnostics.isEmpty else { xml += "/>\n"; continue }
            xml += ">\n"
            let fileErrors = diagnostics.errors
            if let first = fileErrors.first {
                let message = fileErrors.count == 1 ? first.message : "\(first.message) (and \(fileErrors.count - 1) more)"
                xml += "      <failure type=\"error\" message=\"\(message)\">\(fileErrors.map { path($0) }.joined(separator: "\n"))</failure>\n"
            }
            let warnings = diagnostics.warnings
            if !warnings.isEmpty {
                xml += "      <system-out>\(warnings.map { path($0) }.joined(separator: "\n"))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml.html
    }

    /// GitLab Code Quality: an array of issues with description, check_name, fingerprint, severity and location.
    func codeQuality() -> String {
        let issues: [JSONValue] = result.diagnostics.map { diagnostic in
            let description = diagnostic.hint.map { "\(diagnostic.message) (hint: \($0))" } ?? diagnostic.message
            let location = path(diagnostic.location.file)
            return [
                "description": .string(description),
                "check_name": .string("peng-validate-\(diagnostic.severity.rawValue)"),
                "fingerprint": .string(ContentHash.of("\(location)|\(diagnostic.location.line)|\(diagnostic.location.column)|\(diagnostic.message)")),
                "severity": .string(diagnostic.severity == .error ? "major" : "minor"),
                "location": ["path": .string(location), "lines": ["begin": .int(diagnostic.location.line)]],
            ]
        }
        return JSONValue.array(issues).jsonString(pretty: true) + "\n"
    }

    /// A fleet file's path from the repository root.
    private func path(_ file: String) -> String {
        let base = fleetPath.hasSuffix("/") ? String(fleetPath.dropLast()) : fleetPath
        if file.isEmpty { return base }
        if base == "." || base.isEmpty { return file }
        if base.hasSuffix(".yaml") || base.hasSuffix(".yml") { return base }
        return "\(base)/\(file)"
    }

    /// A diagnostic as a line with its path from the repository root.
    private func path(_ diagnostic: Diagnostic) -> String {
        var text = "\(path(diagnostic.location.file)):\(diagnostic.location.line):\(diagnostic.location.column): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        if let hint = diagnostic.hint { text += "\n    hint: \(hint)" }
        return text
    }
}
