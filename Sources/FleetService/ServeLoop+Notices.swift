import FleetEngine
import FleetModel
import FleetNotify
import KubeClient

/// Rollout notices from serve: only the leader sends (a lease problem is told by whichever replica has it), each
/// delivery is recorded in the history record of its commit, and what the history says was sent is not sent again
/// by a replica that takes over.
extension ServeLoop {
    /// The receivers of the revision now applied; a new commit that changes them replaces the notifier (the old one
    /// finishes what it has queued in the background).
    func useReceivers(of platform: Platform) {
        let receivers = platform.notifications.receivers
        guard receivers.map(Self.identity) != (notifier?.receivers ?? []).map(Self.identity) || (notifier == nil && !receivers.isEmpty) else { return }
        if let old = notifier { Task { [giveUp = settings.notifier.giveUpAfter] in await old.finish(within: giveUp) } }
        let first = notifier == nil
        notifier = receivers.isEmpty ? nil : Notifier(receivers: receivers, settings: settings.notifier) { delivery in
            await self.delivered(delivery)
        }
        // A problem that started before the first revision was loaded (the Lease, at start) is told now.
        if first { for problem in snapshot.problems { announce(problem) } }
    }

    /// People hear of a serve that cannot lead because of how it is set up (a missing namespace, no rights, a refused
    /// credential) or whose credentials a Supervisor or cluster refuses. A timeout or an unreachable server comes and
    /// goes on a loaded network and is shown where operators look, not sent to people; a receiver's own failure is not
    /// sent to the receivers; neither is a Jira read for Insights, which does not touch a rollout.
    func announce(_ problem: ServeProblem) {
        let setUp = Set([LeaseProblem.Reason.namespaceMissing, .forbidden, .unauthorized].map(\.rawValue))
        let lease = problem.area == .lease && setUp.contains(problem.reason)
        let refused = problem.area != .insights && problem.reason == EngineError.Code(.unauthorized).rawValue
        guard lease || refused, let revision = current?.commit.sha else { return }
        notice(.serveProblem, revision: revision, cluster: problem.area == .cluster ? problem.subject : nil, result: .failed,
               reason: problem.explained, time: problem.since)
    }

    private static func identity(_ receiver: NotificationReceiver) -> String {
        [receiver.name, receiver.type.rawValue, receiver.endpoint?.description ?? "", receiver.project ?? "", "\(receiver.mergeRequestNote)",
         receiver.credential?.description ?? "", receiver.events.map(\.rawValue).sorted().joined(separator: ",")].joined(separator: "|")
    }

    /// The events of an apply of `revision`, with its notices on the way (only those of something gone wrong).
    nonisolated func noticeEvents(_ revision: LoadedRevision, onlyProblems: Bool = false) -> EngineEvents {
        RolloutNotices(platform: revision.fleet.platform, revision: revision.commit.sha, now: Self.now) { [noticeInput] notice in
            guard !onlyProblems || notice.result == .failed else { return }
            noticeInput.yield(notice)
        }.events(then: events)
    }

    /// A notice about `revision` made here (not by the engine).
    func notice(_ event: NotificationEvent, revision: String, cluster: String? = nil, stage: String? = nil, result: Notice.Result, reason: String?,
                time: Int = now())
    {
        guard let platform = current?.fleet.platform else { return }
        noticeInput.yield(Notice(event: event, platform: platform.name, revision: revision, stage: stage, cluster: cluster, result: result,
                                 reason: reason, time: time, link: RolloutNotices.link(platform, cluster: cluster)))
    }

    /// Events of a run are news once per run; the rest once per commit.
    private static let runEvents: Set<NotificationEvent> = [.applied, .gateStopped, .failed, .interrupted, .upgradeStep]

    /// Hands a notice to the receivers that want it and have not had it.
    func send(_ notice: Notice) {
        guard let notifier, snapshot.leader || notice.event == .serveProblem else { return }
        let records = snapshot.history.filter { record in
            guard record.commit.sha == notice.revision else { return false }
            // A run's notices: those of this run, and of the run a takeover finishes.
            return !Self.runEvents.contains(notice.event) || record.id == snapshot.applying || record.outcome == .applying || record.outcome == .interrupted
        }
        let sent = Set(records.flatMap { $0.notified ?? [] })
        let record = snapshot.applying ?? snapshot.history.first { $0.commit.sha == notice.revision }?.id
        for receiver in notifier.receivers where receiver.wants(notice.event) {
            let key = "\(receiver.name):\(notice.key)"
            guard !sent.contains(key) else { continue }
            if let record { noticeRecords[key] = record }
            notifier.post(notice, to: receiver.name)
        }
    }

    /// A delivery's end: counted; a failure tracked as a problem (logged once, on the dashboard); a success recorded
    /// in the history.
    func delivered(_ delivery: Notifier.Delivery) async {
        metrics.notification(receiver: delivery.receiver, result: delivery.result.rawValue)
        let key = "\(delivery.receiver):\(delivery.notice.key)"
        let recordID = noticeRecords.removeValue(forKey: key)
        guard delivery.result == .sent else {
            track(.notifications, subject: delivery.receiver,
                  ServeProblem(.notifications, subject: delivery.receiver, reason: delivery.result.rawValue,
                               "a notice to \(delivery.receiver) was \(delivery.result == .dropped ? "dropped" : "not delivered") (\(delivery.notice.event.rawValue)): \(delivery.problem ?? "")",
                               remedy: "check the receiver's endpoint and credential in spec.notifications; rollouts go on without it",
                               since: Self.now()))
            return
        }
        track(.notifications, subject: delivery.receiver, nil)
        // Only the leader writes the history (a follower's lease problem is told, not recorded).
        guard snapshot.leader, let recordID, var record = snapshot.history.first(where: { $0.id == recordID }) else { return }
        record.notified = (record.notified ?? []) + [key]
        await remember(record)
    }

    /// Drift found (report mode) and releases that finished soaking, from a status pass.
    func noticeStatus(_ revision: LoadedRevision, before: [ClusterStatus], after: [ClusterStatus]) {
        guard snapshot.leader else { return }
        if revision.fleet.platform.drift == .report {
            for row in after {
                guard let count = row.pendingChanges, count > 0 else { continue }
                notice(.driftFound, revision: revision.commit.sha, cluster: row.cluster, stage: row.stage, result: .warning,
                       reason: count == 1 ? "1 object differs from Git" : "\(count) objects differ from Git")
            }
        }
        let soaking = Dictionary(before.filter { $0.soak != nil }.map { ($0.cluster, $0.actualVersion) }, uniquingKeysWith: { first, _ in first })
        for row in after where row.soak == nil {
            guard let version = soaking[row.cluster], version == row.actualVersion, let version else { continue }
            notice(.soakEnded, revision: revision.commit.sha, cluster: row.cluster, stage: row.stage, result: .success,
                   reason: "Kubernetes \(version) ran its soak on stage \(row.stage)")
        }
    }
}
