import FleetLoader
import FleetModel
import Testing

@Suite("Kubernetes release and extension rules")
struct VersionRuleTests {
    static func pin(_ version: String) -> [(file: String, replace: String, with: String)] {
        [("clusters.yaml", "ns-prd\n  kubernetes: v1.27", "ns-prd\n  kubernetes: \(version)")]
    }

    @Test("no matching release is an error listing what is available")
    func noMatch() throws {
        let result = try FleetFixture(Self.pin("v1.30")).validate()
        expectDiagnostic(result, at: "clusters.yaml:31:15", saying: ["no Kubernetes release in the catalog matches 'v1.30'"],
                         hint: ["v1.27.11+vmware.1-tkg.2 (supported)", "v1.27.10+vmware.1-tkg.1 (supported)"])
    }

    @Test("an expired release is an error, pinned or by prefix")
    func expired() throws {
        let pinned = try FleetFixture(Self.pin("v1.25.13+vmware.1-tkg.1")).validate()
        expectDiagnostic(pinned, at: "clusters.yaml:31:15", saying: ["v1.25.13+vmware.1-tkg.1, which is expired"], hint: ["v1.27.11"])
        let prefix = try FleetFixture(Self.pin("v1.25")).validate()
        expectDiagnostic(prefix, at: "clusters.yaml:31:15", saying: ["matches only the expired release v1.25.13+vmware.1-tkg.1"])
    }

    @Test("a deprecated release is a warning that names the expiry date")
    func deprecated() throws {
        let result = try FleetFixture(Self.pin("v1.26")).validate()
        expectDiagnostic(result, .warning, at: "clusters.yaml:31:15", saying: ["deprecated and expires on 2027-03-31"])
        #expect(result.validated != nil)
    }

    @Test("a deprecated release past its expiry date is an error")
    func deprecatedPastExpiry() throws {
        let result = try FleetFixture(Self.pin("v1.26")).validate(today: "2027-04-01")
        expectDiagnostic(result, at: "clusters.yaml:31:15", saying: ["past its expiry on 2027-03-31"])
        #expect(result.validated == nil)
    }

    @Test("a preview release is used only when pinned in full")
    func previewNeedsPin() throws {
        let result = try FleetFixture(Self.pin("v1.28")).validate()
        expectDiagnostic(result, at: "clusters.yaml:31:15", saying: ["matches only the preview release v1.28.8+vmware.1-tkg.1"],
                         hint: ["kubernetes: v1.28.8+vmware.1-tkg.1"])
    }

    @Test("a prefix matches whole version components only")
    func prefixBoundary() throws {
        let result = try FleetFixture(Self.pin("v1.2")).validate()
        expectDiagnostic(result, at: "clusters.yaml:31:15", saying: ["no Kubernetes release in the catalog matches 'v1.2'"])
    }

    @Test("an extension without a compatible catalog version is an error naming cluster, extension and versions")
    func incompatibleExtension() throws {
        let result = try FleetFixture([("clusters.yaml", "ns-int\n  kubernetes: v1.27", "ns-int\n  kubernetes: v1.28.8+vmware.1-tkg.1")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:20:16",
                         saying: ["cluster 'int-01'", "extension 'external-dns'", "v1.28.8+vmware.1-tkg.1"],
                         hint: ["0.13.6+vmware.1-tkg.1 (Kubernetes >=1.25 <1.28)"])
    }

    @Test("a baseline extension without a compatible version points at the cluster's kubernetes field")
    func incompatibleBaselineExtension() throws {
        let result = try FleetFixture([
            ("platform.yaml", "          kubernetes: \">=1.27 <1.29\"", "          kubernetes: \">=1.27 <1.28\""),
            ("clusters.yaml", "ns-prd\n  kubernetes: v1.27", "ns-prd\n  kubernetes: v1.28.8+vmware.1-tkg.1"),
        ]).validate()
        expectDiagnostic(result, at: "clusters.yaml:31:15", saying: ["extension 'cert-manager' has no catalog version"])
    }

    @Test("a deprecated release needs an expiry date, and dates must be dates")
    func catalogDates() throws {
        let result = try FleetFixture([("platform.yaml", "      expires: 2027-03-31", "      expires: 31.03.2027")]).validate()
        expectDiagnostic(result, at: "platform.yaml:20:16", saying: ["'expires' is '31.03.2027', which is not a date"], hint: ["YYYY-MM-DD"])
    }

    @Test("an expiry that looks like a date but is not a day of the calendar is an error")
    func impossibleExpiry() throws {
        let result = try FleetFixture([("platform.yaml", "      expires: 2027-03-31", "      expires: 2027-02-30")]).validate()
        expectDiagnostic(result, at: "platform.yaml:20:16", saying: ["'expires' is '2027-02-30', which is not a date"], hint: ["YYYY-MM-DD"])
    }

    @Test("expiry dates compare as dates: past its expiry, a deprecated release is an error")
    func pastExpiry() throws {
        let fixture = try FleetFixture(Self.pin("v1.26"))
        expectDiagnostic(fixture.validate(today: "2027-04-01"), at: "clusters.yaml:31:15", saying: ["deprecated and past its expiry on 2027-03-31"])
        let onTheDay = fixture.validate(today: "2027-03-31")
        #expect(onTheDay.validated != nil, "\(onTheDay.diagnostics.map(\.description))")
    }

    @Test("a compatibility range that does not parse is an error")
    func badRange() throws {
        let result = try FleetFixture([("platform.yaml", "kubernetes: \">=1.25 <1.28\"\n  baseline:", "kubernetes: \"1.25 to 1.28\"\n  baseline:")]).validate()
        expectDiagnostic(result, at: "platform.yaml:35:23", saying: ["'1.25 to 1.28' is not a Kubernetes version range"])
    }
}
