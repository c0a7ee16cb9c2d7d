import FleetModel
import Foundation
import Yams

/// How a team's Jira tickets are read: `insights.yaml`. Every key is optional; the defaults are the documented example's
/// (`examples/insights.yaml`). Unknown keys and wrong types are refused with the key's path, so a typo never
/// silently changes a measure.
public struct InsightsConfig: Sendable, Equatable {
    /// Tickets with this label are development; without it they are run work.
    public var developmentLabel = "dev"
    /// Product labels and the product each stands for, in the order reports list them.
    public var products: [Product] = []
    public var incidentTypes: Set<String> = ["Incident"]
    public var requestTypes: Set<String> = ["Service Request"]
    public var team = TeamRule.component
    /// The calendar-week label, `{week}` standing for the ISO week number: `KW{week}` matches `KW31`.
    public var calendarWeekLabel = WeekLabel(pattern: "KW{week}")!
    /// The export's display formats for dates (CSV only), compiled.
    public var dates = JiraDate()
    /// When numbered sprints start, for exports that carry no sprint dates (CSV).
    public var cadence: SprintCadence?
    /// How many recent sprints the planning hint averages.
    public var recentSprints = 3
    /// Which tickets are the Blue Board's themes and which colour each card is.
    public var blueBoard = BlueBoardRule()

    /// The Blue Board: themes are tickets of `themeTypes` and every ticket that is another's parent (or epic), or —
    /// with `themeLabelPrefix` — the tickets labelled `PREFIX<name>`, gathered as theme `<name>`. A card is yellow
    /// (run) or green (development): by `yellow`/`green` labels or types on the theme first; else green when the
    /// theme carries the development label or at least half of its tickets do; else yellow.
    public struct BlueBoardRule: Sendable, Equatable {
        public var themeTypes: Set<String> = ["Epic"]
        public var themeLabelPrefix: String?
        public var yellow = Marks()
        public var green = Marks()
        /// A theme moved when something in it changed since the last review, this many days ago.
        public var reviewDays = 14

        public struct Marks: Sendable, Equatable {
            public var labels: Set<String> = []
            public var types: Set<String> = []
        }
    }

    public struct Product: Sendable, Equatable, Codable {
        public var label: String
        public var name: String
    }

    /// How the requesting team of a ticket is found.
    public enum TeamRule: Sendable, Equatable {
        /// The first component.
        case component
        /// The first label with this prefix, the prefix taken off: `team-search` -> `search`.
        case label(prefix: String)
        /// The reporter, through a mapping of reporter -> team.
        case reporter([String: String])
    }

    /// A calendar-week label pattern, split once around `{week}`.
    public struct WeekLabel: Sendable, Equatable, CustomStringConvertible {
        public let pattern: String
        let prefix: Substring
        let suffix: Substring

        /// Nil when the pattern has no `{week}`.
        public init?(pattern: String) {
            guard let range = pattern.range(of: "{week}") else { return nil }
            self.pattern = pattern
            prefix = pattern[..<range.lowerBound]
            suffix = pattern[range.upperBound...]
        }

        /// The week number of a label such as `KW31`, or nil when the label is not one.
        public func week(in label: String) -> Int? {
            guard label.hasPrefix(prefix), label.hasSuffix(suffix), label.count > prefix.count + suffix.count else { return nil }
            let digits = label.dropFirst(prefix.count).dropLast(suffix.count)
            guard digits.allSatisfy(\.isNumber), let week = Int(digits), (1...53).contains(week) else { return nil }
            return week
        }

        public var description: String { pattern }
    }

    /// Sprint `number` of a name like `Sprint 40` starts at `start + (number - first.number) * days`.
    public struct SprintCadence: Sendable, Equatable {
        public var sprint: Int
        public var start: Int
        public var days: Int

        public func start(of number: Int) -> Int { start + (number - sprint) * days * 86_400 }
    }

    public init() {}

