import FleetModel
import Testing

/// The JSON reader of API server answers: JSON's number grammar and range, found by fuzzing (bench/fuzz.sh api-json):
/// a number no Double holds used to parse as infinity and print as something that is not JSON.
@Suite("JSON numbers")
struct JSONParseTests {
    @Test("numbers as JSON writes them parse; others are refused with the offset and the text", arguments: [
        ("0", JSONValue.int(0)), ("-12", .int(-12)), ("1.5", .double(1.5)), ("2e3", .double(2000)), ("-0.25E-2", .double(-0.0025)),
        ("99999999999999999999", .double(1e20)), ("1.5e308", .double(1.5e308)),
    ])
    func valid(_ text: String, _ value: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == value)
        #expect(try JSONValue(parsing: try JSONValue(parsing: text).jsonString()) == value, "prints as JSON that reads back the same")
    }

    @Test("a high surrogate followed by an escape that is no low surrogate: U+FFFD, then that escape (it crashed the reader)")
    func loneSurrogate() throws {
        #expect(try JSONValue(parsing: #"["\ud83d\uda00", "\ud83d\u0041", "\ud83d\ude00", "\ud83d"]"#)
            == .array([.string("\u{FFFD}\u{FFFD}"), .string("\u{FFFD}A"), .string("😀"), .string("\u{FFFD}")]))
    }

    @Test("not JSON numbers, or out of range: a parse error naming the number", arguments: [
        "+1", "01", ".5", "1.", "1e", "1e+", "--1", "1-2", "-", "10.5e308", "-1e400",
    ])
    func refused(_ text: String) {
        let error = #expect(throws: JSONValue.ParseError.self) { _ = try JSONValue(parsing: "[\(text)]") }
        #expect("\(error.map { "\($0)" } ?? "")".contains(text), "the message names '\(text)': \(String(describing: error))")
    }
}
