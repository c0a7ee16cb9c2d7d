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

    /// The `issues` of a search page already parsed.
    func read(issues: [Any], file: String, ticket: (JiraTicket) -> Void, problem: (InputProblem) -> Void) {
        for (index, item) in issues.enumerated() {
            let source = "\(file):issues[\(index)]"
            guard let issue = item as? [String: Any], let key = issue["key"] as? String, let fields = issue["fields"] as? [String: Any] else {
                problem(InputProblem(source: source, message: "no 'key' or 'fields'; the issue is skipped"))
                continue
            }
            var dates: (created: Int?, resolved: Int?) = (nil, nil)
            var bad: String?
            for name in ["created", "resolutiondate"] {
                guard let text = fields[name] as? String else { continue }
                guard let value = Self.isoDate(text) else { bad = "\(key): '\(name)' is '\(text)', which is not an ISO 8601 time"; break }
                if name == "created" { dates.created = value } else { dates.resolved = value }
            }
            if let bad {
                problem(InputProblem(source: source, message: bad + "; the issue is skipped"))
                continue
            }
            let status = fields["status"] as? [String: Any]
            let sprints = Self.sprints(in: fields)
            var value = JiraTicket(key: key, type: (fields["issuetype"] as? [String: Any])?["name"] as? String ?? "",
                              statusCategory: (status?["statusCategory"] as? [String: Any])?["key"] as? String,
                              status: status?["name"] as? String, created: dates.created, resolved: dates.resolved,
                              labels: fields["labels"] as? [String] ?? [], sprints: sprints.map(\.name),
                              components: (fields["components"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String },
                              reporter: (fields["reporter"] as? [String: Any])?["displayName"] as? String, source: source)
            for sprint in sprints { value.sprintDetails[sprint.name] = sprint.detail }
            value.id = issue["id"] as? String
            value.summary = fields["summary"] as? String
            value.updated = (fields["updated"] as? String).flatMap(Self.isoDate)
            value.parent = ((fields["parent"] as? [String: Any])?["key"] as? String).flatMap(ParentReference.init)
                ?? Self.epicLinkFields.lazy.compactMap { (fields[$0] as? String).flatMap(ParentReference.init) }.first
            ticket(value)
        }
    }

    /// The epic-link field of Jira Data Center and older Cloud sites (`customfield_10014` by default; the live read
    /// names the site's own id in the field list and asks for it).
    public static let epicLinkFields = ["customfield_10014", "customfield_10008"]

    /// The sprints of the first custom field that holds sprints, in either form.
    static func sprints(in fields: [String: Any]) -> [(name: String, detail: SprintDetail)] {
        // Only the custom fields are sorted (a page's issues have a dozen fields, two or three of them custom).
        for name in fields.keys.filter({ $0.hasPrefix("customfield_") }).sorted() {
            guard let items = fields[name] as? [Any], !items.isEmpty else { continue }
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
        for pair in Self.pairs(body) {
            if pair.hasPrefix("name=") { name = String(pair.dropFirst(5)) }
            if pair.hasPrefix("state=") { detail.state = pair.dropFirst(6).lowercased() }
            if pair.hasPrefix("startDate=") { detail.start = isoDate(String(pair.dropFirst(10))) }
        }
        return name.map { ($0, detail) }
    }

    /// `id=12,name=Sprint 1, the first,state=CLOSED` -> the `key=value` pairs; a comma starts a pair only when a word
    /// and `=` follow it.
    static func pairs(_ body: Substring) -> [Substring] {
        let bytes = body.utf8
        var pairs: [Substring] = [], start = bytes.startIndex, index = bytes.startIndex
        func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
        while index < bytes.endIndex {
            if bytes[index] == 44 {  // ,
                var probe = bytes.index(after: index)
                while probe < bytes.endIndex, isLetter(bytes[probe]) { probe = bytes.index(after: probe) }
                if probe > bytes.index(after: index), probe < bytes.endIndex, bytes[probe] == 61 {  // =
                    pairs.append(body[start..<index])
                    start = bytes.index(after: index)
                }
            }
            index = bytes.index(after: index)
        }
        pairs.append(body[start...])
        return pairs
    }

    /// `2026-04-12T15:30:00.000+0200` (also `Z` and `+02:00`), as seconds since 1970. Read byte by byte: a page
    /// holds thousands of these, and a regular expression per time was most of the time spent reading a page.
    static func isoDate(_ text: String) -> Int? {
        var bytes = Array(text.utf8)[...]
        func digits(_ count: Int) -> Int? {
            guard bytes.count >= count else { return nil }
            var value = 0
            for byte in bytes.prefix(count) {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            bytes = bytes.dropFirst(count)
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard bytes.first == byte else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        guard let year = digits(4), take(45), let month = digits(2), take(45), let day = digits(2), take(84),
              let hour = digits(2), take(58), let minute = digits(2) else { return nil }
        var second = 0
        if take(58) {
            guard let value = digits(2) else { return nil }
            second = value
            if take(46) {
                guard let first = bytes.first, first >= 48, first <= 57 else { return nil }
                while let next = bytes.first, next >= 48, next <= 57 { bytes = bytes.dropFirst() }
            }
        }
        var offset = 0
        if take(90) {  // Z
        } else if let sign = bytes.first, sign == 43 || sign == 45 {
            bytes = bytes.dropFirst()
            guard let hours = digits(2) else { return nil }
            _ = take(58)
            guard let minutes = digits(2) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == 43 ? 1 : -1)
        } else {
            return nil
        }
        guard bytes.isEmpty, let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        return date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offset
    }
}
