import Foundation
@testable import Insights
import Testing

/// Jira's "CSV (all fields)" export as Jira writes it: a byte order mark, repeated headers, quoted fields with commas
/// and line breaks, display-format dates; malformed rows reported by line without stopping the rest.
@Suite struct JiraCSVTests {
    static let export = "\u{FEFF}" + """
        Summary,Issue key,Issue id,Issue Type,Status,Status Category,Created,Resolved,Labels,Labels,Labels,Sprint,Sprint,Component/s,Reporter
        "Rotate certificates, all clusters",PLAT-1,10001,Task,Done,Done,30/Jul/18 23:33,02/Aug/18 09:15,KW31,dev,basis,Sprint 12,Sprint 13,Basis Infrastruktur,alice
        "Alert ""disk full""
        on prd-shared-01",PLAT-2,10002,Incident,Done,Done,12/Apr/26 3:30 PM,12/Apr/26 11:05 PM,KW15,,,Sprint 40,,Alarmierung & Monitoring,bob
        broken,row,with,too,few,fields
        "New namespace for search",PLAT-3,10003,Service Request,In Progress,In Progress,01/May/26 8:00 AM,,,,,,,,carol
        "Bad date",PLAT-4,10004,Task,Done,Done,2026-05-01,,,,,,,,dave

        """.replacingOccurrences(of: "\n", with: "\r\n")

    static func read(_ text: String, chunk: Int = 7) throws -> (tickets: [JiraTicket], problems: [InputProblem]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jira-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var tickets: [JiraTicket] = [], problems: [InputProblem] = []
        try JiraCSVExport().read(url, ticket: { tickets.append($0) }, problem: { problems.append($0) })
        return (tickets, problems)
    }

    @Test("tickets with multi-value fields gathered by position; problems by line")
    func export() throws {
        let (tickets, problems) = try Self.read(Self.export)
        #expect(tickets.map(\.key) == ["PLAT-1", "PLAT-2", "PLAT-3"])
        let first = try #require(tickets.first)
        #expect(first.labels == ["KW31", "dev", "basis"])
        #expect(first.sprints == ["Sprint 12", "Sprint 13"])
        #expect(first.components == ["Basis Infrastruktur"])
        #expect(first.type == "Task" && first.statusCategory == "Done" && first.reporter == "alice")
        #expect(first.created == 1_532_993_580, "30 Jul 2018 23:33 UTC")
        #expect(first.resolved == 1_533_201_300)
        #expect(first.source.hasSuffix(":2"))
        let incident = tickets[1]
        #expect(incident.labels == ["KW15"] && incident.sprints == ["Sprint 40"])
        #expect(incident.created == 1_776_007_800, "12 Apr 2026 3:30 PM UTC")
        #expect(incident.resolved == 1_776_035_100, "11:05 PM")
        #expect(tickets[2].resolved == nil && tickets[2].labels.isEmpty && tickets[2].source.hasSuffix(":6"), "after a two-line field the lines still count")
        #expect(problems.map(\.description).map { String($0.split(separator: ":", maxSplits: 1)[1]) } == [
            "5: 6 fields where the header has 15; the row is skipped",
            "7: PLAT-4: 'Created' is '2026-05-01', which matches none of the date formats dd/MMM/yy HH:mm, dd/MMM/yy h:mm a; the row is skipped",
        ])
    }

    @Test("any chunk size reads the same records")
    func chunks() throws {
        let data = Array(Self.export.utf8)
        for size in [1, 2, 3, 5, 64, data.count] {
            var reader = CSVReader(), records: [CSVReader.Record] = []
            var offset = 0
            while offset < data.count {
                reader.feed(data[offset..<min(offset + size, data.count)])
                offset += size
                while let record = try reader.next() { records.append(record) }
            }
            reader.finish()
            while let record = try reader.next() { records.append(record) }
            #expect(records.count == 6, "chunk \(size)")
            #expect(records[1].fields[0] == "Rotate certificates, all clusters", "chunk \(size)")
            #expect(records[2].fields[0] == "Alert \"disk full\"\r\non prd-shared-01", "chunk \(size)")
            #expect(records.map(\.line) == [1, 2, 3, 5, 6, 7], "chunk \(size)")
        }
    }

    @Test("a quote left open is reported at the line it starts; what came before is kept")
    func unterminated() throws {
        let (tickets, problems) = try Self.read("Issue key,Issue Type\nPLAT-1,Task\n\"PLAT-2,Task\nPLAT-3,Task\n")
        #expect(tickets.map(\.key) == ["PLAT-1"])
        #expect(problems.map(\.description).contains { $0.hasSuffix(":3: a quoted field is not closed before the end of the file; the rest of the file is skipped") })
    }

    @Test("a quote never closed in a large file: reading stops at the record limit instead of holding the rest of the file")
    func recordLimit() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jira-\(UUID().uuidString).csv")
        let rows = (2...40_000).map { "PLAT-\($0),Task" }.joined(separator: "\n")
        try Data(("Issue key,Issue Type\nPLAT-1,Task\n\"" + rows + "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var export = JiraCSVExport()
        export.maximumRecordBytes = 64 << 10
        var tickets: [JiraTicket] = [], problems: [InputProblem] = []
        try export.read(url, ticket: { tickets.append($0) }, problem: { problems.append($0) })
        #expect(tickets.map(\.key) == ["PLAT-1"])
        #expect(problems.map(\.description) == ["\(url.lastPathComponent):3: a record longer than 64 KiB, most likely a quoted field that is never closed; the rest of the file is skipped"])
    }

    @Test("dates: Jira's two display formats by default, a configured one, nonsense refused")
    func dates() {
        let jira = JiraDate()
        #expect(jira.parse("01/Jan/70 00:00") == 0)
        #expect(jira.parse("29/Feb/24 12:00 AM") == 1_709_164_800)
        #expect(jira.parse("29/Feb/24 12:00 PM") == 1_709_208_000)
        #expect(jira.parse("31/Foo/24 10:00") == nil)
        #expect(jira.parse("32/Jan/24 10:00") == nil)
        #expect(jira.parse("12/Apr/26 13:30 PM") == nil)
        #expect(jira.parse("29/Feb/25 10:00") == nil && jira.parse("31/Apr/26 10:00") == nil, "days that do not exist")
        #expect(jira.parse(" 12/apr/26 3:30 pm ") == 1_776_007_800, "spaces around, any letter case")
        #expect(JiraDate(patterns: ["yyyy-MM-dd HH:mm"]).parse("2026-11-27 17:20") == 1_795_800_000)
    }
}
