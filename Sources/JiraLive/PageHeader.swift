import Foundation

/// The top-level scalars of a Jira page (`total`, `maxResults`, `startAt`, `isLast`, `nextPageToken`), read without
/// building the page: the next request needs only these, and the page itself is read on another thread meanwhile.
/// Nested values are skipped (strings with their escapes), so a key inside an issue is never taken for the page's.
struct PageHeader {
    private(set) var numbers: [String: Int] = [:]
    private(set) var strings: [String: String] = [:]
    private(set) var booleans: [String: Bool] = [:]
    /// The number of elements of each top-level list (`issues`, `values`).
    private(set) var counts: [String: Int] = [:]
    /// Whether the bytes were a JSON object whose top level could be walked.
    private(set) var isObject = false

    init(_ bytes: [UInt8]) {
        var index = 0
        func skipSpace() { while index < bytes.count, [32, 9, 10, 13].contains(bytes[index]) { index += 1 } }
        /// A string's content as written (escapes kept), the index after it.
        func string() -> String? {
            guard index < bytes.count, bytes[index] == 34 else { return nil }
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != 34 { index += bytes[index] == 92 ? 2 : 1 }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        /// Skips any value; a scalar's text when it is one, and a list's element count.
        func value() -> (text: String?, elements: Int?) {
            skipSpace()
            guard index < bytes.count else { return (nil, nil) }
            switch bytes[index] {
            case 34: return (string().map { "\"" + $0 }, nil)
            case 123, 91:  // { [
                let list = bytes[index] == 91
                var depth = 0, commas = 0, empty = true
                while index < bytes.count {
                    let byte = bytes[index]
                    if depth == 1, ![32, 9, 10, 13, 93, 125].contains(byte) { empty = false }
                    switch byte {
                    case 34: _ = string(); continue
                    case 123, 91: depth += 1
                    case 125, 93: depth -= 1
                    case 44 where depth == 1: commas += 1
                    default: break
                    }
                    index += 1
                    if depth == 0 { return (nil, list ? (empty ? 0 : commas + 1) : nil) }
                }
                return (nil, nil)
            default:
                let start = index
                while index < bytes.count, ![44, 125, 93, 32, 9, 10, 13].contains(bytes[index]) { index += 1 }
                return (String(decoding: bytes[start..<index], as: UTF8.self), nil)
            }
        }
        skipSpace()
        guard index < bytes.count, bytes[index] == 123 else { return }
        index += 1
        while true {
            skipSpace()
            if index < bytes.count, bytes[index] == 125 { isObject = true; return }
            guard let key = string() else { return }
            skipSpace()
            guard index < bytes.count, bytes[index] == 58 else { return }
            index += 1
            let (text, elements) = value()
            if let elements { counts[key] = elements }
            if let text {
                if text.hasPrefix("\"") { strings[key] = Self.unescaped(String(text.dropFirst())) }
                else if text == "true" || text == "false" { booleans[key] = text == "true" }
                else if let number = Int(text) { numbers[key] = number }
            }
            skipSpace()
            guard index < bytes.count else { return }
            if bytes[index] == 44 { index += 1; continue }
            if bytes[index] == 125 { isObject = true; return }
            return
        }
    }

    /// A string value with JSON escapes (`\/`, `\u0041`) decoded; as written when it has none.
    static func unescaped(_ raw: String) -> String {
        guard raw.contains("\\") else { return raw }
        // Not decodable (a broken escape): kept as written, and the request it goes into says what Jira thinks of it.
        return (try? JSONSerialization.jsonObject(with: Data(("\"" + raw + "\"").utf8), options: .fragmentsAllowed)) as? String ?? raw
    }
}
