import FleetModel

/// What a Cluster becomes on its Supervisor: a TanzuKubernetesCluster, or a Cluster API Cluster on the
/// `tanzukubernetescluster` ClusterClass — plus the Secret of additional trusted CAs when it has any.
struct SupervisorObjects {
    let fleet: Fleet
    let cluster: Cluster
    let release: ResolvedRelease
    let network: ResolvedNetwork

    static let autoscalerMin = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size"
    static let autoscalerMax = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"

    var labels: [String: String] {
        OwnershipLabels.labels(fleet: fleet.platform.name, cluster: cluster.name, stage: cluster.stage, team: cluster.team)
    }

    var trustSecretName: String { "\(cluster.name)-user-trusted-ca-secret" }

    func objects() -> [KubeObject] {
        // TKGS reads a cluster's Antrea settings when it installs Antrea on it: the AntreaConfig comes first.
        var objects = cluster.network.antreaFeatures.isEmpty ? [] : [antreaConfig()]
        objects.append(fleet.platform.clusterAPI == .tanzu ? tanzuKubernetesCluster() : clusterClassCluster())
        if !cluster.network.trustedCAs.isEmpty { objects.append(trustedCASecret()) }
        return objects
    }

    private func tanzuKubernetesCluster() -> KubeObject {
        var tkc = KubeObject(apiVersion: "run.tanzu.vmware.com/v1alpha3", kind: "TanzuKubernetesCluster",
                             name: cluster.name, namespace: cluster.vsphereNamespace, labels: labels, annotations: osImageAnnotation)
        let nodePools: [JSONValue] = cluster.nodePools.map { pool in
            var value: JSONValue = ["name": .string(pool.name), "replicas": .int(pool.replicas), "vmClass": .string(pool.vmClass),
                                    "storageClass": .string(pool.storageClass)]
            // The TanzuKubernetesCluster node pool spells them as the Node API does: a label map, taints as objects.
            if !pool.labels.isEmpty { value["labels"] = .stringMap(pool.labels) }
            if !pool.taints.isEmpty { value["taints"] = .array(pool.taints.map(Self.taint)) }
            if let drain = pool.drainTimeout { value["nodeDrainTimeout"] = .string(drain.description) }
            if !pool.volumes.isEmpty { value["volumes"] = .array(pool.volumes.map { Self.volume($0, storageClass: pool.storageClass) }) }
            if let zone = pool.failureDomain { value["failureDomain"] = .string(zone) }
            return value
        }
        var network: JSONValue = [
            "cni": ["name": .string(cluster.network.cni.rawValue)],
            "pods": ["cidrBlocks": .strings([network.pods.description])],
            "services": ["cidrBlocks": .strings([network.services.description])],
            "serviceDomain": .string(cluster.network.serviceDomain),
        ]
        if let proxy = proxyValue() { network["proxy"] = proxy }
        if !cluster.network.trustedCAs.isEmpty {
            network["trust"] = ["additionalTrustedCAs": .array(cluster.network.trustedCAs.map { ["name": .string($0.name)] })]
        }
        tkc["spec"] = [
            "topology": [
                "controlPlane": [
                    "replicas": .int(cluster.controlPlane.replicas), "vmClass": .string(cluster.controlPlane.vmClass),
                    "storageClass": .string(cluster.controlPlane.storageClass),
                ],
                "nodePools": .array(nodePools),
            ],
            "settings": [
                "storage": storageSettings,
                "network": network,
            ],
        ]
        return ClusterKinds.placing(release.version, in: tkc)
    }

