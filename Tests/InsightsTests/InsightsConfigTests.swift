import Foundation
@testable import Insights
import Testing

/// insights.yaml: the shipped example is valid and says what it says; mistakes are refused with the key's path.
@Suite struct InsightsConfigTests {
    @Test("the documented example config")
    func example() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/insights/insights.yaml")
        let config = try InsightsConfig.load(url)
        #expect(config.developmentLabel == "dev")
        #expect(config.products.map(\.name) == ["Basis Infrastruktur", "Notdienst", "Alarmierung & Monitoring", "3rd Party Service"], "in the file's order")
        #expect(config.incidentTypes == ["Incident"] && config.requestTypes == ["Service Request"])
        #expect(config.team == .component && config.calendarWeekLabel.pattern == "KW{week}")
        #expect(config.cadence == InsightsConfig.SprintCadence(sprint: 40, start: CivilTime.day("2026-04-06")!, days: 14))
        #expect(config.recentSprints == 3)
    }

    @Test("mistakes are refused with the key and what would be right", arguments: [
        ("prodcts: {a: b}", "insights.yaml: prodcts: unknown key; expected one of blueBoard, calendarWeek, dates, development, incidents, planning, products, requests, sprints, team"),
        ("team: {from: manager}", "insights.yaml: team.from: expected component, label or reporter"),
        ("team: {from: label}", "insights.yaml: team.labelPrefix: needed with from: label, e.g. labelPrefix: team-"),
        ("calendarWeek: KW", "insights.yaml: calendarWeek: 'KW' has no {week}; write the label with {week} where the number goes, e.g. KW{week}"),
        ("incidents: [Bug]\nrequests: [Bug]", "insights.yaml: requests: 'Bug' is also listed under incidents; an issue type counts as one or the other"),
        ("sprints: {cadence: {sprint: Sprint 1, start: 6.4.2026, days: 14}}", "insights.yaml: sprints.cadence.start: expected the sprint's first day as YYYY-MM-DD, e.g. 2026-04-06"),
        ("planning: {recentSprints: 0}", "insights.yaml: planning.recentSprints: expected a positive whole number"),
        ("products: [basis]", "insights.yaml: products: expected a mapping of label: product name"),
        ("development: [dev", "insights.yaml: is not valid YAML"),
        ("blueBoard: {reviewDays: 0}", "insights.yaml: blueBoard.reviewDays: expected days between reviews, 1 to 366, e.g. 14"),
        ("blueBoard: {yellow: {labels: [a]}, green: {labels: [a]}}", "insights.yaml: blueBoard.green.labels: 'a' is also a yellow label; a card is one colour"),
        ("blueBoard: {yellow: {colour: yes}}", "insights.yaml: blueBoard.yellow.colour: unknown key; expected one of labels, types"),
    ])
    func mistakes(_ text: String, _ message: String) {
        #expect {
            _ = try InsightsConfig.parse(text)
        } throws: { error in
            (error as? InsightsConfig.Problem)?.description.hasPrefix(message) == true
        }
    }

    @Test("team from reporter, label prefix; an empty file is the defaults")
    func teams() throws {
        #expect(try InsightsConfig.parse("team: {from: reporter, reporters: {alice: Search}}").team == .reporter(["alice": "Search"]))
        #expect(try InsightsConfig.parse("team: {from: label, labelPrefix: team-}").team == .label(prefix: "team-"))
        #expect(try InsightsConfig.parse("") == InsightsConfig())
    }
}

/// Found by fuzzing (bench/fuzz.sh insights-config): a key that is not plain text stopped the program inside Yams.
@Suite("insights.yaml keys")
struct InsightsConfigKeyTests {
    @Test("a key that is a list, a mapping or a merge key is a problem naming where, not a crash", arguments: [
        "? [a, b]\n: c\n", "sprints:\n  cadence:\n    ? {sprint: 1}\n    : x\n", "base: &b {label: x}\ndevelopment:\n  <<: *b\n",
    ])
    func complexKeys(_ text: String) {
        let problem = #expect(throws: InsightsConfig.Problem.self) { _ = try InsightsConfig.parse(text) }
        #expect(problem?.message.contains("a key must be plain text") == true, "\(String(describing: problem))")
    }

    @Test("a YAML 1.1 sexagesimal number (which overflowed inside Yams) is text like any other, and refused where a number is due")
    func sexagesimal() throws {
        let problem = #expect(throws: InsightsConfig.Problem.self) { _ = try InsightsConfig.parse("planning:\n  recentSprints: 1:22:2:28:28:2:2:28:28:2:22\n") }
        #expect(problem?.message == "planning.recentSprints: expected a positive whole number")
        #expect(try InsightsConfig.parse("development:\n  label: 1:22:2:28:28:2:2:28:28:2:22\n").developmentLabel == "1:22:2:28:28:2:2:28:28:2:22")
    }
}
