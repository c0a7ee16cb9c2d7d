import FleetModel

/// Rewrites scalars in place in the fleet's files, so that an upgrade becomes a small reviewed change: only the
/// characters of each scalar change; its quotes, the comments after it and every other byte stay as they were.
public struct VersionScalarEditor: Sendable {
    /// One scalar to change: where the fleet loader found it, what it says now, what it is to say.
    public struct Edit: Sendable, Hashable {
        public var location: SourceLocation
        public var old: String
        public var new: String

        public init(location: SourceLocation, old: String, new: String) {
            self.location = location
            self.old = old
            self.new = new
        }
    }

    public struct EditError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public init() {}

    /// The file's new text with every edit of that file applied.
    public func apply(_ edits: [Edit], to text: String, file: String) throws -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for edit in edits where edit.location.file == file {
            let index = edit.location.line - 1
            guard lines.indices.contains(index) else {
                throw EditError(description: "\(edit.location): the file has no line \(edit.location.line)")
            }
            lines[index] = try replace(in: lines[index], edit: edit)
        }
        return lines.joined(separator: "\n")
    }

    /// Replaces the scalar that starts at the edit's column: plain, 'single' or "double" quoted.
    private func replace(in line: String, edit: Edit) throws -> String {
        let characters = Array(line)
        let start = edit.location.column - 1
        guard characters.indices.contains(start) else {
            throw EditError(description: "\(edit.location): no value at column \(edit.location.column)")
        }
        let quote = characters[start] == "\"" || characters[start] == "'" ? characters[start] : nil
        var end = start
        if let quote {
            end = start + 1
            while end < characters.count, characters[end] != quote { end += 1 }
            guard end < characters.count else { throw EditError(description: "\(edit.location): unterminated quoted value") }
            end += 1
        } else {
            while end < characters.count {
                let character = characters[end]
                if character == "," || character == "}" || character == "]" { break }
                if character == "#", end > start, characters[end - 1] == " " { break }
                end += 1
            }
            while end > start, characters[end - 1] == " " || characters[end - 1] == "\t" { end -= 1 }
        }
        let written = String(characters[start..<end])
        let inner = quote == nil ? written : String(written.dropFirst().dropLast())
        guard inner == edit.old else {
            throw EditError(description: "\(edit.location): expected '\(edit.old)' here, found '\(written)'; edit this value by hand")
        }
        let replacement = quote.map { "\($0)\(edit.new)\($0)" } ?? edit.new
        return String(characters[..<start]) + replacement + String(characters[end...])
    }
}
