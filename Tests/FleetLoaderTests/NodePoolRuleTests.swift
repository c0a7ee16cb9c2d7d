import FleetLoader
import FleetModel
import Testing

/// Node pool labels, taints and drain timeouts: what the kubelet and the Node API accept, with positions.
@Suite("Node pool rules")
struct NodePoolRuleTests {
    static let pool = "      autoscaling: {min: 2, max: 5}\n"

    static func withPool(_ extra: String) throws -> ValidationResult {
        try FleetFixture([("clusters.yaml", pool, pool + extra)]).validate()
    }

    @Test("labels, taints and a drain timeout a team would write are valid and typed")
    func valid() throws {
        let result = try Self.withPool("""
                  labels: {shop.example/pool: workers, tier: batch, node.kubernetes.io/role: worker}
                  taints: [{key: shop.example/dedicated, value: batch, effect: NoSchedule}, {key: gpu, effect: NoExecute}]
                  nodeDrainTimeout: 1h30m
                  volumes:
                    - {name: containerd, mountPath: /var/lib/containerd, capacity: 50Gi}
                    - {name: kubelet, mountPath: /var/lib/kubelet, capacity: 20Gi, storageClass: vsan-gold}
                  failureDomain: zone-a

            """)
        let validated = try #require(result.validated, "\(result.diagnostics)")
        let pool = try #require(validated.fleet.clusters.first?.nodePools.first)
        #expect(pool.labels == ["shop.example/pool": "workers", "tier": "batch", "node.kubernetes.io/role": "worker"])
        #expect(pool.taints.map(\.key) == ["shop.example/dedicated", "gpu"])
        #expect(pool.taints.last?.value == nil && pool.taints.last?.effect == .noExecute)
        #expect(pool.drainTimeout?.seconds == 5400)
        #expect(pool.volumes.map(\.name) == ["containerd", "kubelet"])
        #expect(pool.volumes.map(\.storageClass) == [nil, "vsan-gold"])
        #expect(pool.failureDomain == "zone-a")
        #expect(validated.fleet.clusters.first?.storageClasses.contains("vsan-gold") == true, "a volume's storage class must be assigned to the namespace too")
    }

    @Test("a label key that is not a qualified name, a reserved namespace, or a bad value: an error at the label")
    func badLabels() throws {
        let key = try Self.withPool("      labels: {\"shop example/pool\": x}\n")
        expectDiagnostic(key, at: "clusters.yaml:17:37", saying: ["label key 'shop example/pool'", "prefix that is not a lower-case DNS name"])
        let reserved = try Self.withPool("      labels: {node-role.kubernetes.io/worker: \"\"}\n")
        expectDiagnostic(reserved, at: "clusters.yaml:17:48", saying: ["label 'node-role.kubernetes.io/worker' is in the kubernetes.io namespace"],
                         hint: ["node.kubernetes.io/"])
        let value = try Self.withPool("      labels: {tier: -batch-}\n")
        expectDiagnostic(value, at: "clusters.yaml:17:22", saying: ["label 'tier' has value '-batch-'", "does not start and end with a letter or digit"])
    }

    @Test("a taint with an unknown effect, a bad key or given twice: an error at the taint")
    func badTaints() throws {
        let effect = try Self.withPool("      taints: [{key: gpu, effect: NoScheduel}]\n")
        expectDiagnostic(effect, at: "clusters.yaml:17:35", saying: ["'spec.nodePools[0].taints[0].effect' is 'NoScheduel'"], hint: ["NoSchedule"])
        let key = try Self.withPool("      taints: [{key: a/b/c, effect: NoSchedule}]\n")
        expectDiagnostic(key, at: "clusters.yaml:17:22", saying: ["taint key 'a/b/c' has more than one '/'"])
        let twice = try Self.withPool("      taints: [{key: gpu, effect: NoSchedule}, {key: gpu, value: x, effect: NoSchedule}]\n")
        expectDiagnostic(twice, at: "clusters.yaml:17:54", saying: ["taint 'gpu' with effect NoSchedule is given twice"])
    }

    @Test("a drain timeout that is not a duration is an error with an example")
    func badDrainTimeout() throws {
        let result = try Self.withPool("      nodeDrainTimeout: ten minutes\n")
        expectDiagnostic(result, at: "clusters.yaml:17:25", saying: ["'nodeDrainTimeout' is 'ten minutes', which is not a duration"], hint: ["10m"])
    }

