import Foundation
import Logging

/// The log of `peng serve` (swift-log): one line per event on standard error, as text for a terminal or as JSON for a
/// cluster's log pipeline. Lines carry messages and fields built by peng, never a credential or a Secret value.
public struct ServeLogHandler: LogHandler {
    public enum Format: String, Sendable, CaseIterable {
        /// `2026-12-02T23:20:00Z warning lease_failed: namespace ... reason=namespace_missing`
        case text
        /// `{"time": ..., "level": ..., "event": ..., "message": ..., "fields": {...}}`
        case json
    }

    public var format: Format
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let write: @Sendable (String) -> Void

    /// `write` gets each line with its newline; standard error by default.
    public init(format: Format, level: Logger.Level, write: @escaping @Sendable (String) -> Void = ServeLogHandler.standardError) {
        self.format = format
        self.logLevel = level
        self.write = write
    }

    public static let standardError: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data(line.utf8)) }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let name = fields.removeValue(forKey: "event").map { "\($0)" } ?? "log"
        let time = Self.time(Date())
        switch format {
        case .text:
            let rest = fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: " ")
            write("\(time) \(event.level) \(name): \(event.message)\(rest.isEmpty ? "" : " " + rest)\n")
        case .json:
            var object: [String: Any] = ["time": time, "level": "\(event.level)", "event": name, "message": "\(event.message)"]
            object["fields"] = Dictionary(uniqueKeysWithValues: fields.map { ($0.key, "\($0.value)") })
            // A dictionary of strings always serialises.
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            write(String(decoding: data, as: UTF8.self) + "\n")
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

extension Logger {
    /// The log `peng serve` writes, in `format` from `level` up.
    public static func serve(format: ServeLogHandler.Format = .text, level: Logger.Level = .info,
                             write: @escaping @Sendable (String) -> Void = ServeLogHandler.standardError) -> Logger
    {
        Logger(label: "peng.serve") { _ in ServeLogHandler(format: format, level: level, write: write) }
    }

    /// One event: its name (`lease_failed`), the line for a person, and fields for programs.
    public func event(_ level: Logger.Level, _ name: String, _ message: String, _ fields: [String: String] = [:]) {
        var metadata: Logger.Metadata = ["event": .string(name)]
        for (key, value) in fields { metadata[key] = .string(value) }
        log(level: level, "\(message)", metadata: metadata)
    }
}
