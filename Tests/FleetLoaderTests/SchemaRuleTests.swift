import FleetLoader
import FleetModel
import Testing

/// Unknown fields and kinds, required fields, types, names: each with its exact position.
@Suite("Schema rules")
struct SchemaRuleTests {
    @Test("an unknown field is an error with a did-you-mean")
    func unknownField() throws {
        let result = try FleetFixture([("clusters.yaml", "      vmClass: best-effort-large\n      storageClass: vsan\n      autoscaling",
                                        "      vmclass: best-effort-large\n      storageClass: vsan\n      autoscaling")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:14:7", saying: ["unknown field 'spec.nodePools[0].vmclass'"],
                         hint: ["did you mean 'vmClass'?"])
        // The did-you-mean covers it: the misspelt field is not reported a second time as missing.
        #expect(!result.diagnostics.contains { $0.message.contains("missing required field") }, "\(result.diagnostics)")
        #expect(result.validated == nil)
    }

    @Test("an unknown kind is an error with a did-you-mean")
    func unknownKind() throws {
        let result = try FleetFixture([("teams.yaml", "kind: Team\nmetadata:\n  name: beta", "kind: Teams\nmetadata:\n  name: beta")]).validate()
        expectDiagnostic(result, at: "teams.yaml:24:7", saying: ["unknown kind 'Teams'"], hint: ["did you mean 'Team'?"])
    }

    @Test("a wrong apiVersion is an error")
    func wrongAPIVersion() throws {
        let result = try FleetFixture([("teams.yaml", "apiVersion: peng.dev/v1alpha1\nkind: Team\nmetadata:\n  name: beta",
                                        "apiVersion: peng.dev/v1\nkind: Team\nmetadata:\n  name: beta")]).validate()
        expectDiagnostic(result, at: "teams.yaml:23:13", saying: ["unsupported apiVersion 'peng.dev/v1'"], hint: ["peng.dev/v1alpha1"])
    }

    @Test("a missing required field names the field and points at its mapping")
    func missingField() throws {
        let result = try FleetFixture([("clusters.yaml", "  supervisor: dc1\n  vsphereNamespace: ns-int", "  vsphereNamespace: ns-int")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:6:3", saying: ["missing required field 'spec.supervisor'"])
    }

    @Test("a quoted number where a number belongs is a type error")
    func wrongType() throws {
        let result = try FleetFixture([("clusters.yaml", "      replicas: 3\n      vmClass: best-effort-large\n      storageClass: vsan\n      autoscaling",
                                        "      replicas: \"3\"\n      vmClass: best-effort-large\n      storageClass: vsan\n      autoscaling")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:13:17", saying: ["'spec.nodePools[0].replicas' must be a whole number, found a string"])
    }

    @Test("a boolean field rejects other words")
    func wrongBoolean() throws {
        let result = try FleetFixture([("teams.yaml", "        ingress: true", "        ingress: sometimes")]).validate()
        expectDiagnostic(result, at: "teams.yaml:16:18", saying: ["'spec.spaces[0].network.ingress' must be true or false"])
    }

    @Test("an enum value outside its set is an error listing the allowed ones")
    func wrongEnum() throws {
        let result = try FleetFixture([("platform.yaml", "podSecurity: restricted", "podSecurity: restrictive")]).validate()
        expectDiagnostic(result, at: "platform.yaml:39:20", saying: ["'restrictive'", "privileged, baseline, restricted"],
                         hint: ["did you mean 'restricted'?"])
    }

    @Test("names must be DNS-1123 labels")
    func invalidName() throws {
        let result = try FleetFixture([("clusters.yaml", "  name: int-01", "  name: Int_01")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:4:9", saying: ["Cluster name 'Int_01' is not a valid DNS-1123 label"],
                         hint: ["int-01"])
    }

    @Test("a namespace name must be a label and not reserved")
    func invalidNamespaces() throws {
        let result = try FleetFixture([("teams.yaml", "namespaces: [alpha, alpha-jobs]", "namespaces: [alpha, kube-system]")]).validate()
        expectDiagnostic(result, at: "teams.yaml:12:27", saying: ["namespace 'kube-system' is reserved"])
    }

    @Test("cluster names are unique")
    func duplicateCluster() throws {
        let result = try FleetFixture([("clusters.yaml", "  name: prd-01", "  name: int-01")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:26:9", saying: ["duplicate Cluster 'int-01'", "clusters.yaml:4:9"])
    }

    @Test("team names are unique")
    func duplicateTeam() throws {
        let result = try FleetFixture([("teams.yaml", "  name: beta", "  name: alpha")]).validate()
        expectDiagnostic(result, at: "teams.yaml:26:9", saying: ["duplicate Team 'alpha'"])
    }

    @Test("namespace names are unique per cluster, across teams")
    func duplicateNamespace() throws {
        let result = try FleetFixture([("teams.yaml", "namespaces: [beta]", "namespaces: [alpha-jobs]")]).validate()
        expectDiagnostic(result, at: "teams.yaml:32:20", saying: ["namespace 'alpha-jobs' on cluster 'int-01' is already used by team 'alpha'",
                                                                "teams.yaml:12:27"])
    }

    @Test("the same namespace name on two different clusters is fine")
    func sameNamespaceOtherCluster() throws {
        // alpha has namespace 'alpha' on int-01 and on prd-01 in the fixture.
        #expect(try FleetFixture().validate().validated != nil)
    }
}
