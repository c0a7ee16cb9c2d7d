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
        let pad = YAMLIndent.pad(indent)
        switch self {
        case .object(let fields) where !fields.isEmpty:
            for key in fields.keys.sorted() {
                out += pad
                JSONValue.writeYAMLKey(key, into: &out)
                fields[key]!.writeYAMLValue(into: &out, indent: indent)
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

    /// After `key:` — a scalar on the same line, a collection on the following lines. Sequences inside mappings
    /// are not indented further, as kubectl writes them.
    private func writeYAMLValue(into out: inout String, indent: Int) {
        let isMapping = if case .object = self { true } else { false }
        writeYAMLAfterMarker(into: &out, blockIndent: isMapping ? indent + 1 : indent, scalarIndent: indent + 1)
    }

    /// After `- ` — a mapping starts on the dash's line.
    private func writeYAMLSequenceItem(into out: inout String, indent: Int) {
        guard case .object(let fields) = self, !fields.isEmpty else {
            return writeYAMLAfterMarker(into: &out, blockIndent: indent + 1, scalarIndent: indent + 1)
        }
        let pad = YAMLIndent.pad(indent + 1)
        for (index, key) in fields.keys.sorted().enumerated() {
            out += index == 0 ? " " : pad
            JSONValue.writeYAMLKey(key, into: &out)
            fields[key]!.writeYAMLValue(into: &out, indent: indent + 1)
        }
    }

    /// A non-empty collection on the lines after the marker, at `blockIndent`; anything else after a space on its line.
    private func writeYAMLAfterMarker(into out: inout String, blockIndent: Int, scalarIndent: Int) {
        switch self {
        case .object(let fields) where !fields.isEmpty: out += "\n"
        case .array(let items) where !items.isEmpty: out += "\n"
        default:
            out += " "
            writeYAMLScalar(into: &out, indent: scalarIndent)
            out += "\n"
            return
        }
        writeYAMLBlock(into: &out, indent: blockIndent)
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

    /// Bytes a plain scalar may not start with: YAML indicators and space.
    private static let badFirst: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "-?:,[]{}#&*!|>'\"%@` ".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Bytes that occur in numbers YAML 1.1 or 1.2 would read: digits, hex digits, signs, dots, `_`, `:`, `x`, `o`.
    private static let numeric: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "0123456789abcdefABCDEF+-._:xXoO".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Plain (unquoted) only for ASCII text that YAML reads back as the same string.
    static func isSafe(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first >= 128 || badFirst[Int(first)] || last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        if bytes.count <= 5, reserved.contains(value) { return false }
        var previous = UInt8(ascii: " ")
        var allNumeric = true
        for byte in bytes {
            if byte >= 128 || byte < 0x20 || byte == 0x7F { return false }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): return false
            case UInt8(ascii: "#") where previous == UInt8(ascii: " "): return false
            case UInt8(ascii: " ") where previous == UInt8(ascii: ":"): return false
            default: break
            }
            if allNumeric, !numeric[Int(byte)] { allNumeric = false }
            previous = byte
        }
        let startsLikeNumber = (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
            || first == UInt8(ascii: ".") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
        return !(allNumeric && startsLikeNumber)
    }

    /// `|` / `|-` for multi-line text that round-trips exactly, else nil.
    static func literalBlock(_ value: String, indent: Int) -> String? {
        let bytes = Array(value.utf8)
        guard bytes.contains(UInt8(ascii: "\n")) else { return nil }
        // Printable text and newlines only; the first line must not start with a space (it would set the indentation).
        for byte in bytes where (byte < 0x20 && byte != UInt8(ascii: "\n")) || byte == 0x7F { return nil }
        guard let first = bytes.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\n") else { return nil }
        var body = bytes[...]
        let chomp: String
        if body.last == UInt8(ascii: "\n") {
            body = body.dropLast()
            // Several trailing newlines would need `|+`; quote those instead.
            if body.last == UInt8(ascii: "\n") || body.isEmpty { return nil }
            chomp = "|"
        } else {
            chomp = "|-"
        }
        let pad = YAMLIndent.pad(max(indent, 1))
        var out = chomp
        out.reserveCapacity(bytes.count + 64)
        for line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            out += "\n"
            if !line.isEmpty {
                out += pad
                out += String(decoding: line, as: UTF8.self)
            }
        }
        return out
    }
}

/// Indentation strings, made once.
enum YAMLIndent {
    private static let pads: [String] = (0..<32).map { String(repeating: "  ", count: $0) }

    static func pad(_ level: Int) -> String {
        level < pads.count ? pads[level] : String(repeating: "  ", count: level)
    }
}
