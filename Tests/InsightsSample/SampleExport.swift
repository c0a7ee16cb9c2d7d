import Foundation

/// Writes Jira exports with known answers, for tests and the benchmark: a CSV (all fields) export and REST search
/// pages of the same tickets, and the answers every measure must give. The answers are tallied from how each ticket
/// was made (which sprint it started in, whether it was added late, carried over, closed …), with Foundation's own
/// ISO calendar for the weeks: not by the code under test.
///
/// The CSV has what real exports have: a byte order mark, repeated Labels/Sprint/Component columns, quoted
/// summaries with commas, quotes and line breaks, 24-hour and 12-hour dates (midnight and noon included), and
/// malformed rows (too few fields, an unreadable date) whose line numbers are part of the answers.
public struct SampleExport: Sendable {
    public var tickets: Int
    public var seed: UInt64
    public var sprints: Int
    /// Extra text in every summary (a long description), to show that memory follows the tickets, not the file.
    public var summaryPadding = 0

    /// Sprint 1 starts on Monday 2026-01-05; sprints are 14 days.
    public static let firstStart = 1_767_571_200
    public static let sprintDays = 14
    public static let products = [("basis", "Basis Infrastruktur"), ("notdienst", "Notdienst"), ("monitoring", "Alarmierung & Monitoring"), ("3rdparty", "3rd Party Service")]
    public static let teams = ["Search", "Checkout", "Payments", "Identity"]
    static let types = ["Task", "Task", "Story", "Incident", "Incident", "Service Request", "Service Request", "Service Request"]
    static let labelColumns = 4, sprintColumns = 3, componentColumns = 2

    public init(tickets: Int, seed: UInt64 = 42, sprints: Int? = nil) {
        self.tickets = tickets
        self.seed = seed
        self.sprints = sprints ?? max(6, min(52, tickets / 40))
    }

    /// The config the exports are meant to be read with.
    public var config: String {
        """
        development: {label: dev}
        products:
        \(Self.products.map { "  \($0.0): \($0.1)" }.joined(separator: "\n"))
        incidents: [Incident]
        requests: [Service Request]
        team: {from: component}
        calendarWeek: "KW{week}"
        sprints:
          cadence: {sprint: Sprint 1, start: 2026-01-05, days: 14}
        planning: {recentSprints: 3}

        """
    }

    /// One ticket as made.
    struct Made {
        var key: String
        var summary: String
        var type: String
        var created: Int
        var resolved: Int?
        var labels: [String]
        var sprints: [Int]
        var added: Bool
        var components: [String]
        var reporter: String
    }

    /// The answers, in the shape the tests compare.
    public struct Answers: Codable, Equatable, Sendable {
        public struct Sprint: Codable, Equatable, Sendable {
            public var sprint: String
            public var closed = 0, development = 0, run = 0, planned = 0, plannedDone = 0, added = 0, carriedOver = 0

            public init(sprint: String, closed: Int = 0, development: Int = 0, run: Int = 0, planned: Int = 0, plannedDone: Int = 0, added: Int = 0,
                        carriedOver: Int = 0)
            {
                (self.sprint, self.closed, self.development, self.run) = (sprint, closed, development, run)
                (self.planned, self.plannedDone, self.added, self.carriedOver) = (planned, plannedDone, added, carriedOver)
            }
        }

        public struct Week: Codable, Equatable, Sendable {
            public var week: String
            public var closed = 0, development = 0, run = 0

            public init(week: String, closed: Int = 0, development: Int = 0, run: Int = 0) {
                (self.week, self.closed, self.development, self.run) = (week, closed, development, run)
            }
        }

        public struct Kinds: Codable, Equatable, Sendable {
            public var week: String
            public var incidents = 0, requests = 0, other = 0

            public init(week: String, incidents: Int = 0, requests: Int = 0, other: Int = 0) {
                (self.week, self.incidents, self.requests, self.other) = (week, incidents, requests, other)
            }
        }

