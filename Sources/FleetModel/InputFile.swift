#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file or folder a person named (a kubeconfig, a Jira export, insights.yaml, a secret file, the fleet folder), and
/// the one clear error for each way it can be wrong: it does not exist, it is a folder where a file is expected (or
/// the reverse), a symbolic link loop, unreadable, larger than peng reads for it, or not UTF-8 text.
public struct InputFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        case missing
        case folder
        case notFolder
        /// A device, socket or pipe: reading it could block or never end.
        case special
        case loop
        case unreadable(String)
        case tooLarge(bytes: Int, limit: Int)
        case notText
        case empty
    }

    /// What the file is for, as the message names it: "kubeconfig", "Jira export", "webhook secret file".
    public var what: String
    public var path: String
    public var problem: Problem

    public init(what: String, path: String, problem: Problem) {
        self.what = what
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(what) '\(path)' \(reason)" }

    /// The problem alone, for messages that name the file their own way: "is a folder, not a file".
    public var reason: String {
        switch problem {
        case .missing: "does not exist"
        case .folder: "is a folder, not a file"
        case .notFolder: "is a file, not a folder"
        case .special: "is not a regular file (a device, socket or pipe)"
        case .loop: "is a symbolic link loop: following it never reaches a file"
        case .unreadable(let reason): "cannot be read: \(reason)"
        case .tooLarge(let bytes, let limit): "is \(Self.size(bytes)), larger than peng accepts for it (\(Self.size(limit)))"
        case .notText: "is not a text file (not UTF-8)"
        case .empty: "is empty"
        }
    }

    public var isTooLarge: Bool {
        if case .tooLarge = problem { true } else { false }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : bytes >= 1 << 10 ? "\(bytes >> 10) KB" : "\(bytes) bytes"
    }
}

public enum InputFile {
    /// The most peng reads whole for one file unless the caller says otherwise.
    public static let defaultLimit = 16 << 20

    /// The whole file, after the checks of `check`: at most `limit` bytes.
    public static func data(_ path: String, what: String, limit: Int = defaultLimit) throws -> Data {
        let size = try check(path, what: what)
        guard size <= limit else { throw InputFileError(what: what, path: path, problem: .tooLarge(bytes: size, limit: limit)) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw error(errno, what: what, path: path) }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw error(errno, what: what, path: path)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            // The file grew while read: the limit still holds.
            guard data.count <= limit else { throw InputFileError(what: what, path: path, problem: .tooLarge(bytes: data.count, limit: limit)) }
        }
        return data
    }

    /// The whole file as UTF-8 text (no NUL bytes); `allowEmpty: false` makes an empty or blank file an error.
    public static func text(_ path: String, what: String, limit: Int = defaultLimit, allowEmpty: Bool = true) throws -> String {
        let data = try data(path, what: what, limit: limit)
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw InputFileError(what: what, path: path, problem: .notText)
        }
        if !allowEmpty, text.allSatisfy(\.isWhitespace) { throw InputFileError(what: what, path: path, problem: .empty) }
        return text
    }

    /// A file that can be read, without reading it (for files read as streams): it exists, is a regular file, is no
    /// symbolic link loop and may be opened. Returns its size.
    @discardableResult
    public static func check(_ path: String, what: String) throws -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else { throw error(errno, what: what, path: path) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw InputFileError(what: what, path: path, problem: .folder)
        case S_IFREG: break
        default: throw InputFileError(what: what, path: path, problem: .special)
        }
        guard access(path, R_OK) == 0 else { throw error(errno, what: what, path: path) }
        return Int(status.st_size)
    }

    /// A folder that can be listed.
    public static func checkFolder(_ path: String, what: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { throw error(errno, what: what, path: path) }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw InputFileError(what: what, path: path, problem: .notFolder) }
        guard access(path, R_OK | X_OK) == 0 else { throw error(errno, what: what, path: path) }
    }

    static func error(_ code: Int32, what: String, path: String) -> InputFileError {
        switch code {
        case ENOENT: InputFileError(what: what, path: path, problem: .missing)
        case ELOOP: InputFileError(what: what, path: path, problem: .loop)
        case ENOTDIR: InputFileError(what: what, path: path, problem: .unreadable("a part of the path is a file, not a folder"))
        case EISDIR: InputFileError(what: what, path: path, problem: .folder)
        case EACCES, EPERM: InputFileError(what: what, path: path, problem: .unreadable("permission denied"))
        default: InputFileError(what: what, path: path, problem: .unreadable(String(cString: strerror(code))))
        }
    }
}
