import FleetModel

/// The values of the Prometheus package: a complete `prometheus.yml`, the alert rules and the cluster Alertmanager's
/// routing. The scrape jobs are the Kubernetes jobs of the package's published defaults (Tanzu community-edition
/// prometheus 2.37.0, bundle/config/values.yaml: prometheus, kube-state-metrics, node-exporter, kubernetes-pods,
/// kubernetes-nodes-cadvisor, kubernetes-apiservers) plus the kubelet (kubernetes-nodes) and service-endpoint jobs
/// of Prometheus's own Kubernetes example configuration; peng adds external labels, remote write, alert routing and
/// the rule file. Setting `prometheus_yml` replaces the package's whole default, so everything it needs is here.
struct PrometheusValues {
    let fleet: Fleet
    let cluster: Cluster
    let endpoints: ResolvedBaseline
    let routing: AlertRouting

    /// The package mounts each `config` key as a file in /etc/config.
    static let rulesFile = "/etc/config/alerting_rules.yml"

    var namespace: String { fleet.platform.baseline.monitoringNamespace }

    func values() -> JSONValue {
        [
            "namespace": .string(namespace),
            "prometheus": ["config": [
                "prometheus_yml": .string(prometheusYML().yamlString()),
                "alerting_rules_yml": .string(AlertRules.file(platform: fleet.platform.baseline.alertRules).yamlString()),
            ]],
            "alertmanager": ["config": ["alertmanager_yml": .string(routing.alertmanagerConfig.yamlString())]],
        ]
    }

    func prometheusYML() -> JSONValue {
        var config: JSONValue = [
            "global": [
                "scrape_interval": "1m", "scrape_timeout": "10s", "evaluation_interval": "1m",
                "external_labels": .stringMap(["fleet": fleet.platform.name, "cluster": cluster.name, "stage": cluster.stage]),
            ],
            "rule_files": [.string(Self.rulesFile)],
            "scrape_configs": .array(scrapeJobs()),
            "alerting": ["alert_relabel_configs": .array(routing.alertRelabelConfigs), "alertmanagers": .array(alertmanagers())],
        ]
        if let remoteWrite = endpoints.remoteWrite {
            config["remote_write"] = [["url": .string(remoteWrite.description)]]
        }
        return config
    }

    /// The cluster's own Alertmanager (from the same package), and the Platform's central one when it is set.
    private func alertmanagers() -> [JSONValue] {
        var managers: [JSONValue] = [["scheme": "http", "static_configs": [["targets": [.string("alertmanager.\(namespace).svc:80")]]]]]
        if let central = endpoints.alertmanager {
            var manager: JSONValue = ["scheme": .string(central.scheme), "static_configs": [["targets": [.string(central.authority)]]]]
            if !central.path.isEmpty { manager["path_prefix"] = .string(central.path) }
            managers.append(manager)
        }
        return managers
    }

    private static let serviceAccountTLS: JSONValue = ["ca_file": "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"]
    private static let serviceAccountToken: JSONValue = "/var/run/secrets/kubernetes.io/serviceaccount/token"

