import Foundation
import ProcessRunner

/// The `git` command, run synchronously in a folder: for the fleet's revision and for writing a branch with a commit
/// without touching the user's work tree or index. Not for Swift's cooperative threads: call it from synchronous code.
public enum Git {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var ok: Bool { status == 0 }
        public var output: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    @discardableResult
    public static func run(_ arguments: [String], in folder: URL, input: String? = nil, environment: [String: String] = [:]) -> Result {
        let merged = environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let result = ProcessRunner.runBlocking("git", ["-C", folder.path] + arguments, environment: merged, input: input)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Every commit's time (seconds since 1970) in the history of the work tree holding `path`, by full hash; empty
    /// when it is not in git.
    public static func commitTimes(in path: URL) -> [String: Int] {
        let folder = (try? path.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true ? path : path.deletingLastPathComponent()
        let log = run(["log", "--all", "--format=%H %ct"], in: folder)
        guard log.ok else { return [:] }
        var times: [String: Int] = [:]
        for line in log.output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let time = Int(parts[1]) { times[String(parts[0])] = time }
        }
        return times
    }

    /// The output, or a failure that says which git command failed and why.
    @discardableResult
    public static func require(_ arguments: [String], in folder: URL, input: String? = nil, environment: [String: String] = [:]) throws -> String {
        let result = run(arguments, in: folder, input: input, environment: environment)
        guard result.ok else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.output
    }

    /// Commits `files` (path from the repository root -> content) on a new branch made from HEAD, through a temporary
    /// index: the work tree, the index and the current branch stay exactly as they were. Returns the commit.
    public static func commitOnNewBranch(_ branch: String, files: [String: String], message: String, in folder: URL) throws -> String {
        guard run(["check-ref-format", "--branch", branch], in: folder).ok else { throw Failure(description: "'\(branch)' is not a valid branch name") }
        if run(["rev-parse", "--verify", "--quiet", "refs/heads/\(branch)"], in: folder).ok {
            throw Failure(description: "the branch '\(branch)' exists already")
        }
        let head = try require(["rev-parse", "--verify", "HEAD"], in: folder)
        let index = FileManager.default.temporaryDirectory.appendingPathComponent("peng-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: index) }
        let environment = ["GIT_INDEX_FILE": index]
        try require(["read-tree", head], in: folder, environment: environment)
        for (path, content) in files.sorted(by: { $0.key < $1.key }) {
            let blob = try require(["hash-object", "-w", "--stdin"], in: folder, input: content)
            try require(["update-index", "--add", "--cacheinfo", "100644,\(blob),\(path)"], in: folder, environment: environment)
        }
        let tree = try require(["write-tree"], in: folder, environment: environment)
        let commit = try require(["commit-tree", tree, "-p", head, "-F", "-"], in: folder, input: message)
        try require(["update-ref", "refs/heads/\(branch)", commit, ""], in: folder)
        return commit
    }
}
