/// The team's work measured from its Jira tickets: what `peng insights jira` prints, as data.
public struct TeamWorkReport: Sendable, Codable, Equatable {
    public var files: [String]
    /// Tickets read (each once), and how many of them are closed.
    public var tickets: Int
    public var closed: Int
    /// Tickets that were in more than one file (overlapping exports): each counted once, the later file's copy.
    public var sharedTickets: Int
    /// Rows and pages that could not be read, `file:line: why`.
    public var problems: [String]
    public var sprints: [SprintRow]
    /// Closed tickets per calendar week, from the calendar-week label.
    public var weeks: [WeekRow]
    /// Closed incidents and requests per ISO week of their resolution.
    public var incidentsAndRequests: [IncidentRow]
    /// Closed tickets neither incident nor request, by issue type: the `other` column.
    public var otherTypes: [CountRow]
    public var products: [CountRow]
    public var teams: [CountRow]
    /// Tickets a measure could not place, and why: counted, never dropped.
    public var gaps: [Gap]
    public var planning: PlanningHint

    public struct SprintRow: Sendable, Codable, Equatable {
        public var sprint: String
        /// `YYYY-MM-DD`, when the export or the cadence knows it.
        public var start: String?
        public var state: String?
        /// Closed in this sprint (its last sprint), split by the development label.
        public var closed: Int
        public var development: Int
        public var run: Int
        /// In the sprint when it started (created before the start; every ticket of the sprint when the start is unknown).
        public var planned: Int
        /// Planned and closed in this sprint.
        public var plannedDone: Int
        /// Put into the sprint after it started.
        public var added: Int
        /// In this sprint and in a later one: not finished here.
        public var carriedOver: Int

        public var developmentShare: Double? { closed == 0 ? nil : Double(development) / Double(closed) }
        public var plannedDoneShare: Double? { planned == 0 ? nil : Double(plannedDone) / Double(planned) }
    }

    public struct WeekRow: Sendable, Codable, Equatable {
        public var week: String
        public var closed: Int
        public var development: Int
        public var run: Int
    }

    public struct IncidentRow: Sendable, Codable, Equatable {
        public var week: String
        public var incidents: Int
        public var requests: Int
        /// Closed tickets of any other issue type.
        public var other: Int
    }

    public struct CountRow: Sendable, Codable, Equatable {
        public var name: String
        public var closed: Int
    }

    public struct Gap: Sendable, Codable, Equatable {
        /// The measure that could not place them.
        public var measure: String
        public var tickets: Int
        public var why: String
        /// Up to ten of them, to look at.
        public var examples: [String]
    }

    /// How many tickets to plan into the next sprint: the recent throughput times the planned share.
    public struct PlanningHint: Sendable, Codable, Equatable {
        public var rule: String
        /// The sprints averaged, oldest first, and what each closed and closed of what was planned.
        public var sprints: [String]
        public var closed: [Int]
        public var plannedDone: [Int]
        public var throughput: Double?
        public var plannedShare: Double?
        /// Tickets to plan; nil when the inputs are missing (`missing` says which).
        public var plan: Int?
        public var missing: String?
    }
}
