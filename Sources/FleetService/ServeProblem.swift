import FleetEngine
import FleetModel
import FleetNotify
import KubeClient
import Logging

/// Something that keeps `peng serve` from doing its job, as an operator sees it: what fails, the answer it got, and
/// the remedy. Shown on the dashboard and in `GET /api/v1/fleet`; its start and end are logged once each.
public struct ServeProblem: Sendable, Hashable, Encodable {
    public enum Area: String, Sendable, Encodable, CaseIterable {
        /// Taking or renewing the Lease on the management cluster.
        case lease
        /// Fetching or checking out the fleet repository.
        case git
        /// Writing the history ConfigMap on the management cluster.
        case history
        /// Reading it: the control keys (subject `keys`) and, on a follower, the leader's history (subject `history`).
        case control
        /// Reading or writing a Supervisor (the subject names it).
        case supervisor
        /// Reading or writing a workload cluster (the subject names it).
        case cluster
        /// Sending notices to a receiver (the subject names it).
        case notifications
        /// Reading Jira for the Insights page and the Blue Board (subject `jira`).
        case insights
    }

    public var area: Area
    /// The Supervisor or cluster concerned; for `git`, the step (`fetch`, `checkout`); for `control`, what could not
    /// be read (`keys`, `history`).
    public var subject: String?
    /// A short code for programs and metrics (`namespace_missing`, `unreachable`).
    public var reason: String
    public var message: String
    public var remedy: String
    /// Seconds since 1970, when it started.
    public var since: Int

    public init(_ area: Area, subject: String? = nil, reason: String, _ message: String, remedy: String, since: Int) {
        self.area = area
        self.subject = subject
        self.reason = reason
        self.message = message
        self.remedy = remedy
        self.since = since
    }

    /// A Supervisor or cluster that could not be read: the engine's error with a remedy for its kind.
    init(_ area: Area, subject: String, failure: ReachFailure, since: Int) {
        let what = area == .supervisor ? "Supervisor \(subject)" : "cluster \(subject)"
        let via = failure.context.map { " (context \($0))" } ?? ""
        let error = failure.error
        let remedy: String
        let message: String
        switch error.code {
        case EngineError.Code(.unauthorized):
            message = "credentials for \(what)\(via) were refused"
            remedy = "renew them (kubectl vsphere login), or give serve a long-lived identity on the Supervisor (docs/serve.md)"
        case EngineError.Code(.forbidden):
            message = "\(what)\(via) refuses peng: \(error.message)"
            remedy = error.hint ?? "grant the rights peng needs in the vSphere Namespaces of the fleet (docs/serve.md)"
        default:
            message = "\(what)\(via) cannot be read: \(error.message)"
            remedy = error.hint ?? "check that its API server is up and reachable from serve"
        }
        self.init(area, subject: subject, reason: error.code.rawValue, message, remedy: remedy, since: since)
    }

    /// `message: remedy`, one line.
    public var explained: String { "\(message): \(remedy)" }

    var key: String { Self.key(area, subject) }

    static func key(_ area: Area, _ subject: String?) -> String { subject.map { "\(area.rawValue)/\($0)" } ?? area.rawValue }
}

extension ServeLoop {
    /// Records whether `area` (for `subject`) works now. A problem is logged when it starts or its reason changes, and
    /// its end once; a retry that fails the same way keeps the first one's start time and is not logged again.
    func track(_ area: ServeProblem.Area, subject: String? = nil, _ problem: ServeProblem?) {
        let key = ServeProblem.key(area, subject)
        let before = snapshot.problems.first { $0.key == key }
        snapshot.problems.removeAll { $0.key == key }
        var fields = ["area": area.rawValue]
        fields["subject"] = subject
        guard var problem else {
            if let before {
                fields["was"] = before.reason
                log.event(.notice, "\(area.rawValue)_recovered", "\(subject.map { "\(area.rawValue) \($0)" } ?? area.rawValue) works again (it failed with: \(before.message))", fields)
            }
            return
        }
        if let before, before.reason == problem.reason {
            problem.since = before.since
        } else {
            fields["reason"] = problem.reason
            log.event(.warning, "\(area.rawValue)_failed", problem.explained, fields)
            announce(problem)
        }
        snapshot.problems.append(problem)
        snapshot.problems.sort { $0.key < $1.key }
    }

    /// The Supervisors and clusters of a status pass: each failure tracked (and counted per context and code), each
    /// recovery noted; one of a Supervisor or cluster no longer in the fleet is dropped.
    func trackReach(_ rows: [ClusterStatus]) {
        let now = Self.now()
        var seen: Set<String> = []
        for (supervisor, rows) in Dictionary(grouping: rows, by: \.supervisor).sorted(by: { $0.key < $1.key }) {
            seen.insert("supervisor/\(supervisor)")
            let failure = rows.compactMap(\.supervisorFailure).first
            if let failure { metrics.apiFailed(context: failure.context ?? supervisor, code: failure.error.code.rawValue) }
            if let context = failure?.context ?? rows.first?.supervisorContext {
                metrics.credentials(context: context, valid: failure?.error.code != EngineError.Code(.unauthorized))
            }
            track(.supervisor, subject: supervisor, failure.map { ServeProblem(.supervisor, subject: supervisor, failure: $0, since: now) })
        }
        // A cluster its Supervisor does not report ready (still provisioning) is shown by its own health, not as a problem.
        for row in rows where row.supervisorFailure == nil && row.ready == true {
            seen.insert("cluster/\(row.cluster)")
            if let failure = row.clusterFailure { metrics.apiFailed(context: failure.context ?? row.cluster, code: failure.error.code.rawValue) }
            track(.cluster, subject: row.cluster, row.clusterFailure.map { ServeProblem(.cluster, subject: row.cluster, failure: $0, since: now) })
        }
        snapshot.problems.removeAll { ($0.area == .supervisor || $0.area == .cluster) && !seen.contains($0.key) }
    }
}