    private func clusterClassCluster() -> KubeObject {
        // Antrea is the ClusterClass default; another CNI is chosen by annotation.
        var annotations = osImageAnnotation
        if cluster.network.cni != .antrea { annotations["tkg.tanzu.vmware.com/cni"] = cluster.network.cni.rawValue }
        var object = KubeObject(apiVersion: "cluster.x-k8s.io/v1beta1", kind: "Cluster", name: cluster.name,
                                namespace: cluster.vsphereNamespace, labels: labels, annotations: annotations)
        let machineDeployments: [JSONValue] = cluster.nodePools.map { pool in
            var overrides: [JSONValue] = [
                ["name": "vmClass", "value": .string(pool.vmClass)],
                ["name": "storageClass", "value": .string(pool.storageClass)],
            ]
            // The tanzukubernetescluster ClusterClass takes node labels and taints as variables of the pool, as
            // lists (TKG Service's ClusterClass variables nodePoolLabels and nodePoolTaints).
            if !pool.labels.isEmpty {
                overrides.append(["name": "nodePoolLabels", "value": .array(pool.labels.sorted { $0.key < $1.key }.map {
                    ["key": .string($0.key), "value": .string($0.value)]
                })])
            }
            if !pool.taints.isEmpty { overrides.append(["name": "nodePoolTaints", "value": .array(pool.taints.map(Self.taint))]) }
            // Extra disks: TKG Service's ClusterClass variable nodePoolVolumes, spelt as the TanzuKubernetesCluster's.
            if !pool.volumes.isEmpty {
                overrides.append(["name": "nodePoolVolumes", "value": .array(pool.volumes.map { Self.volume($0, storageClass: pool.storageClass) })])
            }
            var deployment: JSONValue = [
                "class": "node-pool", "name": .string(pool.name),
                "variables": ["overrides": .array(overrides)],
            ]
            // Cluster API's own fields of a machine deployment topology.
            if let drain = pool.drainTimeout { deployment["nodeDrainTimeout"] = .string(drain.description) }
            if let zone = pool.failureDomain { deployment["failureDomain"] = .string(zone) }
            if let scaling = pool.autoscaling {
                // The cluster autoscaler owns the size; replicas stays unset so the two never fight.
                deployment["metadata"] = ["annotations": .stringMap([
                    Self.autoscalerMin: String(scaling.min), Self.autoscalerMax: String(scaling.max),
                ])]
            } else {
                deployment["replicas"] = .int(pool.replicas)
            }
            return deployment
        }
        var variables: [JSONValue] = [
            ["name": "vmClass", "value": .string(cluster.controlPlane.vmClass)],
            ["name": "storageClass", "value": .string(cluster.controlPlane.storageClass)],
            ["name": "defaultStorageClass", "value": .string(defaultStorageClass)],
        ]
        if !cluster.workloadStorageClasses.isEmpty { variables.append(["name": "storageClasses", "value": .strings(cluster.workloadStorageClasses)]) }
        if let proxy = proxyValue() { variables.append(["name": "proxy", "value": proxy]) }
        if !cluster.network.trustedCAs.isEmpty {
            variables.append(["name": "trust", "value": ["additionalTrustedCAs": .array(
                cluster.network.trustedCAs.map { ["name": .string($0.name)] })]])
        }
        object["spec"] = [
            "clusterNetwork": [
                "pods": ["cidrBlocks": .strings([network.pods.description])],
                "services": ["cidrBlocks": .strings([network.services.description])],
                "serviceDomain": .string(cluster.network.serviceDomain),
            ],
            "topology": [
                "class": "tanzukubernetescluster",
                "controlPlane": ["replicas": .int(cluster.controlPlane.replicas)],
                "workers": ["machineDeployments": .array(machineDeployments)],
                "variables": .array(variables),
            ],
        ]
        return ClusterKinds.placing(release.version, in: object)
    }

    /// A node volume as TKGS spells it: a capacity map with `storage`, and the storage class (the pool's by default,
    /// written out so the Supervisor never has to guess).
    static func volume(_ volume: NodeVolume, storageClass: String) -> JSONValue {
        ["name": .string(volume.name), "mountPath": .string(volume.mountPath), "capacity": ["storage": .string(volume.capacity)],
         "storageClass": .string(volume.storageClass ?? storageClass)]
    }

    /// The cluster's Antrea settings as TKGS takes them: an AntreaConfig named `<cluster>-antrea-package` in its vSphere
    /// Namespace (tanzu-framework's cni.tanzu.vmware.com/v1alpha1), on either cluster API.
    private func antreaConfig() -> KubeObject {
        var config = KubeObject(apiVersion: "cni.tanzu.vmware.com/v1alpha1", kind: "AntreaConfig", name: "\(cluster.name)-antrea-package",
                                namespace: cluster.vsphereNamespace, labels: labels)
        config["spec"] = ["antrea": ["config": ["featureGates": .object(cluster.network.antreaFeatures.mapValues { .bool($0) })]]]
        return config
    }

    /// A taint as the Node API spells it (`value` only when given).
    static func taint(_ taint: NodeTaint) -> JSONValue {
        var value: JSONValue = ["key": .string(taint.key), "effect": .string(taint.effect.rawValue)]
        if let text = taint.value { value["value"] = .string(text) }
        return value
    }

    private var defaultStorageClass: String { cluster.defaultStorageClass ?? cluster.controlPlane.storageClass }

    /// The storage classes made available inside the cluster, and its default.
    private var storageSettings: JSONValue {
        var storage: JSONValue = ["defaultClass": .string(defaultStorageClass)]
        if !cluster.workloadStorageClasses.isEmpty { storage["classes"] = .strings(cluster.workloadStorageClasses) }
        return storage
    }

    /// TKGS picks the node image from the release by this annotation (`os-name=photon` is its default); both cluster
    /// APIs read it.
    private var osImageAnnotation: [String: String] {
        cluster.osImage.map { [Self.osImageKey: "os-name=\($0.rawValue)"] } ?? [:]
    }

    static let osImageKey = "run.tanzu.vmware.com/resolve-os-image"

    private func proxyValue() -> JSONValue? {
        guard let proxy = cluster.network.proxy else { return nil }
        var value: [String: JSONValue] = [:]
        if let http = proxy.httpProxy { value["httpProxy"] = .string(http) }
        if let https = proxy.httpsProxy { value["httpsProxy"] = .string(https) }
        if !proxy.noProxy.isEmpty { value["noProxy"] = .strings(proxy.noProxy) }
        return .object(value)
    }

    /// TKGS reads additional CAs from `<cluster>-user-trusted-ca-secret`: each key a CA name,
    /// each value the PEM base64-encoded twice (once for the Secret, once as TKGS expects).
    private func trustedCASecret() -> KubeObject {
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: trustSecretName,
                                namespace: cluster.vsphereNamespace, labels: labels)
        secret["type"] = "Opaque"
        secret["data"] = .stringMap(Dictionary(cluster.network.trustedCAs.map {
            ($0.name, Base64.encode(Array(Base64.encode(Array($0.pem.utf8)).utf8)))
        }, uniquingKeysWith: { a, _ in a }))
        return secret
    }
}
