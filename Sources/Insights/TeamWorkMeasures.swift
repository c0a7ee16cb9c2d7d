import Foundation

/// Turns tickets into the team's measures. Every ticket lands in each measure or in that measure's gap.
public struct TeamWorkMeasures: Sendable {
    public var config: InsightsConfig

    public init(config: InsightsConfig) {
        self.config = config
    }

    /// Reads the exports (blocking: call it off Swift's cooperative threads) and measures them.
    public func report(reading files: [URL]) throws -> TeamWorkReport {
        report(try JiraInput.read(files, config: config))
    }

    public func report(_ input: JiraInput) -> TeamWorkReport {
        let tickets = input.tickets
        let order = SprintOrder(tickets, cadence: config.cadence, board: input.sprints)
        let closed = tickets.filter(isClosed)
        var gaps = Gaps()

        // Per sprint: closed where it was closed (its last sprint); planned, added and carried over in each sprint it was in.
        var rows: [String: TeamWorkReport.SprintRow] = [:]
        for name in order.names {
            rows[name] = TeamWorkReport.SprintRow(sprint: name, start: order.starts[name].map(CivilTime.date), state: order.states[name],
                                                 closed: 0, development: 0, run: 0, planned: 0, plannedDone: 0, added: 0, carriedOver: 0)
        }
        for ticket in tickets {
            let sprints = order.ordered(ticket.sprints)
            let done = isClosed(ticket)
            if sprints.isEmpty {
                if done { gaps.add("closed per sprint", ticket, "closed, but in no sprint") }
                continue
            }
            for (index, sprint) in sprints.enumerated() {
                let last = index == sprints.count - 1
                let start = order.starts[sprint]
                let planned = start == nil || ticket.created == nil || ticket.created! < start!
                if planned { rows[sprint]!.planned += 1 } else { rows[sprint]!.added += 1 }
                if !last { rows[sprint]!.carriedOver += 1 }
                if last, done {
                    rows[sprint]!.closed += 1
                    if isDevelopment(ticket) { rows[sprint]!.development += 1 } else { rows[sprint]!.run += 1 }
                    if planned { rows[sprint]!.plannedDone += 1 }
                }
            }
        }
        let sprintRows = order.names.map { rows[$0]! }

        // Per calendar week, from the week label.
        var weeks: [String: TeamWorkReport.WeekRow] = [:]
        var weekOrder: [String: (Int, Int)] = [:]
        for ticket in closed {
            guard let week = calendarWeek(of: ticket) else {
                gaps.add("closed per calendar week", ticket, "no label matching \(config.calendarWeekLabel)")
                continue
            }
            let key = week.year.map { CivilTime.Week(year: $0, week: week.week).description } ?? "W\(week.week)"
            weekOrder[key] = (week.year ?? 0, week.week)
            weeks[key, default: .init(week: key, closed: 0, development: 0, run: 0)].closed += 1
            if isDevelopment(ticket) { weeks[key]!.development += 1 } else { weeks[key]!.run += 1 }
        }

        // Incidents and requests per week of their resolution.
        var kinds: [CivilTime.Week: TeamWorkReport.IncidentRow] = [:]
        var otherTypes: [String: Int] = [:]
        for ticket in closed {
            guard let resolved = ticket.resolved else {
                gaps.add("incidents and requests", ticket, "closed, but no resolution date")
                continue
            }
            let week = CivilTime.isoWeek(resolved)
            kinds[week, default: .init(week: week.description, incidents: 0, requests: 0, other: 0)].week = week.description
            if config.incidentTypes.contains(ticket.type) { kinds[week]!.incidents += 1 }
            else if config.requestTypes.contains(ticket.type) { kinds[week]!.requests += 1 }
            else { kinds[week]!.other += 1; otherTypes[ticket.type.isEmpty ? "(none)" : ticket.type, default: 0] += 1 }
        }

        // Per product and per requesting team.
        var products: [String: Int] = [:]
        var teams: [String: Int] = [:]
        for ticket in closed {
            let names = config.products.filter { ticket.labels.contains($0.label) }.map(\.name)
            if names.isEmpty { gaps.add("per product", ticket, "no product label (\(config.products.map(\.label).joined(separator: ", ")))") }
            for name in names { products[name, default: 0] += 1 }
            if let team = team(of: ticket) { teams[team, default: 0] += 1 } else { gaps.add("per requesting team", ticket, teamGap) }
        }

        return TeamWorkReport(
            files: input.files, tickets: tickets.count, closed: closed.count, sharedTickets: input.shared, problems: input.problems.map(\.description), sprints: sprintRows,
            weeks: weeks.values.sorted { weekOrder[$0.week]! < weekOrder[$1.week]! },
            incidentsAndRequests: kinds.sorted { $0.key < $1.key }.map(\.value),
            otherTypes: otherTypes.sorted { $0.key < $1.key }.map { .init(name: $0.key, closed: $0.value) },
            products: config.products.map(\.name).filter { products[$0] != nil }.map { .init(name: $0, closed: products[$0]!) },
            teams: teams.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { .init(name: $0.key, closed: $0.value) },
            gaps: gaps.list, planning: planning(sprintRows))
    }

