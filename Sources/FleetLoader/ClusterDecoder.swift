import FleetModel
internal import Yams

/// `kind: Cluster` spec -> Cluster.
struct ClusterDecoder {
    let file: String
    let sink: DiagnosticSink

    static let specFields = ["stage", "supervisor", "vsphereNamespace", "kubernetes", "tenancy", "team", "controlPlane",
                             "nodePools", "network", "extensions", "defaultStorageClass", "storageClasses", "osImage", "context", "dns"]

    func decode(_ node: Node, name: String, nameAt nameLocation: SourceLocation) -> Cluster? {
        guard let spec = MappingReader(node, file: file, path: "spec", allowed: Self.specFields, sink: sink) else { return nil }
        spec.recorder.record("metadata.name", nameLocation)
        let stage = spec.string("stage", required: true, hint: "name one of the Platform's stages") ?? ""
        let supervisor = spec.string("supervisor", required: true, hint: "name one of the Platform's supervisors") ?? ""
        let vsphereNamespace = spec.string("vsphereNamespace", required: true,
                                           hint: "the vSphere Namespace on the Supervisor that holds this cluster") ?? ""
        let kubernetes = spec.string("kubernetes", required: true, hint: "a release prefix such as v1.27, or a full version") ?? ""
        let tenancy: Tenancy = spec.choice("tenancy") ?? .shared
        let team = spec.string("team")

        var controlPlane = ControlPlane(replicas: 3, vmClass: "", storageClass: "")
        if let reader = spec.nested("controlPlane", allowed: ["replicas", "vmClass", "storageClass"], required: true,
                                    hint: "add controlPlane: {replicas: 3, vmClass: ..., storageClass: ...}")
        {
            controlPlane.replicas = reader.int("replicas") ?? 3
            controlPlane.vmClass = reader.string("vmClass", required: true) ?? ""
            controlPlane.storageClass = reader.string("storageClass", required: true) ?? ""
        }
        let nodePools = spec.mappings("nodePools", allowed: ["name", "replicas", "vmClass", "storageClass", "autoscaling", "labels", "taints",
                                                           "nodeDrainTimeout", "volumes", "failureDomain"],
                                      required: true, hint: "add at least one node pool for the workers")
            .map(decodeNodePool)
        let network = decodeNetwork(spec)
        var cluster = Cluster(name: name, stage: stage, supervisor: supervisor, vsphereNamespace: vsphereNamespace,
                       kubernetes: kubernetes, tenancy: tenancy, team: team, controlPlane: controlPlane,
                       nodePools: nodePools, network: network, extensions: spec.strings("extensions"),
                       defaultStorageClass: spec.string("defaultStorageClass"), locations: spec.locations)
        cluster.context = spec.string("context")
        cluster.workloadStorageClasses = spec.strings("storageClasses")
        cluster.osImage = spec.choice("osImage")
        cluster.locations = spec.locations  // with the fields read since the cluster was made
        if let dns = spec.nested("dns", allowed: ["provider", "domainFilters", "sources", "credentials"], ownLocations: true) {
            let credentials = dns.nested("credentials", allowed: ["secret", "keys"])
            cluster.dns = ExternalDNS(provider: dns.string("provider", required: true, hint: "an external-dns provider, e.g. rfc2136 or aws") ?? "",
                                      domainFilters: dns.strings("domainFilters", required: true, hint: "the zones external-dns may write, e.g. [int.shop.example.internal]"),
                                      sources: dns.node("sources") == nil ? ["service", "ingress"] : dns.strings("sources"),
                                      credentialsSecret: credentials?.string("secret", required: true, hint: "the name of a Secret made outside Git"),
                                      credentialKeys: credentials?.strings("keys") ?? [], locations: dns.locations)
        }
        return cluster
    }

