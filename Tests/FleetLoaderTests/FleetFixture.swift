import FleetLoader
import FleetModel
import FleetRepository
import Foundation
import Testing

/// A copy of the minimal valid fleet in a temporary folder, with exact text edits applied.
/// Each edit must match exactly once, so a fixture that drifts fails loudly instead of testing nothing.
struct FleetFixture {
    static let today = "2026-11-27"

    let root: URL

    static var minimalURL: URL {
        Bundle.module.url(forResource: "Fixtures/minimal", withExtension: nil)!
    }

    init(_ edits: [(file: String, replace: String, with: String)] = [], sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws
    {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("peng-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for name in ["platform.yaml", "clusters.yaml", "teams.yaml"] {
            var text = try String(contentsOf: Self.minimalURL.appendingPathComponent(name), encoding: .utf8)
            for edit in edits where edit.file == name {
                let count = text.components(separatedBy: edit.replace).count - 1
                try #require(count == 1, "edit '\(edit.replace)' matches \(count) times in \(name)", sourceLocation: sourceLocation)
                text = text.replacingOccurrences(of: edit.replace, with: edit.with)
            }
            try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// An empty folder; `files` are written into it as given.
    init(files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("peng-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func validate(today: String = FleetFixture.today) -> ValidationResult {
        FleetPipeline(today: CalendarDate(today)).validate(root)
    }
}

/// Asserts that `result` holds a diagnostic at exactly this place, with this severity, saying these words.
@discardableResult
func expectDiagnostic(_ result: ValidationResult, _ severity: Severity = .error, at place: String,
                      saying words: [String], hint hintWords: [String] = [],
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic?
{
    let found = result.diagnostics.first { diagnostic in
        "\(diagnostic.location)" == place && diagnostic.severity == severity
            && words.allSatisfy { diagnostic.message.contains($0) }
            && hintWords.allSatisfy { diagnostic.hint?.contains($0) == true }
    }
    #expect(found != nil, """
        expected \(severity) at \(place) saying \(words) with hint \(hintWords); got:
        \(result.diagnostics.map(\.description).joined(separator: "\n"))
        """, sourceLocation: sourceLocation)
    return found
}
