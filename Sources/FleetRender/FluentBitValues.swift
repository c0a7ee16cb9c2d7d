import FleetModel

/// The values of the fluent-bit package. Only `filters` and `outputs` are set; the package's inputs (container logs
/// tailed with the docker parser as `kube.*`, the kubelet's journal as `host.*`) and parsers stay. Setting `filters`
/// replaces the package's default filters, so its kubernetes filter is repeated here as the package ships it
/// (Tanzu community-edition fluent-bit 1.9.5, bundle/config/values.yaml); then peng lifts the kubernetes metadata
/// to flat keys, adds the cluster and stage, and forwards to syslog with keys that exist in the records.
struct FluentBitValues {
    let cluster: Cluster
    let syslog: HostPort

    /// A filter or output section: its name and settings, in order.
    struct Section {
        var kind: String
        var settings: [(String, String)]

        var text: String {
            let width = settings.map(\.0.count).max() ?? 0
            return "[\(kind)]\n" + settings.map { "    \($0.0)\(String(repeating: " ", count: width + 1 - $0.0.count))\($0.1)" }
                .joined(separator: "\n") + "\n"
        }
    }

    var filters: [Section] {
        [
            Section(kind: "FILTER", settings: [
                ("Name", "kubernetes"), ("Match", "kube.*"), ("Kube_URL", "https://kubernetes.default.svc:443"),
                ("Kube_CA_File", "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"),
                ("Kube_Token_File", "/var/run/secrets/kubernetes.io/serviceaccount/token"),
                ("Kube_Tag_Prefix", "kube.var.log.containers."), ("Merge_Log", "On"), ("Merge_Log_Key", "log_processed"),
                ("K8S-Logging.Parser", "On"), ("K8S-Logging.Exclude", "On"),
            ]),
            // `kubernetes.pod_name` -> `kubernetes_pod_name`: syslog keys must be top-level.
            Section(kind: "FILTER", settings: [
                ("Name", "nest"), ("Match", "kube.*"), ("Operation", "lift"), ("Nested_under", "kubernetes"), ("Add_prefix", "kubernetes_"),
            ]),
            Section(kind: "FILTER", settings: [
                ("Name", "record_modifier"), ("Match", "*"), ("Record", "cluster \(cluster.name)"), ("Record", "stage \(cluster.stage)"),
            ]),
        ]
    }

    var outputs: [Section] {
        [Section(kind: "OUTPUT", settings: [
            ("Name", "syslog"), ("Match", "kube.*"), ("Host", syslog.host), ("Port", String(syslog.port)), ("Mode", "tcp"),
            ("Syslog_Format", "rfc5424"), ("Syslog_Hostname_key", "cluster"), ("Syslog_Appname_key", "kubernetes_pod_name"),
            ("Syslog_Procid_key", "kubernetes_container_name"), ("Syslog_Msgid_key", "kubernetes_namespace_name"),
            ("Syslog_Message_key", "log"),
        ])]
    }

    func values() -> JSONValue {
        [
            "namespace": .string(Packaging.loggingNamespace),
            "fluent_bit": ["config": [
                "filters": .string(filters.map(\.text).joined(separator: "\n")),
                "outputs": .string(outputs.map(\.text).joined(separator: "\n")),
            ]],
        ]
    }
}
