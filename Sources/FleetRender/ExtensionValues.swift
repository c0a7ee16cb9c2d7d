import FleetModel

/// The values peng wires into well-known Tanzu packages, over the platform's own catalog values:
/// Prometheus writes to the central remote-write endpoint and sends alerts, labelled with the receiver
/// of the team that owns the namespace, to the central Alertmanager; Fluent Bit forwards to syslog.
struct ExtensionValues {
    let fleet: Fleet
    let cluster: Cluster
    /// Where metrics, alerts and logs go, parsed by the validator.
    let endpoints: ResolvedBaseline

    static let prometheusPackage = "prometheus.tanzu.vmware.com"
    static let fluentBitPackage = "fluent-bit.tanzu.vmware.com"

    var baseline: Baseline { fleet.platform.baseline }

    /// nil when the package gets no values at all.
    func values(for resolved: ResolvedExtension) -> JSONValue? {
        let wired: JSONValue?
        switch resolved.package {
        case Self.prometheusPackage: wired = prometheus()
        case Self.fluentBitPackage: wired = fluentBit()
        default: wired = nil
        }
        switch (resolved.values, wired) {
        case (nil, nil): return nil
        case (let own?, nil): return own
        case (nil, let wired?): return wired
        case (let own?, let wired?): return own.merging(wired)
        }
    }

    private var externalLabels: JSONValue {
        .stringMap(["fleet": fleet.platform.name, "cluster": cluster.name, "stage": cluster.stage])
    }

    private func prometheus() -> JSONValue {
        var config: JSONValue = [
            "global": ["scrape_interval": "30s", "external_labels": externalLabels],
            "scrape_configs": [[
                "job_name": "kubernetes-pods",
                "kubernetes_sd_configs": [["role": "pod"]],
                "relabel_configs": [
                    ["source_labels": ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"], "action": "keep", "regex": "true"],
                    ["source_labels": ["__meta_kubernetes_namespace"], "target_label": "namespace"],
                    ["source_labels": ["__meta_kubernetes_pod_name"], "target_label": "pod"],
                ],
            ]],
        ]
        if let remoteWrite = endpoints.remoteWrite {
            config["remote_write"] = [["url": .string(remoteWrite.description)]]
        }
        if let alerting = alerting() { config["alerting"] = alerting }
        return [
            "namespace": .string(baseline.monitoringNamespace),
            "prometheus": ["config": ["prometheus_yml": .string(config.yamlString())]],
        ]
    }

    /// Alert routing: each team's namespaces on this cluster -> the team's on-call receiver, the rest -> the default.
    private func alerting() -> JSONValue? {
        var relabel: [JSONValue] = []
        for (team, namespaces) in teamNamespaces() {
            guard let onCall = team.onCall else { continue }
            relabel.append([
                "source_labels": ["namespace"], "regex": .string(namespaces.joined(separator: "|")),
                "target_label": "receiver", "replacement": .string(onCall),
            ])
        }
        if let fallback = baseline.defaultReceiver {
            relabel.append(["source_labels": ["receiver"], "regex": "", "target_label": "receiver", "replacement": .string(fallback)])
        }
        var alerting: [String: JSONValue] = [:]
        if !relabel.isEmpty { alerting["alert_relabel_configs"] = .array(relabel) }
        if let target = endpoints.alertmanager {
            var manager: JSONValue = ["scheme": .string(target.scheme), "static_configs": [["targets": [.string(target.authority)]]]]
            if !target.path.isEmpty { manager["path_prefix"] = .string(target.path) }
            alerting["alertmanagers"] = [manager]
        }
        return alerting.isEmpty ? nil : .object(alerting)
    }

    private func teamNamespaces() -> [(Team, [String])] {
        fleet.teams.sorted { $0.name < $1.name }.compactMap { team in
            let namespaces = team.spaces.filter { $0.cluster == cluster.name }.flatMap(\.namespaces).sorted()
            return namespaces.isEmpty ? nil : (team, namespaces)
        }
    }

    private func fluentBit() -> JSONValue? {
        guard let syslog = endpoints.syslog else { return nil }
        let host = syslog.host, port = syslog.port
        let outputs = """
            [OUTPUT]
                Name                 syslog
                Match                kube.*
                Host                 \(host)
                Port                 \(port)
                Mode                 tcp
                Syslog_Format        rfc5424
                Syslog_Hostname_key  tkg_cluster
                Syslog_Appname_key   pod_name
                Syslog_Procid_key    container_name
                Syslog_Message_key   log

            """
        let filters = """
            [FILTER]
                Name                 record_modifier
                Match                *
                Record               tkg_cluster \(cluster.name)
                Record               tkg_stage \(cluster.stage)

            """
        return [
            "namespace": "tanzu-system-logging",
            "fluent_bit": ["config": ["outputs": .string(outputs), "filters": .string(filters)]],
        ]
    }
}
