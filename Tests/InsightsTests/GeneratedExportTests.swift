import Foundation
@testable import Insights
import InsightsSample
import Testing

/// Generated exports with known answers: 3,000 tickets over 75 sprints, as CSV (all fields) and as REST pages in
/// both sprint forms. Every measure must give the answers the generator tallied while making the tickets.
@Suite struct GeneratedExportTests {
    static func measure(_ urls: [URL], sample: SampleExport) throws -> TeamWorkReport {
        let config = try InsightsConfig.parse(sample.config)
        return try TeamWorkMeasures(config: config).report(reading: urls)
    }

    static func check(_ report: TeamWorkReport, _ answers: SampleExport.Answers) {
        #expect(report.tickets == answers.tickets && report.closed == answers.closed)
        #expect(report.sprints.map { SampleExport.Answers.Sprint(sprint: $0.sprint, closed: $0.closed, development: $0.development, run: $0.run, planned: $0.planned,
                                                               plannedDone: $0.plannedDone, added: $0.added, carriedOver: $0.carriedOver) } == answers.sprints)
        #expect(report.weeks.map { SampleExport.Answers.Week(week: $0.week, closed: $0.closed, development: $0.development, run: $0.run) } == answers.weeks)
        #expect(report.incidentsAndRequests.map { SampleExport.Answers.Kinds(week: $0.week, incidents: $0.incidents, requests: $0.requests, other: $0.other) }
            == answers.incidentsAndRequests)
        #expect(Dictionary(uniqueKeysWithValues: report.products.map { ($0.name, $0.closed) }) == answers.products)
        #expect(Dictionary(uniqueKeysWithValues: report.teams.map { ($0.name, $0.closed) }) == answers.teams)
        #expect(Dictionary(uniqueKeysWithValues: report.gaps.map { ($0.measure, $0.tickets) }) == answers.gaps)
        #expect(report.planning.plan == answers.plan)
    }

    @Test("CSV (all fields): every measure, and each malformed row by its line")
    func csv() throws {
        let sample = SampleExport(tickets: 3000, seed: 7)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID().uuidString).csv")
        try sample.writeCSV(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let report = try Self.measure([url], sample: sample)
        let answers = sample.answers(csv: true)
        Self.check(report, answers)
        #expect(answers.malformedLines.count == 4 && answers.sprints.count > 50)
        #expect(report.problems.compactMap { Int($0.split(separator: ":")[1]) } == answers.malformedLines)
    }

    @Test("REST pages, half with legacy sprint strings: the same answers")
    func rest() throws {
        let sample = SampleExport(tickets: 3000, seed: 7)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pages = try sample.writeREST(to: folder)
        #expect(pages.count == 30)
        let report = try Self.measure(pages, sample: sample)
        Self.check(report, sample.answers(csv: false))
        #expect(report.problems.isEmpty)
        #expect(report.sprints.allSatisfy { $0.state == "closed" && $0.start != nil })
    }
}
