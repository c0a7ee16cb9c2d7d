import FleetLoader
import FleetModel
import FleetRepository
import Foundation
import Testing

@Suite("A valid fleet")
struct ValidFleetTests {
    @Test("the minimal fixture is valid and has no diagnostics")
    func minimalIsValid() throws {
        let result = try FleetFixture().validate()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let validated = try #require(result.validated)
        #expect(validated.fleet.clusters.map(\.name) == ["int-01", "prd-01"])
        #expect(validated.fleet.teams.map(\.name) == ["alpha", "beta"])
    }

    @Test("the bundled example fleet is valid; its one warning is the deprecated release the upgrade demo starts from")
    func exampleIsValid() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/fleet")
        let result = FleetPipeline(today: CalendarDate(FleetFixture.today)).validate(example)
        #expect(result.diagnostics.map(\.description) == ["""
            clusters/production.yaml:10:15: warning: cluster 'prd-shared-01' uses v1.26.13+vmware.1-fips.1-tkg.3, which is deprecated and expires on 2027-09-30
                hint: plan an upgrade to a supported release: v1.27.11+vmware.1-fips.1-tkg.2 (supported)
            """])
        #expect(result.validated?.soak == TimeSpan(seconds: 72 * 3600))
        #expect(result.validated?.fleet.clusters.count == 3)
        #expect(result.validated?.fleet.teams.count == 4)
    }

    @Test("a version prefix resolves to the newest supported patch, not the preview")
    func prefixResolvesToNewestSupported() throws {
        let validated = try #require(try FleetFixture().validate().validated)
        let cluster = try #require(validated.fleet.cluster(named: "int-01"))
        #expect(validated.release(of: cluster).version.description == "v1.27.11+vmware.1-tkg.2")
    }

    @Test("the validated fleet carries parsed values: releases, dates, networks, endpoints")
    func parsedOnce() throws {
        let result = try FleetFixture([("platform.yaml", "  baseline:\n", """
              baseline:
                monitoring: {remoteWrite: "https://metrics.example.internal/api/v1/write"}
                logging: {syslog: "logs.example.internal:514"}
                alerting: {alertmanager: "https://alerts.example.internal:9093/am"}

            """)]).validate()
        let validated = try #require(result.validated, "\(result.diagnostics.map(\.description))")
        let int01 = try #require(validated.fleet.cluster(named: "int-01"))
        #expect(validated.release(of: int01).version.core == [1, 27, 11])
        #expect(validated.release(of: int01).version.tkrName == "v1.27.11---vmware.1-tkg.2")
        let deprecated = try #require(validated.catalog.first { $0.state == .deprecated })
        #expect(deprecated.expires == CalendarDate("2027-03-31"))
        #expect(validated.network(of: int01).pods == CIDR("192.168.0.0/16"))
        #expect(validated.network(of: int01).services.prefixLength == 12)
        #expect(validated.baseline.syslog?.host == "logs.example.internal" && validated.baseline.syslog?.port == 514)
        #expect(validated.baseline.alertmanager?.authority == "alerts.example.internal:9093")
        #expect(validated.baseline.alertmanager?.path == "/am")
        #expect(validated.baseline.remoteWrite?.description == "https://metrics.example.internal/api/v1/write")
    }

    @Test("a preview release pinned in full is accepted")
    func pinnedPreviewIsAccepted() throws {
        let result = try FleetFixture([("clusters.yaml", "ns-prd\n  kubernetes: v1.27", "ns-prd\n  kubernetes: v1.28.8+vmware.1-tkg.1")]).validate()
        let validated = try #require(result.validated, "\(result.diagnostics)")
        #expect(validated.release(of: validated.fleet.cluster(named: "prd-01")!).version.description == "v1.28.8+vmware.1-tkg.1")
    }

    @Test("each extension gets the newest catalog version compatible with the cluster's Kubernetes")
    func extensionsResolveToNewestCompatible() throws {
        let validated = try #require(try FleetFixture().validate().validated)
        let int01 = validated.extensions(of: validated.fleet.cluster(named: "int-01")!)
        #expect(int01.map(\.name) == ["cert-manager", "external-dns"])
        #expect(int01.first?.version == "1.13.3+vmware.1-tkg.1")
        let onDeprecated = try #require(try FleetFixture([("clusters.yaml", "ns-prd\n  kubernetes: v1.27", "ns-prd\n  kubernetes: v1.26")])
            .validate().validated)
        #expect(onDeprecated.extensions(of: onDeprecated.fleet.cluster(named: "prd-01")!).first?.version == "1.12.2+vmware.2-tkg.2")
    }

    @Test("YAML comments, flow style, nested folders and several documents per file all load")
    func formatVariants() throws {
        let minimal = FleetFixture.minimalURL
        let platform = try String(contentsOf: minimal.appendingPathComponent("platform.yaml"), encoding: .utf8)
        let clusters = try String(contentsOf: minimal.appendingPathComponent("clusters.yaml"), encoding: .utf8)
        let teams = try String(contentsOf: minimal.appendingPathComponent("teams.yaml"), encoding: .utf8)
        let fixture = try FleetFixture(files: [
            "deep/er/platform.yml": "# the platform\n" + platform,
            "all.yaml": clusters + "\n---\n" + teams + "\n---\n",
            "notes/README.md": "not yaml, ignored",
        ])
        let result = fixture.validate()
        #expect(result.validated != nil, "\(result.diagnostics)")
        #expect(result.validated?.fleet.clusters.count == 2)
    }
}
