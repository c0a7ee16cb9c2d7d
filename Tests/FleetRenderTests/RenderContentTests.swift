import FleetModel
import FleetRender
import Foundation
import Testing

/// What the rendered objects say: the promises a platform engineer relies on.
@Suite("Rendered objects")
struct RenderContentTests {
    let rendered: RenderedFleet

    init() throws {
        rendered = try RenderFixture.render(RenderFixture.exampleFleet)
    }

    @Test("every object carries peng's ownership labels")
    func ownershipLabels() {
        for target in rendered.targets {
            for object in target.objects {
                let labels = object.labels
                #expect(labels["app.kubernetes.io/managed-by"] == "peng", "\(object.ref)")
                #expect(labels["peng.dev/fleet"] == "shop", "\(object.ref)")
                #expect(labels["peng.dev/cluster"] != nil, "\(object.ref)")
                #expect(labels["peng.dev/stage"] != nil, "\(object.ref)")
            }
        }
        let namespace = RenderFixture.object(rendered, target: "workload/int-shared-01", kind: "Namespace", name: "checkout")
        #expect(namespace?.labels["peng.dev/team"] == "checkout")
        #expect(namespace?.labels["peng.dev/stage"] == "integration")
    }

    @Test("a Cluster becomes a TanzuKubernetesCluster with the resolved TKR, pools and network")
    func tanzuKubernetesCluster() throws {
        let tkc = try #require(RenderFixture.object(rendered, target: "supervisor/frankfurt", kind: "TanzuKubernetesCluster",
                                                    namespace: "platform-prd", name: "prd-shared-01"))
        #expect(tkc.apiVersion == "run.tanzu.vmware.com/v1alpha3")
        let spec = try #require(tkc["spec"])
        // `kubernetes: v1.26` resolves to the newest v1.26 (deprecated) release; every pool names the same TKR.
        #expect(spec[path: "topology", "controlPlane", "tkr", "reference", "name"] == "v1.26.13---vmware.1-fips.1-tkg.3")
        #expect(tkc.annotations[ClusterKinds.releaseAnnotation] == "v1.26.13+vmware.1-fips.1-tkg.3")
        #expect(spec[path: "topology", "controlPlane", "replicas"] == 3)
        let pools = try #require(spec[path: "topology", "nodePools"]?.arrayValue)
        #expect(pools.allSatisfy { $0[path: "tkr", "reference", "name"] == "v1.26.13---vmware.1-fips.1-tkg.3" })
        #expect(pools.map { $0["name"] } == ["workers", "memory"])
        #expect(pools.first?["replicas"] == 5)
        #expect(pools.first?["vmClass"] == "guaranteed-large")
        #expect(spec[path: "settings", "network", "pods", "cidrBlocks"] == ["192.168.0.0/16"])
        #expect(spec[path: "settings", "network", "services", "cidrBlocks"] == ["10.112.0.0/12"])
        #expect(spec[path: "settings", "network", "cni", "name"] == "antrea")
        #expect(spec[path: "settings", "storage", "defaultClass"] == "vsan-gold")
        #expect(spec[path: "settings", "network", "trust", "additionalTrustedCAs"] == [["name": "corp-root"]])
    }

    @Test("trusted CAs land in the Secret TKGS reads, base64-encoded twice")
    func trustedCASecret() throws {
        let secret = try #require(RenderFixture.object(rendered, target: "supervisor/frankfurt", kind: "Secret",
                                                       namespace: "platform-prd", name: "prd-shared-01-user-trusted-ca-secret"))
        let outer = try #require(secret[path: "data", "corp-root"]?.stringValue)
        let inner = try #require(Data(base64Encoded: outer).flatMap { String(data: $0, encoding: .utf8) })
        let pem = try #require(Data(base64Encoded: inner).flatMap { String(data: $0, encoding: .utf8) })
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
    }

    @Test("with clusterAPI: clusterclass a Cluster API Cluster on tanzukubernetescluster, autoscaled pools without replicas")
    func clusterClass() throws {
        let copy = try RenderFixture.exampleCopy(RenderFixture.clusterClassEdits)
        let rendered = try RenderFixture.render(copy)
        let cluster = try #require(RenderFixture.object(rendered, target: "supervisor/frankfurt", kind: "Cluster",
                                                        namespace: "platform-prd", name: "prd-shared-01"))
        #expect(cluster.apiVersion == "cluster.x-k8s.io/v1beta1")
        #expect(cluster[path: "spec", "topology", "class"] == "tanzukubernetescluster")
        #expect(cluster[path: "spec", "topology", "version"] == "v1.26.13+vmware.1-fips.1-tkg.3")
        let deployments = try #require(cluster[path: "spec", "topology", "workers", "machineDeployments"]?.arrayValue)
        let workers = try #require(deployments.first { $0["name"] == "workers" })
        #expect(workers["replicas"] == nil)
        #expect(workers[path: "metadata", "annotations", "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"] == "5")
        #expect(workers[path: "metadata", "annotations", "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"] == "12")
        let memory = try #require(deployments.first { $0["name"] == "memory" })
        #expect(memory["replicas"] == 2)
        let variables = try #require(cluster[path: "spec", "topology", "variables"]?.arrayValue)
        #expect(variables.contains(["name": "vmClass", "value": "guaranteed-medium"]))
        #expect(variables.contains(["name": "storageClass", "value": "vsan-gold"]))
        #expect(RenderFixture.objects(rendered, target: "supervisor/frankfurt").allSatisfy { $0.kind != "TanzuKubernetesCluster" })
    }

    @Test("a team namespace gets Pod Security labels at the platform's level, quota, limits and group bindings")
    func namespaceObjects() throws {
        let id = "workload/int-shared-01"
        let namespace = try #require(RenderFixture.object(rendered, target: id, kind: "Namespace", name: "checkout"))
        for mode in ["enforce", "audit", "warn"] {
            #expect(namespace.labels["pod-security.kubernetes.io/\(mode)"] == "restricted")
        }
        let quota = try #require(RenderFixture.object(rendered, target: id, kind: "ResourceQuota", namespace: "checkout", name: "peng-quota"))
        #expect(quota[path: "spec", "hard"] == ["requests.cpu": "16", "requests.memory": "64Gi", "pods": "200"])
        let limits = try #require(RenderFixture.object(rendered, target: id, kind: "LimitRange", namespace: "checkout", name: "peng-limits"))
        #expect(limits[path: "spec", "limits"]?.arrayValue?.first?["default"] == ["cpu": "500m", "memory": "512Mi"])
        let owners = try #require(RenderFixture.object(rendered, target: id, kind: "RoleBinding", namespace: "checkout", name: "peng-owners"))
        #expect(owners[path: "roleRef", "name"] == "edit")
        #expect(owners["subjects"] == [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "sso:AD-GRP-CHECKOUT-DEV@vsphere.local"]],
                "the example's identity: vSphere SSO")
        let viewers = try #require(RenderFixture.object(rendered, target: id, kind: "RoleBinding", namespace: "checkout", name: "peng-viewers"))
        #expect(viewers[path: "roleRef", "name"] == "view")
    }

    @Test("with OIDC (or no identity), team groups are bound as written; the example's vSphere SSO binds sso:GROUP@DOMAIN")
    func identityNaming() throws {
        let copy = try RenderFixture.exampleCopy([("platform.yaml", "  identity: {groups: vsphere-sso, domain: vsphere.local}", "  identity: {groups: oidc}")])
        defer { try? FileManager.default.removeItem(at: copy) }  // a leftover copy only costs disk
        let rendered = try RenderFixture.render(copy)
        let owners = try #require(RenderFixture.object(rendered, target: "workload/int-shared-01", kind: "RoleBinding", namespace: "checkout", name: "peng-owners"))
        #expect(owners["subjects"] == [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "AD-GRP-CHECKOUT-DEV"]])
    }

    @Test("network policies: default deny, same namespace, DNS, monitoring, ingress only where asked, cross-team allows, egress")
    func networkPolicies() throws {
        let id = "workload/int-shared-01"
        func policies(_ namespace: String) -> [String] {
            RenderFixture.objects(rendered, target: id).filter { $0.kind == "NetworkPolicy" && $0.namespace == namespace && $0.labels["peng.dev/order"] == nil }
                .map(\.name)
        }
        #expect(policies("checkout") == ["peng-allow-dns", "peng-allow-egress", "peng-allow-from-teams", "peng-allow-ingress-controller",
                                         "peng-allow-monitoring", "peng-allow-same-namespace", "peng-default-deny"])
        // search has no ingress: true and no egress in integration.
        #expect(policies("search") == ["peng-allow-dns", "peng-allow-from-teams", "peng-allow-monitoring",
                                       "peng-allow-same-namespace", "peng-default-deny"])
        let deny = try #require(RenderFixture.object(rendered, target: id, kind: "NetworkPolicy", namespace: "checkout", name: "peng-default-deny"))
        #expect(deny["spec"] == ["podSelector": [:], "policyTypes": ["Ingress", "Egress"]])
        let fromTeams = try #require(RenderFixture.object(rendered, target: id, kind: "NetworkPolicy", namespace: "search", name: "peng-allow-from-teams"))
        #expect(fromTeams[path: "spec", "ingress"] == [["from": [
            ["namespaceSelector": ["matchLabels": ["peng.dev/team": "app-backend"]]],
            ["namespaceSelector": ["matchLabels": ["peng.dev/team": "checkout"]]],
        ]]])
        let egress = try #require(RenderFixture.object(rendered, target: id, kind: "NetworkPolicy", namespace: "checkout", name: "peng-allow-egress"))
        #expect(egress[path: "spec", "egress"] == [["to": [["ipBlock": ["cidr": "10.20.0.0/16"]]]]])
        let ingress = try #require(RenderFixture.object(rendered, target: id, kind: "NetworkPolicy", namespace: "checkout", name: "peng-allow-ingress-controller"))
        #expect(ingress[path: "spec", "ingress"] == [["from": [["namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "tanzu-system-ingress"]]]]]])
    }

    @Test("without default deny no namespace policy is rendered, since any policy would isolate the pods it selects; ordered instances stay isolated")
    func noDefaultDeny() throws {
        let copy = try RenderFixture.exampleCopy([("platform.yaml", "defaultDenyNetwork: true", "defaultDenyNetwork: false")])
        let rendered = try RenderFixture.render(copy)
        let policies = rendered.targets.flatMap(\.objects).filter { $0.kind == "NetworkPolicy" }
        #expect(policies.allSatisfy { $0.labels["peng.dev/order"] != nil }, "\(policies.map(\.name))")
        #expect(policies.map(\.name).sorted() == ["checkout-db-access", "checkout-db-access", "reco-store-access", "search-cache-access"])
    }

    @Test("an order: installer rights only in its namespace, values with the locked paths, the package at the resolved version, isolation")
    func orders() throws {
        let id = "workload/int-shared-01"
        let objects = RenderFixture.objects(rendered, target: id).filter { $0.labels["peng.dev/order"] == "checkout-db" }
        #expect(Set(objects.map { "\($0.kind)/\($0.namespace ?? "")/\($0.name)" }) == [
            "ServiceAccount/checkout/checkout-db-installer", "Role/checkout/checkout-db-installer", "RoleBinding/checkout/checkout-db-installer",
            "Secret/checkout/checkout-db-values", "PackageInstall/checkout/checkout-db", "NetworkPolicy/checkout/checkout-db-access",
        ])
        #expect(!RenderFixture.objects(rendered, target: id).contains { $0.kind == "ClusterRoleBinding" && $0.name.hasPrefix("checkout-db") },
                "no cluster-wide rights for an order")
        let install = try #require(objects.first { $0.kind == "PackageInstall" })
        #expect(install[path: "spec", "packageRef", "refName"] == "mysql.products.example.internal")
        #expect(install[path: "spec", "packageRef", "versionSelection", "constraints"] == "8.4.3")
        #expect(install[path: "spec", "serviceAccountName"] == "checkout-db-installer")
        let secret = try #require(objects.first { $0.kind == "Secret" })
        #expect(secret.annotations["peng.dev/locked-paths"]
            == "backup.enabled,backup.retentionDays,securityContext.allowPrivilegeEscalation,securityContext.readOnlyRootFilesystem,securityContext.runAsNonRoot,tls.minVersion,tls.required")
        let values = try #require(secret[path: "stringData", "values.yaml"]?.stringValue)
        #expect(values.contains("slowQueryLog: false") && values.contains("storage: 50Gi") && values.contains("minVersion: \"1.2\""))
        let policy = try #require(objects.first { $0.kind == "NetworkPolicy" })
        #expect(policy[path: "spec", "podSelector"] == ["matchLabels": ["app.kubernetes.io/instance": "checkout-db"]])
        #expect(policy[path: "spec", "ingress"] == [["from": [["namespaceSelector": ["matchExpressions": [
            ["key": "peng.dev/team", "operator": "In", "values": ["checkout", "app-backend"]],
        ]]]]]])
        let repositories = RenderFixture.objects(rendered, target: id).filter { $0.kind == "PackageRepository" && $0.namespace == "tkg-system" }
        #expect(repositories.map(\.name) == ["platform-products"], "the product repository once per cluster, in kapp-controller's global namespace")
    }

    @Test("extensions: repository, one PackageInstall per baseline and cluster extension, versions from the catalog")
    func extensions() throws {
        let id = "workload/int-shared-01"
        let repository = try #require(RenderFixture.object(rendered, target: id, kind: "PackageRepository", namespace: "peng-packages", name: "tanzu-standard"))
        #expect(repository[path: "spec", "fetch", "imgpkgBundle", "image"] == "projects.registry.vmware.com/tkg/packages/standard/repo:v2024.4.12")
        let installs = RenderFixture.objects(rendered, target: id).filter { $0.kind == "PackageInstall" && $0.namespace == "peng-packages" }
        #expect(installs.map(\.name) == ["cert-manager", "contour", "external-dns", "fluent-bit", "prometheus"])
        let certManager = try #require(installs.first)
        #expect(certManager[path: "spec", "packageRef", "refName"] == "cert-manager.tanzu.vmware.com")
        #expect(certManager[path: "spec", "packageRef", "versionSelection", "constraints"] == "1.13.3+vmware.1-tkg.1")
        #expect(certManager[path: "spec", "serviceAccountName"] == "peng-package-installer")
        let prdShared = RenderFixture.objects(rendered, target: "workload/prd-shared-01")
            .filter { $0.kind == "PackageInstall" && $0.namespace == "peng-packages" }.map(\.name)
        #expect(prdShared == ["cert-manager", "contour", "external-dns", "fluent-bit", "grafana", "prometheus"])
    }

    func values(_ target: String, _ name: String) throws -> String {
        let secret = try #require(RenderFixture.object(rendered, target: target, kind: "Secret", namespace: "peng-packages", name: "\(name)-values"))
        return try #require(secret[path: "stringData", "values.yaml"]?.stringValue)
    }

    @Test("monitoring, logging and alert routing are wired into the package values")
    func wiredValues() throws {
        let prometheus = try values("workload/int-shared-01", "prometheus")
        #expect(prometheus.contains("url: https://metrics.example.internal/api/v1/write"))
        #expect(prometheus.contains("regex: checkout|checkout-jobs"))
        #expect(prometheus.contains("replacement: checkout-oncall"))
        #expect(prometheus.contains("replacement: platform-oncall"))
        #expect(prometheus.contains("alerts.example.internal"))
        // On checkout's dedicated cluster only checkout's namespaces are routed to a team.
        let dedicated = try values("workload/prd-checkout-01", "prometheus")
        #expect(!dedicated.contains("search-oncall"))
        let fluentBit = try values("workload/int-shared-01", "fluent-bit")
        #expect(fluentBit.range(of: #"Host +logs\.example\.internal\n"#, options: .regularExpression) != nil, "\(fluentBit)")
        #expect(fluentBit.range(of: #"Port +514\n"#, options: .regularExpression) != nil, "\(fluentBit)")
        let dns = try values("workload/int-shared-01", "external-dns")
        #expect(dns.contains("--provider=rfc2136") && dns.contains("--domain-filter=int.shop.example.internal"))
        #expect(dns.contains("name: external-dns-tsig") && dns.contains("key: EXTERNAL_DNS_RFC2136_TSIG_SECRET"))
        let contour = try values("workload/int-shared-01", "contour")
        #expect(contour.contains("type: LoadBalancer"))
        let installs = RenderFixture.objects(rendered, target: "workload/int-shared-01").filter { $0.kind == "PackageInstall" }
        #expect(installs.first { $0.name == "cert-manager" }?[path: "spec", "values"] == nil)
        #expect(installs.first { $0.name == "prometheus" }?[path: "spec", "values"] == [["secretRef": ["name": "prometheus-values"]]])
    }
}
