#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a text file with plain POSIX calls. Foundation's `Data.write` syncs every file to disk,
/// which made writing 50,000 rendered objects take half a minute.
private let systemWrite = write

enum TextFile {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var code: Int32
        var description: String { "cannot write '\(path)': \(String(cString: strerror(code)))" }
    }

    /// Writes beside the file, then renames it into place: a failed write leaves no partial file behind.
    static func write(_ text: String, to path: String) throws {
        let partial = path + ".peng-partial"
        do { try writeWhole(text, to: partial) } catch var error as WriteError {
            unlink(partial)
            error.path = path  // the file the person named
            throw error
        }
        guard rename(partial, path) == 0 else {
            let code = errno
            unlink(partial)
            throw WriteError(path: path, code: code)
        }
    }

    private static func writeWhole(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
        defer { close(descriptor) }
        var text = text
        try text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(path: path, code: errno)
                }
                offset += written
            }
        }
    }
}
