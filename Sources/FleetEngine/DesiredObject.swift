import FleetModel

/// A rendered object as peng sends it: Secret `stringData` folded into `data` (the server stores only
/// `data`, so the live object can be compared), and a hash of the desired content recorded as an annotation.
public struct DesiredObject: Sendable {
    public static let hashAnnotation = "peng.dev/desired-hash"

    public let object: KubeObject
    public let ref: ObjectRef
    public let hash: String

    public init(_ rendered: KubeObject) {
        var object = rendered
        if object.kind == "Secret", object.apiVersion == "v1", let stringData = object["stringData"]?.objectValue {
            var data = object["data"]?.objectValue ?? [:]
            for (key, value) in stringData {
                data[key] = .string(Base64.encode(Array((value.stringValue ?? "").utf8)))
            }
            object["data"] = .object(data)
            object["stringData"] = nil
        }
        let hash = ContentHash.of(object.body.jsonString())
        var metadata = object["metadata"] ?? [:]
        var annotations = metadata["annotations"]?.objectValue ?? [:]
        annotations[Self.hashAnnotation] = .string(hash)
        metadata["annotations"] = .object(annotations)
        object["metadata"] = metadata
        self.object = object
        self.ref = object.ref
        self.hash = hash
    }

    /// True only when a server-side apply of this object would provably change no field: the live object
    /// was last applied by peng from exactly this content, and every desired value is still there.
    /// Anything else (drift, a field another manager changed, server normalisation) is left to the server's dry-run.
    public func isUnchanged(comparedTo live: KubeObject) -> Bool {
        guard live[path: "metadata", "annotations", Self.hashAnnotation]?.stringValue == hash else { return false }
        return Self.contains(live.body, object.body)
    }

    /// Whether apply may take fields back from other managers without `--force-conflicts`: only when peng's
    /// desired content is unchanged since peng last applied it, so every difference is drift made by someone else.
    /// When the desired content changed, a conflict is the user's to resolve.
    public func isDriftRestore(of live: KubeObject?) -> Bool {
        live?[path: "metadata", "annotations", Self.hashAnnotation]?.stringValue == hash
    }

    /// Every value of `desired` appears in `live`; lists must have the same length and match item by item.
    static func contains(_ live: JSONValue, _ desired: JSONValue) -> Bool {
        switch (live, desired) {
        case (.object(let l), .object(let d)):
            for (key, value) in d {
                guard let other = l[key], contains(other, value) else { return false }
            }
            return true
        case (.array(let l), .array(let d)):
            guard l.count == d.count else { return false }
            return zip(l, d).allSatisfy { contains($0, $1) }
        default:
            return live == desired
        }
    }
}
