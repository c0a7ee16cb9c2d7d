import FleetModel

/// Who gets a cluster's alerts: each team with namespaces on the cluster routes to its `onCall` receiver, every other
/// alert to the Platform's default receiver. Prometheus labels alerts with it (by namespace); each cluster's
/// Alertmanager routes on that label.
struct AlertRouting {
    struct TeamRoute {
        var team: String
        var receiver: String
        var namespaces: [String]
    }

    /// Used when the Platform names no default receiver.
    static let fallbackReceiver = "platform-default"

    let teams: [TeamRoute]
    let defaultReceiver: String
    /// Receiver -> its webhook (from the Platform's `alerting.receivers`).
    let webhooks: [String: EndpointURL]

    init(fleet: Fleet, cluster: Cluster, webhooks: [String: EndpointURL]) {
        teams = fleet.teams.sorted { $0.name < $1.name }.compactMap { team in
            let namespaces = team.spaces.filter { $0.cluster == cluster.name }.flatMap(\.namespaces).sorted()
            guard let onCall = team.onCall, !namespaces.isEmpty else { return nil }
            return TeamRoute(team: team.name, receiver: onCall, namespaces: namespaces)
        }
        defaultReceiver = fleet.platform.baseline.defaultReceiver ?? Self.fallbackReceiver
        self.webhooks = webhooks
    }

    /// Prometheus `alert_relabel_configs`: `team` and `receiver` from the alert's namespace, else the default receiver.
    var alertRelabelConfigs: [JSONValue] {
        var relabel: [JSONValue] = []
        for route in teams {
            let namespaces = JSONValue.string(route.namespaces.joined(separator: "|"))
            relabel.append(["source_labels": ["namespace"], "regex": namespaces, "target_label": "team", "replacement": .string(route.team)])
            relabel.append(["source_labels": ["namespace"], "regex": namespaces, "target_label": "receiver", "replacement": .string(route.receiver)])
        }
        relabel.append(["source_labels": ["receiver"], "regex": "", "target_label": "receiver", "replacement": .string(defaultReceiver)])
        return relabel
    }

    /// The cluster Alertmanager's configuration: one route per team receiver, the default receiver for the rest,
    /// grouped by cluster and alert name.
    var alertmanagerConfig: JSONValue {
        let receivers = ([defaultReceiver] + teams.map(\.receiver)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let routes: [JSONValue] = receivers.dropFirst().map { receiver in
            ["receiver": .string(receiver), "matchers": [.string("receiver=\"\(receiver)\"")]]
        }
        return [
            "global": ["resolve_timeout": "5m"],
            "route": [
                "receiver": .string(defaultReceiver), "group_by": ["cluster", "alertname"],
                "group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h", "routes": .array(routes),
            ],
            "receivers": .array(receivers.map { name in
                var receiver: JSONValue = ["name": .string(name)]
                if let url = webhooks[name] {
                    receiver["webhook_configs"] = [["url": .string(url.description), "send_resolved": true]]
                }
                return receiver
            }),
        ]
    }
}
