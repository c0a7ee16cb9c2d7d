import FleetModel
import Foundation
internal import Yams

/// Splits one file into YAML documents, turning every parser error into a diagnostic with a position.
enum YAMLDocuments {
    static func parse(_ text: String, file: String, into sink: DiagnosticSink) -> [Node] {
        var documents: [Node] = []
        do {
            var sequence = try Yams.compose_all(yaml: text)
            while let node = sequence.next() { documents.append(node) }
            if let error = sequence.error { throw error }
        } catch {
            sink.append(diagnostic(for: error, file: file, text: text))
        }
        return documents
    }

    static func diagnostic(for error: Error, file: String, text: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return .error(at: .file(file), "cannot read YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // At the end of the file libyaml reports the end; the mistake is where the unfinished construct began.
            let at = problem.contains("end of stream") ? (context?.mark ?? mark) : mark
            let location = SourceLocation(file: file, line: at.line, column: at.column)
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return .error(at: location, message, hint: hint(for: problem + " " + (context?.text ?? ""), at: at, in: text))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let location = secondOccurrence(of: key, after: context.mark, in: text, file: file)
            return .error(at: location, "duplicate key '\(key)' in the same mapping",
                          hint: "each key may appear once per mapping; remove or merge the repeated '\(key)'")
        case .reader(let problem, _, _, _):
            return .error(at: .file(file), "not a text file YAML can read: \(problem)",
                          hint: "fleet files must be UTF-8 YAML; move other files out of the fleet folder")
        default:
            return .error(at: .file(file), "cannot read YAML: \(yamlError)")
        }
    }

    private static func hint(for problem: String, at mark: Mark, in text: String) -> String? {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst(mark.line - 1).first.map(String.init) ?? ""
        if line.contains("\t") { return "YAML indents with spaces only; replace the tab characters on this line" }
        if problem.contains("quoted scalar") { return "a quoted string is not closed; add the closing quote" }
        if problem.contains("mapping values are not allowed") {
            return "a value containing ': ' must be quoted, or the indentation of this line is off"
        }
        if problem.contains("did not find expected key") || problem.contains("expected <block end>") {
            return "check the indentation: keys of one mapping must start in the same column"
        }
        return nil
    }

    /// Yams reports where the first of two equal keys stands; the mistake is usually the second one.
    private static func secondOccurrence(of key: String, after mark: Mark, in text: String, file: String) -> SourceLocation {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return SourceLocation(file: file, line: mark.line, column: mark.column) }
        let firstLine = lines[mark.line - 1]
        let indent = firstLine.prefix(while: { $0 == " " || $0 == "-" }).count
        for number in mark.line..<lines.count {
            let line = lines[number]
            let lineIndent = line.prefix(while: { $0 == " " || $0 == "-" }).count
            let trimmed = line.dropFirst(lineIndent)
            if lineIndent == indent, trimmed.hasPrefix(key + ":") {
                return SourceLocation(file: file, line: number + 1, column: lineIndent + 1)
            }
        }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }
}

extension Node {
    func location(in file: String) -> SourceLocation {
        guard let mark else { return .file(file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// What a node is, for "expected a string, found a mapping".
    var shapeName: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar):
            switch scalar.tagName {
            case .null: "nothing (null)"
            case .bool: "a boolean"
            case .int: "a number"
            case .float: "a number"
            default: "a string"
            }
        }
    }

    /// Free-form YAML (extension values) as a JSON tree, scalars typed as YAML resolves them.
    var jsonValue: JSONValue {
        switch self {
        case .mapping(let mapping):
            var fields: [String: JSONValue] = [:]
            for (key, value) in mapping { fields[key.string ?? ""] = value.jsonValue }
            return .object(fields)
        case .sequence(let sequence):
            return .array(sequence.map(\.jsonValue))
        case .alias:
            return .null
        case .scalar(let scalar):
            switch scalar.tagName {
            case .null: return .null
            case .bool: return bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return int.map(JSONValue.int) ?? .string(scalar.string)
            case .float: return float.map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        }
    }
}

extension Node.Scalar {
    /// The resolved YAML tag (str, int, bool, float, null, ...).
    /// Quoted scalars are strings ("16"); plain ones resolve by their text (16 is an int).
    var tagName: Tag.Name {
        let name = Resolver.default.resolveTag(of: Node.scalar(self))
        return name == .nonSpecific ? .str : name
    }

    /// `null`, `~` or nothing, written plainly — without the regular expressions of full tag resolution,
    /// which dominate loading a large fleet.
    var isNull: Bool {
        if tag.rawValue == Tag.Name.null.rawValue { return true }
        guard style == .plain, tag.rawValue.isEmpty || tag.rawValue == Tag.Name.implicit.rawValue else { return false }
        switch string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}

/// Plain YAML (not fleet documents) as JSON values: for CRD manifests and other fixtures.
public enum YAMLValues {
    public static func documents(in text: String) throws -> [JSONValue] {
        var values: [JSONValue] = []
        var sequence = try Yams.compose_all(yaml: text)
        while let node = sequence.next() {
            if case .scalar(let scalar) = node, scalar.isNull { continue }
            values.append(node.jsonValue)
        }
        if let error = sequence.error { throw error }
        return values
    }
}
