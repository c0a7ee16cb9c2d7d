import Foundation

/// Jira's "CSV (all fields)" export, streamed: multi-value fields repeat their header (`Labels,Labels,…`,
/// `Sprint,Sprint,…`, `Component/s,…`) and are gathered by position; dates in the instance's display format.
/// A row with the wrong number of fields, no key or an unreadable date is reported with its line and skipped.
public struct JiraCSVExport: Sendable {
    public var dates: JiraDate
    /// See `CSVReader.maximumRecordBytes`.
    public var maximumRecordBytes = 16 << 20

    public init(dates: JiraDate = JiraDate()) {
        self.dates = dates
    }

    /// The columns a ticket is read from, by header name; every position where the name appears.
    struct Columns {
        var positions: [String: [Int]] = [:]
        var count: Int

        init(_ header: [String]) {
            count = header.count
            for (index, name) in header.enumerated() { positions[name.trimmingCharacters(in: .whitespaces), default: []].append(index) }
        }

        func first(_ name: String, in fields: [String]) -> String? {
            positions[name]?.lazy.map { fields[$0] }.first { !$0.isEmpty }
        }

        func all(_ name: String, in fields: [String]) -> [String] {
            (positions[name] ?? []).map { fields[$0] }.filter { !$0.isEmpty }
        }
    }

    /// Reads `url`, calling `ticket` for each ticket and `problem` for each row that cannot be read.
    public func read(_ url: URL, ticket: (JiraTicket) -> Void, problem: (InputProblem) -> Void) throws {
        try read(.file(url), named: url.lastPathComponent, ticket: ticket, problem: problem)
    }

    /// The same for an export already in memory, named `file` in messages.
    public func read(_ data: Data, file: String, ticket: (JiraTicket) -> Void, problem: (InputProblem) -> Void) throws {
        try read(.bytes(data), named: file, ticket: ticket, problem: problem)
    }

    private enum Source {
        case file(URL)
        case bytes(Data)
    }

    private func read(_ source: Source, named file: String, ticket: (JiraTicket) -> Void, problem: (InputProblem) -> Void) throws {
        var columns: Columns?
        func take(_ record: CSVReader.Record) throws {
            guard let known = columns else {
                let header = Columns(record.fields)
                guard header.positions["Issue key"] != nil else { throw NotAJiraExport(file: file, header: record.fields) }
                columns = header
                return
            }
            switch self.ticket(record, columns: known, file: file) {
            case .success(let value): ticket(value)
            case .failure(let value): problem(value)
            }
        }
        do {
            switch source {
            case .file(let url): try CSVReader.read(url, maximumRecordBytes: maximumRecordBytes, take)
            case .bytes(let data): try CSVReader.read(data, maximumRecordBytes: maximumRecordBytes, take)
            }
        } catch let error as CSVReader.Unterminated {
            guard columns != nil else { throw NotAJiraExport(file: file, reason: "it starts with \(error.reason)") }
            problem(InputProblem(source: "\(file):\(error.line)", message: error.reason + "; the rest of the file is skipped"))
        }
        if columns == nil { throw NotAJiraExport(file: file, reason: "it is empty (no header row)") }
    }

    /// Where a CSV export names the parent or epic, by key or by numeric id.
    static let parentColumns = ["Parent", "Parent key", "Parent id", "Epic Link", "Custom field (Epic Link)"]

    func ticket(_ record: CSVReader.Record, columns: Columns, file: String) -> Result<JiraTicket, InputProblem> {
        let source = "\(file):\(record.line)"
        let fields = record.fields
        guard fields.count == columns.count else {
            if fields.count == 1, fields[0].isEmpty { return .failure(InputProblem(source: source, message: "an empty line")) }
            return .failure(InputProblem(source: source, message: "\(fields.count) fields where the header has \(columns.count); the row is skipped"))
        }
        guard let key = columns.first("Issue key", in: fields) else {
            return .failure(InputProblem(source: source, message: "no 'Issue key'; the row is skipped"))
        }
        func date(_ name: String) -> Result<Int?, InputProblem> {
            guard let text = columns.first(name, in: fields) else { return .success(nil) }
            guard let value = dates.parse(text) else {
                return .failure(InputProblem(source: source, message: "\(key): '\(name)' is '\(text)', which matches none of the date formats \(dates.patterns.joined(separator: ", ")); the row is skipped"))
            }
            return .success(value)
        }
        let created: Int?, resolved: Int?, updated: Int?
        switch (date("Created"), date("Resolved"), date("Updated")) {
        case (.failure(let problem), _, _), (_, .failure(let problem), _), (_, _, .failure(let problem)): return .failure(problem)
        case (.success(let c), .success(let r), .success(let u)): (created, resolved, updated) = (c, r, u)
        }
        var ticket = JiraTicket(key: key, type: columns.first("Issue Type", in: fields) ?? "", statusCategory: columns.first("Status Category", in: fields),
                                status: columns.first("Status", in: fields), created: created, resolved: resolved,
                                labels: columns.all("Labels", in: fields), sprints: columns.all("Sprint", in: fields),
                                components: columns.all("Component/s", in: fields), reporter: columns.first("Reporter", in: fields), source: source)
        ticket.id = columns.first("Issue id", in: fields)
        ticket.summary = columns.first("Summary", in: fields)
        ticket.updated = updated
        ticket.parent = Self.parentColumns.lazy.compactMap { columns.first($0, in: fields).flatMap(ParentReference.init) }.first
        return .success(ticket)
    }
}

/// A file that is not a Jira export at all (not a set of bad rows but the wrong file): one error, and no report.
public struct NotAJiraExport: Error, CustomStringConvertible {
    public var file: String
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    /// A CSV whose header has no `Issue key` column: the columns it has.
    init(file: String, header: [String]) {
        let found = header.prefix(8).map { $0.count > 40 ? $0.prefix(40) + "…" : Substring($0) }.joined(separator: ", ")
        self.init(file: file, reason: "its header has no 'Issue key' column (found: \(found)\(header.count > 8 ? ", …" : ""))")
    }

    public var description: String { "\(file) is not a Jira export: \(reason)" }
}
