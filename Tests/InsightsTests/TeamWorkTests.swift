import FleetModel
import Foundation
@testable import Insights
import Testing

/// The team's measures on a small export checked by hand: eight tickets over three two-week sprints, one of each
/// case (added during a sprint, carried over once and twice, closed outside any sprint, no week label, no product,
/// no team, two products, 12-hour dates at midnight and noon), a short row and an impossible date.
@Suite struct TeamWorkTests {
    static let export = "\u{FEFF}" + """
        Summary,Issue key,Issue Type,Status,Status Category,Created,Resolved,Labels,Labels,Labels,Labels,Labels,Sprint,Sprint,Sprint
        "Upgrade, integration",PLAT-1,Task,Done,Done,20/Feb/26 10:00,05/Mar/26 12:00,dev,basis,KW10,team-search,,Sprint 1,,
        "Alert ""etcd""
        on prd",PLAT-2,Incident,Done,Done,04/Mar/26 9:00 AM,04/Mar/26 3:00 PM,notdienst,KW10,team-checkout,,,Sprint 1,,
        Namespace,PLAT-3,Service Request,Done,Done,01/Mar/26 08:00,18/Mar/26 10:00,basis,KW12,team-search,,,Sprint 1,Sprint 2,
        Quota rework,PLAT-4,Task,Done,Done,25/Feb/26 08:00,01/Apr/26 11:00,dev,basis,notdienst,KW14,,Sprint 1,Sprint 2,Sprint 3
        Docs,PLAT-5,Story,In Progress,In Progress,10/Mar/26 08:00,,,,,,,Sprint 2,,
        DNS entry,PLAT-6,Service Request,Done,Done,17/Mar/26 11:00,20/Mar/26 4:30 PM,KW12,team-payments,,,,Sprint 2,,
        Pager,PLAT-7,Incident,Done,Done,31/Mar/26 12:00 AM,31/Mar/26 12:45 PM,notdienst,team-checkout,,,,Sprint 3,,
        Audit,PLAT-8,Task,Done,Done,02/Apr/26 09:00,03/Apr/26 10:00,basis,KW14,team-search,,,,,
        cut,short
        Bad,PLAT-9,Task,Done,Done,31/Apr/26 09:00,,,,,,,,,

        """

    static let config = """
        development: {label: dev}
        products: {basis: Basis Infrastruktur, notdienst: Notdienst}
        incidents: [Incident]
        requests: [Service Request]
        team: {from: label, labelPrefix: team-}
        sprints: {cadence: {sprint: Sprint 1, start: 2026-03-02, days: 14}}
        """

    static func report(_ export: String = export, config: String = config, name: String = "hand.csv") throws -> TeamWorkReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("insights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        try Data(export.utf8).write(to: url)
        let settings = try InsightsConfig.parse(config)
        return try TeamWorkMeasures(config: settings).report(reading: [url])
    }

    /// Worked out by hand from the rows above (sprint 1 starts 2 March, 2 starts 16 March, 3 starts 30 March).
    @Test("every table, as worked out by hand")
    func tables() throws {
        let text = InsightText.render(try Self.report().view)
        let expected = """
            Closed per sprint: run and development
              Sprint         Start  Closed  Development  Run  Development share
              Sprint 1  2026-03-02       2            1    1               50 %
              Sprint 2  2026-03-16       2            0    2                0 %
              Sprint 3  2026-03-30       2            1    1               50 %

            Planned vs done per sprint
              Sprint    Planned  Planned and done  Added during sprint  Carried over  Planned done
              Sprint 1        3                 1                    1             2          33 %
              Sprint 2        3                 1                    1             1          33 %
              Sprint 3        1                 1                    1             0         100 %

            Planning hint: inputs
              Sprint    Closed  Planned and done
              Sprint 1       2                 1
              Sprint 2       2                 1
              Sprint 3       2                 1

            Closed per calendar week (week label)
              Week      Closed  Development  Run
              2026-W10       2            1    1
              2026-W12       2            0    2
              2026-W14       2            1    1

            Incidents vs requests per week closed
              Week      Incidents  Requests  Other
              2026-W10          1         0      1
              2026-W12          0         2      0
              2026-W14          1         0      2

            Closed per product
              Product              Closed
              Basis Infrastruktur       4
              Notdienst                 3

            Closed per requesting team
              Team      Closed
              search         3
              checkout       2
              payments       1

            Not counted, by measure
              Measure                   Tickets  Why
              closed per sprint               1  closed, but in no sprint
              closed per calendar week        1  no label matching KW{week}
              per requesting team             1  no label starting with team-
              per product                     1  no product label (basis, notdienst)

            Input problems
              Where        Problem
              hand.csv:11  2 fields where the header has 15; the row is skipped
              hand.csv:12  PLAT-9: 'Created' is '31/Apr/26 09:00', which matches none of the date formats dd/MMM/yy HH:mm, dd/MMM/yy h:mm a; the row is skipped


            """
        let tables = String(text[text.range(of: "Closed per sprint: run")!.lowerBound...])
        #expect(tables == expected)
        #expect(text.contains("8 tickets from hand.csv, 7 of them closed."))
        #expect(text.contains("Planning hint: plan 1 ticket into the next sprint = round(2.0 closed per sprint × 50 % planned share), from Sprint 1, Sprint 2, Sprint 3."))
        #expect(text.contains("Incidents vs requests: 3 closed tickets are of other types (Task 3), shown as other."))
        #expect(text.contains("per product: 1 ticket not counted: no product label (basis, notdienst) (e.g. PLAT-6)"))
    }

