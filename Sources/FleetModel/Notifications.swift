/// `spec.notifications`: who hears about rollouts, and where peng's dashboard is for the links it sends.
public struct Notifications: Sendable {
    /// The dashboard's address as people reach it (`https://peng.example.com`); links in notices start with it.
    public var dashboard: EndpointURL?
    public var receivers: [NotificationReceiver]

    public init(dashboard: EndpointURL? = nil, receivers: [NotificationReceiver] = []) {
        self.dashboard = dashboard
        self.receivers = receivers
    }
}

/// One place notices go: a GitLab or GitHub commit status, a generic webhook, or a Slack or Teams channel.
public struct NotificationReceiver: Sendable {
    public var name: String
    public var type: ReceiverType
    /// GitLab: the instance (`https://gitlab.example.com`); GitHub: the API (`https://api.github.com`); webhook: the URL.
    /// Slack and Teams have none: their webhook URL is itself the secret and comes from `credential`.
    public var endpoint: EndpointURL?
    /// GitLab: the project's id or path (`platform/fleet`); GitHub: `owner/repository`.
    public var project: String?
    /// GitLab: also write a note on the merge request that brought the commit.
    public var mergeRequestNote: Bool
    /// The token (GitLab, GitHub), the signing secret (webhook) or the webhook URL (Slack, Teams); never in Git.
    public var credential: CredentialSource?
    /// The events it wants; all when the fleet names none.
    public var events: Set<NotificationEvent>
    public var locations: FieldLocations

    public init(name: String, type: ReceiverType, endpoint: EndpointURL?, project: String?, mergeRequestNote: Bool,
                credential: CredentialSource?, events: Set<NotificationEvent>, locations: FieldLocations)
    {
        self.name = name
        self.type = type
        self.endpoint = endpoint
        self.project = project
        self.mergeRequestNote = mergeRequestNote
        self.credential = credential
        self.events = events
        self.locations = locations
    }

    public func wants(_ event: NotificationEvent) -> Bool { events.contains(event) }
}

public enum ReceiverType: String, CaseIterable, Sendable, Codable {
    case gitlab, github, webhook, slack, teams

    /// Whether `endpoint` is written in the fleet (Slack's and Teams' URL is the secret, so it is not).
    public var hasEndpoint: Bool { self == .gitlab || self == .github || self == .webhook }
    /// Whether `project` names the repository whose commits get statuses.
    public var hasProject: Bool { self == .gitlab || self == .github }
    /// Whether it cannot work without a credential (the webhook's signing secret is optional).
    public var needsCredential: Bool { self != .webhook }
}

/// Where a secret is read when it is needed: a file (a mounted Secret) or an environment variable.
public enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case environment(String)

    public var description: String {
        switch self {
        case .file(let path): "file \(path)"
        case .environment(let name): "environment variable \(name)"
        }
    }
}

/// What happened, as receivers subscribe to it.
public enum NotificationEvent: String, CaseIterable, Sendable, Codable {
    /// A revision is being applied to a stage (`pending`), or was (`success`, `failed`).
    case applied
    /// A stage gate stopped the rollout: a cluster of the stage before is not healthy.
    case gateStopped = "gate-stopped"
    /// An apply failed (a cluster's step failed).
    case failed
    /// An apply was interrupted (shutdown, lost leadership); a re-run finishes it.
    case interrupted
    /// A commit did not validate; nothing of it was applied.
    case invalid
    /// Live objects differ from Git (`reconcile.drift: report`).
    case driftFound = "drift-found"
    /// Drift was put back (`reconcile.drift: correct`).
    case driftCorrected = "drift-corrected"
    /// A Kubernetes upgrade step of a cluster ended, done or failed.
    case upgradeStep = "upgrade-step"
    /// A release has soaked on a stage: the next stage may take it.
    case soakEnded = "soak-ended"
    /// `peng serve` cannot do its work: a refused credential, a lease it cannot hold, a Git it cannot read.
    case serveProblem = "serve-problem"
}
