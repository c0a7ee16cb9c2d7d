import FleetModel
internal import Yams

/// Where the fields of one model value were written; shared by a reader and the readers of its nested mappings.
final class LocationRecorder {
    var locations: FieldLocations

    init(base: SourceLocation) {
        locations = FieldLocations(base: base)
    }

    func record(_ key: String, _ location: SourceLocation) {
        locations.fields[key] = location
    }
}

/// Reads one YAML mapping field by field: checks types, reports unknown and missing fields
/// (with "did you mean"), and records the position of every value it reads.
final class MappingReader {
    let file: String
    let path: String
    let sink: DiagnosticSink
    let recorder: LocationRecorder
    private let prefix: String
    private let pairs: [String: (key: Node, value: Node)]
    /// Allowed fields that an unknown key was probably meant to be; not reported again as missing.
    private let misspelt: Set<String>
    let location: SourceLocation

    var locations: FieldLocations { recorder.locations }

    /// nil (with a diagnostic) when `node` is not a mapping.
    /// - Parameters:
    ///   - path: the field path for messages, e.g. `spec.network`.
    ///   - prefix: the key prefix under which locations are recorded in a shared recorder.
    init?(_ node: Node, file: String, path: String, allowed: [String], sink: DiagnosticSink,
          recorder: LocationRecorder? = nil, prefix: String = "")
    {
        self.file = file
        self.path = path
        self.sink = sink
        self.prefix = prefix
        location = node.location(in: file)
        self.recorder = recorder ?? LocationRecorder(base: location)
        guard case .mapping(let mapping) = node else {
            sink.error(at: location, "\(path.isEmpty ? "document" : "'\(path)'") must be a mapping, found \(node.shapeName)",
                       hint: path.isEmpty ? "a fleet document is a mapping with apiVersion, kind, metadata and spec"
                           : "write it as 'key: value' lines indented under '\(path.split(separator: ".").last ?? "")'")
            return nil
        }
        var pairs: [String: (key: Node, value: Node)] = [:]
        var misspelt: Set<String> = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            let keyLocation = key.location(in: file)
            guard allowed.contains(name) else {
                let field = path.isEmpty ? name : "\(path).\(name)"
                sink.error(at: keyLocation, "unknown field '\(field)'",
                           hint: Suggestion.hint(for: name, in: allowed, noun: "the fields allowed here"))
                if let meant = Suggestion.closest(to: name, in: allowed) { misspelt.insert(meant) }
                continue
            }
            pairs[name] = (key, value)
        }
        self.pairs = pairs
        self.misspelt = misspelt
    }

    func has(_ key: String) -> Bool { pairs[key] != nil }

    private func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func missing(_ key: String, hint: String?) {
        guard !misspelt.contains(key) else { return }
        sink.error(at: location, "missing required field '\(field(key))'", hint: hint)
    }

    /// The raw value node, its position recorded.
    func node(_ key: String, required: Bool = false, hint: String? = nil) -> Node? {
        guard let pair = pairs[key] else {
            if required { missing(key, hint: hint) }
            return nil
        }
        recorder.record(prefix + key, pair.value.location(in: file))
        return pair.value
    }

    func string(_ key: String, required: Bool = false, hint: String? = nil) -> String? {
        guard let value = node(key, required: required, hint: hint) else { return nil }
        return scalarString(value, field: field(key))
    }

    func int(_ key: String, required: Bool = false, hint: String? = nil) -> Int? {
        guard let value = node(key, required: required, hint: hint) else { return nil }
        guard case .scalar(let scalar) = value, scalar.tagName == .int, let number = value.int else {
            sink.error(at: value.location(in: file), "'\(field(key))' must be a whole number, found \(value.shapeName)",
                       hint: "write a number without quotes, e.g. \(key): 3")
            return nil
        }
        return number
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = node(key, required: required) else { return nil }
        guard case .scalar(let scalar) = value, scalar.tagName == .bool, let flag = value.bool else {
            sink.error(at: value.location(in: file), "'\(field(key))' must be true or false, found \(value.shapeName)",
                       hint: "write \(key): true or \(key): false")
            return nil
        }
        return flag
    }

    /// One of an enum's raw values; an unknown value is an error naming the allowed ones.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false, hint: String? = nil) -> T?
    where T.RawValue == String {
        guard let text = string(key, required: required, hint: hint) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        sink.error(at: recorder.locations[prefix + key], "'\(field(key))' is '\(text)', which is not one of: \(allowed.joined(separator: ", "))",
                   hint: Suggestion.hint(for: text, in: allowed))
        return nil
    }

    /// A list of strings; each item's position is recorded as `key[i]`.
    func strings(_ key: String, required: Bool = false, hint: String? = nil) -> [String] {
        items(key, required: required, hint: hint).enumerated().compactMap { index, item in
            recorder.record("\(prefix)\(key)[\(index)]", item.location(in: file))
            return scalarString(item, field: "\(field(key))[\(index)]")
        }
    }

    /// A mapping of names to strings (node labels); each value's position is recorded as `key.NAME`.
    func stringMap(_ key: String) -> [String: String] {
        guard let value = node(key) else { return [:] }
        guard case .mapping(let mapping) = value else {
            sink.error(at: value.location(in: file), "'\(field(key))' must be a mapping of names to strings, found \(value.shapeName)",
                       hint: "write it as {name: value} or as 'name: value' lines")
            return [:]
        }
        var map: [String: String] = [:]
        for (name, item) in mapping {
            guard let name = scalarString(name, field: "\(field(key)) key") else { continue }
            recorder.record("\(prefix)\(key).\(name)", item.location(in: file))
            if let text = scalarString(item, field: "\(field(key)).\(name)") { map[name] = text }
        }
        return map
    }

    /// The items of a list field (a list of mappings is read item by item by the caller).
    func items(_ key: String, required: Bool = false, hint: String? = nil) -> [Node] {
        guard let value = node(key, required: required, hint: hint) else { return [] }
        guard case .sequence(let sequence) = value else {
            sink.error(at: value.location(in: file), "'\(field(key))' must be a list, found \(value.shapeName)",
                       hint: "write it as [a, b] or as '- item' lines")
            return []
        }
        return Array(sequence)
    }

    /// A nested mapping whose field positions go into this reader's recorder under `key.`,
    /// or into a recorder of its own when the nested value becomes a model value of its own.
    func nested(_ key: String, allowed: [String], required: Bool = false, hint: String? = nil,
                ownLocations: Bool = false) -> MappingReader?
    {
        guard let value = node(key, required: required, hint: hint) else { return nil }
        if ownLocations {
            return MappingReader(value, file: file, path: field(key), allowed: allowed, sink: sink)
        }
        return MappingReader(value, file: file, path: field(key), allowed: allowed, sink: sink,
                             recorder: recorder, prefix: prefix + key + ".")
    }

    /// A list of mappings, each read by its own reader (own locations).
    func mappings(_ key: String, allowed: [String], required: Bool = false, hint: String? = nil) -> [MappingReader] {
        items(key, required: required, hint: hint).enumerated().compactMap { index, item in
            MappingReader(item, file: file, path: "\(field(key))[\(index)]", allowed: allowed, sink: sink)
        }
    }

    private func scalarString(_ node: Node, field: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            sink.error(at: node.location(in: file), "'\(field)' must be a string, found \(node.shapeName)",
                       hint: node.shapeName == "a mapping" ? "check the indentation: this value is nested deeper than intended"
                           : node.shapeName == "a list" ? "write a single value here, not a list" : "write a value after the colon")
            return nil
        }
        return scalar.string
    }
}
