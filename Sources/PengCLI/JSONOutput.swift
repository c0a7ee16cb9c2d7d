import Foundation

/// `-o json`: the engine's Codable reports, keys sorted, as people and `jq` read them.
enum JSONOutput {
    static func encode<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            return "{\"error\": \"the report could not be encoded: \(error)\"}\n"
        }
    }
}
