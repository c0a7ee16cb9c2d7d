/// One Kubernetes object as a JSON tree, with typed access to the fields peng relies on.
public struct KubeObject: Hashable, Sendable {
    public var body: JSONValue

    public init(_ body: JSONValue) {
        self.body = body
    }

    /// A new object with apiVersion, kind and metadata; `spec`-like fields are added by the caller.
    public init(apiVersion: String, kind: String, name: String, namespace: String? = nil,
                labels: [String: String] = [:], annotations: [String: String] = [:])
    {
        var metadata: [String: JSONValue] = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        if !labels.isEmpty { metadata["labels"] = .stringMap(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .stringMap(annotations) }
        body = ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object(metadata)]
    }

    public var apiVersion: String { body["apiVersion"]?.stringValue ?? "" }
    public var kind: String { body["kind"]?.stringValue ?? "" }
    public var name: String { body[path: "metadata", "name"]?.stringValue ?? "" }
    public var namespace: String? { body[path: "metadata", "namespace"]?.stringValue }

    public var labels: [String: String] {
        body[path: "metadata", "labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
    }

    public var ref: ObjectRef {
        ObjectRef(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
    }

    /// Follows object keys from the top: `object[path: "spec", "replicas"]`.
    public subscript(path keys: String...) -> JSONValue? {
        var current: JSONValue? = body
        for key in keys { current = current?[key] }
        return current
    }

    public subscript(field: String) -> JSONValue? {
        get { body[field] }
        set { body[field] = newValue }
    }
}

/// Names one object: API version, kind, namespace (nil when cluster-scoped) and name.
public struct ObjectRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var apiVersion: String
    public var kind: String
    public var namespace: String?
    public var name: String

    public init(apiVersion: String, kind: String, namespace: String?, name: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// The API group, empty for the core group.
    public var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// `Kind/namespace/name` or `Kind/name`, as people read it in a plan.
    public var description: String {
        if let namespace { return "\(kind)/\(namespace)/\(name)" }
        return "\(kind)/\(name)"
    }

    public static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
        (lhs.kind, lhs.namespace ?? "", lhs.name, lhs.apiVersion) < (rhs.kind, rhs.namespace ?? "", rhs.name, rhs.apiVersion)
    }
}
