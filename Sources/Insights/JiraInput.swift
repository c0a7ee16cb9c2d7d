import FleetModel
import Foundation

/// Every ticket of a set of exports, whichever format each file is: `.json` files are REST search pages, anything
/// else a CSV (all fields) export. A ticket found twice (overlapping exports) is kept once, the later copy, and said.
public struct JiraInput: Sendable {
    public var tickets: [JiraTicket] = []
    public var problems: [InputProblem] = []
    public var files: [String] = []

    public init(tickets: [JiraTicket] = [], problems: [InputProblem] = [], files: [String] = []) {
        self.tickets = tickets
        self.problems = problems
        self.files = files
    }

    public static func read(_ urls: [URL], config: InsightsConfig) throws -> JiraInput {
        var input = JiraInput()
        var index: [String: Int] = [:]
        for url in urls {
            input.files.append(url.lastPathComponent)
            try InputFile.check(url.path, what: "Jira export")
            let add: (JiraTicket) -> Void = { ticket in
                if let earlier = index[ticket.key] {
                    input.problems.append(InputProblem(source: ticket.source, message: "\(ticket.key) was read before at \(input.tickets[earlier].source); this later copy is used"))
                    input.tickets[earlier] = ticket
                } else {
                    index[ticket.key] = input.tickets.count
                    input.tickets.append(ticket)
                }
            }
            let problem: (InputProblem) -> Void = { input.problems.append($0) }
            if url.pathExtension.lowercased() == "json" {
                try JiraRESTExport().read(url, ticket: add, problem: problem)
            } else {
                try JiraCSVExport(dates: config.dates).read(url, ticket: add, problem: problem)
            }
        }
        return input
    }
}
