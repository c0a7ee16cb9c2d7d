import Foundation

/// RFC 4180 CSV, read in chunks so memory does not grow with the file: quoted fields with commas, line breaks and
/// doubled quotes; CRLF or LF line ends; a UTF-8 byte order mark at the start is skipped. Each record comes with the
/// line it starts on, for messages. A quote left open at the end of the input is reported, not guessed at.
public struct CSVReader: Sendable {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    public struct Unterminated: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var description: String { "line \(line): a quoted field is not closed before the end of the file" }
    }

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
                        return nil  // a doubled quote may follow in the next chunk
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
                    if index + 1 >= count, !finished { return nil }
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
        guard finished else { return nil }
        if inQuotes {
            position = count
            throw Unterminated(line: first)
        }
        fields.append(String(decoding: field, as: UTF8.self))
        position = count
        line = first + lines
        return Record(line: first, fields: fields)
    }

    /// Every record of a file, read 1 MiB at a time; `body` sees them in order.
    public static func read(_ url: URL, _ body: (Record) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = CSVReader()
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { reader.finish() } else { reader.feed(chunk) }
            while let record = try reader.next() { try body(record) }
            if chunk.isEmpty { return }
        }
    }
}
