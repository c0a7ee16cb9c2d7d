import FleetModel

/// Dates as a Jira instance displays them in exports, read by a pattern of tokens: `dd`/`d` day, `MMM` month name
/// (English, three letters), `MM` month number, `yy`/`yyyy` year, `HH`/`H` 24-hour, `h` 12-hour with `a` (AM/PM),
/// `mm` minutes; anything else must match as written. `yy` 70–99 is 19xx, 00–69 is 20xx. The defaults are Jira's:
/// `dd/MMM/yy HH:mm` and `dd/MMM/yy h:mm a`. Times are taken as UTC; the result is seconds since 1970. Impossible
/// dates (`31/Apr/26`, `29/Feb/25`) match no pattern. The patterns are compiled once; a parse allocates nothing.
public struct JiraDate: Sendable, Equatable {
    public let patterns: [String]
    private let compiled: [[Token]]

    public static let defaultPatterns = ["dd/MMM/yy HH:mm", "dd/MMM/yy h:mm a"]

    public init(patterns: [String] = JiraDate.defaultPatterns) {
        self.patterns = patterns
        compiled = patterns.map(Self.compile)
    }

    public static func == (a: JiraDate, b: JiraDate) -> Bool { a.patterns == b.patterns }

    enum Token: Equatable {
        case year4, year2, monthName, month, day2, day, hour2, hour, hour12, minute, ampm
        case literal(UInt8)
    }

    static func compile(_ pattern: String) -> [Token] {
        let names: [(String, Token)] = [("yyyy", .year4), ("yy", .year2), ("MMM", .monthName), ("MM", .month), ("dd", .day2), ("d", .day),
                                        ("HH", .hour2), ("H", .hour), ("h", .hour12), ("mm", .minute), ("a", .ampm)]
        var tokens: [Token] = [], rest = Substring(pattern)
        while let first = rest.first {
            if let (name, token) = names.first(where: { rest.hasPrefix($0.0) }) {
                tokens.append(token)
                rest = rest.dropFirst(name.count)
            } else {
                tokens += first.utf8.map(Token.literal)
                rest = rest.dropFirst()
            }
        }
        return tokens
    }

    /// Seconds since 1970 (UTC), or nil when no pattern matches.
    public func parse(_ text: Substring) -> Int? {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0, end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            let trimmed = UnsafeBufferPointer(rebasing: bytes[start..<end])
            for tokens in compiled { if let value = Self.parse(trimmed, tokens) { return value } }
            return nil
        }
    }

    public func parse(_ text: String) -> Int? { parse(text[...]) }

    /// "jan" … "dec", lower case, as three bytes packed in an Int.
    private static let months: [Int] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { name in
        name.utf8.reduce(0) { $0 << 8 | Int($1) }
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>, _ tokens: [Token]) -> Int? {
        var day = 0, month = 0, year = 0, hour = 0, minute = 0, pm: Bool?, twelve = false
        var t = 0
        func number(max digits: Int, min: Int) -> Int? {
            var value = 0, count = 0
            while t < text.count, count < digits, text[t] >= 48, text[t] <= 57 { value = value * 10 + Int(text[t] - 48); t += 1; count += 1 }
            return count >= min ? value : nil
        }
        func lower(_ byte: UInt8) -> Int { Int(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
        for token in tokens {
            switch token {
            case .year4: guard let v = number(max: 4, min: 4) else { return nil }; year = v
            case .year2: guard let v = number(max: 2, min: 2) else { return nil }; year = v < 70 ? 2000 + v : 1900 + v
            case .monthName:
                guard t + 3 <= text.count, let index = months.firstIndex(of: lower(text[t]) << 16 | lower(text[t + 1]) << 8 | lower(text[t + 2])) else { return nil }
                month = index + 1
                t += 3
            case .month: guard let v = number(max: 2, min: 2) else { return nil }; month = v
            case .day2: guard let v = number(max: 2, min: 2) else { return nil }; day = v
            case .day: guard let v = number(max: 2, min: 1) else { return nil }; day = v
            case .hour2: guard let v = number(max: 2, min: 2) else { return nil }; hour = v
            case .hour: guard let v = number(max: 2, min: 1) else { return nil }; hour = v
            case .hour12: guard let v = number(max: 2, min: 1) else { return nil }; hour = v; twelve = true
            case .minute: guard let v = number(max: 2, min: 2) else { return nil }; minute = v
            case .ampm:
                guard t + 2 <= text.count, lower(text[t + 1]) == 109 else { return nil }  // "m"
                switch lower(text[t]) {
                case 97: pm = false  // "a"
                case 112: pm = true  // "p"
                default: return nil
                }
                t += 2
            case .literal(let byte):
                guard t < text.count, text[t] == byte else { return nil }
                t += 1
            }
        }
        guard t == text.count, let date = CalendarDate(year: year, month: month, day: day), (0...59).contains(minute) else { return nil }
        if twelve {
            guard let pm, (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (0...23).contains(hour) else { return nil }
        return date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60
    }
}
