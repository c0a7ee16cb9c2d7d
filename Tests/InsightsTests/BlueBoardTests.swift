import FleetModel
import Foundation
@testable import Insights
import InsightsSample
import Testing

/// The Blue Board from a CSV export with parents by key and by id, an epic link, a theme label and a sub-task: each
/// theme's colour (and why), progress, sprints, teams and whether it moved since the last review.
@Suite struct BlueBoardTests {
    static func report(_ yaml: String = "blueBoard: {themeLabelPrefix: theme-, yellow: {labels: [security]}}") throws -> BlueBoardReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("board-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ops.csv")
        try Data(BlueBoardSample.csv.utf8).write(to: file)
        let config = try InsightsConfig.parse(yaml)
        return BlueBoardMeasures(config: config, asOf: CivilTime.day("2026-04-25")!).report(try JiraInput.read([file], config: config))
    }

    @Test("themes from epics (parent by key, by id, by epic link; a sub-task under its story), a label theme and an epic outside the input")
    func themes() throws {
        let report = try Self.report()
        let byKey = Dictionary(uniqueKeysWithValues: report.themes.map { ($0.key, $0) })
        #expect(Set(byKey.keys) == ["OPS-1", "OPS-2", "OPS-3", "label:pentest-2026", "CORE-7"])
        #expect(report.outsideThemes == 1, "OPS-50 is in no theme")
        let lb = try #require(byKey["OPS-1"])
        #expect(lb.done == 3 && lb.total == 4, "OPS-10, OPS-11 (parent by id), OPS-13 (sub-task of OPS-12) done; OPS-12 (epic link) open")
        #expect(lb.colour == .yellow && lb.colourWhy == "label security", "the yellow label wins over the development label on half its tickets")
        #expect(lb.closedPerSprint == [.init(sprint: "Sprint 1", closed: 2), .init(sprint: "Sprint 2", closed: 1)])
        #expect(lb.teams == ["Search", "Checkout"] && lb.started == "2026-03-01" && lb.lastActivity == "2026-04-22" && lb.moved)
        #expect(lb.status == "In Progress" && lb.statusCategory == "indeterminate")
        let namespaces = try #require(byKey["OPS-2"])
        #expect(namespaces.colour == .green && namespaces.colourWhy == "the development label 'dev' on the theme" && !namespaces.moved)
        #expect(namespaces.title == "<script>alert(1)</script> Self-service namespaces", "the summary as Jira has it; escaped where shown")
        let costs = try #require(byKey["OPS-3"])
        #expect(costs.done == 1 && costs.total == 1 && costs.colour == .yellow && !costs.moved && costs.statusCategory == "done")
        let pentest = try #require(byKey["label:pentest-2026"])
        #expect(pentest.title == "pentest-2026" && pentest.done == 1 && pentest.total == 2 && pentest.status == "In Progress" && pentest.colour == .green)
        #expect(pentest.colourWhy == "the development label on 2 of 2 tickets" && pentest.teams == ["Identity"] && pentest.moved)
        let outside = try #require(byKey["CORE-7"])
        #expect(outside.title == "CORE-7" && outside.total == 1 && outside.status == "To Do" && outside.colour == .yellow)
        #expect(report.asOf == "2026-04-25" && report.lastReview == "2026-04-11")
    }

    @Test("the board view: columns by status, cards coloured and flagged; the hostile summary escaped in HTML")
    func view() throws {
        let view = try Self.report().view
        let board = try #require(view.board)
        #expect(board.columns.map(\.title) == ["To do", "In progress", "Done"])
        #expect(board.columns[0].cards.map(\.key).sorted() == ["CORE-7", "OPS-2"] && board.columns[2].cards.map(\.key) == ["OPS-3"])
        #expect(board.columns[1].cards.first { $0.key == "OPS-1" }?.flag == "moved")
        let html = InsightHTML.document(view).html
        #expect(!html.contains("<script>alert(1)</script>") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Self-service namespaces"))
        #expect(html.contains("<article class=\"card yellow\" data-key=\"OPS-1\" data-colour=\"yellow\">"))
        #expect(view.tables.first { $0.id == "themes" }?.rows.count == 5)
        #expect(view.notes.contains { $0.hasPrefix("5 themes from ops.csv: 3 yellow (run), 2 green (development); 2 moved since the last review (2026-04-11).") })
    }

    @Test("blueBoard keys: types, colours by label or type, review days (mistakes: InsightsConfigTests)")
    func config() throws {
        let rule = try InsightsConfig.parse("blueBoard: {themeTypes: [Epic, Initiative], green: {types: [Feature]}, yellow: {labels: [pentest]}, reviewDays: 7}").blueBoard
        #expect(rule.themeTypes == ["Epic", "Initiative"] && rule.green.types == ["Feature"] && rule.yellow.labels == ["pentest"] && rule.reviewDays == 7)
        #expect(try InsightsConfig.parse("blueBoard: {themeLabelPrefix: theme-}").blueBoard.themeLabelPrefix == "theme-")
    }

    @Test("parents from REST: fields.parent and the epic-link field")
    func restParents() throws {
        var input = JiraInput()
        let page = #"{"issues": [{"key": "A-1", "id": "1", "fields": {"issuetype": {"name": "Epic"}, "summary": "Theme", "status": {"name": "Open", "statusCategory": {"key": "new"}}}},"#
            + #"{"key": "A-2", "id": "2", "fields": {"issuetype": {"name": "Task"}, "parent": {"key": "A-1"}, "updated": "2026-04-20T10:00:00.000+0000"}},"#
            + #"{"key": "A-3", "id": "3", "fields": {"issuetype": {"name": "Story"}, "customfield_10014": "A-1"}}]}"#
        try input.addPage(Data(page.utf8), name: "search-0001.json")
        #expect(input.tickets.map(\.parent) == [nil, .key("A-1"), .key("A-1")])
        #expect(input.tickets[1].updated == CivilTime.day("2026-04-20")! + 36_000)
        let report = BlueBoardMeasures(config: InsightsConfig(), asOf: CivilTime.day("2026-04-25")!).report(input)
        #expect(report.themes.map(\.key) == ["A-1"] && report.themes[0].total == 2 && report.themes[0].title == "Theme" && report.themes[0].moved)
    }
}