    @Test("the planning hint: the rule, its inputs, and what is missing")
    func planning() throws {
        let report = try Self.report()
        #expect(report.planning.sprints == ["Sprint 1", "Sprint 2", "Sprint 3"])
        #expect(report.planning.closed == [2, 2, 2] && report.planning.plannedDone == [1, 1, 1])
        #expect(report.planning.throughput == 2 && report.planning.plannedShare == 0.5 && report.planning.plan == 1)
        #expect(report.planning.missing == nil)
        #expect(report.planning.rule.contains("round(mean closed per sprint over the last 3 finished sprints × planned share)"))

        let two = try Self.report(config: Self.config + "\nplanning: {recentSprints: 2}")
        #expect(two.planning.sprints == ["Sprint 2", "Sprint 3"] && two.planning.plan == 1)

        let none = try Self.report("Issue key,Issue Type,Status Category\nPLAT-1,Task,To Do\n")
        #expect(none.planning.plan == nil)
        #expect(none.planning.missing == "no finished sprint with closed tickets: the export needs closed tickets with their sprints")
        #expect(InsightText.render(none.view).contains("(no closed ticket is in a sprint)"), "an empty table says why, not zero")
    }

    @Test("REST pages give the same measures as the CSV; the sprint's own start decides planned or added")
    func restEquivalent() throws {
        func issue(_ key: String, _ type: String, created: String, resolved: String?, labels: [String], sprints: [Int]) -> String {
            let sprintField = sprints.map { #"{"id": \#($0), "name": "Sprint \#($0)", "state": "closed", "startDate": "2026-03-\#(["02", "16", "30"][$0 - 1])T00:00:00.000+0000"}"# }
            return #"{"key": "\#(key)", "fields": {"issuetype": {"name": "\#(type)"}, "status": {"name": "x", "statusCategory": {"key": "\#(resolved == nil ? "indeterminate" : "done")"}}, "#
                + #""created": "\#(created)", "resolutiondate": \#(resolved.map { "\"\($0)\"" } ?? "null"), "labels": [\#(labels.map { "\"\($0)\"" }.joined(separator: ","))], "customfield_10020": [\#(sprintField.joined(separator: ","))]}}"#
        }
        let page = #"{"issues": ["# + [
            issue("PLAT-1", "Task", created: "2026-02-20T10:00:00.000+0000", resolved: "2026-03-05T12:00:00.000+0000", labels: ["dev", "basis", "KW10", "team-search"], sprints: [1]),
            issue("PLAT-2", "Incident", created: "2026-03-04T10:00:00.000+0100", resolved: "2026-03-04T15:00:00.000+0000", labels: ["notdienst", "KW10", "team-checkout"], sprints: [1]),
            issue("PLAT-3", "Service Request", created: "2026-03-01T08:00:00.000+0000", resolved: "2026-03-18T10:00:00.000+0000", labels: ["basis", "KW12", "team-search"], sprints: [1, 2]),
        ].joined(separator: ",") + "]}"
        let rest = try Self.report(page, config: Self.config.replacingOccurrences(of: "sprints: {cadence: {sprint: Sprint 1, start: 2026-03-02, days: 14}}", with: ""), name: "search.json")
        #expect(rest.sprints.map(\.sprint) == ["Sprint 1", "Sprint 2"])
        #expect(rest.sprints.map(\.start) == ["2026-03-02", "2026-03-16"])
        #expect(rest.sprints.map(\.planned) == [2, 1] && rest.sprints.map(\.added) == [1, 0], "PLAT-2 was created after sprint 1 started")
        #expect(rest.sprints.map(\.closed) == [2, 1] && rest.sprints.map(\.carriedOver) == [1, 0])
        #expect(rest.products.map(\.closed) == [2, 1] && rest.teams.map(\.name) == ["search", "checkout"])
    }

    @Test("without sprint dates every ticket of a sprint counts as planned")
    func noSprintDates() throws {
        let report = try Self.report(config: "team: {from: label, labelPrefix: team-}")
        #expect(report.sprints.map(\.planned) == [4, 4, 2] && report.sprints.map(\.added) == [0, 0, 0])
        #expect(report.sprints.map(\.start) == [nil, nil, nil])
        #expect(report.products.isEmpty && report.gaps.first { $0.measure == "per product" }?.tickets == 7, "no product configured: every closed ticket is a gap")
    }

