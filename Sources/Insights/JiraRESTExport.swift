import FleetModel
import Foundation

/// Pages of Jira's REST search (`/rest/api/3/search/jql`, the older `/rest/api/2/search`) saved as JSON files: per
/// issue `fields.labels`, `issuetype.name`, `status.name` and `status.statusCategory.key`, `created` and
/// `resolutiondate` (ISO 8601 with a `+hhmm` offset), `components[].name`, `reporter.displayName`, and the sprint
/// custom field, found by its content: an array of `{id, name, state, startDate, endDate}` or the legacy strings
/// `com.atlassian.greenhopper.service.sprint.Sprint@…[id=…,name=Sprint 12,state=CLOSED,…]`.
public struct JiraRESTExport: Sendable {
    public init() {}

    /// The most peng reads of one saved page: Jira answers at most a few thousand issues per page.
    public static let pageLimit = 64 << 20

    /// What JSONSerialization says is wrong, without Foundation's error domain and code.
    static func jsonProblem(_ error: any Error) -> String {
        let described = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return described ?? "it cannot be parsed"
    }

    public func read(_ url: URL, ticket: (JiraTicket) -> Void, problem: (InputProblem) -> Void) throws {
        let file = url.lastPathComponent
        let data: Data
        do { data = try InputFile.data(url.path, what: "Jira search page", limit: Self.pageLimit) } catch {
            throw NotAJiraExport(file: file, reason: "it \((error as? InputFileError)?.reason ?? "cannot be read: \(error)")")
        }
        try read(data, file: file, ticket: ticket, problem: problem)
    }

    /// One page already in memory, named `file` in messages.
    public func read(_ data: Data, file: String, ticket: (JiraTicket) -> Void, problem: (InputProblem) -> Void) throws {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw NotAJiraExport(file: file, reason: "it is not JSON (\(Self.jsonProblem(error)))")
        }
        guard let page = json as? [String: Any], let issues = page["issues"] as? [Any] else {
            throw NotAJiraExport(file: file, reason: "it is not a Jira search result: it has no 'issues' list")
        }
        read(issues: issues, file: file, ticket: ticket, problem: problem)
    }

    /// The `issues` of a search page already parsed.
    func read(issues: [Any], file: String, ticket: (JiraTicket) -> Void, problem: (InputProblem) -> Void) {
        for (index, item) in issues.enumerated() {
            let source = "\(file):issues[\(index)]"
            guard let issue = item as? [String: Any], let key = issue["key"] as? String, let fields = issue["fields"] as? [String: Any] else {
                problem(InputProblem(source: source, message: "no 'key' or 'fields'; the issue is skipped"))
                continue
            }
            var dates: [String: Int?] = [:]
            var bad: String?
            for name in ["created", "resolutiondate"] {
                guard let text = fields[name] as? String else { dates[name] = .some(nil); continue }
                guard let value = Self.isoDate(text) else { bad = "\(key): '\(name)' is '\(text)', which is not an ISO 8601 time"; break }
                dates[name] = value
            }
            if let bad {
                problem(InputProblem(source: source, message: bad + "; the issue is skipped"))
                continue
            }
            let status = fields["status"] as? [String: Any]
            let sprints = Self.sprints(in: fields)
            var value = JiraTicket(key: key, type: (fields["issuetype"] as? [String: Any])?["name"] as? String ?? "",
                              statusCategory: (status?["statusCategory"] as? [String: Any])?["key"] as? String,
                              status: status?["name"] as? String, created: dates["created"] ?? nil, resolved: dates["resolutiondate"] ?? nil,
                              labels: fields["labels"] as? [String] ?? [], sprints: sprints.map(\.name),
                              components: (fields["components"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String },
                              reporter: (fields["reporter"] as? [String: Any])?["displayName"] as? String, source: source)
            for sprint in sprints { value.sprintDetails[sprint.name] = sprint.detail }
            ticket(value)
        }
    }

    /// The sprints of the first custom field that holds sprints, in either form.
    static func sprints(in fields: [String: Any]) -> [(name: String, detail: SprintDetail)] {
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) where name.hasPrefix("customfield_") {
            guard let items = value as? [Any], !items.isEmpty else { continue }
            let objects = items.compactMap { $0 as? [String: Any] }
            if objects.count == items.count, objects.allSatisfy({ $0["name"] != nil && $0["state"] != nil }) {
                return objects.compactMap { object in
                    (object["name"] as? String).map { name in
                        (name, SprintDetail(start: (object["startDate"] as? String).flatMap(isoDate), state: (object["state"] as? String)?.lowercased()))
                    }
                }
            }
            let legacy = items.compactMap { $0 as? String }.filter { $0.hasPrefix("com.atlassian.greenhopper.service.sprint.Sprint@") }
            if !legacy.isEmpty, legacy.count == items.count { return legacy.compactMap(legacySprint) }
        }
        return []
    }

    /// `…Sprint@1a2b[id=12,rapidViewId=3,state=CLOSED,name=Sprint 12,startDate=…]` -> `Sprint 12`, closed, its start.
    static func legacySprint(_ text: String) -> (name: String, detail: SprintDetail)? {
        guard let open = text.firstIndex(of: "["), text.hasSuffix("]") else { return nil }
        let body = text[text.index(after: open)..<text.index(before: text.endIndex)]
        // Values may hold commas; a key is a word followed by '=' after a comma.
        var name: String?, detail = SprintDetail()
        var rest = Substring(body)
        while !rest.isEmpty {
            let next = rest.range(of: #",[A-Za-z]+="#, options: .regularExpression)
            let pair = next.map { rest[..<$0.lowerBound] } ?? rest
            if pair.hasPrefix("name=") { name = String(pair.dropFirst(5)) }
            if pair.hasPrefix("state=") { detail.state = pair.dropFirst(6).lowercased() }
            if pair.hasPrefix("startDate=") { detail.start = isoDate(String(pair.dropFirst(10))) }
            rest = next.map { rest[rest.index(after: $0.lowerBound)...] } ?? ""
        }
        return name.map { ($0, detail) }
    }

    /// `2026-04-12T15:30:00.000+0200` (also `Z` and `+02:00`), as seconds since 1970.
    static func isoDate(_ text: String) -> Int? {
        let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"#
        guard text.range(of: pattern, options: .regularExpression) != nil else { return nil }
        let characters = Array(text)
        func number(_ range: Range<Int>) -> Int { Int(String(characters[range]))! }
        let seconds = characters[16] == ":" ? number(17..<19) : 0
        var offset = 0
        if characters.last != "Z" {
            let zone = Array(characters.suffix(characters.suffix(3).first == ":" ? 6 : 5))
            let digits = zone.filter(\.isNumber).map { Int(String($0))! }
            offset = ((digits[0] * 10 + digits[1]) * 3600 + (digits[2] * 10 + digits[3]) * 60) * (zone[0] == "+" ? 1 : -1)
        }
        guard let date = CalendarDate(year: number(0..<4), month: number(5..<7), day: number(8..<10)) else { return nil }
        return date.daysSinceEpoch * 86_400
            + number(11..<13) * 3600 + number(14..<16) * 60 + seconds - offset
    }
}
