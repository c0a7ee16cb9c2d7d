import FleetModel
import Foundation
import Synchronization

/// Every ticket of a set of exports, whichever format each file is: `.json` files are REST search pages, anything
/// else a CSV (all fields) export. Exports that share tickets (monthly exports, CSV and REST of the same tickets, the
/// pages of one live read) are normal: a ticket found in more than one file is kept once, the later copy, and counted
/// in `shared`. A ticket twice in one file is an input problem.
public struct JiraInput: Sendable {
    public var tickets: [JiraTicket] = []
    public var problems: [InputProblem] = []
    public var files: [String] = []
    /// Tickets read from more than one file, each counted once.
    public var shared = 0

    public init(tickets: [JiraTicket] = [], problems: [InputProblem] = [], files: [String] = []) {
        self.tickets = tickets
        self.problems = problems
        self.files = files
    }

    /// Sprints as a board's agile API lists them (`/rest/agile/1.0/board/{id}/sprint`): start and state by name.
    public var sprints: [String: SprintDetail] = [:]

    /// One JSON page as Jira answered it, named `name` in messages: a search page (`issues`) or a page of a board's
    /// sprints (`values`). Each page counts as one file.
    public mutating func addPage(_ data: Data, name: String) throws {
        add(try Page(data, name: name))
    }

    /// A JSON page read, not yet added: pages can be read at the same time (each on its own thread) and added in order.
    public struct Page: Sendable {
        public var name: String
        var tickets: [JiraTicket] = []
        var sprints: [(String, SprintDetail)] = []
        var problems: [InputProblem] = []

        /// A saved page, named by its file.
        public init(contentsOf url: URL) throws {
            let data: Data
            do { data = try InputFile.data(url.path, what: "Jira page", limit: JiraRESTExport.pageLimit) } catch {
                throw NotAJiraExport(file: url.lastPathComponent, reason: "it \((error as? InputFileError)?.reason ?? "cannot be read: \(error)")")
            }
            try self.init(data, name: url.lastPathComponent)
        }

        public init(_ data: Data, name: String) throws {
            self.name = name
            let json: Any
            do { json = try JSONSerialization.jsonObject(with: data) } catch {
                throw NotAJiraExport(file: name, reason: "it is not JSON (\(JiraRESTExport.jsonProblem(error)))")
            }
            if let page = json as? [String: Any], let issues = page["issues"] as? [Any] {
                var tickets: [JiraTicket] = [], problems: [InputProblem] = []
                JiraRESTExport().read(issues: issues, file: name, ticket: { tickets.append($0) }, problem: { problems.append($0) })
                (self.tickets, self.problems) = (tickets, problems)
            } else if let page = json as? [String: Any], let values = page["values"] as? [Any] {
                for (index, value) in values.enumerated() {
                    guard let sprint = value as? [String: Any], let sprintName = sprint["name"] as? String else {
                        problems.append(InputProblem(source: "\(name):values[\(index)]", message: "a sprint without a 'name'; it is skipped"))
                        continue
                    }
                    sprints.append((sprintName, SprintDetail(start: (sprint["startDate"] as? String).flatMap(JiraRESTExport.isoDate),
                                                             state: (sprint["state"] as? String)?.lowercased())))
                }
            } else {
                throw NotAJiraExport(file: name, reason: "it is neither a Jira search result (an 'issues' list) nor a board's sprints (a 'values' list)")
            }
        }
    }

    /// Adds a page read, as the next file.
    public mutating func add(_ page: Page) {
        files.append(page.name)
        let file = files.count - 1
        problems += page.problems
        for ticket in page.tickets { add(ticket, file: file) }
        for (name, detail) in page.sprints { sprints[name] = detail }
    }

    /// Where each ticket was read: its index in `tickets` and the files it was in.
    private var index: [String: (position: Int, files: Set<Int>)] = [:]

    /// Adds a ticket read from the file numbered `file` (its place in `files`); a later copy replaces the earlier one.
    public mutating func add(_ ticket: JiraTicket, file: Int) {
        guard var seen = index[ticket.key] else {
            index[ticket.key] = (tickets.count, [file])
            tickets.append(ticket)
            return
        }
        if seen.files.contains(file) {
            problems.append(InputProblem(source: ticket.source, message: "\(ticket.key) is in this file twice (also at \(tickets[seen.position].source)); this later copy is used"))
        } else {
            if seen.files.count == 1 { shared += 1 }
            seen.files.insert(file)
            index[ticket.key] = seen
        }
        tickets[seen.position] = ticket
    }

    /// These tickets with the `changes` of a later read: a changed ticket replaces its copy, a new one is added, the
    /// sprints read later win. What the later read found wrong is added; a ticket in both is an update, not "shared".
    public func updating(with changes: JiraInput) -> JiraInput {
        var updated = self
        let offset = updated.files.count
        updated.files += changes.files
        updated.problems += changes.problems
        updated.shared += changes.shared
        for ticket in changes.tickets {
            if let seen = updated.index[ticket.key] {
                updated.tickets[seen.position] = ticket
                updated.index[ticket.key] = (seen.position, [offset])
            } else {
                updated.index[ticket.key] = (updated.tickets.count, [offset])
                updated.tickets.append(ticket)
            }
        }
        for (name, detail) in changes.sprints { updated.sprints[name] = detail }
        return updated
    }

    public static func read(_ urls: [URL], config: InsightsConfig) throws -> JiraInput {
        for url in urls { try InputFile.check(url.path, what: "Jira export") }
        // JSON pages are read on every core at once (a live read's saved pages are many), then added in order.
        let json = urls.filter { $0.pathExtension.lowercased() == "json" }
        let pages = Mutex<[URL: Result<Page, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: json.count) { index in
            let url = json[index]
            let page = Result<Page, any Error> { try Page(contentsOf: url) }
            pages.withLock { $0[url] = page }
        }
        let read = pages.withLock { $0 }
        var input = JiraInput()
        for url in urls {
            if let page = read[url] {
                input.add(try page.get())
            } else {
                input.files.append(url.lastPathComponent)
                let file = input.files.count - 1
                try JiraCSVExport(dates: config.dates).read(url, ticket: { input.add($0, file: file) }, problem: { input.problems.append($0) })
            }
        }
        return input
    }
}