    private func scrapeJobs() -> [JSONValue] {
        let service = { (name: String, port: Int) -> JSONValue in .string("\(name).\(namespace).svc.\(cluster.network.serviceDomain):\(port)") }
        return [
            ["job_name": "prometheus", "static_configs": [["targets": ["localhost:9090"]]]],
            [
                "job_name": "kubernetes-apiservers",
                "kubernetes_sd_configs": [["role": "endpoints"]],
                "scheme": "https", "tls_config": Self.serviceAccountTLS, "bearer_token_file": Self.serviceAccountToken,
                "relabel_configs": [[
                    "source_labels": ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name", "__meta_kubernetes_endpoint_port_name"],
                    "action": "keep", "regex": "default;kubernetes;https",
                ]],
            ],
            nodeJob("kubernetes-nodes", metricsPath: "/api/v1/nodes/$1/proxy/metrics"),
            nodeJob("kubernetes-nodes-cadvisor", metricsPath: "/api/v1/nodes/$1/proxy/metrics/cadvisor"),
            [
                "job_name": "kubernetes-service-endpoints",
                "kubernetes_sd_configs": [["role": "endpoints"]],
                "relabel_configs": .array(Self.annotated("service") + [
                    ["action": "labelmap", "regex": "__meta_kubernetes_service_label_(.+)"],
                    ["source_labels": ["__meta_kubernetes_namespace"], "action": "replace", "target_label": "namespace"],
                    ["source_labels": ["__meta_kubernetes_service_name"], "action": "replace", "target_label": "service"],
                ]),
            ],
            [
                // The teams' pods: scraped when annotated, labelled with their namespace (alerts route on it).
                "job_name": "kubernetes-pods",
                "kubernetes_sd_configs": [["role": "pod"]],
                "relabel_configs": .array(Self.annotated("pod") + [
                    ["action": "labelmap", "regex": "__meta_kubernetes_pod_label_(.+)"],
                    ["source_labels": ["__meta_kubernetes_namespace"], "action": "replace", "target_label": "namespace"],
                    ["source_labels": ["__meta_kubernetes_pod_name"], "action": "replace", "target_label": "pod"],
                ]),
            ],
            // kube-state-metrics reports about other objects: their namespace label must stay theirs.
            ["job_name": "kube-state-metrics", "honor_labels": true,
             "static_configs": [["targets": [service("prometheus-kube-state-metrics", 8080)]]]],
            [
                "job_name": "node-exporter",
                "kubernetes_sd_configs": [["role": "endpoints"]],
                "relabel_configs": [
                    ["source_labels": ["__meta_kubernetes_namespace", "__meta_kubernetes_service_name"], "action": "keep",
                     "regex": .string("\(namespace);prometheus-node-exporter")],
                    ["source_labels": ["__meta_kubernetes_pod_node_name"], "action": "replace", "target_label": "node"],
                ],
            ],
        ]
    }

    /// A service's or pod's `prometheus.io/scrape`, `scheme` (services), `path` and `port` annotations decide whether and
    /// where it is scraped.
    private static func annotated(_ role: String) -> [JSONValue] {
        let annotation = { (name: String) -> JSONValue in .string("__meta_kubernetes_\(role)_annotation_prometheus_io_\(name)") }
        var relabel: [JSONValue] = [["source_labels": [annotation("scrape")], "action": "keep", "regex": "true"]]
        if role == "service" {
            relabel.append(["source_labels": [annotation("scheme")], "action": "replace", "target_label": "__scheme__", "regex": "(https?)"])
        }
        relabel.append(["source_labels": [annotation("path")], "action": "replace", "target_label": "__metrics_path__", "regex": "(.+)"])
        relabel.append(["source_labels": ["__address__", annotation("port")], "action": "replace", "target_label": "__address__",
                        "regex": #"([^:]+)(?::\d+)?;(\d+)"#, "replacement": "$1:$2"])
        return relabel
    }

    /// Kubelet metrics through the API server's node proxy.
    private func nodeJob(_ name: String, metricsPath: String) -> JSONValue {
        [
            "job_name": .string(name),
            "kubernetes_sd_configs": [["role": "node"]],
            "scheme": "https", "tls_config": Self.serviceAccountTLS, "bearer_token_file": Self.serviceAccountToken,
            "relabel_configs": [
                ["action": "labelmap", "regex": "__meta_kubernetes_node_label_(.+)"],
                ["target_label": "__address__", "replacement": "kubernetes.default.svc:443"],
                ["source_labels": ["__meta_kubernetes_node_name"], "regex": "(.+)", "target_label": "__metrics_path__",
                 "replacement": .string(metricsPath)],
            ],
        ]
    }
}
