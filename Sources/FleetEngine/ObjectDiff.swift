import FleetModel

/// Field-by-field differences between a live object and what it would become, with server-managed
/// bookkeeping left out and Secret values masked.
public enum ObjectDiff {
    /// Metadata the server maintains; never a change anyone asked for.
    static let serverMetadata: Set<String> = ["managedFields", "resourceVersion", "generation", "creationTimestamp", "uid", "selfLink"]

    public static func changes(from live: KubeObject?, to result: KubeObject) -> [FieldChange] {
        let sensitive = result.kind == "Secret" && result.apiVersion == "v1"
        var changes: [FieldChange] = []
        walk(clean(live?.body), clean(result.body), path: "", sensitive: sensitive, into: &changes)
        return changes
    }

    static func clean(_ body: JSONValue?) -> JSONValue? {
        guard var body else { return nil }
        body["status"] = nil
        if var metadata = body["metadata"] {
            for key in serverMetadata { metadata[key] = nil }
            if var annotations = metadata["annotations"] {
                annotations[DesiredObject.hashAnnotation] = nil
                metadata["annotations"] = annotations.objectValue?.isEmpty == true ? nil : annotations
            }
            body["metadata"] = metadata
        }
        return body
    }

    private static func walk(_ old: JSONValue?, _ new: JSONValue?, path: String, sensitive: Bool, into changes: inout [FieldChange]) {
        if old == new { return }
        if case .object(let a)? = old, case .object(let b)? = new {
            for key in Set(a.keys).union(b.keys).sorted() {
                walk(a[key], b[key], path: path.isEmpty ? key : "\(path).\(key)", sensitive: sensitive, into: &changes)
            }
            return
        }
        let secretValue = sensitive && (path.hasPrefix("data.") || path.hasPrefix("stringData.") || path == "data" || path == "stringData")
        changes.append(FieldChange(path: path, old: secretValue ? old.map { _ in FieldChange.masked } : old,
                                   new: secretValue ? new.map { _ in FieldChange.masked } : new, sensitive: secretValue))
    }
}
