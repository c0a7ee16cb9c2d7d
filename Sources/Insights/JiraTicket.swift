import Foundation

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
    /// What the export says of its sprints (REST only): start and state by sprint name.
    public var sprintDetails: [String: SprintDetail] = [:]
    public var components: [String]
    public var reporter: String?
    /// Where it came from, for messages: `file:line`.
    public var source: String
    /// Jira's numeric id (the CSV's "Issue id", REST's `id`): how a CSV's "Parent id" names a parent.
    public var id: String?
    public var summary: String?
    /// Seconds since 1970: the last change Jira records.
    public var updated: Int?
    /// The parent or epic: its key when the export gives it, else its numeric id (resolved through `id`).
    public var parent: ParentReference?

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

/// A ticket's parent (Jira's `parent`, the epic link), as an export names it.
public enum ParentReference: Sendable, Equatable, Hashable {
    case key(String)
    case id(String)

    /// `PLAT-12` is a key, `10042` an id; anything else names no parent.
    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: .whitespaces)
        if !value.isEmpty, value.allSatisfy(\.isNumber) { self = .id(value); return }
        guard let dash = value.lastIndex(of: "-"), dash != value.startIndex,
              value[..<dash].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), value[value.index(after: dash)...].allSatisfy(\.isNumber),
              value.index(after: dash) != value.endIndex
        else { return nil }
        self = .key(value)
    }
}

/// A sprint as the REST search reports it.
public struct SprintDetail: Sendable, Equatable {
    /// Seconds since 1970.
    public var start: Int?
    /// `closed`, `active` or `future`, lower case.
    public var state: String?

    public init(start: Int? = nil, state: String? = nil) {
        self.start = start
        self.state = state
    }
}

/// A row or page that could not be read, with where and why; reading goes on with the rest.
public struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "\(source): \(message)" }
}