    /// A config problem, with the key path and what would be right.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var source: String
        public var message: String
        public var description: String { "\(source): \(message)" }
    }

    public static func load(_ url: URL) throws(Problem) -> InsightsConfig {
        let text: String
        do { text = try InputFile.text(url.path, what: "insights config", limit: 1 << 20) } catch {
            throw Problem(source: url.path, message: (error as? InputFileError)?.reason ?? "cannot be read: \(error)")
        }
        return try parse(text, source: url.lastPathComponent)
    }

    public static func parse(_ text: String, source: String = "insights.yaml") throws(Problem) -> InsightsConfig {
        let root: Any?
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw Problem(source: source, message: "is not valid YAML: \(error)") }
        if let node { try Self.checkKeys(node, source: source) }
        root = node.map(Self.plain)
        var config = InsightsConfig()
        guard let root else { return config }
        let reader = Reader(source: source)
        let top = try reader.mapping(root, at: "", allowed: ["development", "products", "incidents", "requests", "team", "calendarWeek",
                                                              "dates", "sprints", "planning", "blueBoard"])
        if let value = top["development"] {
            let development = try reader.mapping(value, at: "development", allowed: ["label"])
            if let label = development["label"] { config.developmentLabel = try reader.string(label, at: "development.label") }
        }
        if let value = top["products"] {
            guard let pairs = value as? [String: Any] else { throw reader.problem("products", "expected a mapping of label: product name") }
            config.products = try pairs.keys.sorted().map { label throws(Problem) in
                Product(label: label, name: try reader.string(pairs[label]!, at: "products.\(label)"))
            }
            config.products = try Self.ordered(config.products, text: text)
        }
        if let value = top["incidents"] { config.incidentTypes = Set(try reader.strings(value, at: "incidents")) }
        if let value = top["requests"] { config.requestTypes = Set(try reader.strings(value, at: "requests")) }
        if let both = config.incidentTypes.intersection(config.requestTypes).sorted().first {
            throw reader.problem("requests", "'\(both)' is also listed under incidents; an issue type counts as one or the other")
        }
        if let value = top["team"] { config.team = try reader.team(value) }
        if let value = top["calendarWeek"] {
            let pattern = try reader.string(value, at: "calendarWeek")
            guard let label = WeekLabel(pattern: pattern) else {
                throw reader.problem("calendarWeek", "'\(pattern)' has no {week}; write the label with {week} where the number goes, e.g. KW{week}")
            }
            config.calendarWeekLabel = label
        }
        if let value = top["dates"] {
            let patterns = try reader.strings(value, at: "dates")
            guard !patterns.isEmpty else { throw reader.problem("dates", "give at least one date format, e.g. dd/MMM/yy HH:mm") }
            config.dates = JiraDate(patterns: patterns)
        }
        if let value = top["sprints"] {
            let sprints = try reader.mapping(value, at: "sprints", allowed: ["cadence"])
            if let cadence = sprints["cadence"] { config.cadence = try reader.cadence(cadence) }
        }
        if let value = top["planning"] {
            let planning = try reader.mapping(value, at: "planning", allowed: ["recentSprints"])
            if let recent = planning["recentSprints"] {
                guard let number = recent as? Int, number > 0 else { throw reader.problem("planning.recentSprints", "expected a positive whole number") }
                config.recentSprints = number
            }
        }
        if let value = top["blueBoard"] { config.blueBoard = try reader.blueBoard(value) }
        return config
    }

    /// Every mapping key is plain text: Yams stops the program on a key that is a list or a mapping (`? [a]: b`), and a
    /// merge key (`<<`) is not part of this file's format. Found by fuzzing (bench/fuzz.sh insights-config).
    private static func checkKeys(_ node: Node, source: String, path: String = "") throws(Problem) {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let name = key.scalar?.string, name != "<<" else {
                    throw Problem(source: source, message: "\(path.isEmpty ? "" : path + ": ")a key must be plain text (line \(key.mark?.line ?? 0))")
                }
                try checkKeys(value, source: source, path: path.isEmpty ? name : "\(path).\(name)")
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() { try checkKeys(item, source: source, path: "\(path)[\(index)]") }
        default:
            return
        }
    }

    /// The node as plain values: text, whole numbers, true/false, lists and mappings. Yams' own constructor is not used:
    /// it reads YAML 1.1 forms this file never needs and stops the program on some of them (a sexagesimal number such
    /// as `1:22:2:28:28:2:2:28:28:2:22` overflows inside it; found by fuzzing).
    private static func plain(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return scalar.string }
            if let number = Int(scalar.string) { return number }
            switch scalar.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            case "", "~", "null", "Null", "NULL": return NSNull()
            default: return scalar.string
            }
        case .mapping(let mapping):
            return Dictionary(mapping.map { (String($0.key.scalar?.string ?? ""), plain($0.value)) }, uniquingKeysWith: { _, later in later })
        case .sequence(let sequence):
            return sequence.map(plain)
        case .alias:
            return NSNull()
        }
    }

    /// Products in the order the file lists them (a YAML mapping read into a dictionary loses it).
    private static func ordered(_ products: [Product], text: String) throws(Problem) -> [Product] {
        guard let node = try? Yams.compose(yaml: text), let mapping = node.mapping?["products"]?.mapping else { return products }
        let order = mapping.keys.compactMap(\.string)
        return products.sorted { (order.firstIndex(of: $0.label) ?? .max) < (order.firstIndex(of: $1.label) ?? .max) }
    }

    struct Reader {
        var source: String

        func problem(_ path: String, _ message: String) -> Problem { Problem(source: source, message: path.isEmpty ? message : "\(path): \(message)") }

        func mapping(_ value: Any, at path: String, allowed: Set<String>) throws(Problem) -> [String: Any] {
            guard let mapping = value as? [String: Any] else { throw problem(path, "expected a mapping") }
            if let unknown = mapping.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw problem(path.isEmpty ? unknown : "\(path).\(unknown)", "unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            return mapping
        }

        func string(_ value: Any, at path: String) throws(Problem) -> String {
            if let text = value as? String, !text.isEmpty { return text }
            if let number = value as? Int { return String(number) }
            throw problem(path, "expected a non-empty text")
        }

        func strings(_ value: Any, at path: String) throws(Problem) -> [String] {
            guard let items = value as? [Any] else { throw problem(path, "expected a list, e.g. [Incident, Bug]") }
            var result: [String] = []
            for (index, item) in items.enumerated() { result.append(try string(item, at: "\(path)[\(index)]")) }
            return result
        }

        func team(_ value: Any) throws(Problem) -> TeamRule {
            let team = try mapping(value, at: "team", allowed: ["from", "labelPrefix", "reporters"])
            switch team["from"] as? String {
            case "component":
                return .component
            case "label":
                guard let prefix = team["labelPrefix"] else { throw problem("team.labelPrefix", "needed with from: label, e.g. labelPrefix: team-") }
                return .label(prefix: try string(prefix, at: "team.labelPrefix"))
            case "reporter":
                guard let reporters = team["reporters"] as? [String: Any], !reporters.isEmpty else {
                    throw problem("team.reporters", "needed with from: reporter: a mapping of reporter: team")
                }
                var mapping: [String: String] = [:]
                for (reporter, name) in reporters { mapping[reporter] = try string(name, at: "team.reporters.\(reporter)") }
                return .reporter(mapping)
            default:
                throw problem("team.from", "expected component, label or reporter")
            }
        }

        func blueBoard(_ value: Any) throws(Problem) -> BlueBoardRule {
            let board = try mapping(value, at: "blueBoard", allowed: ["themeTypes", "themeLabelPrefix", "yellow", "green", "reviewDays"])
            var rule = BlueBoardRule()
            if let types = board["themeTypes"] { rule.themeTypes = Set(try strings(types, at: "blueBoard.themeTypes")) }
            if let prefix = board["themeLabelPrefix"] { rule.themeLabelPrefix = try string(prefix, at: "blueBoard.themeLabelPrefix") }
            for colour in ["yellow", "green"] {
                guard let value = board[colour] else { continue }
                let marks = try mapping(value, at: "blueBoard.\(colour)", allowed: ["labels", "types"])
                var read = BlueBoardRule.Marks()
                if let labels = marks["labels"] { read.labels = Set(try strings(labels, at: "blueBoard.\(colour).labels")) }
                if let types = marks["types"] { read.types = Set(try strings(types, at: "blueBoard.\(colour).types")) }
                if colour == "yellow" { rule.yellow = read } else { rule.green = read }
            }
            if let both = rule.yellow.labels.intersection(rule.green.labels).sorted().first {
                throw problem("blueBoard.green.labels", "'\(both)' is also a yellow label; a card is one colour")
            }
            if let both = rule.yellow.types.intersection(rule.green.types).sorted().first {
                throw problem("blueBoard.green.types", "'\(both)' is also a yellow type; a card is one colour")
            }
            if let days = board["reviewDays"] {
                guard let number = days as? Int, (1...366).contains(number) else { throw problem("blueBoard.reviewDays", "expected days between reviews, 1 to 366, e.g. 14") }
                rule.reviewDays = number
            }
            return rule
        }

        func cadence(_ value: Any) throws(Problem) -> SprintCadence {
            let cadence = try mapping(value, at: "sprints.cadence", allowed: ["sprint", "start", "days"])
            guard let name = cadence["sprint"].map({ "\($0)" }), let number = SprintOrder.number(in: name) else {
                throw problem("sprints.cadence.sprint", "expected a sprint name with its number, e.g. Sprint 40")
            }
            let start: Int? = (cadence["start"] as? Date).map { Int($0.timeIntervalSince1970) } ?? (cadence["start"] as? String).flatMap(CivilTime.day)
            guard let start else {
                throw problem("sprints.cadence.start", "expected the sprint's first day as YYYY-MM-DD, e.g. 2026-04-06")
            }
            guard let days = cadence["days"] as? Int, days > 0 else { throw problem("sprints.cadence.days", "expected the sprint length in days, e.g. 14") }
            return SprintCadence(sprint: number, start: start, days: days)
        }
    }
}
