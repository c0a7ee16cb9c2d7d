import FleetModel
internal import Yams

/// `kind: Team` spec -> Team.
struct TeamDecoder {
    let file: String
    let sink: DiagnosticSink

    static let specFields = ["owners", "viewers", "onCall", "spaces"]
    static let spaceFields = ["stage", "cluster", "namespaces", "quota", "limits", "network"]

    func decode(_ node: Node, name: String, nameAt nameLocation: SourceLocation) -> Team? {
        guard let spec = MappingReader(node, file: file, path: "spec", allowed: Self.specFields, sink: sink) else { return nil }
        spec.recorder.record("metadata.name", nameLocation)
        let spaces = spec.mappings("spaces", allowed: Self.spaceFields).map(decodeSpace)
        return Team(name: name, owners: spec.strings("owners"), viewers: spec.strings("viewers"),
                    onCall: spec.string("onCall"), spaces: spaces, locations: spec.locations)
    }

    private func decodeSpace(_ reader: MappingReader) -> Space {
        let quota = reader.nested("quota", allowed: ["cpu", "memory", "pods"]).map { quota in
            Quota(cpu: quota.string("cpu"), memory: quota.string("memory"), pods: quota.string("pods"))
        }
        let limits = reader.nested("limits", allowed: ["defaultCPU", "defaultMemory"]).map { limits in
            Limits(defaultCPU: limits.string("defaultCPU"), defaultMemory: limits.string("defaultMemory"))
        }
        var network = SpaceNetwork()
        if let net = reader.nested("network", allowed: ["ingress", "allowFrom", "egress"]) {
            network = SpaceNetwork(ingress: net.bool("ingress") ?? false, allowFrom: net.strings("allowFrom"),
                                   egress: net.strings("egress"))
        }
        return Space(stage: reader.string("stage", required: true) ?? "",
                     cluster: reader.string("cluster", required: true) ?? "",
                     namespaces: reader.strings("namespaces", required: true, hint: "list the namespaces this team gets"),
                     quota: quota, limits: limits, network: network, locations: reader.locations)
    }
}