        public var tickets = 0
        public var closed = 0
        public var sprints: [Sprint] = []
        public var weeks: [Week] = []
        public var incidentsAndRequests: [Kinds] = []
        public var products: [String: Int] = [:]
        public var teams: [String: Int] = [:]
        /// Tickets not counted, by measure.
        public var gaps: [String: Int] = [:]
        /// CSV lines reported as malformed.
        public var malformedLines: [Int] = []
        /// The planning hint: round(mean closed of the last 3 sprints × their planned-done share).
        public var plan: Int?
    }

    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    static func start(of sprint: Int) -> Int { firstStart + (sprint - 1) * sprintDays * 86_400 }

    /// Makes every ticket, in order; deterministic for a seed.
    func made(_ body: (Made) throws -> Void) rethrows {
        var random = Random(state: seed)
        for index in 0..<tickets {
            var path: [Int] = []
            var added = false
            let inSprint = !random.chance(3)
            var created: Int
            if inSprint {
                let first = 1 + random.below(sprints)
                let carries = random.chance(75) ? 0 : random.chance(80) ? 1 : 2
                path = Array(first...min(first + carries, sprints))
                added = random.chance(20)
                created = added ? Self.start(of: first) + 3600 * (1 + random.below(24 * 5)) : Self.start(of: first) - 3600 * (1 + random.below(24 * 20))
            } else {
                created = Self.firstStart + 3600 * random.below(24 * 14 * self.sprints)
            }
            created -= created % 60
            let closes = random.chance(85)
            var resolved: Int?
            if closes {
                let base = path.last.map(Self.start(of:)) ?? created
                var time = max(base, created) + 3600 * (1 + random.below(24 * 12))
                if random.chance(5) { time = time - time % 86_400 + (random.chance(50) ? 0 : 12 * 3600) + 60 * random.below(60) }  // midnight and noon hours
                resolved = time - time % 60
            }
            var labels: [String] = []
            if random.chance(35) { labels.append("dev") }
            let productCount = random.chance(7) ? 0 : random.chance(97) ? 1 : 2
            var productIndexes: [Int] = []
            while productIndexes.count < productCount {
                let pick = random.below(Self.products.count)
                if !productIndexes.contains(pick) { productIndexes.append(pick) }
            }
            labels += productIndexes.sorted().map { Self.products[$0].0 }
            if let resolved, !random.chance(4) { labels.append("KW\(Self.isoWeek(resolved).week)") }
            let components = random.chance(8) ? [] : [Self.teams[random.below(Self.teams.count)]]
            let summary: String
            switch random.below(10) {
            case 0: summary = "Rotate certificates, cluster \(index)"
            case 1: summary = "Alert \"disk full\" on node \(index)"
            case 2: summary = "Namespace for team\nsecond line \(index)"
            default: summary = "Ticket \(index)"
            }
            let padded = summaryPadding > 0 ? summary + " " + String(repeating: "lorem ipsum, ", count: summaryPadding / 13 + 1).prefix(summaryPadding) : summary
            try body(Made(key: "PLAT-\(index + 1)", summary: padded, type: Self.types[random.below(Self.types.count)], created: created,
                          resolved: resolved, labels: labels, sprints: path, added: added, components: components, reporter: "user\(random.below(20))"))
        }
    }

