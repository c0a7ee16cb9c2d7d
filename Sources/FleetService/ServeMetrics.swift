import FleetEngine
import Foundation
import Prometheus
import Synchronization

/// The service's Prometheus metrics (swift-prometheus), named as Prometheus asks: `peng_` prefix, base units,
/// `_total` for counters. `/metrics` prints `registry`.
public final class ServeMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let duration: DurationHistogram
    private let fetchErrors: Counter
    private let leaseErrors: [LeaseProblem.Reason: Counter]
    private let leaderGauge: Gauge
    private let suspendedGauge: Gauge
    private let invalidGauge: Gauge
    private let lastApplied: Gauge
    /// The label sets of per-cluster series now shown, so a series whose labels changed (a new version) goes away.
    private let shown = Mutex<[String: [(String, String)]]>([:])

    public init() {
        duration = registry.makeDurationHistogram(
            descriptor: Self.metric("peng_reconcile_duration_seconds", "How long one pass of the loop took: fetch, validate, apply when needed, status and drift."),
            buckets: [.milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
                      .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900)])
        fetchErrors = registry.makeCounter(descriptor: Self.metric("peng_git_fetch_errors_total", "Fetches of the fleet repository that failed."))
        let registry = registry
        leaseErrors = Dictionary(uniqueKeysWithValues: LeaseProblem.Reason.allCases.map { reason in
            (reason, registry.makeCounter(descriptor: Self.metric("peng_lease_errors_total", "Attempts on the Lease that failed, by reason."),
                                          labels: [("reason", reason.rawValue)]))
        })
        leaderGauge = registry.makeGauge(descriptor: Self.metric("peng_leader", "1 while this replica holds the lease and may apply."))
        suspendedGauge = registry.makeGauge(descriptor: Self.metric("peng_suspended", "1 while applying is suspended (a freeze)."))
        invalidGauge = registry.makeGauge(descriptor: Self.metric("peng_revision_invalid", "1 while the newest commit does not validate; the last good revision stays applied."))
        lastApplied = registry.makeGauge(descriptor: Self.metric("peng_last_applied_timestamp_seconds", "When a revision was last applied completely (Unix time)."))
        for result in ["applied", "failed", "invalid", "interrupted", "unchanged"] {
            _ = reconcileCounter(result)
        }
        leaderGauge.set(to: 0)
        suspendedGauge.set(to: 0)
        invalidGauge.set(to: 0)
    }

    private func reconcileCounter(_ result: String) -> Counter {
        registry.makeCounter(descriptor: Self.metric("peng_reconcile_total", "Passes of the reconcile loop by result."), labels: [("result", result)])
    }

    func reconciled(result: String, seconds: Double) {
        reconcileCounter(result).increment()
        duration.record(.nanoseconds(Int64(seconds * 1e9)))
    }

    func fetchFailed() { fetchErrors.increment() }

    /// One notice for one receiver: sent, failed (refused, or given up after retries) or dropped (its queue was full).
    func notification(receiver: String, result: String) {
        registry.makeCounter(descriptor: Self.metric("peng_notifications_total", "Notices by receiver and result: sent, failed (refused or given up) or dropped (queue full)."),
                             labels: [("receiver", receiver), ("result", result)]).increment()
    }
    /// One read of Jira for Insights: `full` or `changes`, `ok` or `failed`.
    func jiraRead(kind: String, result: String) {
        registry.makeCounter(descriptor: Self.metric("peng_jira_reads_total", "Reads of Jira for Insights by kind (full, changes) and result (ok, failed)."),
                             labels: [("kind", kind), ("result", result)]).increment()
    }

    /// After a read that worked: when, and how many tickets Insights now shows.
    func jiraRead(at time: Int, tickets: Int) {
        registry.makeGauge(descriptor: Self.metric("peng_jira_last_read_timestamp_seconds", "When Jira was last read completely for Insights (Unix time).")).set(to: Double(time))
        registry.makeGauge(descriptor: Self.metric("peng_jira_tickets", "Tickets Insights shows from the last read of Jira.")).set(to: Double(tickets))
    }

    func leaseFailed(_ reason: LeaseProblem.Reason) { leaseErrors[reason]?.increment() }

    /// 1 while the context's credentials are accepted, 0 while a server refuses them (401).
    func credentials(context: String, valid: Bool) {
        registry.makeGauge(descriptor: Self.metric("peng_credentials_valid", "1 while the credentials of a kubeconfig context are accepted, 0 while refused."),
                           labels: [("context", context)]).set(to: valid ? 1 : 0)
    }

    /// A request to a Supervisor or cluster that failed, by the kubeconfig context and the engine's error code.
    func apiFailed(context: String, code: String) {
        registry.makeCounter(descriptor: Self.metric("peng_api_errors_total", "Reads of a Supervisor or cluster that failed, by context and error code."),
                             labels: [("context", context), ("code", code)]).increment()
    }
    func leader(_ leading: Bool) { leaderGauge.set(to: leading ? 1 : 0) }
    func suspended(_ suspended: Bool) { suspendedGauge.set(to: suspended ? 1 : 0) }
    func revision(invalid: Bool) { invalidGauge.set(to: invalid ? 1 : 0) }
    func applied(at time: Int) { lastApplied.set(to: Double(time)) }

    /// Per cluster: info (versions as labels), ready, drift.
    func clusters(_ rows: [ClusterStatus]) {
        var next: [String: [(String, String)]] = [:]
        for row in rows {
            let info = [("cluster", row.cluster), ("stage", row.stage), ("supervisor", row.supervisor),
                        ("version", row.actualVersion ?? ""), ("desired_version", row.desiredVersion ?? "")]
            next["info/\(row.cluster)"] = info
            registry.makeGauge(descriptor: Self.infoMetric, labels: info).set(to: 1)
            registry.makeGauge(descriptor: Self.readyMetric, labels: [("cluster", row.cluster)])
                .set(to: row.healthy ? 1 : 0)
            registry.makeGauge(descriptor: Self.driftMetric, labels: [("cluster", row.cluster)])
                .set(to: Double(row.pendingChanges ?? 0))
            next["ready/\(row.cluster)"] = [("cluster", row.cluster)]
        }
        let gone = shown.withLock { shown -> [String: [(String, String)]] in
            let old = shown
            shown = next
            return old
        }
        for (key, labels) in gone where next[key].map({ !$0.elementsEqual(labels, by: ==) }) ?? true {
            if key.hasPrefix("info/") {
                registry.unregisterGauge(registry.makeGauge(descriptor: Self.infoMetric, labels: labels))
            } else {
                registry.unregisterGauge(registry.makeGauge(descriptor: Self.readyMetric, labels: labels))
                registry.unregisterGauge(registry.makeGauge(descriptor: Self.driftMetric, labels: labels))
            }
        }
    }

    static var infoMetric: MetricNameDescriptor { metric("peng_cluster_info", "Each cluster, with its stage, Supervisor and versions as labels; always 1.") }
    static var readyMetric: MetricNameDescriptor { metric("peng_cluster_ready", "1 when the cluster is healthy: ready, extensions and orders reconciled.") }
    static var driftMetric: MetricNameDescriptor { metric("peng_drift_objects", "Objects a plan would change on the cluster and its Supervisor.") }

    /// A full metric name and its help text (the name's parts are not split: the names are written out whole).
    static func metric(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    public func text() -> String { registry.emitToString() }
}
