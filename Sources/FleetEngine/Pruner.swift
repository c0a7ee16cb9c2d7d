import FleetModel
import KubeClient

/// Deletes what peng recorded and no longer wants — only objects that still carry this fleet's ownership
/// labels, and a namespace only when it holds nothing peng does not own.
struct Pruner: Sendable {
    var fleet: String
    var cluster: String

    /// Objects Kubernetes creates in every namespace by itself; they do not make a namespace "in use".
    static func isAutomatic(_ object: KubeObject) -> Bool {
        switch (object.kind, object.name) {
        case ("ServiceAccount", "default"), ("ConfigMap", "kube-root-ca.crt"): return true
        case ("Event", _), ("Endpoints", _), ("EndpointSlice", _), ("Lease", _): return true
        case ("Secret", _): return object["type"]?.stringValue == "kubernetes.io/service-account-token"
        default: return false
        }
    }

    func owns(_ object: KubeObject) -> Bool {
        OwnershipLabels.isOwned(object.labels, fleet: fleet, cluster: cluster)
    }

    /// Namespaces last, custom resources first: the reverse of apply order.
    func prune(_ refs: [ObjectRef], client: KubeClient) async -> [ObjectChange] {
        let ordered = refs.sorted { a, b in
            let pa = ApplyPhase(of: a), pb = ApplyPhase(of: b)
            return pa == pb ? a < b : pa > pb
        }
        var changes: [ObjectChange] = []
        for ref in ordered {
            changes.append(await prune(ref, client: client))
        }
        return changes
    }

    private func prune(_ ref: ObjectRef, client: KubeClient) async -> ObjectChange {
        do {
            guard let live = try await client.get(ref) else { return ObjectChange(ref: ref, action: .prune, message: "already gone") }
            guard owns(live) else {
                return ObjectChange(ref: ref, action: .skipped, message: "no longer carries this fleet's ownership labels; left alone")
            }
            if ref.kind == "Namespace", ref.group.isEmpty {
                let foreign = try await foreignObjects(in: ref.name, client: client)
                if !foreign.isEmpty {
                    let names = foreign.prefix(5).map(\.description).joined(separator: ", ")
                    return ObjectChange(ref: ref, action: .skipped,
                                        message: "holds \(foreign.count) object\(foreign.count == 1 ? "" : "s") peng does not own (\(names)); left alone",
                                        hint: "move or delete those objects, then run apply again to prune the namespace")
                }
            }
            try await client.delete(ref)
            return ObjectChange(ref: ref, action: .prune)
        } catch {
            return ObjectChange(ref: ref, action: .failed, message: "prune failed: \(error)", hint: "it stays recorded; a re-run tries again")
        }
    }

    private func foreignObjects(in namespace: String, client: KubeClient) async throws -> [ObjectRef] {
        var foreign: [ObjectRef] = []
        for resource in try await client.allNamespacedListableResources() {
            let objects = (try? await client.list(apiVersion: resource.groupVersion, kind: resource.kind, namespace: namespace)) ?? []
            foreign += objects.filter { !owns($0) && !Self.isAutomatic($0) }.map(\.ref)
        }
        return foreign.sorted()
    }
}
