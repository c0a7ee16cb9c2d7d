import Foundation
import KubeClient
import Logging

/// What reaches the loop from outside a pass: requests from any replica (through the ConfigMap), the freeze, and
/// leadership changes.
extension ServeLoop {
    /// `POST /api/v1/sync` (apply now) or a verified webhook (fetch now): recorded for whichever replica leads, and
    /// started here at once.
    public func request(_ request: ServeControl.Request, by user: String) async throws {
        let time = Int(Date().timeIntervalSince1970 * 1000)
        try await store.request(request, by: user, at: time)
        handled[request] = time
        handle(request)
    }

    func handle(_ request: ServeControl.Request) {
        switch request {
        case .sync:
            pendingSync = true
            triggers?.yield(.sync)
        case .fetch:
            triggers?.yield(.webhook)
        }
    }

    public func setSuspended(_ suspended: Bool, by user: String, reason: String?) async throws {
        let suspension = Suspension(suspended: suspended, by: user, at: Self.now(), reason: reason)
        try await store.save(suspension)
        snapshot.suspension = suspension
        metrics.suspended(suspended)
        if !suspended { triggers?.yield(.resume) }
    }

    func leadershipChanged(_ leading: Bool) async {
        let was = snapshot.leader
        snapshot.leader = leading
        snapshot.leaderIdentity = await elector.holder
        metrics.leader(leading)
        if leading != was {
            log.event(.notice, leading ? "leader_elected" : "leadership_lost",
                      leading ? "this replica leads and applies" : "this replica no longer leads; an apply in progress is stopped",
                      ["replica": snapshot.replica])
        }
        if leading {
            if !was { historyBeforeLeading = true }
            triggers?.yield(.leadership)
        } else {
            applyTask?.cancel()  // stop before the lease can pass to another replica
        }
    }

    /// Every failure is counted; its start and its end are logged once, not every retry.
    func leaseProblemChanged(_ problem: LeaseProblem?) async {
        if let problem { metrics.leaseFailed(problem.reason) }
        snapshot.leaderIdentity = await elector.holder
        track(.lease, problem.map { ServeProblem(.lease, reason: $0.reason.rawValue, $0.message, remedy: $0.remedy, since: Self.now()) })
    }

    /// The control keys, or nil (tracked as a problem) when they cannot be read.
    func readControlKeys() async -> ServeControl? {
        do {
            let control = try await store.control()
            track(.control, subject: "keys", nil)
            return control
        } catch {
            controlUnreadable(error, subject: "keys", what: "the control keys (suspension, sync requests)")
            return nil
        }
    }

    func controlUnreadable(_ error: Error, subject: String, what: String) {
        let code = (error as? KubeError)?.code
        track(.control, subject: subject, ServeProblem(.control, subject: subject, reason: code?.rawValue ?? "unexpected",
                                     "\(what) cannot be read from ConfigMap \(store.namespace)/\(store.name): \(error)",
                                     remedy: "grant get on configmaps in \(store.namespace) (deploy/rbac.yaml) and check that the management cluster is reachable",
                                     since: Self.now()))
    }

    func readControl() async {
        snapshot.leaderIdentity = await elector.holder
        guard let control = await readControlKeys() else { return }
        if control.suspension != snapshot.suspension {
            snapshot.suspension = control.suspension
            metrics.suspended(snapshot.suspended)
            if !snapshot.suspended { triggers?.yield(.resume) }
        }
        for (request, time) in control.requests where time != handled[request] {
            let first = handled[request] == nil
            handled[request] = time
            // A request older than this replica's start was handled by whoever led then.
            if !first || time >= startedAt { handle(request) }
        }
    }
}
