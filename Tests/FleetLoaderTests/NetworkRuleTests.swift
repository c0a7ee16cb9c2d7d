import FleetLoader
import FleetModel
import Foundation
import Testing

@Suite("Network and quantity rules")
struct NetworkRuleTests {
    @Test("a CIDR that does not parse is an error")
    func badCIDR() throws {
        let result = try FleetFixture([("clusters.yaml", "pods: 192.168.0.0/16", "pods: 192.168.0.0/33")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:18:11", saying: ["pod CIDR '192.168.0.0/33' is not a CIDR"])
    }

    @Test("an egress CIDR that does not parse is an error")
    func badEgress() throws {
        let result = try FleetFixture([("teams.yaml", "egress: [10.20.0.0/16]", "egress: [10.20.0/16]")]).validate()
        expectDiagnostic(result, at: "teams.yaml:18:18", saying: ["egress CIDR '10.20.0/16' is not a CIDR"])
    }

    @Test("pods and services may not overlap")
    func podsOverlapServices() throws {
        let result = try FleetFixture([("clusters.yaml", "services: 10.112.0.0/12", "services: 192.168.128.0/20")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:19:15", saying: ["services 192.168.128.0/20 overlap pods 192.168.0.0/16"])
    }

    @Test("cluster ranges may not overlap the Supervisor's reserved ranges")
    func overlapsReserved() throws {
        let result = try FleetFixture([("clusters.yaml", "pods: 172.20.0.0/16", "pods: 10.244.8.0/21")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:41:11", saying: ["pods 10.244.8.0/21 overlap the Supervisor 'dc1' reserved range 10.244.0.0/20"])
    }

    @Test("IPv6 ranges parse and overlap checks work for them")
    func ipv6() throws {
        let result = try FleetFixture([
            ("clusters.yaml", "pods: 192.168.0.0/16", "pods: fd00:10::/48"),
            ("clusters.yaml", "services: 10.112.0.0/12", "services: fd00:10:0:1::/64"),
        ]).validate()
        expectDiagnostic(result, at: "clusters.yaml:19:15", saying: ["overlap pods fd00:10::/48"])
    }

    @Test("host bits beyond the prefix are a warning that suggests the network address")
    func hostBits() throws {
        let result = try FleetFixture([("teams.yaml", "egress: [10.20.0.0/16]", "egress: [10.20.1.0/16]")]).validate()
        expectDiagnostic(result, .warning, at: "teams.yaml:18:18", saying: ["has bits set beyond its prefix"], hint: ["10.20.0.0/16"])
        #expect(result.validated != nil)
    }

    @Test("quota and limit values must be Kubernetes quantities")
    func badQuantities() throws {
        let result = try FleetFixture([("teams.yaml", "quota: {cpu: \"4\", memory: 8Gi, pods: 50}", "quota: {cpu: \"4 cores\", memory: 8GB, pods: 50}")]).validate()
        expectDiagnostic(result, at: "teams.yaml:13:20", saying: ["'quota.cpu' is '4 cores', which is not a Kubernetes quantity"])
        expectDiagnostic(result, at: "teams.yaml:13:39", saying: ["'quota.memory' is '8GB'"], hint: ["64Gi"])
    }

    @Test("autoscaling on a TanzuKubernetesCluster is a warning with the remedy, not silently ignored")
    func autoscalingOnTanzu() throws {
        let result = try FleetFixture([("platform.yaml", "  clusterAPI: clusterclass", "  clusterAPI: tanzu")]).validate()
        expectDiagnostic(result, .warning, at: "clusters.yaml:16:20", saying: ["node pool 'workers': a TanzuKubernetesCluster cannot autoscale; the pool stays at 3 replicas"],
                         hint: ["clusterAPI: clusterclass", "or remove autoscaling"])
        #expect(result.validated != nil, "a warning, the fleet stays valid")
    }

    @Test("a trusted CA must be whole PEM certificates: cut off, a typo, a key or no block is an error at its line")
    func trustedCAsParsed() throws {
        let certificate = """
            -----BEGIN CERTIFICATE-----
            MIIBtTCCAVugAwIBAgIUDInAez18kr0UXeHWMMKThTP6huQwCgYIKoZIzj0EAwIw
            MDENMAsGA1UECgwEU2hvcDEfMB0GA1UEAwwWU2hvcCBDb3Jwb3JhdGUgUm9vdCBD
            QTAeFw0yNjEyMDQwMjI2MTVaFw0zNjEyMDEwMjI2MTVaMDAxDTALBgNVBAoMBFNo
            b3AxHzAdBgNVBAMMFlNob3AgQ29ycG9yYXRlIFJvb3QgQ0EwWTATBgcqhkjOPQIB
            BggqhkjOPQMBBwNCAARVE5W4NvWgWbbU2xaim1RUjd0hfyhFuTWJ9gtcFwC2ONfP
            ZKOIhaRQ2okTf8HoKhLtpDsIpggj03DjgQZgp3Zko1MwUTAdBgNVHQ4EFgQUaw7Y
            nlTl3BOvWB4EoUlyOoQf9FEwHwYDVR0jBBgwFoAUaw7YnlTl3BOvWB4EoUlyOoQf
            9FEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiApNtULL8GQvawP
            yh9nyLqMY/7JI/5vgqrljJrRIwm8WwIhAKKtQKIPDdZBD/dmhYWh6THFNe54gla6
            Q993y0Hxp1s1
            -----END CERTIFICATE-----
            """
        #expect(PEMCertificate.problem(in: certificate) == nil)
        #expect(PEMCertificate.problem(in: certificate + "\n" + certificate) == nil, "a bundle of two")
        var lines = certificate.components(separatedBy: "\n")
        let cut = (lines.prefix(4) + [lines.last!]).joined(separator: "\n")
        #expect(PEMCertificate.problem(in: cut)?.contains("is cut off") == true)
        lines[3] = String(lines[3].dropLast(4)) + "!!!!"
        #expect(PEMCertificate.problem(in: lines.joined(separator: "\n")) == "certificate 1 is not valid base64")
        #expect(PEMCertificate.problem(in: String(certificate.dropLast(26)))?.contains("no END CERTIFICATE") == true)
        #expect(PEMCertificate.problem(in: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")?.contains("never put a private key") == true)
        #expect(PEMCertificate.problem(in: "corp-root.crt") != nil)
        #expect(PEMCertificate.problem(in: "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----")?.contains("not an X.509 certificate") == true)

        // In a fleet: the error points at the pem.
        let truncated = "    trustedCAs:\n      - name: corp-root\n        pem: |\n          -----BEGIN CERTIFICATE-----\n          MIIBtTCCAVugAwIBAgIUDInAez18kr0UXeHWMMKThTP6huQwCgYIKoZIzj0EAwIw\n          -----END CERTIFICATE-----\n"
        let anchor = "    services: 10.112.0.0/12\n  extensions: [external-dns]\n  dns: {provider: rfc2136, domainFilters: [int"
        let result = try FleetFixture([("clusters.yaml", anchor, anchor.replacingOccurrences(of: "  extensions:", with: truncated + "  extensions:"))]).validate()
        #expect(result.validated == nil)
        #expect(result.diagnostics.contains { $0.message.contains("trusted CA 'corp-root' is not a whole PEM certificate: certificate 1 is cut off")
            && $0.location.line == 22 }, "\(result.diagnostics)")
    }

    @Test("autoscaling needs min <= replicas <= max")
    func autoscalingBounds() throws {
        let result = try FleetFixture([("clusters.yaml", "autoscaling: {min: 2, max: 5}", "autoscaling: {min: 4, max: 5}")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:16:20", saying: ["min <= replicas <= max", "min 4, replicas 3, max 5"])
    }

    @Test("control plane replicas are 1 or 3")
    func controlPlaneReplicas() throws {
        let result = try FleetFixture([("clusters.yaml", "  name: int-01\nspec:\n  stage: integration\n  supervisor: dc1\n  vsphereNamespace: ns-int\n  kubernetes: v1.27\n  controlPlane: {replicas: 3",
                                        "  name: int-01\nspec:\n  stage: integration\n  supervisor: dc1\n  vsphereNamespace: ns-int\n  kubernetes: v1.27\n  controlPlane: {replicas: 2")]).validate()
        expectDiagnostic(result, at: "clusters.yaml:10:28", saying: ["control plane replicas must be 1 or 3, found 2"])
    }
}
