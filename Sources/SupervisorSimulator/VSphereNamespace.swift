import FleetModel
import KubeClient

/// FOR TESTS AND THE LOCAL DEMO ONLY. What vCenter makes on the Supervisor when an administrator creates a vSphere
/// Namespace and gives it VM classes and storage policies (Workload Management, Namespaces): the Namespace; one
/// namespaced `VirtualMachineClass` (vmoperator.vmware.com/v1alpha2, vSphere 8) per class bound to it; one StorageClass
/// per storage policy (cluster-scoped, provisioned by vSphere's CSI driver); and the namespace's storage quota, a
/// ResourceQuota with one `<class>.storageclass.storage.k8s.io/requests.storage` limit per assigned storage class —
/// which is how a Supervisor tells a namespace user which storage classes the namespace may use.
public struct VSphereNamespace: Sendable {
    public var name: String
    public var vmClasses: [String]
    public var storageClasses: [String]

    public init(_ name: String, vmClasses: [String] = Self.defaultVMClasses, storageClasses: [String] = Self.labStorageClasses) {
        self.name = name
        self.vmClasses = vmClasses
        self.storageClasses = storageClasses
    }

    /// The VM classes vSphere 8 comes with, with their CPUs and memory: best-effort-* (no reservation) and
    /// guaranteed-* (fully reserved), xsmall to 8xlarge.
    public static let defaultSizes: [(size: String, cpus: Int, memory: String)] = [
        ("xsmall", 2, "2Gi"), ("small", 2, "4Gi"), ("medium", 2, "8Gi"), ("large", 4, "16Gi"), ("xlarge", 4, "32Gi"),
        ("2xlarge", 8, "64Gi"), ("4xlarge", 16, "128Gi"), ("8xlarge", 32, "128Gi"),
    ]
    public static let defaultVMClasses = ["best-effort", "guaranteed"].flatMap { kind in defaultSizes.map { "\(kind)-\($0.size)" } }
    /// The storage classes the lab's vSphere Namespaces are given (the example fleet and the tests use these).
    public static let labStorageClasses = ["vsan-default", "vsan-gold"]

    /// Creates or updates it; the Supervisor must serve VirtualMachineClass (the simulator installs it).
    public func create(on supervisor: KubeClient) async throws {
        let manager = "peng-simulator"
        _ = try await supervisor.apply(KubeObject(apiVersion: "v1", kind: "Namespace", name: name), force: true, fieldManager: manager)
        for storageClass in storageClasses {
            var object = KubeObject(apiVersion: "storage.k8s.io/v1", kind: "StorageClass", name: storageClass)
            object["provisioner"] = "csi.vsphere.vmware.com"
            object["parameters"] = ["storagePolicyID": .string("policy-\(storageClass)")]
            _ = try await supervisor.apply(object, force: true, fieldManager: manager)
        }
        var quota = KubeObject(apiVersion: "v1", kind: "ResourceQuota", name: "\(name)-storagequota", namespace: name)
        quota["spec"] = ["hard": .stringMap(Dictionary(uniqueKeysWithValues: storageClasses.map { ("\($0)\(ClusterKinds.storageQuotaSuffix)", "9223372036854775807") }))]
        _ = try await supervisor.apply(quota, force: true, fieldManager: manager)
        for vmClass in vmClasses {
            var object = KubeObject(apiVersion: ClusterKinds.vmClass.apiVersion, kind: ClusterKinds.vmClass.kind, name: vmClass, namespace: name)
            let size = Self.defaultSizes.first { vmClass.hasSuffix("-\($0.size)") } ?? ("custom", 2, "4Gi")
            object["spec"] = ["hardware": ["cpus": .int(size.cpus), "memory": .string(size.memory)],
                              "description": .string("\(size.cpus) vCPUs, \(size.memory) memory")]
            _ = try await supervisor.apply(object, force: true, fieldManager: manager)
        }
    }
}