    @Test("a volume with a bad name, a path that is not plain or covers the node's system, a second mount at one path, or no size: an error at the field")
    func badVolumes() throws {
        let name = try Self.withPool("      volumes: [{name: Containerd, mountPath: /var/lib/containerd, capacity: 50Gi}]\n")
        expectDiagnostic(name, at: "clusters.yaml:17:24", saying: ["volume name 'Containerd' is not a DNS label"])
        let relative = try Self.withPool("      volumes: [{name: data, mountPath: var/lib/data, capacity: 50Gi}]\n")
        expectDiagnostic(relative, at: "clusters.yaml:17:41", saying: ["mountPath 'var/lib/data', which is not a plain absolute path"], hint: ["/var/lib/containerd"])
        let system = try Self.withPool("      volumes: [{name: data, mountPath: /var, capacity: 50Gi}]\n")
        expectDiagnostic(system, at: "clusters.yaml:17:41", saying: ["would be mounted over /var, which the node's system needs"])
        let twice = try Self.withPool("      volumes: [{name: a, mountPath: /data, capacity: 5Gi}, {name: b, mountPath: /data, capacity: 5Gi}]\n")
        expectDiagnostic(twice, at: "clusters.yaml:17:82", saying: ["two volumes are mounted at /data"])
        let size = try Self.withPool("      volumes: [{name: data, mountPath: /data, capacity: lots}]\n")
        expectDiagnostic(size, at: "clusters.yaml:17:58", saying: ["capacity 'lots', which is not a positive quantity"], hint: ["50Gi"])
        let missing = try Self.withPool("      volumes: [{name: data, capacity: 5Gi}]\n")
        #expect(missing.validated == nil, "a volume without a mountPath is refused")
    }

    @Test("a zone that is not a name, storage classes that leave out the default or repeat one, an unknown OS image, an Antrea feature gate that does not exist or Antrea settings on Calico: an error at the field")
    func badPlacement() throws {
        let zone = try Self.withPool("      failureDomain: Zone A\n")
        expectDiagnostic(zone, at: "clusters.yaml:17:22", saying: ["failureDomain 'Zone A' is not a vSphere Zone name"], hint: ["kubectl get zones"])
        let cluster = "  extensions: [external-dns]\n"
        let missing = try FleetFixture([("clusters.yaml", cluster, cluster + "  storageClasses: [vsan-gold]\n")]).validate()
        expectDiagnostic(missing, at: "clusters.yaml:21:19", saying: ["the default storage class 'vsan' is not among its storageClasses (vsan-gold)"],
                         hint: ["defaultStorageClass"])
        let valid = try FleetFixture([("clusters.yaml", cluster, cluster + "  storageClasses: [vsan, vsan-gold]\n  osImage: ubuntu\n")]).validate()
        let typed = try #require(valid.validated?.fleet.clusters.first, "\(valid.diagnostics)")
        #expect(typed.workloadStorageClasses == ["vsan", "vsan-gold"] && typed.osImage == .ubuntu)
        let network = "    services: 10.112.0.0/12\n  extensions: [external-dns]\n"
        let gates = try FleetFixture([("clusters.yaml", network, "    services: 10.112.0.0/12\n    antreaFeatures: {Egress: true, FlowExporter: false}\n  extensions: [external-dns]\n")]).validate()
        #expect(gates.validated?.fleet.clusters.first?.network.antreaFeatures == ["Egress": true, "FlowExporter": false], "\(gates.diagnostics)")
        let unknown = try FleetFixture([("clusters.yaml", network, "    services: 10.112.0.0/12\n    antreaFeatures: {Egres: true}\n  extensions: [external-dns]\n")]).validate()
        expectDiagnostic(unknown, at: "clusters.yaml:20:22", saying: ["Egres"], hint: ["Egress"])
        let calico = try FleetFixture([("clusters.yaml", network, "    services: 10.112.0.0/12\n    cni: calico\n    antreaFeatures: {Egress: true}\n  extensions: [external-dns]\n")]).validate()
        expectDiagnostic(calico, at: "clusters.yaml:21:21", saying: ["antreaFeatures are Antrea's, but the cluster's CNI is calico"])
        let image = try FleetFixture([("clusters.yaml", cluster, cluster + "  osImage: windows\n")]).validate()
        expectDiagnostic(image, at: "clusters.yaml:21:12", saying: ["'spec.osImage' is 'windows'"], hint: ["photon", "ubuntu"])
    }
}
