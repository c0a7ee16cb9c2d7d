/// Text for XML and HTML: the five special characters as entities (so it is safe in text and in quoted attribute
/// values), and control characters XML 1.0 does not allow (all but tab, line feed, carriage return) as `?`.
public enum Markup {
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
