/// Calendar arithmetic on seconds since 1970 (UTC), without Foundation's calendars: days, ISO weeks, dates as text.
public enum CivilTime {
    /// `2026-04-06` -> seconds since 1970 at midnight UTC.
    public static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        return JiraDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400
    }

    /// (year, month, day) of a day number since 1970 (Howard Hinnant's algorithm).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func days(_ seconds: Int) -> Int { seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400 }

    /// `2026-04-06`.
    public static func date(_ seconds: Int) -> String {
        let (year, month, day) = civil(days: days(seconds))
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// The ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday.
    public static func isoWeek(_ seconds: Int) -> Week {
        let days = days(seconds)
        let weekday = ((days % 7) + 7 + 3) % 7  // Monday 0 … Sunday 6; 1970-01-01 was a Thursday
        let thursday = days - weekday + 3
        let year = civil(days: thursday).year
        let firstDay = JiraDate.daysSinceEpoch(year: year, month: 1, day: 1)
        return Week(year: year, week: (thursday - firstDay) / 7 + 1)
    }

    /// An ISO week, ordered in time, written `2026-W15`.
    public struct Week: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
        public var year: Int
        public var week: Int

        public var description: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }

        public static func < (a: Week, b: Week) -> Bool { (a.year, a.week) < (b.year, b.week) }
    }
}
