import FleetModel

/// The alert rules every cluster gets, then the Platform's own (`baseline.alerting.rules`). Alerts carry `severity`;
/// `team` and `receiver` are added when they are sent, from the alert's namespace (see `AlertRouting`).
enum AlertRules {
    struct Rule {
        var alert: String
        var expr: String
        var forDuration: String
        var severity: String
        var summary: String
    }

    /// Metric names: kube-state-metrics, the kubelet, cert-manager and kapp-controller
    /// (`kappctrl_app_reconcile_failure_total`, carvel-dev/kapp-controller pkg/metrics/reconcile_count_metrics.go).
    static let baseline: [Rule] = [
        Rule(alert: "KubeNodeNotReady", expr: #"kube_node_status_condition{condition="Ready",status="true"} == 0"#, forDuration: "15m",
             severity: "warning", summary: "Node {{ $labels.node }} has not been ready for 15 minutes."),
        Rule(alert: "KubeletDown", expr: #"up{job="kubernetes-nodes"} == 0"#, forDuration: "15m",
             severity: "critical", summary: "The kubelet on {{ $labels.instance }} cannot be scraped."),
        Rule(alert: "KubeAPIDown", expr: #"absent(up{job="kubernetes-apiservers"} == 1)"#, forDuration: "5m",
             severity: "critical", summary: "No Kubernetes API server of the cluster can be scraped."),
        Rule(alert: "KubePodCrashLooping",
             expr: #"max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1"#, forDuration: "15m",
             severity: "warning", summary: "Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is crash-looping."),
        Rule(alert: "KubeDeploymentReplicasUnavailable", expr: "kube_deployment_status_replicas_unavailable > 0", forDuration: "15m",
             severity: "warning", summary: "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has unavailable replicas."),
        Rule(alert: "KubePersistentVolumeFillingUp",
             expr: "kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.1", forDuration: "5m",
             severity: "warning", summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 10% space left."),
        Rule(alert: "CertificateExpiringSoon", expr: "certmanager_certificate_expiration_timestamp_seconds - time() < 7 * 24 * 3600",
             forDuration: "1h", severity: "warning",
             summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than 7 days."),
        Rule(alert: "PackageInstallFailed", expr: "increase(kappctrl_app_reconcile_failure_total[15m]) > 0", forDuration: "0s",
             severity: "warning", summary: "kapp-controller failed to reconcile {{ $labels.namespace }}/{{ $labels.name }}."),
    ]

    /// `alerting_rules.yml`: the baseline group, then the Platform's rules.
    static func file(platform: [AlertRule]) -> JSONValue {
        var groups: [JSONValue] = [["name": "peng-baseline", "rules": .array(baseline.map(json))]]
        if !platform.isEmpty {
            groups.append(["name": "platform", "rules": .array(platform.map {
                json(Rule(alert: $0.alert, expr: $0.expr, forDuration: $0.forDuration, severity: $0.severity, summary: $0.summary ?? $0.alert))
            })])
        }
        return ["groups": .array(groups)]
    }

    private static func json(_ rule: Rule) -> JSONValue {
        ["alert": .string(rule.alert), "expr": .string(rule.expr), "for": .string(rule.forDuration),
         "labels": ["severity": .string(rule.severity)], "annotations": ["summary": .string(rule.summary)]]
    }
}