    func isClosed(_ ticket: JiraTicket) -> Bool {
        if let category = ticket.statusCategory { return category.lowercased() == "done" }
        return ticket.resolved != nil
    }

    func isDevelopment(_ ticket: JiraTicket) -> Bool { ticket.labels.contains(config.developmentLabel) }

    /// The calendar week of the label; the year is the resolution's (or creation's) ISO year, moved by one when the
    /// label's week is more than half a year away from that date's week (a `KW52` ticket closed in January).
    func calendarWeek(of ticket: JiraTicket) -> (year: Int?, week: Int)? {
        for label in ticket.labels {
            guard let week = config.calendarWeekLabel.week(in: label) else { continue }
            guard let time = ticket.resolved ?? ticket.created else { return (nil, week) }
            let dated = CivilTime.isoWeek(time)
            let year = week - dated.week > 26 ? dated.year - 1 : dated.week - week > 26 ? dated.year + 1 : dated.year
            return (year, week)
        }
        return nil
    }

    func team(of ticket: JiraTicket) -> String? {
        switch config.team {
        case .component: return ticket.components.first
        case .label(let prefix):
            return ticket.labels.first { $0.hasPrefix(prefix) && $0.count > prefix.count }.map { String($0.dropFirst(prefix.count)) }
        case .reporter(let mapping): return ticket.reporter.flatMap { mapping[$0] }
        }
    }

    var teamGap: String {
        switch config.team {
        case .component: "no component"
        case .label(let prefix): "no label starting with \(prefix)"
        case .reporter: "the reporter is not in team.reporters"
        }
    }

    /// `round(mean closed of the recent sprints × planned share)`; sprints Jira reports active or future are left out.
    func planning(_ rows: [TeamWorkReport.SprintRow]) -> TeamWorkReport.PlanningHint {
        let count = config.recentSprints
        let rule = "plan = round(mean closed per sprint over the last \(count) finished sprints × planned share), "
            + "planned share = planned tickets done ÷ all tickets closed in those sprints"
        let finished = rows.filter { $0.state != "active" && $0.state != "future" && $0.closed > 0 }
        let recent = Array(finished.suffix(count))
        var hint = TeamWorkReport.PlanningHint(rule: rule, sprints: recent.map(\.sprint), closed: recent.map(\.closed),
                                               plannedDone: recent.map(\.plannedDone))
        guard !recent.isEmpty else {
            hint.missing = "no finished sprint with closed tickets: the export needs closed tickets with their sprints"
            return hint
        }
        let closed = recent.map(\.closed).reduce(0, +)
        let throughput = Double(closed) / Double(recent.count)
        let share = Double(recent.map(\.plannedDone).reduce(0, +)) / Double(closed)
        hint.throughput = throughput
        hint.plannedShare = share
        hint.plan = Int((throughput * share).rounded())
        if recent.count < count { hint.missing = "only \(recent.count) finished sprint\(recent.count == 1 ? "" : "s") with closed tickets, not \(count)" }
        return hint
    }

    struct Gaps {
        private var index: [String: Int] = [:]
        var list: [TeamWorkReport.Gap] = []

        mutating func add(_ measure: String, _ ticket: JiraTicket, _ why: String) {
            let key = measure + "\u{0}" + why
            if index[key] == nil {
                index[key] = list.count
                list.append(.init(measure: measure, tickets: 0, why: why, examples: []))
            }
            list[index[key]!].tickets += 1
            if list[index[key]!].examples.count < 10 { list[index[key]!].examples.append(ticket.key) }
        }
    }
}
