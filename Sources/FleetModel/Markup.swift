/// HTML (or XML) that is safe by construction. What a literal writes is the author's markup; every value
/// interpolated into it is escaped — text from a fleet file, a Jira export, a cluster or a form can never add a tag
/// or an attribute. Markup already built (another `Markup`) goes in as it is. Raw text becomes markup only through
/// the named `Markup.trusted(_:)`, for the few fixed strings (style sheets) that are markup by nature.
///
///     let row: Markup = "<tr><td>\(team.name)</td><td>\(badge)</td></tr>"   // name escaped, badge kept
public struct Markup: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup, ready to send.
    public private(set) var html: String

    public var description: String { html }

    public init(stringLiteral literal: String) { html = literal }

    public init(stringInterpolation: StringInterpolation) { html = stringInterpolation.html }

    private init(raw: String) { html = raw }

    /// Text that is markup by nature and written by peng itself (a style sheet); never user or cluster text.
    public static func trusted(_ html: String) -> Markup { Markup(raw: html) }

    public static let empty: Markup = ""

    public var isEmpty: Bool { html.isEmpty }

    public static func + (lhs: Markup, rhs: Markup) -> Markup { Markup(raw: lhs.html + rhs.html) }

    public static func += (lhs: inout Markup, rhs: Markup) { lhs.html += rhs.html }

    public struct StringInterpolation: StringInterpolationProtocol {
        var html = ""

        public init(literalCapacity: Int, interpolationCount: Int) { html.reserveCapacity(literalCapacity + 16 * interpolationCount) }

        /// The literal parts: the author's markup.
        public mutating func appendLiteral(_ literal: String) { html += literal }

        /// Markup built elsewhere, kept as it is.
        public mutating func appendInterpolation(_ markup: Markup) { html += markup.html }

        /// Text, escaped.
        public mutating func appendInterpolation(_ text: String) { html += Markup.escape(text) }

        /// A value's text (numbers, versions, references), escaped.
        public mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) { html += Markup.escape(value.description) }
    }

    /// Text for XML and HTML: the five special characters as entities (so it is safe in text and in quoted attribute
    /// values), and control characters XML 1.0 does not allow (all but tab, line feed, carriage return) as `?`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if let scalar = character.unicodeScalars.first, scalar.value < 0x20, !"\t\n\r".contains(character) { out += "?" } else {
                    out.append(character)
                }
            }
        }
        return out
    }
}

extension Sequence where Element == Markup {
    public func joined(separator: Markup = .empty) -> Markup {
        var out = Markup.empty
        for (index, item) in enumerated() {
            if index > 0 { out += separator }
            out += item
        }
        return out
    }
}
