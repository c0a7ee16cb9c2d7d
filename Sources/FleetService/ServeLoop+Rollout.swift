import FleetEngine
import FleetModel
import FleetNotify
import Foundation
import KubeClient

/// The rollout side of the loop: one engine session per revision, its apply recorded in the history before and after,
/// and each cluster's status (with drift) after it.
extension ServeLoop {
    /// Applies a revision, recorded in the history before and after; cancelled when leadership is lost.
    func apply(_ revision: LoadedRevision, trigger: RevisionRecord.Trigger) async -> String {
        var record = RevisionRecord(commit: revision.commit, trigger: trigger, outcome: .applying, replica: snapshot.replica, started: Self.now())
        snapshot.applying = record.id
        await remember(record)
        // A drift correction tells only what went wrong on the way; its success is one drift-corrected notice.
        let session = session(revision, events: noticeEvents(revision, onlyProblems: trigger == .drift)), connector = connector
        let task = Task { await session.apply(connector: connector) }
        applyTask = task
        let report = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        applyTask = nil
        snapshot.applying = nil
        record.record(report, finished: Self.now())
        if record.outcome == .applied { snapshot.lastApplied = record.finished; metrics.applied(at: record.finished!) }
        // Written even when leadership was just lost: the record only says what this replica did.
        await remember(record)
        return record.outcome.rawValue
    }

    /// The engine session for a revision, the one serve's apply, drift pass and API plans share. With
    /// `reconcile.drift: correct` Git wins: fields another manager changed are taken back (server-side apply with
    /// force). With `report`, such a conflict stops the cluster as it does for `peng apply`.
    nonisolated func session(_ revision: LoadedRevision, events: @escaping EngineEvents = { _ in }) -> EngineSession {
        var options = settings.engine
        options.revision = revision.commit.sha
        if revision.fleet.platform.drift == .correct { options.forceConflicts = true }
        return EngineSession(fleet: revision.validated, rendered: revision.rendered, options: options, events: events)
    }

    func collectStatus(_ revision: LoadedRevision) async {
        let rows = await session(revision).status(connector: connector)
        noticeStatus(revision, before: snapshot.clusters, after: rows)
        snapshot.clusters = rows
        snapshot.pending = Dictionary(uniqueKeysWithValues: rows.map { ($0.cluster, $0.pendingChanges ?? 0) })
        snapshot.lastStatus = Self.now()
        snapshot.ready = true
        metrics.clusters(rows)
        trackReach(rows)
    }

    /// Puts a record first in the history (replacing an earlier state of it) and saves the history when leading.
    func remember(_ record: RevisionRecord) async {
        var record = record
        // Deliveries recorded while an apply ran are kept when the apply writes its end.
        if let earlier = snapshot.history.first(where: { $0.id == record.id })?.notified {
            record.notified = Array(Set(earlier + (record.notified ?? []))).sorted()
        }
        snapshot.history.removeAll { $0.id == record.id }
        snapshot.history.insert(record, at: 0)
        if snapshot.history.count > store.limit { snapshot.history.removeLast(snapshot.history.count - store.limit) }
        let history = snapshot.history, store = store
        do {
            // Not cancelled with the pass: the record of an apply stopped by a shutdown must still be written.
            try await Task { try await store.save(history) }.value
            snapshot.historyError = nil
            track(.history, nil)
        } catch {
            let message = "the history could not be written to ConfigMap \(store.namespace)/\(store.name): \(error)"
            snapshot.historyError = message
            let code = (error as? KubeError)?.code
            track(.history, ServeProblem(.history, reason: code?.rawValue ?? "unexpected", message,
                                         remedy: code == .notFound ? "create namespace \(store.namespace) (deploy/namespace.yaml)"
                                             : "grant get, create and update on configmaps in \(store.namespace) (deploy/rbac.yaml); the records stay in memory until then",
                                         since: Self.now()))
        }
    }

    /// Followers show the leader's history; a new leader starts from it as stored when it takes over (what the last
    /// leader wrote after this replica's last read, such as the notices it sent, is not lost).
    func refreshHistory(leading: Bool) async {
        guard !leading || snapshot.history.isEmpty || historyBeforeLeading else { return }
        do {
            let records = try await store.load()
            track(.control, subject: "history", nil)
            if snapshot.applying == nil {
                snapshot.history = records
                if leading { historyBeforeLeading = false }
            }
        } catch {
            controlUnreadable(error, subject: "history", what: "the leader's history")
        }
    }
}