    @Test("tickets shared by two exports are counted once, the later copy, and said once; twice in one file is a problem")
    func duplicates() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("insights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.csv"), second = folder.appendingPathComponent("b.csv"), third = folder.appendingPathComponent("c.csv")
        try Data("Issue key,Issue Type,Status Category\nPLAT-1,Task,In Progress\nPLAT-2,Task,In Progress\nPLAT-3,Task,Done\n".utf8).write(to: first)
        try Data("Issue key,Issue Type,Status Category\nPLAT-1,Task,Done\nPLAT-2,Task,Done\nPLAT-2,Task,Done\n".utf8).write(to: second)
        try Data("Issue key,Issue Type,Status Category\nPLAT-1,Task,To Do\nPLAT-3,Task,Done\n".utf8).write(to: third)
        let input = try JiraInput.read([first, second, third], config: InsightsConfig())
        #expect(input.tickets.map(\.key) == ["PLAT-1", "PLAT-2", "PLAT-3"])
        #expect(input.tickets.map(\.statusCategory) == ["To Do", "Done", "Done"], "the copy in the later file is used")
        #expect(input.shared == 3, "three tickets were in more than one file; a ticket seen in a third file is not counted again")
        #expect(input.problems.map(\.description) == ["b.csv:4: PLAT-2 is in this file twice (also at b.csv:3); this later copy is used"])
        let report = TeamWorkMeasures(config: InsightsConfig()).report(input)
        #expect(report.tickets == 3 && report.sharedTickets == 3 && report.problems.count == 1)
        #expect(report.view.notes.contains("3 tickets were in more than one file; each counted once (the copy in the later file)."))
        #expect(report.view.notes.contains("1 input problem; see the table 'Input problems'."))
        let missing = #expect(throws: InputFileError.self) { try JiraInput.read([folder.appendingPathComponent("missing.csv")], config: InsightsConfig()) }
        #expect(missing?.problem == .missing && missing?.what == "Jira export")
    }

    @Test("a board's sprint page gives the sprints' starts and states: planned vs added, and an active sprint left out of the hint")
    func boardSprints() throws {
        var input = JiraInput()
        let created = { (day: String) in CivilTime.day(day)! + 3600 }
        input.add(JiraTicket(key: "A", type: "Task", statusCategory: "done", created: created("2026-04-01"), sprints: ["S 1"], source: "a"), file: 0)
        input.add(JiraTicket(key: "B", type: "Task", statusCategory: "done", created: created("2026-04-08"), sprints: ["S 1"], source: "a"), file: 0)
        input.add(JiraTicket(key: "C", type: "Task", statusCategory: "done", created: created("2026-04-01"), sprints: ["S 2"], source: "a"), file: 0)
        let page = #"{"isLast": true, "values": [{"id": 2, "name": "S 2", "state": "active", "startDate": "2026-04-20T09:00:00.000+02:00"}, "#
            + #"{"id": 1, "name": "S 1", "state": "closed", "startDate": "2026-04-06T09:00:00.000+02:00"}, {"id": 3, "state": "future"}]}"#
        try input.addPage(Data(page.utf8), name: "sprints-0001.json")
        #expect(input.files == ["sprints-0001.json"] && input.problems.map(\.description) == ["sprints-0001.json:values[2]: a sprint without a 'name'; it is skipped"])
        let report = TeamWorkMeasures(config: InsightsConfig()).report(input)
        #expect(report.sprints.map(\.sprint) == ["S 1", "S 2"] && report.sprints.map(\.start) == ["2026-04-06", "2026-04-20"])
        #expect(report.sprints.map(\.state) == ["closed", "active"])
        #expect(report.sprints[0].planned == 1 && report.sprints[0].added == 1, "B was created after S 1 started")
        #expect(report.planning.sprints == ["S 1"], "the active sprint is not averaged")
        #expect(throws: NotAJiraExport.self) { try input.addPage(Data(#"{"total": 0}"#.utf8), name: "other.json") }
        #expect(input.files == ["sprints-0001.json"], "a page that is neither is not counted as read")
    }

    @Test("sprints in time order; ISO weeks at year ends")
    func calendar() {
        #expect(SprintOrder.number(in: "PLAT Sprint 40") == 40 && SprintOrder.number(in: "Sprint 9 (Q3)") == 3 && SprintOrder.number(in: "Kickoff") == nil)
        let tickets = [JiraTicket(key: "A", type: "Task", sprints: ["Sprint 10", "Sprint 9"], source: "x"), JiraTicket(key: "B", type: "Task", sprints: ["Sprint 11"], source: "y")]
        #expect(SprintOrder(tickets, cadence: nil).names == ["Sprint 9", "Sprint 10", "Sprint 11"])
        func week(_ day: String) -> String { CivilTime.isoWeek(CivilTime.day(day)!).description }
        #expect(week("2026-01-01") == "2026-W01", "a Thursday")
        #expect(week("2027-01-01") == "2026-W53", "a Friday: the last week of 2026")
        #expect(week("2024-12-30") == "2025-W01", "a Monday in the first week of 2025")
        #expect(week("2026-03-05") == "2026-W10")
        #expect(CivilTime.date(1_767_571_200) == "2026-01-05")
    }
}
