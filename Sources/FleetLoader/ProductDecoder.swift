import FleetModel
internal import Yams

/// `kind: Product` spec -> Product.
struct ProductDecoder {
    let file: String
    let sink: DiagnosticSink

    static let specFields = ["description", "package", "repository", "stages", "versions", "parameters", "bestPractice", "mandatory"]
    static let parameterFields = ["type", "default", "min", "max", "enum", "description"]

    func decode(_ node: Node, name: String, nameAt nameLocation: SourceLocation) -> Product? {
        guard let spec = MappingReader(node, file: file, path: "spec", allowed: Self.specFields, sink: sink) else { return nil }
        spec.recorder.record("metadata.name", nameLocation)
        let repository = spec.nested("repository", allowed: ["name", "url"]).map { reader in
            PackageRepositorySource(name: reader.string("name", required: true) ?? "", url: reader.string("url", required: true) ?? "",
                                    locations: reader.locations)
        }
        let versions = spec.mappings("versions", allowed: ["version", "state", "expires", "notes"], required: true,
                                     hint: "list the versions the platform tested, e.g. '- {version: 8.4.3, state: supported}'")
            .map { reader in
                ProductVersion(version: reader.string("version", required: true) ?? "", state: reader.choice("state", required: true) ?? .supported,
                               expires: reader.string("expires"), notes: reader.string("notes"), locations: reader.locations)
            }
        let parameters = namedMappings(spec, "parameters").map { name, reader in
            ProductParameter(name: name, type: reader.choice("type", required: true, hint: "one of string, integer, boolean, quantity") ?? .string,
                             defaultValue: reader.node("default")?.jsonValue, min: reader.node("min")?.jsonValue,
                             max: reader.node("max")?.jsonValue, choices: reader.strings("enum"), description: reader.string("description"),
                             locations: reader.locations)
        }
        let bestPractice = tree(spec, "bestPractice")
        let mandatory = tree(spec, "mandatory")
        var mandatoryLocations: [String: SourceLocation] = [:]
        if let node = spec.node("mandatory") { PathLocations.record(node, file: file, prefix: "", into: &mandatoryLocations) }
        return Product(name: name, description: spec.string("description"),
                       package: spec.string("package", required: true, hint: "the kapp-controller Package that installs it, e.g. mysql.products.example.internal") ?? "",
                       repository: repository, stages: spec.strings("stages"), versions: versions, parameters: parameters,
                       bestPractice: bestPractice?.0, mandatory: mandatory?.0, mandatoryLocations: mandatoryLocations, locations: spec.locations)
    }

    /// A mapping of name -> mapping (`parameters: {storage: {type: quantity}}`), each read with its own reader.
    private func namedMappings(_ spec: MappingReader, _ key: String) -> [(String, MappingReader)] {
        guard let node = spec.node(key) else { return [] }
        guard case .mapping(let mapping) = node else {
            sink.error(at: node.location(in: file), "'spec.\(key)' must be a mapping of names to settings, found \(node.shapeName)",
                       hint: "write e.g. 'storage: {type: quantity, default: 20Gi}'")
            return []
        }
        return mapping.compactMap { key, value in
            guard let name = key.string,
                  let reader = MappingReader(value, file: file, path: "spec.parameters.\(name)", allowed: Self.parameterFields, sink: sink)
            else { return nil }
            reader.recorder.record("name", key.location(in: file))
            return (name, reader)
        }
    }

    /// A free-form values tree (a mapping), with its location.
    private func tree(_ spec: MappingReader, _ key: String) -> (JSONValue, SourceLocation)? {
        guard let node = spec.node(key) else { return nil }
        guard case .mapping = node else {
            sink.error(at: node.location(in: file), "'spec.\(key)' must be a mapping of package values, found \(node.shapeName)",
                       hint: "write the package's values as YAML keys under '\(key):'")
            return nil
        }
        return (node.jsonValue, node.location(in: file))
    }
}

/// `kind: Order` spec -> Order.
struct OrderDecoder {
    let file: String
    let sink: DiagnosticSink

    static let specFields = ["team", "product", "version", "stage", "namespace", "parameters", "bestPractice", "values"]

    func decode(_ node: Node, name: String, nameAt nameLocation: SourceLocation) -> Order? {
        guard let spec = MappingReader(node, file: file, path: "spec", allowed: Self.specFields, sink: sink) else { return nil }
        spec.recorder.record("metadata.name", nameLocation)
        var parameters: [String: JSONValue] = [:]
        if let node = spec.node("parameters") {
            if case .mapping(let mapping) = node {
                for (key, value) in mapping {
                    guard let name = key.string else { continue }
                    parameters[name] = value.jsonValue
                    spec.recorder.record("parameters.\(name)", value.location(in: file))
                    spec.recorder.record("parameters.\(name).key", key.location(in: file))
                }
            } else {
                sink.error(at: node.location(in: file), "'spec.parameters' must be a mapping of parameter names to values, found \(node.shapeName)",
                           hint: "write e.g. 'parameters: {storage: 50Gi, replicas: 3}'")
            }
        }
        var values: JSONValue?
        var valuesLocations: [String: SourceLocation] = [:]
        if let node = spec.node("values") {
            if case .mapping = node {
                values = node.jsonValue
                PathLocations.record(node, file: file, prefix: "", into: &valuesLocations)
            } else {
                sink.error(at: node.location(in: file), "'spec.values' must be a mapping of package values, found \(node.shapeName)",
                           hint: "write the values to override as YAML keys under 'values:'")
            }
        }
        return Order(name: name, team: spec.string("team", required: true, hint: "the team that owns and runs it") ?? "",
                     product: spec.string("product", required: true, hint: "a Product of the Platform, e.g. mysql") ?? "",
                     version: spec.string("version", required: true, hint: "a version prefix like \"8.4\" or a full version") ?? "",
                     stage: spec.string("stage", required: true) ?? "",
                     namespace: spec.string("namespace", required: true, hint: "one of the team's namespaces in that stage") ?? "",
                     parameters: parameters, bestPractice: spec.bool("bestPractice") ?? true, values: values,
                     valuesLocations: valuesLocations, locations: spec.locations)
    }
}

/// The location of every node of a YAML tree, by dotted path (`tls.minVersion`); a key's location is where its line
/// starts, which is what a person looks for.
enum PathLocations {
    static func record(_ node: Node, file: String, prefix: String, into locations: inout [String: SourceLocation]) {
        guard case .mapping(let mapping) = node else { return }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            locations[path] = key.location(in: file)
            record(value, file: file, prefix: path, into: &locations)
        }
    }
}
