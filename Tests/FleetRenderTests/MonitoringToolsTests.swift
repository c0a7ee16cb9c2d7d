import FleetModel
import FleetRender
import Foundation
import Testing
import TestHarness
import Yams

/// Monitoring, logging and alerting as the people on call rely on them, proved with Debian's real Prometheus tools
/// (`scripts/testenv install` installs them; Tests/PythonChecks/monitoring_harness.py drives them).
@Suite("monitoring, logging and alerting with the real tools")
struct MonitoringToolsTests {
    static let harness = RenderFixture.repositoryRoot.appendingPathComponent("Tests/PythonChecks/monitoring_harness.py").path

    /// The rendered values of one package on one cluster (`<extension>-values`, key values.yaml).
    static func values(_ rendered: RenderedFleet, cluster: String, extension name: String) throws -> String {
        let secret = try #require(RenderFixture.object(rendered, target: "workload/\(cluster)", kind: "Secret", namespace: "peng-packages",
                                                       name: "\(name)-values"), "no \(name)-values on \(cluster)")
        return try #require(secret[path: "stringData", "values.yaml"]?.stringValue)
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peng-monitoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("every cluster of the example: rules pass promtool, the Alertmanager routing passes amtool, prometheus.yml passes promtool")
    func exampleConfigurationsPassTheTools() async throws {
        let rendered = try RenderFixture.render(RenderFixture.exampleFleet)
        for cluster in ["int-shared-01", "prd-checkout-01", "prd-shared-01"] {
            let directory = try Self.folder()
            try Self.values(rendered, cluster: cluster, extension: "prometheus")
                .write(to: directory.appendingPathComponent("prometheus-values.yaml"), atomically: true, encoding: .utf8)
            let check = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/python3"), [Self.harness, "check", directory.path])
            #expect(check.status == 0, "\(cluster):\n\(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains("SUCCESS: 9 rules found"), "\(cluster): \(check.stdout)")
            #expect(check.stdout.contains("is valid prometheus config file syntax"), "\(cluster): \(check.stdout)")
            #expect(check.stdout.contains("receivers"), "\(cluster): \(check.stdout)")
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test("prometheus.yml is complete: the standard Kubernetes jobs, peng's external labels, remote write and the rule file")
    func prometheusConfigurationIsComplete() throws {
        let rendered = try RenderFixture.render(RenderFixture.exampleFleet)
        let values = try #require(try Yams.load(yaml: try Self.values(rendered, cluster: "prd-shared-01", extension: "prometheus")) as? [String: Any])
        let config = try #require(((values["prometheus"] as? [String: Any])?["config"] as? [String: Any])?["prometheus_yml"] as? String)
        let prometheus = try #require(try Yams.load(yaml: config) as? [String: Any])
        let jobs = (prometheus["scrape_configs"] as? [[String: Any]] ?? []).compactMap { $0["job_name"] as? String }
        #expect(Set(jobs).isSuperset(of: ["kubernetes-apiservers", "kubernetes-nodes", "kubernetes-nodes-cadvisor", "kubernetes-service-endpoints",
                                           "kubernetes-pods", "kube-state-metrics", "node-exporter"]), "\(jobs)")
        let labels = (prometheus["global"] as? [String: Any])?["external_labels"] as? [String: String]
        #expect(labels == ["fleet": "shop", "cluster": "prd-shared-01", "stage": "production"])
        #expect((prometheus["rule_files"] as? [String]) == ["/etc/config/alerting_rules.yml"])
        #expect(((prometheus["remote_write"] as? [[String: Any]])?.first?["url"] as? String) == "https://metrics.example.internal/api/v1/write")
        let rules = try #require(((values["prometheus"] as? [String: Any])?["config"] as? [String: Any])?["alerting_rules_yml"] as? String)
        for alert in ["KubeNodeNotReady", "KubeletDown", "KubeAPIDown", "KubePodCrashLooping", "KubeDeploymentReplicasUnavailable",
                      "KubePersistentVolumeFillingUp", "CertificateExpiringSoon", "PackageInstallFailed", "IngressErrorRateHigh"] {
            #expect(rules.contains("alert: \(alert)"), "\(alert) missing")
        }
    }

    /// Which record keys fluent-bit's plugins produce, as their documentation describes them; for the check below.
    static func producedKeys(_ section: [(String, String)], before: Set<String>) -> Set<String> {
        let settings = Dictionary(section, uniquingKeysWith: { a, _ in a })
        var keys = before
        switch settings["Name"] {
        case "kubernetes": keys.insert("kubernetes")
        case "nest" where settings["Operation"] == "lift" && keys.contains(settings["Nested_under"] ?? ""):
            let prefix = settings["Add_prefix"] ?? ""
            for key in ["pod_name", "namespace_name", "container_name", "host", "pod_id", "labels", "annotations", "docker_id", "container_image"] {
                keys.insert(prefix + key)
            }
        case "record_modifier":
            for (name, value) in section where name == "Record" { keys.insert(String(value.split(separator: " ")[0])) }
        default: break
        }
        return keys
    }

    static func sections(_ text: String) -> [[(String, String)]] {
        var sections: [[(String, String)]] = []
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if line.hasPrefix("[") { sections.append([]); continue }
            let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, !sections.isEmpty { sections[sections.count - 1].append((parts[0], parts[1])) }
        }
        return sections
    }

    @Test("fluent-bit keeps the package's kubernetes filter, and every key the syslog output names exists by then")
    func fluentBitKeysExist() throws {
        let rendered = try RenderFixture.render(RenderFixture.exampleFleet)
        let values = try #require(try Yams.load(yaml: try Self.values(rendered, cluster: "int-shared-01", extension: "fluent-bit")) as? [String: Any])
        let config = try #require((values["fluent_bit"] as? [String: Any])?["config"] as? [String: Any])
        #expect(config["inputs"] == nil && config["parsers"] == nil, "the package's inputs and parsers stay")
        let filterText = try #require(config["filters"] as? String)
        let outputText = try #require(config["outputs"] as? String)
        let filters = Self.sections(filterText)
        #expect(filters.first?.first { $0.0 == "Name" }?.1 == "kubernetes", "the package's kubernetes filter comes first")
        // The package's tail input reads container logs with the docker parser: log, stream, time.
        var keys: Set<String> = ["log", "stream", "time"]
        for filter in filters { keys = Self.producedKeys(filter, before: keys) }
        let output = try #require(Self.sections(outputText).first)
        let named = output.filter { $0.0.hasSuffix("_key") }
        #expect(named.count >= 4)
        for (setting, key) in named { #expect(keys.contains(key), "\(setting) names '\(key)', which no input or filter produces") }
        #expect(keys.contains("cluster") && keys.contains("stage"))
    }
}
