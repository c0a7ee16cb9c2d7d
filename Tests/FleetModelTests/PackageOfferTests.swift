import FleetModel
import Testing

/// The package repository's offer as kapp-controller judges it: a version is installable when a Package of that name
/// and version is on offer and its Kubernetes constraints (Carvel's semver ranges) hold for the cluster's version.
@Suite("package offer and semver constraints")
struct PackageOfferTests {
    func holds(_ constraint: String, _ version: String) throws -> Bool {
        let constraints = try #require(SemverConstraints(constraint), "'\(constraint)' should parse")
        return constraints.contains(try #require(ReleaseVersion(version)))
    }

    @Test("ranges, alternatives, short and wildcard versions; only the numeric core of a TKG version is compared")
    func constraints() throws {
        #expect(try holds(">=1.25.0 <1.29.0", "v1.28.8+vmware.1-fips.1-tkg.2"))
        #expect(try !holds(">=1.25.0 <1.29.0", "v1.29.0+vmware.1"))
        #expect(try holds(">=1.25.0, <1.29.0", "v1.25.0"), "a comma joins like a space")
        #expect(try holds("<1.26.0 || >=1.28.0", "1.28.1"))
        #expect(try !holds("<1.26.0 || >=1.28.0", "1.27.11"))
        #expect(try holds(">=1.25", "1.25.0") && !holds(">1.25", "1.25.0"), "a short version is padded with zeros")
        #expect(try holds("1.27.x", "1.27.11") && !holds("1.27.x", "1.28.0"))
        #expect(try holds(">1.27.x", "1.28.0") && !holds(">1.27.x", "1.27.99"))
        #expect(try holds("<=1.27.x", "1.27.99") && !holds("<=1.27.x", "1.28.0"))
        #expect(try holds("*", "0.0.1"))
        #expect(try holds("!=1.27.11", "1.27.10") && !holds("!=1.27.11", "v1.27.11+vmware.1"))
        #expect(try holds(">=1.25.0-0", "1.25.0"), "a pre-release on the bound compares by its core")
        for bad in ["", ">=", "1.2.3.4", "latest", ">=1.x.2", "!=1.27.x", " || >=1.0.0"] {
            #expect(SemverConstraints(bad) == nil, "'\(bad)' is not a constraint")
        }
    }

    let offer = PackageOffer(repositories: ["tanzu-standard"], packages: [
        OfferedPackage(refName: "fluent-bit.tanzu.vmware.com", version: "2.1.6+vmware.1-tkg.2", kubernetes: ">=1.25.0 <1.30.0"),
        OfferedPackage(refName: "fluent-bit.tanzu.vmware.com", version: "2.2.2+vmware.1-tkg.1", kubernetes: ">=1.27.0"),
        OfferedPackage(refName: "fluent-bit.tanzu.vmware.com", version: "2.0.1+vmware.1-tkg.1", kubernetes: "not a constraint"),
    ])

    @Test("a version not on offer names the versions that are, newest first; one the constraints exclude names those that install")
    func verdicts() throws {
        let k126 = ReleaseVersion("v1.26.13+vmware.1-fips.1-tkg.3")
        #expect(offer.verdict(refName: "fluent-bit.tanzu.vmware.com", version: "2.1.6+vmware.1-tkg.2", kubernetes: k126) == .offered)
        #expect(offer.verdict(refName: "fluent-bit.tanzu.vmware.com", version: "2.2.0+vmware.1-tkg.1", kubernetes: k126)
                == .notOffered(available: ["2.2.2+vmware.1-tkg.1", "2.1.6+vmware.1-tkg.2", "2.0.1+vmware.1-tkg.1"]))
        #expect(offer.verdict(refName: "fluent-bit.tanzu.vmware.com", version: "2.2.2+vmware.1-tkg.1", kubernetes: k126) == .excluded(constraints: ">=1.27.0"))
        #expect(offer.verdict(refName: "fluent-bit.tanzu.vmware.com", version: "2.2.2+vmware.1-tkg.1", kubernetes: nil) == .offered,
                "without the cluster's version only the offer is checked")
        #expect(offer.verdict(refName: "fluent-bit.tanzu.vmware.com", version: "2.0.1+vmware.1-tkg.1", kubernetes: k126) == .offered,
                "a constraint kapp-controller could not read is not held against the version")

        let missing = try #require(offer.problem(refName: "fluent-bit.tanzu.vmware.com", version: "2.2.0+vmware.1-tkg.1", kubernetes: k126))
        #expect(missing.message == "fluent-bit.tanzu.vmware.com 2.2.0+vmware.1-tkg.1 is not offered by package repository 'tanzu-standard'")
        #expect(missing.hint.hasPrefix("it offers 2.2.2+vmware.1-tkg.1, 2.1.6+vmware.1-tkg.2, 2.0.1+vmware.1-tkg.1; pin one of them"))
        let excluded = try #require(offer.problem(refName: "fluent-bit.tanzu.vmware.com", version: "2.2.2+vmware.1-tkg.1", kubernetes: k126))
        #expect(excluded.message.hasSuffix("does not install on Kubernetes v1.26.13+vmware.1-fips.1-tkg.3: the package asks for Kubernetes >=1.27.0"))
        #expect(excluded.hint == "versions on offer that install here: 2.1.6+vmware.1-tkg.2, 2.0.1+vmware.1-tkg.1")
        let unknown = try #require(offer.problem(refName: "contour.tanzu.vmware.com", version: "1.26.2+vmware.1-tkg.1", kubernetes: k126))
        #expect(unknown.hint.contains("offers no version of contour.tanzu.vmware.com"))
    }

    @Test("a Package object is read back as the offer it was written from")
    func packageObjects() throws {
        let package = OfferedPackage(refName: "grafana.tanzu.vmware.com", version: "10.0.1+vmware.1-tkg.1", kubernetes: ">=1.26.0",
                                     kappController: ">=0.45.0", releasedAt: "2023-12-01T00:00:00Z")
        let object = package.object(namespace: "peng-packages")
        #expect(object.name == "grafana.tanzu.vmware.com.10.0.1---vmware.1-tkg.1", "named <refName>.<version>, + written --- for the lab's CRD")
        #expect(object.apiVersion == "data.packaging.carvel.dev/v1alpha1")
        #expect(OfferedPackage(object) == package)
        var nameless = object
        nameless["spec"]?["refName"] = nil
        #expect(OfferedPackage(nameless) == nil)
    }
}
