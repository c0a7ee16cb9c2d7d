import Foundation
import Insights
import JiraLive
import Testing

/// What `peng serve` needs to read Jira live: a query for only the tickets changed lately, whatever the user's JQL
/// looks like, and the changes put in place of the copies a full read gave.
@Suite struct LiveReadTests {
    @Test("the query for changes keeps the user's condition in parentheses and the ORDER BY last, wherever it is written and however cased", arguments: [
        ("project = PLAT ORDER BY key", #"(project = PLAT) AND updated >= "-5m" ORDER BY key"#),
        ("project = PLAT", #"(project = PLAT) AND updated >= "-5m""#),
        ("project = PLAT OR labels = ops order  by created DESC", #"(project = PLAT OR labels = ops) AND updated >= "-5m" order  by created DESC"#),
        (#"summary ~ "order by" AND project = PLAT"#, #"(summary ~ "order by" AND project = PLAT) AND updated >= "-5m""#),
        (#"summary ~ 'it\'s order by' ORDER BY key"#, #"(summary ~ 'it\'s order by') AND updated >= "-5m" ORDER BY key"#),
        ("(project = PLAT)ORDER BY rank", #"((project = PLAT)) AND updated >= "-5m" ORDER BY rank"#),
        ("ORDER BY key", #"updated >= "-5m" ORDER BY key"#),
        ("project = reorder by", #"(project = reorder by) AND updated >= "-5m""#),
    ])
    func changedQuery(jql: String, expected: String) throws {
        let site = try JiraSite(url: "https://jira.example.com", jql: jql)
        #expect(site.query(changedWithinMinutes: 5) == expected)
        #expect(site.query(changedWithinMinutes: nil) == jql, "a full read asks the query as written")
    }

    @Test("a read of changes never asks for less than a minute")
    func atLeastAMinute() throws {
        let site = try JiraSite(url: "https://jira.example.com", jql: "project = PLAT")
        #expect(site.query(changedWithinMinutes: 0) == #"(project = PLAT) AND updated >= "-1m""#)
    }

    @Test("changes replace their tickets in place, new tickets are added, later sprints win, and an update is not a shared ticket")
    func updating() throws {
        var full = JiraInput()
        full.add(JiraTicket(key: "A", type: "Task", statusCategory: "new", source: "search-0001.json"), file: 0)
        full.add(JiraTicket(key: "B", type: "Task", statusCategory: "new", source: "search-0001.json"), file: 0)
        full.files = ["search-0001.json"]
        full.sprints = ["S 1": SprintDetail(state: "active")]
        var changes = JiraInput()
        changes.add(JiraTicket(key: "B", type: "Task", statusCategory: "done", source: "search-0001.json"), file: 0)
        changes.add(JiraTicket(key: "C", type: "Bug", statusCategory: "new", source: "search-0001.json"), file: 0)
        changes.files = ["search-0001.json"]  // the page it came from
        changes.sprints = ["S 1": SprintDetail(state: "closed")]
        try changes.addPage(Data(#"{"issues": [{"fields": {}}]}"#.utf8), name: "search-0002.json")
        #expect(changes.problems.count == 1, "an issue without a key")

        let updated = full.updating(with: changes)
        #expect(updated.tickets.map(\.key) == ["A", "B", "C"])
        #expect(updated.tickets.map { $0.statusCategory ?? "" } == ["new", "done", "new"])
        #expect(updated.sprints["S 1"]?.state == "closed")
        #expect(updated.shared == 0 && updated.problems.count == 1)
        #expect(full.tickets.map { $0.statusCategory ?? "" } == ["new", "new"], "the full read is kept as it was, for the next read of changes")

        // The next read of changes (again since the full read) replaces B once more, in the same place.
        var later = JiraInput()
        later.add(JiraTicket(key: "B", type: "Task", statusCategory: "indeterminate", source: "search-0001.json"), file: 0)
        let again = updated.updating(with: later)
        #expect(again.tickets.map(\.key) == ["A", "B", "C"] && again.tickets[1].statusCategory == "indeterminate")
    }
}