    private func decodeNodePool(_ reader: MappingReader) -> NodePool {
        var autoscaling: Autoscaling?
        if let scaling = reader.nested("autoscaling", allowed: ["min", "max"]) {
            if let min = scaling.int("min", required: true), let max = scaling.int("max", required: true) {
                autoscaling = Autoscaling(min: min, max: max)
            }
        }
        var pool = NodePool(name: reader.string("name", required: true) ?? "",
                            replicas: reader.int("replicas", required: true) ?? 1,
                            vmClass: reader.string("vmClass", required: true) ?? "",
                            storageClass: reader.string("storageClass", required: true) ?? "",
                            autoscaling: autoscaling, locations: reader.locations)
        pool.labels = reader.stringMap("labels")
        pool.taints = reader.mappings("taints", allowed: ["key", "value", "effect"]).compactMap { taint in
            let key = taint.string("key", required: true, hint: "the taint's key, e.g. dedicated")
            let effect: NodeTaint.Effect? = taint.choice("effect", required: true, hint: "NoSchedule, PreferNoSchedule or NoExecute")
            guard let key, let effect else { return nil }
            return NodeTaint(key: key, value: taint.string("value"), effect: effect, locations: taint.locations)
        }
        if let text = reader.string("nodeDrainTimeout") {
            pool.drainTimeout = TimeSpan(text)
            if pool.drainTimeout == nil {
                sink.error(at: reader.locations["nodeDrainTimeout"], "'nodeDrainTimeout' is '\(text)', which is not a duration",
                           hint: "write a Go-style duration, e.g. 10m or 1h30m")
            }
        }
        pool.failureDomain = reader.string("failureDomain")
        pool.volumes = reader.mappings("volumes", allowed: ["name", "mountPath", "capacity", "storageClass"]).compactMap { volume in
            let name = volume.string("name", required: true, hint: "a name for the disk, e.g. containerd")
            let mountPath = volume.string("mountPath", required: true, hint: "where the node mounts it, e.g. /var/lib/containerd")
            let capacity = volume.string("capacity", required: true, hint: "its size, e.g. 50Gi")
            guard let name, let mountPath, let capacity else { return nil }
            return NodeVolume(name: name, mountPath: mountPath, capacity: capacity, storageClass: volume.string("storageClass"),
                              locations: volume.locations)
        }
        // The locations recorded while reading labels and taints.
        pool.locations = reader.locations
        return pool
    }

    private func decodeNetwork(_ spec: MappingReader) -> ClusterNetwork {
        guard let reader = spec.nested("network", allowed: ["cni", "pods", "services", "serviceDomain", "proxy", "trustedCAs", "antreaFeatures"],
                                       required: true, hint: "add network: with cni, pods and services CIDRs")
        else { return ClusterNetwork(pods: "", services: "") }
        var network = ClusterNetwork(
            cni: reader.choice("cni") ?? .antrea,
            pods: reader.string("pods", required: true, hint: "the pod CIDR, e.g. 192.168.0.0/16") ?? "",
            services: reader.string("services", required: true, hint: "the service CIDR, e.g. 10.112.0.0/12") ?? "",
            serviceDomain: reader.string("serviceDomain") ?? "cluster.local")
        if let proxy = reader.nested("proxy", allowed: ["httpProxy", "httpsProxy", "noProxy"]) {
            network.proxy = Proxy(httpProxy: proxy.string("httpProxy"), httpsProxy: proxy.string("httpsProxy"),
                                  noProxy: proxy.strings("noProxy"))
        }
        network.trustedCAs = reader.mappings("trustedCAs", allowed: ["name", "pem"]).map { ca in
            TrustedCA(name: ca.string("name", required: true) ?? "",
                      pem: ca.string("pem", required: true, hint: "the CA certificate in PEM form") ?? "", locations: ca.locations)
        }
        if let features = reader.nested("antreaFeatures", allowed: CNI.antreaFeatureGates) {
            for gate in CNI.antreaFeatureGates { network.antreaFeatures[gate] = features.bool(gate) }
        }
        return network
    }
}
