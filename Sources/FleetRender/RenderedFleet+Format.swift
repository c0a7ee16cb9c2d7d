import FleetModel

extension RenderedFleet {
    /// One YAML stream: each object a document, with a `# target:` comment that says where it goes.
    public func yamlStream() -> String {
        var out = ""
        for target in targets {
            for object in target.objects {
                out += "---\n# target: \(target.id)\n"
                out += object.body.yamlString()
            }
        }
        return out
    }

    /// One JSON document: `{"targets": [{kind, name, stage, context, objects}]}`.
    public func jsonDocument() -> String {
        let values: [JSONValue] = targets.map { target in
            var value: JSONValue = [
                "kind": .string(target.kind.rawValue), "name": .string(target.name),
                "objects": .array(target.objects.map(\.body)),
            ]
            if let stage = target.stage { value["stage"] = .string(stage) }
            if let context = target.context { value["context"] = .string(context) }
            return value
        }
        return JSONValue.object(["targets": .array(values)]).jsonString(pretty: true) + "\n"
    }
}
