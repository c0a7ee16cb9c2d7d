import FleetModel
import KubeClient

/// Deletes what peng recorded and no longer wants — only objects that still carry this fleet's ownership
/// labels, and a namespace only when it provably holds nothing peng does not own (see `NamespaceContents`).
struct Pruner: Sendable {
    var fleet: String
    var cluster: String

    struct Result: Sendable {
        var changes: [ObjectChange] = []
        /// Not deleted, and still peng's to delete later: they stay in the inventory.
        var stillRecorded: Set<ObjectRef> = []
    }

    func owns(_ object: KubeObject) -> Bool {
        OwnershipLabels.isOwned(object.labels, fleet: fleet, cluster: cluster)
    }

    /// Namespaces last, custom resources first: the reverse of apply order.
    func prune(_ refs: [ObjectRef], client: KubeClient) async -> Result {
        let ordered = refs.sorted { a, b in
            let pa = ApplyPhase(of: a), pb = ApplyPhase(of: b)
            return pa == pb ? a < b : pa > pb
        }
        var result = Result()
        for ref in ordered {
            let change = await prune(ref, client: client)
            result.changes.append(change)
            if change.action == .failed || change.reason?.keepsRecorded == true { result.stillRecorded.insert(ref) }
        }
        return result
    }

    private func prune(_ ref: ObjectRef, client: KubeClient) async -> ObjectChange {
        do {
            guard let live = try await client.get(ref) else { return ObjectChange(ref: ref, action: .prune, message: "already gone") }
            guard owns(live) else {
                return ObjectChange(ref: ref, action: .skipped, message: "no longer carries this fleet's ownership labels; left alone",
                                    reason: .disowned)
            }
            if ref.groupKind == .namespace {
                let contents = try await NamespaceContents.read(ref.name, owns: { [self] in self.owns($0) }, client: client)
                if let held = contents.holdBack(ref.name) { return held }
            }
            try await client.delete(ref)
            return ObjectChange(ref: ref, action: .prune)
        } catch {
            return ObjectChange(ref: ref, action: .failed, message: "prune failed: \(EngineError(error).message)",
                                hint: "it stays recorded; a re-run tries again", error: EngineError(error))
        }
    }
}
