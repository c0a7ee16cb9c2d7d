import FleetModel

/// One thing that happened in a rollout, as every receiver is told it. Encoded as JSON, it is the generic webhook's
/// body (`Notice` in docs/openapi.yaml).
public struct Notice: Sendable, Codable, Equatable {
    public enum Result: String, Sendable, Codable {
        /// Under way: a stage is being applied.
        case pending
        case success
        case failed
        /// Something to look at that stopped nothing (drift found in report mode).
        case warning
    }

    public var event: NotificationEvent
    /// The Platform's name.
    public var platform: String
    /// The commit, in full.
    public var revision: String
    public var stage: String?
    public var cluster: String?
    public var result: Result
    /// Why, in one line, when it did not succeed (or what moved, for an upgrade step).
    public var reason: String?
    /// Seconds since 1970.
    public var time: Int
    /// The page of the dashboard that shows it, when the Platform names the dashboard.
    public var link: String?

    public init(event: NotificationEvent, platform: String, revision: String, stage: String? = nil, cluster: String? = nil,
                result: Result, reason: String? = nil, time: Int, link: String? = nil)
    {
        self.event = event
        self.platform = platform
        self.revision = revision
        self.stage = stage
        self.cluster = cluster
        self.result = result
        self.reason = reason
        self.time = time
        self.link = link
    }

    /// What makes two notices the same news: a replica that takes over does not send one the history says was sent.
    /// A drift correction and a serve problem are news each time they happen.
    public var key: String {
        let parts = [event.rawValue, revision, stage ?? "", cluster ?? "", result.rawValue]
        return (event == .driftCorrected || event == .serveProblem ? parts + ["\(time)"] : parts).joined(separator: "/")
    }

    public var shortRevision: String { String(revision.prefix(8)) }

    /// One line for people: chat messages, status descriptions, merge-request notes.
    public var summary: String {
        let place = [stage.map { "stage \($0)" }, cluster.map { "cluster \($0)" }].compactMap { $0 }.joined(separator: ", ")
        let at = place.isEmpty ? "" : " (\(place))"
        let what: String
        switch (event, result) {
        case (.applied, .pending): what = "is being applied"
        case (.applied, .success): what = "was applied"
        case (.applied, _): what = "failed to apply"
        case (.gateStopped, _): what = "stopped at a stage gate"
        case (.failed, _): what = "failed to apply"
        case (.interrupted, _): what = "was interrupted; a re-run finishes it"
        case (.invalid, _): what = "is invalid; nothing of it was applied"
        case (.driftFound, _): what = "has drift: live objects differ from Git"
        case (.driftCorrected, _): what = "had drift, now put back"
        case (.upgradeStep, .success): what = "upgrade step done"
        case (.upgradeStep, _): what = "upgrade step failed"
        case (.soakEnded, _): what = "has soaked: the next stage may take its release"
        case (.serveProblem, _): what = "cannot be rolled out: peng serve has a problem"
        }
        return "\(platform) \(shortRevision) \(what)\(at)" + (reason.map { ": \($0)" } ?? "")
    }
}
