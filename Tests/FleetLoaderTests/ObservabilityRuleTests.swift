import FleetLoader
import Foundation
import FleetModel
import Testing

/// The Platform's alert rules and receivers, and external-dns's configuration.
@Suite("Alerting and DNS rules")
struct ObservabilityRuleTests {
    static let alerting = """
            alerting:
              defaultReceiver: platform-oncall
              receivers:
                - {name: platform-oncall, webhook: "https://oncall.example.internal/hooks/platform"}
                - {name: alpha-oncall}
              rules:
                - {alert: QueueBacklogHigh, expr: "queue_depth > 1000", for: 10m, severity: warning}

        """

    static func withAlerting(_ text: String = alerting) -> (file: String, replace: String, with: String) {
        ("platform.yaml", "  baseline:\n", "  baseline:\n" + text)
    }

    @Test("receivers and rules as documented are valid; the webhooks are parsed")
    func valid() throws {
        let result = try FleetFixture([Self.withAlerting()]).validate()
        let validated = try #require(result.validated, "\(result.diagnostics.map(\.description))")
        #expect(validated.baseline.receiverWebhooks["platform-oncall"]?.authority == "oncall.example.internal")
        #expect(validated.baseline.receiverWebhooks["alpha-oncall"] == nil)
        #expect(validated.fleet.platform.baseline.alertRules.map(\.alert) == ["QueueBacklogHigh"])
    }

    @Test("a team whose onCall is not a declared receiver is an error with a did-you-mean")
    func unknownReceiver() throws {
        let result = try FleetFixture([Self.withAlerting(), ("teams.yaml", "onCall: alpha-oncall", "onCall: alpha-on-call")]).validate()
        expectDiagnostic(result, at: "teams.yaml:8:11", saying: ["onCall 'alpha-on-call' is not a receiver"], hint: ["did you mean 'alpha-oncall'?"])
    }

    @Test("a rule with a bad duration, an unknown severity or a bad name, and a receiver with a bad webhook, are errors")
    func badRules() throws {
        let result = try FleetFixture([Self.withAlerting(Self.alerting
            .replacingOccurrences(of: "for: 10m, severity: warning", with: "for: ten minutes, severity: warnin")
            .replacingOccurrences(of: "alert: QueueBacklogHigh", with: "alert: queue-backlog")
            .replacingOccurrences(of: "{name: alpha-oncall}", with: "{name: alpha-oncall, webhook: not-a-url}"))]).validate()
        #expect(result.validated == nil)
        let messages = result.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("'for' is 'ten minutes', which is not a Prometheus duration") }, "\(messages)")
        #expect(messages.contains { $0.contains("severity 'warnin' is not one of critical, warning, info") }, "\(messages)")
        #expect(messages.contains { $0.contains("alert name 'queue-backlog' is not a valid Prometheus alert name") }, "\(messages)")
        #expect(messages.contains { $0.contains("receiver 'alpha-oncall': webhook must be an http(s) URL") }, "\(messages)")
        #expect(result.diagnostics.first { $0.message.contains("severity") }?.hint == "did you mean 'warning'?")
    }

    @Test("a cluster that gets external-dns without 'dns' is an error that says what to add")
    func externalDNSNeedsConfiguration() throws {
        let result = try FleetFixture([("clusters.yaml",
            "  dns: {provider: rfc2136, domainFilters: [int.example.internal], credentials: {secret: dns-tsig, keys: [TSIG_SECRET]}}\n", "")]).validate()
        let diagnostic = expectDiagnostic(result, at: "clusters.yaml:20:16", saying: ["cluster 'int-01' gets external-dns, but nothing says which DNS zones"])
        #expect(diagnostic?.hint?.contains("dns: {provider:") == true)
        #expect(diagnostic?.hint?.contains("the Secret is created outside Git") == true)
    }

    @Test("dns credentials name a Secret and its keys, never its content")
    func credentialsNeedKeys() throws {
        let result = try FleetFixture([("clusters.yaml", "credentials: {secret: dns-tsig, keys: [TSIG_SECRET]}", "credentials: {secret: dns-tsig}")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:21:80", saying: ["dns.credentials names a Secret but none of its keys"])
        let unknown = try FleetFixture([("clusters.yaml", "credentials: {secret: dns-tsig, keys: [TSIG_SECRET]}", "credentials: {secret: dns-tsig, value: hunter2}")]).validate()
        #expect(unknown.diagnostics.contains { $0.message.contains("unknown field") && $0.message.contains("value") }, "\(unknown.diagnostics.map(\.message))")
    }
}
