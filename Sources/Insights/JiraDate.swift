import Foundation

/// Dates as a Jira instance displays them in exports, read by a pattern of tokens: `dd`/`d` day, `MMM` month name
/// (English, three letters), `MM` month number, `yy`/`yyyy` year, `HH`/`H` 24-hour, `h` 12-hour with `a` (AM/PM),
/// `mm` minutes; anything else must match as written. `yy` 70–99 is 19xx, 00–69 is 20xx. The defaults are Jira's: `dd/MMM/yy HH:mm` and
/// `dd/MMM/yy h:mm a`. Times are taken as UTC; the result is seconds since 1970.
public struct JiraDate: Sendable {
    public var patterns: [String]

    public static let defaultPatterns = ["dd/MMM/yy HH:mm", "dd/MMM/yy h:mm a"]

    public init(patterns: [String] = JiraDate.defaultPatterns) {
        self.patterns = patterns
    }

    /// Seconds since 1970 (UTC), or nil when no pattern matches.
    public func parse(_ text: Substring) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces)
        for pattern in patterns { if let value = Self.parse(Array(text.utf8), pattern: Array(pattern.utf8)) { return value } }
        return nil
    }

    public func parse(_ text: String) -> Int? { parse(text[...]) }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func parse(_ text: [UInt8], pattern: [UInt8]) -> Int? {
        var day = 0, month = 0, year = 0, hour = 0, minute = 0, pm: Bool?, twelve = false
        var t = 0, p = 0
        func number(max digits: Int, min: Int) -> Int? {
            var value = 0, count = 0
            while t < text.count, count < digits, text[t] >= 48, text[t] <= 57 { value = value * 10 + Int(text[t] - 48); t += 1; count += 1 }
            return count >= min ? value : nil
        }
        func token(_ name: String) -> Bool {
            let bytes = Array(name.utf8)
            guard p + bytes.count <= pattern.count, Array(pattern[p..<p + bytes.count]) == bytes else { return false }
            p += bytes.count
            return true
        }
        while p < pattern.count {
            if token("yyyy") { guard let v = number(max: 4, min: 4) else { return nil }; year = v }
            else if token("yy") { guard let v = number(max: 2, min: 2) else { return nil }; year = v < 70 ? 2000 + v : 1900 + v }
            else if token("MMM") {
                guard t + 3 <= text.count, let index = months.firstIndex(of: String(decoding: text[t..<t + 3], as: UTF8.self).lowercased()) else { return nil }
                month = index + 1
                t += 3
            }
            else if token("MM") { guard let v = number(max: 2, min: 2) else { return nil }; month = v }
            else if token("dd") { guard let v = number(max: 2, min: 2) else { return nil }; day = v }
            else if token("d") { guard let v = number(max: 2, min: 1) else { return nil }; day = v }
            else if token("HH") { guard let v = number(max: 2, min: 2) else { return nil }; hour = v }
            else if token("H") { guard let v = number(max: 2, min: 1) else { return nil }; hour = v }
            else if token("h") { guard let v = number(max: 2, min: 1) else { return nil }; hour = v; twelve = true }
            else if token("mm") { guard let v = number(max: 2, min: 2) else { return nil }; minute = v }
            else if token("a") {
                guard t + 2 <= text.count else { return nil }
                switch String(decoding: text[t..<t + 2], as: UTF8.self).uppercased() {
                case "AM": pm = false
                case "PM": pm = true
                default: return nil
                }
                t += 2
            } else {
                guard t < text.count, text[t] == pattern[p] else { return nil }
                t += 1
                p += 1
            }
        }
        guard t == text.count, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), (0...59).contains(minute) else { return nil }
        if twelve {
            guard let pm, (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (0...23).contains(hour) else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
