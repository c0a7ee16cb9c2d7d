import FleetModel
internal import Yams

/// `kind: Platform` spec -> Platform.
struct PlatformDecoder {
    let file: String
    let sink: DiagnosticSink

    static let specFields = ["stages", "clusterAPI", "supervisors", "kubernetesReleases", "packageRepository",
                             "extensions", "baseline", "upgrades", "reconcile", "identity", "notifications"]

    func decode(_ node: Node, name: String, nameAt nameLocation: SourceLocation) -> Platform? {
        guard let spec = MappingReader(node, file: file, path: "spec", allowed: Self.specFields, sink: sink) else { return nil }
        spec.recorder.record("metadata.name", nameLocation)
        let stages = spec.strings("stages", required: true, hint: "list the stages in rollout order, e.g. [integration, production]")
        let clusterAPI: ClusterAPI = spec.choice("clusterAPI") ?? .tanzu
        let supervisors = spec.mappings("supervisors", allowed: ["name", "context", "reservedCIDRs"], required: true,
                                        hint: "list each Supervisor with its name and kubeconfig context")
            .map { reader in
                Supervisor(name: reader.string("name", required: true) ?? "",
                           context: reader.string("context", required: true, hint: "the kubeconfig context that reaches this Supervisor") ?? "",
                           reservedCIDRs: reader.strings("reservedCIDRs"),
                           locations: reader.locations)
            }
        let releases = spec.mappings("kubernetesReleases", allowed: ["version", "state", "expires"], required: true,
                                     hint: "list the Tanzu Kubernetes releases the platform offers")
            .map { reader in
                KubernetesRelease(version: reader.string("version", required: true) ?? "",
                                  state: reader.choice("state", required: true) ?? .supported,
                                  expires: reader.string("expires"),
                                  locations: reader.locations)
            }
        let repository = spec.nested("packageRepository", allowed: ["name", "url", "pullSecret", "caCertificate"]).map { reader in
            var source = PackageRepositorySource(name: reader.string("name", required: true) ?? "",
                                                 url: reader.string("url", required: true) ?? "", locations: reader.locations)
            source.pullSecret = reader.string("pullSecret")
            source.caCertificate = reader.string("caCertificate")
            source.locations = reader.locations
            return source
        }
        let extensions = spec.mappings("extensions", allowed: ["name", "package", "versions", "values", "namespace", "podSecurity"]).map(decodeExtension)
        let baseline = decodeBaseline(spec)
        var platform = Platform(name: name, stages: stages, clusterAPI: clusterAPI, supervisors: supervisors,
                                kubernetesReleases: releases, packageRepository: repository, extensions: extensions,
                                baseline: baseline, locations: spec.locations)
        if let upgrades = spec.nested("upgrades", allowed: ["soak"]) {
            platform.upgradeSoak = upgrades.string("soak")
            platform.locations = spec.locations  // now with `upgrades.soak`
        }
        if let reconcile = spec.nested("reconcile", allowed: ["drift"]) {
            platform.drift = reconcile.choice("drift") ?? .report
        }
        if let identity = spec.nested("identity", allowed: ["groups", "domain"]) {
            let naming: GroupNaming = identity.choice("groups", required: true) ?? .oidc
            let domain = identity.string("domain", required: naming == .vsphereSSO,
                                         hint: "the vSphere SSO domain groups come from, e.g. vsphere.local")
            if naming == .vsphereSSO, let domain { platform.identity = .vsphereSSO(domain: domain) }
            if naming == .oidc, domain != nil {
                sink.error(at: identity.locations["identity.domain"], "'spec.identity.domain' applies only to 'groups: vsphere-sso'",
                           hint: "remove it, or set 'groups: vsphere-sso' to bind groups as sso:GROUP@DOMAIN")
            }
            platform.locations = spec.locations  // now with `identity`
        }
        if let notifications = spec.nested("notifications", allowed: ["dashboard", "receivers"]) {
            platform.notifications = NotificationsDecoder(file: file, sink: sink).decode(notifications)
            platform.locations = spec.locations  // now with `notifications`
        }
        return platform
    }

