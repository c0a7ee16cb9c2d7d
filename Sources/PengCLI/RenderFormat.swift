import FleetModel
import FleetRender

/// Rendered targets as one YAML stream or one JSON document.
enum RenderFormat {
    static func yaml(_ rendered: RenderedFleet) -> String {
        var out = ""
        for target in rendered.targets {
            for object in target.objects {
                out += "---\n# target: \(target.id)\n"
                out += object.body.yamlString()
            }
        }
        return out
    }

    static func json(_ rendered: RenderedFleet) -> String {
        let targets: [JSONValue] = rendered.targets.map { target in
            var value: JSONValue = [
                "kind": .string(target.kind.rawValue), "name": .string(target.name),
                "objects": .array(target.objects.map(\.body)),
            ]
            if let stage = target.stage { value["stage"] = .string(stage) }
            if let context = target.context { value["context"] = .string(context) }
            return value
        }
        return JSONValue.object(["targets": .array(targets)]).jsonString(pretty: true) + "\n"
    }
}
