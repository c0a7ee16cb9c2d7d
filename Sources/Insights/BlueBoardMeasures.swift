/// Gathers tickets into the Blue Board's themes and measures each. Every ticket lands in a theme or is counted
/// outside them.
public struct BlueBoardMeasures: Sendable {
    public var config: InsightsConfig
    /// Seconds since 1970: the report's day (the last review is `reviewDays` before).
    public var asOf: Int

    public init(config: InsightsConfig, asOf: Int) {
        self.config = config
        self.asOf = asOf
    }

    public func report(_ input: JiraInput) -> BlueBoardReport {
        let rule = config.blueBoard
        let team = TeamWorkMeasures(config: config)
        let byKey = Dictionary(input.tickets.map { ($0.key, $0) }, uniquingKeysWith: { _, later in later })
        let keyOfID = Dictionary(input.tickets.compactMap { ticket in ticket.id.map { ($0, ticket.key) } }, uniquingKeysWith: { _, later in later })
        func parentKey(_ ticket: JiraTicket) -> String? {
            switch ticket.parent {
            case .key(let key)?: key
            case .id(let id)?: keyOfID[id]
            case nil: nil
            }
        }

        /// The nearest ancestor of a theme type, or a parent outside the input (the epic of a narrower query); a
        /// sub-task counts for its story's theme.
        func themeAbove(_ ticket: JiraTicket) -> String? {
            var current = ticket, seen: Set<String> = [ticket.key]
            while let key = parentKey(current), seen.insert(key).inserted {
                guard let parent = byKey[key] else { return key }
                if rule.themeTypes.contains(parent.type) { return key }
                current = parent
            }
            return nil
        }

        // Themes: the tickets of theme types, the parents outside the input, and with a prefix, each theme label.
        var members: [String: [JiraTicket]] = [:]
        var themeKeys: [String] = []
        func theme(_ key: String) { if members[key] == nil { members[key] = []; themeKeys.append(key) } }
        for ticket in input.tickets where rule.themeTypes.contains(ticket.type) { theme(ticket.key) }
        var outside = 0
        for ticket in input.tickets where !rule.themeTypes.contains(ticket.type) {
            var placed = false
            if let parent = themeAbove(ticket) {
                theme(parent)
                members[parent]!.append(ticket)
                placed = true
            }
            if let prefix = rule.themeLabelPrefix {
                for label in ticket.labels where label.hasPrefix(prefix) && label.count > prefix.count {
                    let key = "label:" + label.dropFirst(prefix.count)
                    theme(key)
                    members[key]!.append(ticket)
                    placed = true
                }
            }
            if !placed { outside += 1 }
        }

        let order = SprintOrder(input.tickets, cadence: config.cadence, board: input.sprints)
        let review = asOf - rule.reviewDays * 86_400
        let themes = themeKeys.map { key in
            measure(key: key, ticket: byKey[key], members: members[key]!, order: order, review: review, team: team)
        }
        let themeRule = ["themes: tickets of type \(rule.themeTypes.sorted().joined(separator: ", ")) (and parents outside the input) with the tickets under them"]
            + (rule.themeLabelPrefix.map { ["and the labels \($0)<name>"] } ?? [])
        let colourRule = "yellow (run) or green (development): the theme's labels or type in blueBoard.yellow / blueBoard.green first; "
            + "else green when the theme or at least half of its tickets carry the development label '\(config.developmentLabel)'; else yellow"
        return BlueBoardReport(files: input.files, asOf: CivilTime.date(asOf), lastReview: CivilTime.date(review),
                               rule: themeRule.joined(separator: " ") + "; " + colourRule,
                               themes: themes.sorted { ($0.colour.rawValue, $0.key) < ($1.colour.rawValue, $1.key) },
                               outsideThemes: outside, problems: input.problems.map(\.description))
    }

    func measure(key: String, ticket: JiraTicket?, members: [JiraTicket], order: SprintOrder, review: Int, team: TeamWorkMeasures) -> BlueBoardReport.Theme {
        let done = members.filter(team.isClosed)
        var closed: [String: Int] = [:]
        for ticket in done { if let last = order.ordered(ticket.sprints).last { closed[last, default: 0] += 1 } }
        var teams: [String: Int] = [:]
        for member in members { if let name = team.team(of: member) { teams[name, default: 0] += 1 } }
        let everything = members + (ticket.map { [$0] } ?? [])
        let started = everything.compactMap(\.created).min()
        let last = everything.flatMap { [$0.created, $0.updated, $0.resolved].compactMap { $0 } }.max()

        let status: String, category: String
        if let ticket, let name = ticket.status {
            status = name
            category = ticket.statusCategory.map(Self.category) ?? (ticket.resolved == nil ? "indeterminate" : "done")
        } else if !members.isEmpty, done.count == members.count {
            (status, category) = ("Done", "done")
        } else if !done.isEmpty || members.contains(where: { $0.statusCategory.map(Self.category) == "indeterminate" }) {
            (status, category) = ("In Progress", "indeterminate")
        } else {
            (status, category) = ("To Do", "new")
        }
        let (colour, why) = self.colour(ticket, members)
        return BlueBoardReport.Theme(
            key: key, title: ticket?.summary ?? (key.hasPrefix("label:") ? String(key.dropFirst(6)) : key),
            status: status, statusCategory: category, colour: colour, colourWhy: why, done: done.count, total: members.count,
            closedPerSprint: closed.keys.sorted { order.position(of: $0) < order.position(of: $1) }.map { .init(sprint: $0, closed: closed[$0]!) },
            teams: teams.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key),
            started: started.map(CivilTime.date), lastActivity: last.map(CivilTime.date), moved: (last ?? .min) >= review)
    }

    /// Jira's status category key (`new`, `indeterminate`, `done`), from the key (REST) or the name (CSV: "To Do",
    /// "In Progress", "Done").
    static func category(_ text: String) -> String {
        switch text.lowercased() {
        case "new", "to do": "new"
        case "indeterminate", "in progress": "indeterminate"
        default: text.lowercased()
        }
    }

    func colour(_ ticket: JiraTicket?, _ members: [JiraTicket]) -> (BlueBoardReport.Colour, String) {
        let rule = config.blueBoard
        if let ticket {
            if let label = ticket.labels.first(where: rule.yellow.labels.contains) { return (.yellow, "label \(label)") }
            if rule.yellow.types.contains(ticket.type) { return (.yellow, "type \(ticket.type)") }
            if let label = ticket.labels.first(where: rule.green.labels.contains) { return (.green, "label \(label)") }
            if rule.green.types.contains(ticket.type) { return (.green, "type \(ticket.type)") }
            if ticket.labels.contains(config.developmentLabel) { return (.green, "the development label '\(config.developmentLabel)' on the theme") }
        }
        let development = members.filter { $0.labels.contains(config.developmentLabel) }.count
        let share = "the development label on \(development) of \(members.count) ticket\(members.count == 1 ? "" : "s")"
        return members.isEmpty || development * 2 < members.count ? (.yellow, share) : (.green, share)
    }
}
