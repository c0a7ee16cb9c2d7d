import FleetLoader
import FleetModel
import Testing

@Suite("identity: how Team groups are named on the clusters")
struct IdentityRuleTests {
    static let stages = "  stages: [integration, production]\n"

    static func platform(_ identity: String) throws -> ValidationResult {
        try FleetFixture([("platform.yaml", stages, stages + identity)]).validate()
    }

    @Test("as written by default; vSphere SSO with its domain")
    func values() throws {
        #expect(try FleetFixture([]).validate().validated?.fleet.platform.identity == .asWritten)
        #expect(try Self.platform("  identity: {groups: oidc}\n").validated?.fleet.platform.identity == .asWritten)
        let sso = try Self.platform("  identity: {groups: vsphere-sso, domain: vsphere.local}\n")
        #expect(sso.validated?.fleet.platform.identity == .vsphereSSO(domain: "vsphere.local"))
        #expect(GroupIdentity.vsphereSSO(domain: "corp.example").subject("platform-admins") == "sso:platform-admins@corp.example")
    }

    @Test("vSphere SSO without a domain, a domain without vSphere SSO, an unknown naming: errors at their positions")
    func refused() throws {
        let noDomain = try Self.platform("  identity: {groups: vsphere-sso}\n")
        expectDiagnostic(noDomain, at: "platform.yaml:7:13", saying: ["spec.identity.domain"], hint: ["vsphere.local"])
        #expect(noDomain.validated == nil)
        let stray = try Self.platform("  identity: {groups: oidc, domain: vsphere.local}\n")
        expectDiagnostic(stray, at: "platform.yaml:7:36", saying: ["'spec.identity.domain' applies only to 'groups: vsphere-sso'"], hint: ["sso:GROUP@DOMAIN"])
        #expect(stray.validated == nil)
        let unknown = try Self.platform("  identity: {groups: ldap}\n")
        expectDiagnostic(unknown, at: "platform.yaml:7:22", saying: ["'spec.identity.groups' is 'ldap', which is not one of: oidc, vsphere-sso"], hint: [])
        #expect(unknown.validated == nil)
    }
}
