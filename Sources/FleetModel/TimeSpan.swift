/// A Go-style duration as written in the fleet (`72h`, `30m`, `1h30m`, `90s`, `0s`), parsed to whole seconds.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// Units `h`, `m`, `s`, each at most once and in that order; numbers may have a fraction (`1.5h`).
    public init?(_ text: String) {
        var rest = Substring(text)
        var total = 0.0
        var lastUnit = 0
        let units: [Character: (order: Int, seconds: Double)] = ["h": (1, 3600), "m": (2, 60), "s": (3, 1)]
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number), let unitCharacter = rest.dropFirst(number.count).first,
                  let unit = units[unitCharacter], unit.order > lastUnit
            else { return nil }
            total += value * unit.seconds
            lastUnit = unit.order
            rest = rest.dropFirst(number.count + 1)
        }
        seconds = Int(total.rounded())
    }

    /// `72h`, `1h30m`, `45s`, `0s`: the shortest Go-style form.
    public var description: String {
        if seconds == 0 { return "0s" }
        let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        return (hours > 0 ? "\(hours)h" : "") + (minutes > 0 ? "\(minutes)m" : "") + (rest > 0 ? "\(rest)s" : "")
    }

    /// For people: `41h`, `25m`, `under a minute`.
    public var roughly: String {
        if seconds >= 3600 { return "\((seconds + 1799) / 3600)h" }
        if seconds >= 60 { return "\((seconds + 29) / 60)m" }
        return seconds > 0 ? "under a minute" : "none"
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}
