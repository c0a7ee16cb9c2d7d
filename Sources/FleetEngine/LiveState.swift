import FleetModel
import KubeClient

/// The objects a target already holds that carry this fleet's and cluster's ownership labels:
/// one LIST per kind instead of one GET per object.
struct LiveState: Sendable {
    var objects: [ObjectRef: KubeObject] = [:]
    /// Kinds the server does not serve, with the error that says so.
    var unserved: [String: KubeError] = [:]

    static func typeKey(_ ref: ObjectRef) -> String { "\(ref.apiVersion)|\(ref.kind)" }

    /// `namespace` restricts the lists to one namespace (a Supervisor, where peng may not list cluster-wide).
    static func load(kinds refs: [ObjectRef], fleet: String, cluster: String, namespace: String? = nil,
                     client: KubeClient) async throws -> LiveState
    {
        var kinds: [String: ObjectRef] = [:]
        for ref in refs { kinds[typeKey(ref)] = ref }
        let selector = OwnershipLabels.ownerSelector(fleet: fleet, cluster: cluster)
        return try await withThrowingTaskGroup(of: (String, [KubeObject]?, KubeError?).self) { group in
            for (key, ref) in kinds {
                group.addTask {
                    do {
                        let scoped = ref.namespace == nil ? nil : namespace
                        return (key, try await client.list(apiVersion: ref.apiVersion, kind: ref.kind, namespace: scoped,
                                                           labelSelector: selector), nil)
                    } catch let error as KubeError where error.code == .kindNotServed {
                        return (key, nil, error)
                    }
                }
            }
            var state = LiveState()
            for try await (key, objects, error) in group {
                if let error { state.unserved[key] = error }
                for object in objects ?? [] { state.objects[object.ref] = object }
            }
            return state
        }
    }

    func isServed(_ ref: ObjectRef) -> Bool { unserved[Self.typeKey(ref)] == nil }
}