    /// ISO week by Foundation's calendar.
    static func isoWeek(_ seconds: Int) -> (year: Int, week: Int) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        return (calendar.component(.yearForWeekOfYear, from: date), calendar.component(.weekOfYear, from: date))
    }

    static func weekName(_ seconds: Int) -> String {
        let (year, week) = isoWeek(seconds)
        return "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }

    /// The answers, tallied from how the tickets were made. `csv` adds the CSV's malformed rows.
    public func answers(csv: Bool) -> Answers {
        var answers = Answers()
        var sprintRows = (1...sprints).map { Answers.Sprint(sprint: "Sprint \($0)") }
        var weeks: [String: Answers.Week] = [:], kinds: [String: Answers.Kinds] = [:]
        made { ticket in
            answers.tickets += 1
            let closed = ticket.resolved != nil
            let development = ticket.labels.contains("dev")
            for (position, sprint) in ticket.sprints.enumerated() {
                let last = position == ticket.sprints.count - 1
                let planned = !(position == 0 && ticket.added)
                if planned { sprintRows[sprint - 1].planned += 1 } else { sprintRows[sprint - 1].added += 1 }
                if !last { sprintRows[sprint - 1].carriedOver += 1 }
                if last, closed {
                    sprintRows[sprint - 1].closed += 1
                    if development { sprintRows[sprint - 1].development += 1 } else { sprintRows[sprint - 1].run += 1 }
                    if planned { sprintRows[sprint - 1].plannedDone += 1 }
                }
            }
            guard let resolved = ticket.resolved else { return }
            answers.closed += 1
            if ticket.sprints.isEmpty { answers.gaps["closed per sprint", default: 0] += 1 }
            if ticket.labels.contains(where: { $0.hasPrefix("KW") }) {
                let week = Self.weekName(resolved)
                weeks[week, default: .init(week: week)].closed += 1
                if development { weeks[week]!.development += 1 } else { weeks[week]!.run += 1 }
            } else {
                answers.gaps["closed per calendar week", default: 0] += 1
            }
            let week = Self.weekName(resolved)
            switch ticket.type {
            case "Incident": kinds[week, default: .init(week: week)].incidents += 1
            case "Service Request": kinds[week, default: .init(week: week)].requests += 1
            default: kinds[week, default: .init(week: week)].other += 1
            }
            let products = Self.products.filter { ticket.labels.contains($0.0) }
            if products.isEmpty { answers.gaps["per product", default: 0] += 1 }
            for product in products { answers.products[product.1, default: 0] += 1 }
            if let team = ticket.components.first { answers.teams[team, default: 0] += 1 } else { answers.gaps["per requesting team", default: 0] += 1 }
        }
        answers.sprints = sprintRows.filter { $0.planned + $0.added > 0 }
        answers.weeks = weeks.values.sorted { $0.week < $1.week }
        answers.incidentsAndRequests = kinds.values.sorted { $0.week < $1.week }
        let recent = answers.sprints.filter { $0.closed > 0 }.suffix(3)
        let closed = recent.map(\.closed).reduce(0, +)
        if closed > 0 {
            answers.plan = Int((Double(closed) / Double(recent.count) * Double(recent.map(\.plannedDone).reduce(0, +)) / Double(closed)).rounded())
        }
        if csv { answers.malformedLines = malformedLines() }
        return answers
    }

    // MARK: CSV

    static let header = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Status Category", "Created", "Resolved"]
        + Array(repeating: "Labels", count: labelColumns) + Array(repeating: "Sprint", count: sprintColumns)
        + Array(repeating: "Component/s", count: componentColumns) + ["Reporter"]

    /// After every 997th ticket a row with too few fields; after the 1500th one with an unreadable date.
    static func malformedAfter(_ index: Int) -> String? {
        if index % 997 == 996 { return "broken,row,\(index)\r\n" }
        if index == 1499 { return "Bad date,PLAT-X\(index),1,Task,Done,Done,2026-13-45,,,,,,,,,,,user1\r\n" }
        return nil
    }

    func malformedLines() -> [Int] {
        var lines: [Int] = [], line = 2
        made { ticket in
            line += ticket.summary.filter { $0 == "\n" }.count + 1
            let index = Int(ticket.key.dropFirst(5))! - 1
            if Self.malformedAfter(index) != nil { lines.append(line); line += 1 }
        }
        return lines
    }

    static func csvDate(_ seconds: Int, twelveHour: Bool) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = twelveHour ? "dd/MMM/yy h:mm a" : "dd/MMM/yy HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func quote(_ field: String) -> String {
        field.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// The CSV export, written in blocks.
    public func writeCSV(to url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var block = "\u{FEFF}" + Self.header.joined(separator: ",") + "\r\n"
        var index = 0
        try made { ticket in
            let twelve = index % 2 == 1
            func padded(_ values: [String], _ count: Int) -> [String] { values + Array(repeating: "", count: count - values.count) }
            let fields = [ticket.summary, ticket.key, String(10_000 + index), ticket.type, ticket.resolved == nil ? "In Progress" : "Done",
                          ticket.resolved == nil ? "In Progress" : "Done", Self.csvDate(ticket.created, twelveHour: twelve),
                          ticket.resolved.map { Self.csvDate($0, twelveHour: !twelve) } ?? ""]
                + padded(ticket.labels, Self.labelColumns) + padded(ticket.sprints.map { "Sprint \($0)" }, Self.sprintColumns)
                + padded(ticket.components, Self.componentColumns) + [ticket.reporter]
            block += fields.map(Self.quote).joined(separator: ",") + "\r\n"
            if let broken = Self.malformedAfter(index) { block += broken }
            index += 1
            if block.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(block.utf8))
                block = ""
            }
        }
        try handle.write(contentsOf: Data(block.utf8))
    }

    // MARK: REST

    static func isoTime(_ seconds: Int, offsetHours: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: offsetHours * 3600)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// REST search pages of `pageSize` issues: `search-1.json`, …; odd pages in the v3 object form, even pages with
    /// legacy sprint strings. Returns the files.
    public func writeREST(to folder: URL, pageSize: Int = 100) throws -> [URL] {
        var pages: [URL] = [], issues: [[String: Any]] = [], index = 0
        func flush() throws {
            guard !issues.isEmpty else { return }
            let url = folder.appendingPathComponent("search-\(pages.count + 1).json")
            let page: [String: Any] = ["startAt": pages.count * pageSize, "maxResults": pageSize, "total": tickets, "issues": issues]
            try JSONSerialization.data(withJSONObject: page, options: [.sortedKeys]).write(to: url)
            pages.append(url)
            issues = []
        }
        try made { ticket in
            let legacy = (index / pageSize) % 2 == 1
            let sprintField: [Any] = ticket.sprints.map { number in
                let start = Self.isoTime(Self.start(of: number), offsetHours: 0)
                return legacy
                    ? "com.atlassian.greenhopper.service.sprint.Sprint@\(String(number, radix: 16))[id=\(number),rapidViewId=7,state=CLOSED,name=Sprint \(number),startDate=\(start),endDate=<null>,sequence=\(number)]"
                    : ["id": number, "name": "Sprint \(number)", "state": "closed", "startDate": start, "boardId": 7] as [String: Any]
            }
            let category = ticket.resolved == nil ? "indeterminate" : "done"
            var fields: [String: Any] = [
                "summary": ticket.summary, "labels": ticket.labels, "issuetype": ["name": ticket.type],
                "status": ["name": ticket.resolved == nil ? "In Progress" : "Done", "statusCategory": ["key": category]],
                "created": Self.isoTime(ticket.created, offsetHours: index % 3 == 0 ? 2 : 0),
                "resolutiondate": ticket.resolved.map { Self.isoTime($0, offsetHours: index % 3 == 1 ? -5 : 0) } ?? NSNull(),
                "components": ticket.components.map { ["name": $0] }, "reporter": ["displayName": ticket.reporter],
            ]
            if !sprintField.isEmpty { fields["customfield_10020"] = sprintField }
            issues.append(["key": ticket.key, "id": String(10_000 + index), "fields": fields])
            index += 1
            if issues.count == pageSize { try flush() }
        }
        try flush()
        return pages
    }
}
