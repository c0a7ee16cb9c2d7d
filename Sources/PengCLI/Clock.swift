import Foundation

/// The time peng judges soak periods by: now, or `PENG_NOW` (seconds since 1970, or an ISO 8601 time) to rehearse a
/// decision at another time — the tests use it instead of waiting 72 hours.
enum Clock {
    static let now: @Sendable () -> Int = {
        if let text = ProcessInfo.processInfo.environment["PENG_NOW"] {
            if let seconds = Int(text) { return seconds }
            if let date = ISO8601DateFormatter().date(from: text) { return Int(date.timeIntervalSince1970) }
        }
        return Int(Date().timeIntervalSince1970)
    }
}

/// Words for a POSIX shell command line that peng prints for people to copy.
enum Shell {
    static func quote(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:+@,".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
