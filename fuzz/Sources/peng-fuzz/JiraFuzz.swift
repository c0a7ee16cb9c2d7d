import Foundation
import Insights
import JiraLive

/// The Jira readers and insights.yaml: any bytes as a CSV export, a REST search page or board sprint page, or a config. Properties: no crash
/// or hang; a rejection is a typed error (NotAJiraExport, InsightsConfig.Problem) with a message; every ticket read
/// has a key; the measures run on whatever was read.
enum JiraFuzz {
    static func csv(_ bytes: [UInt8]) {
        read { ticket in try JiraCSVExport().read(Data(bytes), file: "fuzz.csv", ticket: ticket, problem: { _ in }) }
    }

    /// A JSON page as saved or read live: a search page or a board's sprints.
    static func rest(_ bytes: [UInt8]) {
        var input = JiraInput()
        do { try input.addPage(Data(bytes), name: "fuzz.json") } catch let error as NotAJiraExport {
            if error.reason.isEmpty { FuzzTarget.fail("NotAJiraExport without a reason") }
            return
        } catch {
            FuzzTarget.fail("not a typed error: \(error)")
        }
        if input.files != ["fuzz.json"] { FuzzTarget.fail("a page read is one file: \(input.files)") }
        if let keyless = input.tickets.first(where: { $0.key.isEmpty }) { FuzzTarget.fail("a ticket without a key: \(keyless.source)") }
        _ = TeamWorkMeasures(config: InsightsConfig()).report(input)
    }

    /// A JQL query as `peng serve` turns it into a read of changes. Properties: the ORDER BY found is the query's own
    /// end and starts with ORDER BY; the condition is what comes before it; a site refuses only an empty query; the
    /// query for changes ends with that ORDER BY and holds the condition unchanged.
    static func jql(_ bytes: [UInt8]) {
        guard let jql = String(validating: bytes, as: UTF8.self) else { return }
        let (condition, order) = JiraSite.splitOrder(jql)
        if let order {
            if !jql.hasSuffix(order) { FuzzTarget.fail("the ORDER BY is not the query's end: \(order)") }
            if !order.lowercased().hasPrefix("order") { FuzzTarget.fail("the ORDER BY does not start with ORDER: \(order)") }
            if String(jql.dropLast(order.count)).trimmingCharacters(in: .whitespaces) != condition { FuzzTarget.fail("the condition is not what precedes ORDER BY") }
        } else if condition != jql {
            FuzzTarget.fail("a query without ORDER BY changed: \(condition)")
        }
        let site: JiraSite
        do { site = try JiraSite(url: "https://jira.example.com", jql: jql) } catch {
            if !jql.trimmingCharacters(in: .whitespaces).isEmpty { FuzzTarget.fail("a query refused: \(error)") }
            return
        }
        let changed = site.query(changedWithinMinutes: 5)
        if let order, !changed.hasSuffix(" " + order) { FuzzTarget.fail("the query for changes does not end with the ORDER BY") }
        if !condition.trimmingCharacters(in: .whitespaces).isEmpty, !changed.hasPrefix("(\(condition)) AND updated >= \"-5m\"") {
            FuzzTarget.fail("the query for changes does not hold the condition: \(changed)")
        }
        if site.query(changedWithinMinutes: nil) != jql { FuzzTarget.fail("a full read does not ask the query as written") }
    }

    /// One reader's tickets, then the measures over them; a rejection must be NotAJiraExport with a reason.
    private static func read(_ reader: ((JiraTicket) -> Void) throws -> Void) {
        var tickets: [JiraTicket] = []
        do { try reader { tickets.append($0) } } catch let error as NotAJiraExport {
            if error.reason.isEmpty { FuzzTarget.fail("NotAJiraExport without a reason") }
            return
        } catch {
            FuzzTarget.fail("not a typed error: \(error)")
        }
        measure(tickets)
    }

    static func config(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        do { _ = try InsightsConfig.parse(text, source: "insights.yaml") } catch {
            if error.message.isEmpty { FuzzTarget.fail("a config problem without a message") }
        }
    }

    private static func measure(_ tickets: [JiraTicket]) {
        if let keyless = tickets.first(where: { $0.key.isEmpty }) { FuzzTarget.fail("a ticket without a key: \(keyless.source)") }
        _ = TeamWorkMeasures(config: InsightsConfig()).report(JiraInput(tickets: tickets))
    }
}
