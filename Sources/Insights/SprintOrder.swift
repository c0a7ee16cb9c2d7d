/// The order of sprints in time: by start date where the export or the configured cadence knows it, else by the
/// number in the name (`Sprint 9` before `Sprint 10`), else by name.
public struct SprintOrder: Sendable {
    public private(set) var names: [String] = []
    public private(set) var starts: [String: Int] = [:]
    public private(set) var states: [String: String] = [:]
    private var rank: [String: Int] = [:]

    /// - Parameter board: what a board's sprint list says (dates and states); it wins over the tickets' copies.
    public init(_ tickets: [JiraTicket], cadence: InsightsConfig.SprintCadence?, board: [String: SprintDetail] = [:]) {
        var seen = Set<String>()
        for ticket in tickets {
            for name in ticket.sprints where seen.insert(name).inserted { names.append(name) }
            for (name, detail) in ticket.sprintDetails {
                if let start = detail.start { starts[name] = start }
                if let state = detail.state { states[name] = state }
            }
        }
        for (name, detail) in board where seen.contains(name) {
            if let start = detail.start { starts[name] = start }
            if let state = detail.state { states[name] = state }
        }
        if let cadence {
            for name in names where starts[name] == nil {
                if let number = Self.number(in: name) { starts[name] = cadence.start(of: number) }
            }
        }
        names.sort { a, b in
            switch (starts[a], starts[b]) {
            case let (x?, y?) where x != y: return x < y
            default:
                switch (Self.number(in: a), Self.number(in: b)) {
                case let (x?, y?) where x != y: return x < y
                default: return a < b
                }
            }
        }
        for (position, name) in names.enumerated() { rank[name] = position }
    }

    /// The last number in a sprint's name: `PLAT Sprint 40` -> 40.
    public static func number(in name: String) -> Int? {
        var digits = "", last: String?
        for character in name {
            if character.isASCII, character.isNumber { digits.append(character) } else if !digits.isEmpty { last = digits; digits = "" }
        }
        return Int(digits.isEmpty ? last ?? "" : digits)
    }

    public func position(of name: String) -> Int { rank[name] ?? .max }

    /// A ticket's sprints in time order.
    public func ordered(_ sprints: [String]) -> [String] {
        Array(Set(sprints)).sorted { position(of: $0) < position(of: $1) }
    }
}
