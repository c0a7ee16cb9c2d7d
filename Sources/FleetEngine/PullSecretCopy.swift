import FleetModel
import FleetRender
import KubeClient

/// A private registry's pull secret for the package repository. No credential is in Git or in what peng renders: the
/// platform team creates the Secret once in each vSphere Namespace (as TKGS expects registry credentials there), and
/// each plan and apply of a cluster copies it into the repository's namespace on the cluster, under the same name,
/// owned and pruned by peng like any object it renders. Its values are never printed (diffs mask Secrets).
enum PullSecretCopy {
    /// The cluster's own objects with the copy added; unchanged when the Platform names no pull secret or the cluster
    /// gets no repository. Throws when the Secret cannot be read from the vSphere Namespace, or is not a pull secret.
    static func adding(to target: ClusterTarget, fleet: Fleet, supervisor: KubeClient?, connector: TargetConnector) async throws -> RenderTarget {
        var onCluster = target.onCluster
        guard let name = fleet.platform.packageRepository?.pullSecret,
              onCluster.objects.contains(where: { $0.groupKind == .packageRepository }) else { return onCluster }
        let client = try supervisor ?? connector.supervisorClient(target.supervisor, fleet: fleet)
        let ref = ObjectRef(apiVersion: "v1", kind: "Secret", namespace: target.vsphereNamespace, name: name)
        let hint = "create it once in the vSphere Namespace: kubectl create secret docker-registry \(name) -n \(target.vsphereNamespace) --docker-server=REGISTRY --docker-username=USER --docker-password=... (peng copies it to every cluster there)"
        guard let source = try await client.get(ref) else {
            throw EngineError(.pullSecretMissing,
                              "the package repository's pull secret '\(name)' is not in vSphere Namespace '\(target.vsphereNamespace)' on Supervisor '\(target.supervisor)'",
                              object: ref, hint: hint)
        }
        let type = source["type"]?.stringValue ?? ""
        guard type == Self.type, let data = source["data"], data[Self.key] != nil else {
            throw EngineError(.pullSecretMissing,
                              "the package repository's pull secret '\(name)' in vSphere Namespace '\(target.vsphereNamespace)' is of type '\(type)' without '\(Self.key)', not a registry pull secret",
                              object: ref, hint: hint)
        }
        var copy = KubeObject(apiVersion: "v1", kind: "Secret", name: name, namespace: Packaging.namespace,
                              labels: OwnershipLabels.labels(fleet: fleet.platform.name, cluster: target.name, stage: target.stage))
        copy["type"] = .string(Self.type)
        copy["data"] = [Self.key: data[Self.key]!]
        // Before the repository that fetches with it: objects keep their order within a phase.
        let index = onCluster.objects.firstIndex { $0.groupKind == .packageRepository } ?? onCluster.objects.endIndex
        onCluster.objects.insert(copy, at: index)
        return onCluster
    }

    static let type = "kubernetes.io/dockerconfigjson"
    static let key = ".dockerconfigjson"
}
