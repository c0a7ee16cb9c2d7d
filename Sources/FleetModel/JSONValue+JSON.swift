extension JSONValue {
    /// Compact or indented JSON with sorted keys; byte-identical for equal values.
    public func jsonString(pretty: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(256)
        writeJSON(into: &out, pretty: pretty, indent: 0)
        return out
    }

    func writeJSON(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : "null"
        case .string(let value): JSONValue.writeQuoted(value, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                if pretty { JSONValue.newline(&out, indent + 1) }
                item.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&out, indent) }
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                if pretty { JSONValue.newline(&out, indent + 1) }
                JSONValue.writeQuoted(key, into: &out)
                out += pretty ? ": " : ":"
                fields[key]!.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(&out, indent) }
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    /// A JSON string literal (also a valid YAML double-quoted scalar).
    static func writeQuoted(_ value: String, into out: inout String) {
        out += "\""
        // Most strings need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// A value as a person writes it: a string as it is, anything else as JSON (`3`, `true`, `[1,2]`).
    public var plainText: String { stringValue ?? jsonString() }
}
