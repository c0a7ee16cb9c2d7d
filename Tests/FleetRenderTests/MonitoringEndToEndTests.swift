import FleetLoader
import FleetModel
import FleetRender
import Foundation
import Testing
import TestHarness

/// The rendered monitoring, end to end with Debian's Prometheus and Alertmanager: a team's pod (a local exporter
/// whose metric the test controls, presented with the team namespace's labels) makes an alert fire; it reaches the
/// cluster's Alertmanager and is routed to that team's on-call receiver (a local webhook); remote write reaches a
/// local receiver that counts samples. What the harness changes in its test copies is listed in its header.
@Suite("monitoring end to end")
struct MonitoringEndToEndTests {
    static func fleet(webhook: Int, remoteWrite: Int) -> String {
        """
        apiVersion: peng.dev/v1alpha1
        kind: Platform
        metadata: {name: mon}
        spec:
          stages: [integration]
          supervisors: [{name: dc1, context: supervisor-dc1}]
          kubernetesReleases: [{version: v1.27.11+vmware.1-tkg.2, state: supported}]
          packageRepository: {name: tanzu-standard, url: registry.example.internal/packages/repo:v1}
          extensions:
            - name: prometheus
              package: prometheus.tanzu.vmware.com
              versions: [{version: 2.45.0+vmware.1-tkg.2, kubernetes: ">=1.25 <1.30"}]
          baseline:
            extensions: [prometheus]
            monitoring: {remoteWrite: "http://127.0.0.1:\(remoteWrite)/api/v1/write"}
            alerting:
              defaultReceiver: platform-oncall
              receivers:
                - {name: platform-oncall, webhook: "http://127.0.0.1:\(webhook)/platform"}
                - {name: checkout-oncall, webhook: "http://127.0.0.1:\(webhook)/checkout"}
              rules:
                - {alert: TeamSignalHigh, expr: "peng_test_signal > 0", for: 0s, severity: warning, summary: "the test's signal"}
            security: {podSecurity: restricted, defaultDenyNetwork: true}
        ---
        apiVersion: peng.dev/v1alpha1
        kind: Cluster
        metadata: {name: mon-int}
        spec:
          stage: integration
          supervisor: dc1
          vsphereNamespace: ns
          kubernetes: v1.27
          controlPlane: {replicas: 1, vmClass: best-effort-small, storageClass: vsan-default}
          nodePools: [{name: workers, replicas: 1, vmClass: best-effort-small, storageClass: vsan-default}]
          network: {pods: 192.168.0.0/16, services: 10.112.0.0/12}
        ---
        apiVersion: peng.dev/v1alpha1
        kind: Team
        metadata: {name: checkout}
        spec:
          owners: [GRP-CHECKOUT]
          onCall: checkout-oncall
          spaces:
            - {stage: integration, cluster: mon-int, namespaces: [checkout], quota: {cpu: "4", memory: 8Gi, pods: 20}}

        """
    }

    struct Delivery: Decodable {
        struct Payload: Decodable {
            struct Alert: Decodable { var labels: [String: String]; var status: String }
            var receiver: String
            var alerts: [Alert]
        }
        var path: String
        var payload: Payload
    }

    @Test("an alert in a team's namespace reaches that team's receiver through the cluster's Alertmanager; remote write gets samples")
    func alertReachesTheTeam() async throws {
        let directory = try MonitoringToolsTests.folder()
        let harness = try ChildProcess.Running(URL(fileURLWithPath: "/usr/bin/python3"), [MonitoringToolsTests.harness, "serve", directory.path])
        defer { harness.signal(SIGTERM) }
        let portsFile = directory.appendingPathComponent("ports.json")
        let listening = try await harness.waitForOutput(within: .seconds(120)) { _, _ in FileManager.default.fileExists(atPath: portsFile.path) }
        try #require(listening, "the harness did not start: \(harness.stderr)")
        let ports = try JSONDecoder().decode([String: Int].self, from: Data(contentsOf: portsFile))

        let fleet = try MonitoringToolsTests.folder()
        try Self.fleet(webhook: ports["webhook"]!, remoteWrite: ports["remoteWrite"]!)
            .write(to: fleet.appendingPathComponent("fleet.yaml"), atomically: true, encoding: .utf8)
        let rendered = try RenderFixture.render(fleet)
        let podLabels = ["__meta_kubernetes_namespace": "checkout", "__meta_kubernetes_pod_name": "checkout-api-0",
                         "__meta_kubernetes_pod_annotation_prometheus_io_scrape": "true"]
        try JSONEncoder().encode(podLabels).write(to: directory.appendingPathComponent("pod-labels.json"))
        try MonitoringToolsTests.values(rendered, cluster: "mon-int", extension: "prometheus")
            .write(to: directory.appendingPathComponent("prometheus-values.yaml"), atomically: true, encoding: .utf8)

        let ready = try await harness.waitForOutput(within: .seconds(120)) { _, _ in
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("ready").path)
        }
        let serversLog = (try? String(contentsOf: directory.appendingPathComponent("servers.log"), encoding: .utf8)) ?? ""
        try #require(ready, "Prometheus and Alertmanager did not start: \(harness.stderr)\n\(serversLog)")

        func deliveries() -> [Delivery] {
            let text = (try? String(contentsOf: directory.appendingPathComponent("alerts.jsonl"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Delivery.self, from: Data($0.utf8)) }
        }
        func samples() -> Int { Int((try? String(contentsOf: directory.appendingPathComponent("samples"), encoding: .utf8)) ?? "") ?? 0 }
        let arrived = try await harness.waitForOutput(within: .seconds(180)) { _, _ in
            deliveries().contains { $0.path == "/checkout" } && samples() > 0
        }
        let all = deliveries()
        #expect(arrived, "deliveries: \(all.map { "\($0.path) \($0.payload.alerts.map(\.labels))" }), samples: \(samples())")
        let team = try #require(all.first { $0.path == "/checkout" })
        #expect(team.payload.receiver == "checkout-oncall")
        let alert = try #require(team.payload.alerts.first { $0.labels["alertname"] == "TeamSignalHigh" })
        #expect(alert.status == "firing")
        #expect(alert.labels["namespace"] == "checkout" && alert.labels["team"] == "checkout" && alert.labels["receiver"] == "checkout-oncall")
        #expect(alert.labels["cluster"] == "mon-int" && alert.labels["stage"] == "integration" && alert.labels["fleet"] == "mon")
        #expect(alert.labels["severity"] == "warning")
        #expect(!all.contains { $0.path == "/platform" && $0.payload.alerts.contains { $0.labels["alertname"] == "TeamSignalHigh" } },
                "the team's alert did not also go to the platform's receiver")
        #expect(samples() > 0)
        harness.signal(SIGTERM)
        _ = await harness.finished()
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.removeItem(at: fleet)
    }
}
