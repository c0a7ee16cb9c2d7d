extension JSONValue {
    /// Block-style YAML with sorted keys, the way `kubectl get -o yaml` prints objects.
    /// Strings that YAML could read as anything else are double-quoted.
    public func yamlString() -> String {
        var out = ""
        out.reserveCapacity(512)
        writeYAMLBlock(into: &out, indent: 0)
        return out
    }

    private func writeYAMLBlock(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        switch self {
        case .object(let fields) where !fields.isEmpty:
            for key in fields.keys.sorted() {
                out += pad
                JSONValue.writeYAMLKey(key, into: &out)
                fields[key]!.writeYAMLValue(into: &out, indent: indent, inSequence: false)
            }
        case .array(let items) where !items.isEmpty:
            for item in items {
                out += pad + "-"
                item.writeYAMLSequenceItem(into: &out, indent: indent)
            }
        default:
            out += pad
            writeYAMLScalar(into: &out, indent: indent)
            out += "\n"
        }
    }

    /// After `key:` — a scalar on the same line, a collection on the following lines.
    private func writeYAMLValue(into out: inout String, indent: Int, inSequence: Bool) {
        switch self {
        case .object(let fields) where !fields.isEmpty:
            out += "\n"
            writeYAMLBlock(into: &out, indent: indent + 1)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            // Sequences inside mappings are not indented further, as kubectl writes them.
            writeYAMLBlock(into: &out, indent: indent)
        default:
            out += " "
            writeYAMLScalar(into: &out, indent: indent + 1)
            out += "\n"
        }
    }

    /// After `- ` — a mapping starts on the dash's line.
    private func writeYAMLSequenceItem(into out: inout String, indent: Int) {
        switch self {
        case .object(let fields) where !fields.isEmpty:
            let pad = String(repeating: "  ", count: indent + 1)
            for (index, key) in fields.keys.sorted().enumerated() {
                out += index == 0 ? " " : pad
                JSONValue.writeYAMLKey(key, into: &out)
                fields[key]!.writeYAMLValue(into: &out, indent: indent + 1, inSequence: true)
            }
        case .array(let items) where !items.isEmpty:
            out += "\n"
            writeYAMLBlock(into: &out, indent: indent + 1)
        default:
            out += " "
            writeYAMLScalar(into: &out, indent: indent + 1)
            out += "\n"
        }
    }

    private func writeYAMLScalar(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : ".nan"
        case .array: out += "[]"
        case .object: out += "{}"
        case .string(let value): JSONValue.writeYAMLString(value, into: &out, indent: indent)
        }
    }

    private static func writeYAMLKey(_ key: String, into out: inout String) {
        if YAMLPlainScalar.isSafe(key) { out += key } else { writeQuoted(key, into: &out) }
        out += ":"
    }

    private static func writeYAMLString(_ value: String, into out: inout String, indent: Int) {
        if YAMLPlainScalar.isSafe(value) {
            out += value
        } else if let block = YAMLPlainScalar.literalBlock(value, indent: indent) {
            out += block
        } else {
            writeQuoted(value, into: &out)
        }
    }
}

/// When a string may be written without quotes, and when as a literal block.
enum YAMLPlainScalar {
    private static let reserved: Set<String> = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
        ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<",
    ]
    private static let badFirst: Set<Character> = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " ",
    ]

    static func isSafe(_ value: String) -> Bool {
        if reserved.contains(value) { return false }
        guard let first = value.first, let last = value.last else { return false }
        if badFirst.contains(first) || last == " " || last == ":" { return false }
        if looksNumeric(value) { return false }
        var previous: Character = " "
        for character in value {
            switch character {
            case "\n", "\r", "\t", "\"", "\\": return false
            case "#" where previous == " ": return false
            case " " where previous == ":": return false
            default:
                if let ascii = character.asciiValue, ascii < 0x20 || ascii == 0x7F { return false }
                if !character.isASCII { return false }
            }
            previous = character
        }
        return true
    }

    /// Anything YAML 1.1 or 1.2 might read as a number: digits, signs, dots, exponents, 0x/0o, sexagesimal.
    private static func looksNumeric(_ value: String) -> Bool {
        let numericCharacters = Set("0123456789+-.eE_:xXoObB")
        guard let first = value.first, first.isNumber || first == "." || first == "+" || first == "-" else { return false }
        return value.allSatisfy { numericCharacters.contains($0) || $0.isHexDigit }
    }

    /// `|` / `|-` for multi-line text that round-trips exactly, else nil.
    static func literalBlock(_ value: String, indent: Int) -> String? {
        guard value.contains("\n"), !value.contains("\r"), !value.contains("\t") else { return nil }
        var body = Substring(value)
        let chomp: String
        if body.hasSuffix("\n") {
            body = body.dropLast()
            if body.hasSuffix("\n") || body.isEmpty { return nil }
            chomp = "|"
        } else {
            chomp = "|-"
        }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard let firstLine = lines.first, !firstLine.hasPrefix(" "), !firstLine.isEmpty else { return nil }
        guard lines.allSatisfy({ $0.allSatisfy { $0.isASCII ? ($0.asciiValue! >= 0x20 && $0.asciiValue! != 0x7F) : true } }) else {
            return nil
        }
        let pad = String(repeating: "  ", count: max(indent, 1))
        var out = chomp
        for line in lines {
            out += "\n"
            if !line.isEmpty { out += pad + line }
        }
        return out
    }
}
