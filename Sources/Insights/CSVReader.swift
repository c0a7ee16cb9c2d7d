import Foundation

/// RFC 4180 CSV, read in chunks so memory does not grow with the file: quoted fields with commas, line breaks and
/// doubled quotes; CRLF or LF line ends; a UTF-8 byte order mark at the start is skipped. Each record comes with the
/// line it starts on, for messages. A quote left open at the end of the input is reported, not guessed at.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// A record that cannot be read, at the line it starts; reading stops there.
    public struct Unterminated: Error, Equatable, CustomStringConvertible {
        public var line: Int
        /// Set when the record grew past the limit instead of reaching the end of the file.
        public var limit: Int?
        public var reason: String {
            guard let limit else { return "a quoted field is not closed before the end of the file" }
            let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit >> 10) KiB"
            return "a record longer than \(size), most likely a quoted field that is never closed"
        }

        public var description: String { "line \(line): \(reason)" }
    }

    /// The longest record kept while looking for its end: a quote never closed would otherwise make the reader hold
    /// the rest of the file.
    public var maximumRecordBytes = 16 << 20

    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var started = false
    private var finished = false

    public init() {}

    /// Adds the next chunk of input.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        if position > 0, position >= buffer.count / 2 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
        if !started, buffer.count >= 3 {
            started = true
            if buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        }
    }

    /// Marks the end of the input: the last record needs no line break.
    public mutating func finish() {
        finished = true
        if !started {
            started = true
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        }
    }

    /// The next complete record, or nil when more input is needed (or the input is done).
    public mutating func next() throws(Unterminated) -> Record? {
        guard started else { return nil }
        let count = buffer.count
        guard position < count else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var index = position, lines = 0, quoted = false, inQuotes = false
        let first = line
        while index < count {
            let byte = buffer[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < count {
                        if buffer[index + 1] == UInt8(ascii: "\"") { field.append(byte); index += 2; continue }
                        inQuotes = false
                    } else if finished {
                        inQuotes = false
                    } else {
                        return try needMore(from: first)  // a doubled quote may follow in the next chunk
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { lines += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where field.isEmpty && !quoted:
                inQuotes = true
                quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                quoted = false
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if byte == UInt8(ascii: "\r") {
                    if index + 1 >= count, !finished { return try needMore(from: first) }
                    if index + 1 < count, buffer[index + 1] == UInt8(ascii: "\n") { index += 1 }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                position = index + 1
                line = first + lines + 1
                return Record(line: first, fields: fields)
            default:
                field.append(byte)
            }
            index += 1
        }
        guard finished else { return try needMore(from: first) }
        if inQuotes {
            position = count
            throw Unterminated(line: first)
        }
        fields.append(String(decoding: field, as: UTF8.self))
        position = count
        line = first + lines
        return Record(line: first, fields: fields)
    }

    /// Nil (wait for the next chunk), unless the record has grown past the limit.
    private mutating func needMore(from line: Int) throws(Unterminated) -> Record? {
        guard buffer.count - position > maximumRecordBytes else { return nil }
        position = buffer.count
        finished = true
        throw Unterminated(line: line, limit: maximumRecordBytes)
    }

    /// Every record of bytes in memory; `body` sees them in order.
    public static func read(_ data: Data, maximumRecordBytes: Int = 16 << 20, _ body: (Record) throws -> Void) throws {
        var reader = CSVReader()
        reader.maximumRecordBytes = maximumRecordBytes
        reader.feed(data)
        reader.finish()
        while let record = try reader.next() { try body(record) }
    }

    /// Every record of a file, read 1 MiB at a time; `body` sees them in order.
    public static func read(_ url: URL, maximumRecordBytes: Int = 16 << 20, _ body: (Record) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = CSVReader()
        reader.maximumRecordBytes = maximumRecordBytes
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { reader.finish() } else { reader.feed(chunk) }
            while let record = try reader.next() { try body(record) }
            if chunk.isEmpty { return }
        }
    }
}
