/// What a report shows, whatever the output: notes (what is missing, the planning rule), tables and charts. The
/// text, CSV and HTML outputs and the dashboard all present one of these.
public struct InsightView: Sendable, Equatable {
    public var title: String
    public var notes: [String]
    public var tables: [InsightTable]
    public var charts: [InsightChart]
    /// A board of cards in columns (the Blue Board), shown above the charts in HTML; its numbers are in a table too.
    public var board: InsightBoard?

    public init(title: String, notes: [String], tables: [InsightTable], charts: [InsightChart], board: InsightBoard? = nil) {
        self.title = title
        self.notes = notes
        self.tables = tables
        self.charts = charts
        self.board = board
    }
}

/// Cards in columns: each card a coloured theme with its progress.
public struct InsightBoard: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var title: String
        public var cards: [Card]
    }

    public struct Card: Sendable, Equatable {
        public var key: String
        public var title: String
        /// `yellow` or `green`: the card's colour, also its CSS class.
        public var colour: String
        public var lines: [String]
        /// Marked on the card: moved since the last review.
        public var flag: String?
    }

    public var id: String
    public var title: String
    public var columns: [Column]
}

public struct InsightTable: Sendable, Equatable {
    /// Stable, for CSV and HTML ids: `closed-per-sprint`.
    public var id: String
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// Said under the table when it has no rows.
    public var empty: String

    public init(id: String, title: String, columns: [String], rows: [[String]], empty: String = "no data") {
        self.id = id
        self.title = title
        self.columns = columns
        self.rows = rows
        self.empty = empty
    }
}

extension InsightTable {
    /// The rows and pages that could not be read (`where: why`), as every report lists them.
    public static func inputProblems(_ problems: [String]) -> InsightTable {
        InsightTable(id: "input-problems", title: "Input problems", columns: ["Where", "Problem"],
                     rows: problems.map { problem in
                         let parts = problem.split(separator: ": ", maxSplits: 1).map(String.init)
                         return parts.count == 2 ? parts : ["", problem]
                     }, empty: "none")
    }
}

public struct InsightChart: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// One bar per category, the series stacked.
        case stacked
        /// One bar per series side by side in each category.
        case grouped
        /// One horizontal bar per category (one series).
        case horizontal
    }

    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public var id: String
    public var title: String
    public var kind: Kind
    public var categories: [String]
    public var series: [Series]
    public var unit: String

    public init(id: String, title: String, kind: Kind, categories: [String], series: [Series], unit: String) {
        self.id = id
        self.title = title
        self.kind = kind
        self.categories = categories
        self.series = series
        self.unit = unit
    }
}

/// Numbers as the reports write them.
enum Figure {
    static func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        return "\(Int((share * 100).rounded())) %"
    }

    static func decimal(_ value: Double?) -> String {
        guard let value else { return "–" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    static func hours(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        if seconds < 60 { return "\(Int(seconds.rounded())) s" }
        if seconds < 3600 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds < 172_800 { return "\(decimal(seconds / 3600)) h" }
        return "\(decimal(seconds / 86_400)) d"
    }
}
