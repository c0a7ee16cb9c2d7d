/// One Jira issue, as the measures need it, whichever export it came from.
public struct JiraTicket: Sendable, Equatable {
    public var key: String
    public var type: String
    /// `new`, `indeterminate` or `done` (Jira's status categories); from the CSV's "Status Category" when present.
    public var statusCategory: String?
    public var status: String?
    /// Seconds since 1970.
    public var created: Int?
    public var resolved: Int?
    public var labels: [String]
    /// Sprint names, in the order Jira lists them (a carried-over ticket names every sprint it was in).
    public var sprints: [String]
    public var components: [String]
    public var reporter: String?
    /// Where it came from, for messages: `file:line`.
    public var source: String

    public init(key: String, type: String, statusCategory: String? = nil, status: String? = nil, created: Int? = nil, resolved: Int? = nil,
                labels: [String] = [], sprints: [String] = [], components: [String] = [], reporter: String? = nil, source: String)
    {
        self.key = key
        self.type = type
        self.statusCategory = statusCategory
        self.status = status
        self.created = created
        self.resolved = resolved
        self.labels = labels
        self.sprints = sprints
        self.components = components
        self.reporter = reporter
        self.source = source
    }
}

/// A row or page that could not be read, with where and why; reading goes on with the rest.
public struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }
}
