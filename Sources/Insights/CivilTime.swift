import FleetModel

/// Calendar arithmetic on seconds since 1970 (UTC), on FleetModel's `CalendarDate`: days, ISO weeks, dates as text.
public enum CivilTime {
    /// `2026-04-06` -> seconds since 1970 at midnight UTC; nil for a day that does not exist.
    public static func day(_ text: String) -> Int? {
        CalendarDate(text).map { $0.daysSinceEpoch * 86_400 }
    }

    static func days(_ seconds: Int) -> Int { seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400 }

    /// `2026-04-06`.
    public static func date(_ seconds: Int) -> String { CalendarDate(daysSinceEpoch: days(seconds)).description }

    /// The ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday.
    public static func isoWeek(_ seconds: Int) -> Week {
        let days = days(seconds)
        let weekday = ((days % 7) + 7 + 3) % 7  // Monday 0 … Sunday 6; 1970-01-01 was a Thursday
        let thursday = days - weekday + 3
        let year = CalendarDate(daysSinceEpoch: thursday).year
        let firstDay = CalendarDate(year: year, month: 1, day: 1)!.daysSinceEpoch
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