    private func decodeExtension(_ reader: MappingReader) -> CatalogExtension {
        let versions = reader.mappings("versions", allowed: ["version", "kubernetes"], required: true,
                                       hint: "list the package versions the platform allows")
            .map { version in
                ExtensionVersion(version: version.string("version", required: true) ?? "",
                                 kubernetes: version.string("kubernetes", required: true,
                                                            hint: "the Kubernetes versions it supports, e.g. \">=1.25 <1.29\"") ?? "",
                                 locations: version.locations)
            }
        var values: JSONValue?
        if let node = reader.node("values") {
            if case .mapping = node { values = node.jsonValue } else {
                sink.error(at: node.location(in: file), "'\(reader.path).values' must be a mapping, found \(node.shapeName)",
                           hint: "write the package's values as YAML keys under 'values:'")
            }
        }
        var entry = CatalogExtension(name: reader.string("name", required: true) ?? "",
                                     package: reader.string("package", required: true, hint: "the Tanzu package name, e.g. cert-manager.tanzu.vmware.com") ?? "",
                                     versions: versions, values: values, locations: reader.locations)
        entry.namespace = reader.string("namespace")
        entry.podSecurity = reader.choice("podSecurity")
        entry.locations = reader.locations
        return entry
    }

    private func decodeBaseline(_ spec: MappingReader) -> Baseline {
        guard let reader = spec.nested("baseline", allowed: ["extensions", "monitoring", "logging", "alerting", "security", "ingress"],
                                        ownLocations: true)
        else { return Baseline(locations: FieldLocations(base: spec.locations["baseline"])) }
        var baseline = Baseline(locations: reader.locations)
        baseline.extensions = reader.strings("extensions")
        if let monitoring = reader.nested("monitoring", allowed: ["remoteWrite", "namespace"]) {
            baseline.monitoringRemoteWrite = monitoring.string("remoteWrite")
            baseline.monitoringNamespace = monitoring.string("namespace") ?? Baseline.defaultMonitoringNamespace
        }
        if let logging = reader.nested("logging", allowed: ["syslog"]) {
            baseline.loggingSyslog = logging.string("syslog")
        }
        if let alerting = reader.nested("alerting", allowed: ["alertmanager", "defaultReceiver", "rules", "receivers"]) {
            baseline.alertmanager = alerting.string("alertmanager")
            baseline.defaultReceiver = alerting.string("defaultReceiver")
            baseline.alertRules = alerting.mappings("rules", allowed: ["alert", "expr", "for", "severity", "summary"]).map { rule in
                AlertRule(alert: rule.string("alert", required: true, hint: "the alert's name, e.g. QueueBacklogHigh") ?? "",
                          expr: rule.string("expr", required: true, hint: "a PromQL expression, e.g. queue_depth > 1000") ?? "",
                          forDuration: rule.string("for") ?? "5m", severity: rule.string("severity") ?? "warning",
                          summary: rule.string("summary"), locations: rule.locations)
            }
            baseline.receivers = alerting.mappings("receivers", allowed: ["name", "webhook"]).map { receiver in
                AlertReceiver(name: receiver.string("name", required: true) ?? "", webhook: receiver.string("webhook"),
                              locations: receiver.locations)
            }
        }
        if let ingress = reader.nested("ingress", allowed: ["namespace"]) {
            baseline.ingressNamespace = ingress.string("namespace") ?? Baseline.defaultIngressNamespace
        }
        if let security = reader.nested("security", allowed: ["podSecurity", "defaultDenyNetwork", "allowedRegistries"]) {
            baseline.podSecurity = security.choice("podSecurity") ?? .restricted
            baseline.defaultDenyNetwork = security.bool("defaultDenyNetwork") ?? true
            baseline.allowedRegistries = security.strings("allowedRegistries")
        }
        baseline.locations = reader.locations
        return baseline
    }
}
