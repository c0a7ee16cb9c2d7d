import FleetModel
import KubeClient

/// What a namespace holds besides peng's own objects — decided only from complete information. A namespace may be
/// deleted only when every namespaced kind the server serves was listed and none holds a foreign object: a kind
/// that could not be listed (no right, a timeout) may hide someone's database Secret.
struct NamespaceContents: Sendable {
    /// Objects peng does not own (besides what Kubernetes puts in every namespace).
    var foreign: [ObjectRef] = []
    /// Kinds that could not be listed, with the error.
    var unchecked: [(resource: APIResource, error: KubeError)] = []

    var isSafeToDelete: Bool { foreign.isEmpty && unchecked.isEmpty }

    /// Objects Kubernetes creates in every namespace by itself; they do not make a namespace "in use".
    static func isAutomatic(_ object: KubeObject) -> Bool {
        switch (object.groupKind, object.name) {
        case (.serviceAccount, "default"), (.configMap, "kube-root-ca.crt"): return true
        case (GroupKind("", "Event"), _), (GroupKind("events.k8s.io", "Event"), _), (GroupKind("", "Endpoints"), _),
             (GroupKind("discovery.k8s.io", "EndpointSlice"), _), (GroupKind("coordination.k8s.io", "Lease"), _):
            return true
        case (.secret, _): return object["type"]?.stringValue == "kubernetes.io/service-account-token"
        default: return false
        }
    }

    /// Lists every namespaced kind in `namespace`. Throws only when the kinds themselves cannot be discovered.
    static func read(_ namespace: String, owns: @escaping @Sendable (KubeObject) -> Bool, client: KubeClient) async throws -> NamespaceContents {
        let resources = try await client.allNamespacedListableResources()
        return await withTaskGroup(of: (APIResource, Result<[ObjectRef], KubeError>).self, returning: NamespaceContents.self) { group in
            for resource in resources {
                group.addTask {
                    do {
                        let objects = try await client.list(apiVersion: resource.groupVersion, kind: resource.kind, namespace: namespace)
                        return (resource, .success(objects.filter { !owns($0) && !isAutomatic($0) }.map(\.ref)))
                    } catch let error as KubeError {
                        return (resource, .failure(error))
                    } catch {
                        return (resource, .failure(KubeError(.unexpected, String(describing: error))))
                    }
                }
            }
            var contents = NamespaceContents()
            for await (resource, result) in group {
                switch result {
                case .success(let refs): contents.foreign += refs
                case .failure(let error): contents.unchecked.append((resource, error))
                }
            }
            contents.foreign.sort()
            contents.unchecked.sort { ($0.resource.groupVersion, $0.resource.name) < ($1.resource.groupVersion, $1.resource.name) }
            return contents
        }
    }

    /// Why the namespace stays, and what would let peng prune it; nil when it may go.
    func holdBack(_ namespace: String) -> ObjectChange? {
        let ref = ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: namespace)
        if !unchecked.isEmpty {
            let kinds = unchecked.map { Self.resourceName($0.resource) }
            let reasons = unchecked.prefix(3).map { "cannot list \(Self.resourceName($0.resource)) in namespace \(namespace): \(Self.short($0.error))" }
            let grant = unchecked.allSatisfy { $0.error.code == .forbidden }
                ? "grant peng list on \(kinds.joined(separator: ", ")) or delete the namespace by hand"
                : "make sure peng can list \(kinds.joined(separator: ", ")) there, or delete the namespace by hand"
            return ObjectChange(ref: ref, action: .skipped,
                                message: "not pruned: peng could not check everything it holds (\(reasons.joined(separator: "; "))"
                                    + "\(unchecked.count > 3 ? "; and \(unchecked.count - 3) more kinds" : ""))",
                                hint: "\(grant); it stays recorded and a later apply prunes it", reason: .namespaceUnchecked)
        }
        if !foreign.isEmpty {
            let names = foreign.prefix(5).map(\.description).joined(separator: ", ")
            return ObjectChange(ref: ref, action: .skipped,
                                message: "not pruned: holds \(foreign.count) object\(foreign.count == 1 ? "" : "s") peng does not own (\(names)\(foreign.count > 5 ? ", …" : ""))",
                                hint: "move or delete those objects; it stays recorded and the next apply prunes the namespace",
                                reason: .namespaceInUse)
        }
        return nil
    }

    /// `secrets`, `packageinstalls.packaging.carvel.dev`: how RBAC names a resource.
    static func resourceName(_ resource: APIResource) -> String {
        let group = resource.groupVersion.contains("/") ? String(resource.groupVersion.split(separator: "/")[0]) : ""
        return group.isEmpty ? resource.name : "\(resource.name).\(group)"
    }

    private static func short(_ error: KubeError) -> String {
        switch error.code {
        case .forbidden: "forbidden"
        case .unauthorized: "unauthorized"
        default: error.message
        }
    }
}
