import FleetModel
import KubeClient

/// Fields an API server dropped from an object it was sent: an API server prunes what its schema does not know and,
/// before Kubernetes 1.25 (or without `fieldValidation=Strict`), says nothing. peng compares what the server kept
/// (the answer to a server-side apply, dry-run or not) with what it sent, so a misspelt field or one the server's API
/// version lacks is an error naming its path, never a setting that silently does nothing.
public struct DroppedFields: Sendable, Hashable {
    /// Each dropped field's path, as `spec.topology.nodePools[workers].labels` (a list item by its `name`, else by its
    /// index).
    public var paths: [String]
    /// True when the server refused the write naming the fields (a server-side apply to an existing object on 1.20,
    /// or `fieldValidation=Strict` on 1.25+); false when it kept the object without them.
    public var refused = false

    /// What `kept` lacks of `sent`. Only `metadata` is left out (the server adds to it but never prunes it). A zero
    /// value sent (false, 0, "", an empty list or map, null) is not looked for: built-in types omit zero values from
    /// their answers, and such a value asks for the default anyway.
    public init(sent: KubeObject, kept: KubeObject) {
        var paths: [String] = []
        for (key, value) in (sent.body.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) where key != "metadata" {
            Self.collect(value, in: kept.body[key], at: key, into: &paths)
        }
        self.paths = paths
    }

    public var isEmpty: Bool { paths.isEmpty }

    /// The fields an API server refused, named in its error: `.spec.foo: field not declared in schema` (server-side
    /// apply to an existing object) or `unknown field "spec.foo"` (`fieldValidation=Strict`). nil for any other error.
    public init?(refusedBy error: KubeError) {
        var paths: [String] = []
        for line in error.message.split(whereSeparator: { $0 == "\n" || $0 == "," }) {
            if let range = line.firstRange(of: ": field not declared in schema") {
                let field = line[..<range.lowerBound].split(separator: " ").last.map(String.init) ?? ""
                paths.append(field.hasPrefix(".") ? String(field.dropFirst()) : field)
            } else if let range = line.firstRange(of: "unknown field \"") {
                paths.append(String(line[range.upperBound...].prefix { $0 != "\"" }))
            }
        }
        paths.removeAll(where: \.isEmpty)
        guard !paths.isEmpty else { return nil }
        self.paths = paths
        refused = true
    }

    /// The error for an object whose fields were dropped, naming the schema that lacks them and what to check.
    public func error(for ref: ObjectRef) -> EngineError {
        let fields = paths.count == 1 ? paths[0] : paths.joined(separator: ", ")
        return EngineError(.fieldsDropped, "the API server \(refused ? "refused" : "dropped") \(fields): its \(ref.kind) schema (\(ref.apiVersion)) has no such field",
                           object: ref,
                           hint: "check the API version and the field's name (or the extension's values); nothing after this object is applied on this cluster")
    }

    private static func collect(_ sent: JSONValue, in kept: JSONValue?, at path: String, into paths: inout [String]) {
        if isZero(sent) { return }
        guard let kept else {
            paths.append(path)
            return
        }
        switch (sent, kept) {
        case (.object(let sentFields), .object(let keptFields)):
            for (key, value) in sentFields.sorted(by: { $0.key < $1.key }) {
                collect(value, in: keptFields[key], at: "\(path).\(key)", into: &paths)
            }
        case (.array(let sentItems), .array(let keptItems)):
            for (index, item) in sentItems.enumerated() {
                if let name = item["name"]?.stringValue {
                    collect(item, in: keptItems.first { $0["name"]?.stringValue == name }, at: "\(path)[\(name)]", into: &paths)
                } else {
                    collect(item, in: index < keptItems.count ? keptItems[index] : nil, at: "\(path)[\(index)]", into: &paths)
                }
            }
        default:
            return  // a value the server kept, perhaps normalised (a quantity, a defaulted enum): not a dropped field
        }
    }

    private static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .bool(let flag): !flag
        case .int(let number): number == 0
        case .double(let number): number == 0
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let fields): fields.isEmpty
        }
    }
}
