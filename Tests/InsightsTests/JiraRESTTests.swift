import Foundation
@testable import Insights
import Testing

/// Jira REST search pages, both API versions and both sprint forms.
@Suite struct JiraRESTTests {
    static let page = #"""
        {"startAt": 0, "maxResults": 50, "total": 3, "issues": [
          {"key": "PLAT-7", "fields": {"labels": ["KW15", "dev"], "issuetype": {"name": "Task"},
            "status": {"name": "Done", "statusCategory": {"key": "done"}},
            "created": "2026-04-12T15:30:00.000+0200", "resolutiondate": "2026-04-14T09:00:00.000Z",
            "components": [{"name": "Basis Infrastruktur"}], "reporter": {"displayName": "Alice"},
            "customfield_10020": [{"id": 40, "name": "Sprint 40", "state": "closed", "startDate": "2026-04-06T08:00:00.000Z"},
                                  {"id": 41, "name": "Sprint 41", "state": "active"}]}},
          {"key": "PLAT-8", "fields": {"labels": [], "issuetype": {"name": "Incident"}, "status": {"name": "Open", "statusCategory": {"key": "new"}},
            "created": "2026-04-13T10:00:00.000-0130", "resolutiondate": null,
            "customfield_10007": ["com.atlassian.greenhopper.service.sprint.Sprint@5a1b[id=12,rapidViewId=3,state=CLOSED,name=Sprint 12, part 2,startDate=2018-07-30T08:00:00.000Z,endDate=<null>]"]}},
          {"key": "PLAT-9", "fields": {"issuetype": {"name": "Task"}, "created": "yesterday"}},
          {"fields": {}}
        ]}
        """#

    @Test("fields, dates with offsets, sprints in both forms; bad issues reported")
    func page() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("search-\(UUID().uuidString).json")
        try Data(Self.page.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let input = try JiraInput.read([url], config: InsightsConfig())
        let tickets = input.tickets, problems = input.problems
        #expect(tickets.map(\.key) == ["PLAT-7", "PLAT-8"])
        let first = tickets[0]
        #expect(first.labels == ["KW15", "dev"] && first.type == "Task" && first.statusCategory == "done")
        #expect(first.created == 1_776_000_600, "15:30 at +02:00 is 13:30 UTC")
        #expect(first.resolved == 1_776_157_200)
        #expect(first.sprints == ["Sprint 40", "Sprint 41"])
        #expect(first.components == ["Basis Infrastruktur"] && first.reporter == "Alice")
        #expect(tickets[1].sprints == ["Sprint 12, part 2"], "the legacy string form, a comma in the name")
        #expect(tickets[1].created == 1_776_079_800, "10:00 at -01:30 is 11:30 UTC")
        #expect(tickets[1].resolved == nil)
        #expect(problems.map(\.description).count == 2)
        #expect(JiraRESTExport.isoDate("2026-04-12T13:30Z") == 1_776_000_600)
        #expect(JiraRESTExport.isoDate("2026-04-12T15:30:00+02:00") == 1_776_000_600)
        #expect(JiraRESTExport.isoDate("2026-04-12 15:30") == nil)
        #expect(JiraRESTExport.isoDate("2026-04-12T15:30:00.123456+0200") == 1_776_000_600 && JiraRESTExport.isoDate("2026-04-12T11:00:00.000-0230") == 1_776_000_600)
        for wrong in ["2026-04-12T15:30:00.+0200", "2026-04-12T15:30:00+02", "2026-04-12T15:30:00+0200x", "2026-02-30T10:00Z", "2026-4-12T15:30Z", "", "2026-04-12T15:3Z"] {
            #expect(JiraRESTExport.isoDate(wrong) == nil, "\(wrong)")
        }
        #expect(JiraRESTExport.pairs("id=1,name=A, B,c,state=CLOSED,x=") == ["id=1", "name=A, B,c", "state=CLOSED", "x="])
        #expect(problems[0].description.contains("issues[2]") && problems[0].description.contains("'created' is 'yesterday'"))
        #expect(problems[1].description.contains("issues[3]: no 'key' or 'fields'"))
    }
}
