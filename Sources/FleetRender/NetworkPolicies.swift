import FleetModel

/// The network rules of one team namespace. Rendered only when the baseline asks for default deny:
/// any policy isolates the pods it selects, so "allow" policies without the deny would deny silently.
struct NetworkPolicies {
    let fleet: Fleet
    let cluster: Cluster
    let team: Team
    let space: Space
    let namespace: String
    let labels: [String: String]

    static let namespaceNameLabel = "kubernetes.io/metadata.name"

    func objects() -> [KubeObject] {
        let baseline = fleet.platform.baseline
        guard baseline.defaultDenyNetwork else { return [] }
        var policies = [
            policy("peng-default-deny", types: ["Ingress", "Egress"]),
            policy("peng-allow-same-namespace", types: ["Ingress", "Egress"],
                   ingress: [["from": [["podSelector": [:]]]]], egress: [["to": [["podSelector": [:]]]]]),
            policy("peng-allow-dns", types: ["Egress"], egress: [[
                "to": [["namespaceSelector": matchNamespace("kube-system"), "podSelector": ["matchLabels": ["k8s-app": "kube-dns"]]]],
                "ports": [["protocol": "UDP", "port": 53], ["protocol": "TCP", "port": 53]],
            ]]),
            policy("peng-allow-monitoring", types: ["Ingress"],
                   ingress: [["from": [["namespaceSelector": matchNamespace(baseline.monitoringNamespace)]]]]),
        ]
        if space.network.ingress {
            policies.append(policy("peng-allow-ingress-controller", types: ["Ingress"],
                                   ingress: [["from": [["namespaceSelector": matchNamespace(baseline.ingressNamespace)]]]]))
        }
        let callers = space.network.allowFrom.filter { $0 != team.name }
        if !callers.isEmpty {
            policies.append(policy("peng-allow-from-teams", types: ["Ingress"], ingress: [[
                "from": .array(callers.map { ["namespaceSelector": ["matchLabels": .stringMap([OwnershipLabels.team: $0])]] }),
            ]]))
        }
        if !space.network.egress.isEmpty {
            policies.append(policy("peng-allow-egress", types: ["Egress"], egress: [[
                "to": .array(space.network.egress.map { ["ipBlock": ["cidr": .string($0)]] }),
            ]]))
        }
        return policies
    }

    private func matchNamespace(_ name: String) -> JSONValue {
        ["matchLabels": .stringMap([Self.namespaceNameLabel: name])]
    }

    private func policy(_ name: String, types: [String], ingress: [JSONValue]? = nil, egress: [JSONValue]? = nil) -> KubeObject {
        var object = KubeObject(apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", name: name,
                                namespace: namespace, labels: labels)
        var spec: JSONValue = ["podSelector": [:], "policyTypes": .strings(types)]
        if let ingress { spec["ingress"] = .array(ingress) }
        if let egress { spec["egress"] = .array(egress) }
        object["spec"] = spec
        return object
    }
}
