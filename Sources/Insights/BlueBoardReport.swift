/// The Blue Board: the larger themes that span many tickets and sprints, each a yellow (run) or green (development)
/// card, reviewed every two weeks with every product team. What `peng insights board` prints, as data.
public struct BlueBoardReport: Sendable, Codable, Equatable {
    public var files: [String]
    /// `YYYY-MM-DD`: the day of the report and of the last review (`reviewDays` before).
    public var asOf: String
    public var lastReview: String
    /// How themes and colours were found, in words.
    public var rule: String
    public var themes: [Theme]
    /// Tickets in no theme (no parent that is a theme, no theme label): counted, never dropped.
    public var outsideThemes: Int
    public var problems: [String]

    public enum Colour: String, Sendable, Codable, Equatable {
        case yellow, green
    }

    public struct Theme: Sendable, Codable, Equatable {
        /// The theme ticket's key (`PLAT-12`), or `label:<name>` for a label theme.
        public var key: String
        public var title: String
        /// Jira's status name and category (`new`, `indeterminate`, `done`); for a label theme, from its tickets.
        public var status: String
        public var statusCategory: String
        public var colour: Colour
        /// Why this colour, e.g. "label security", "the development label on 7 of 9 tickets".
        public var colourWhy: String
        public var done: Int
        public var total: Int
        /// Closed tickets per sprint, in sprint order.
        public var closedPerSprint: [SprintCount]
        /// The teams that asked, most tickets first.
        public var teams: [String]
        /// `YYYY-MM-DD`: the first ticket created, the last change seen.
        public var started: String?
        public var lastActivity: String?
        /// Something in it changed (created, updated, closed) since the last review.
        public var moved: Bool

        public var doneShare: Double? { total == 0 ? nil : Double(done) / Double(total) }
    }

    public struct SprintCount: Sendable, Codable, Equatable {
        public var sprint: String
        public var closed: Int
    }
}
