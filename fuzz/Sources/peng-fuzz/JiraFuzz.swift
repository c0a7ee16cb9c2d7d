import Foundation
import Insights

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
