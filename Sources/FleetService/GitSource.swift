import FleetLoader
import FleetModel
import FleetRepository
import Foundation

/// The fleet repository as `peng serve` follows it: a clone of its own (file, ssh or https remote), fetched on
/// demand, checked out at one commit at a time. Credentials come from files and are handed to git only; anything
/// git prints is cleaned of URL credentials before it is shown.
public struct GitSource: Sendable {
    public struct Credentials: Sendable {
        /// A private key for ssh remotes (`ssh -i`).
        public var sshKeyFile: String?
        /// known_hosts for ssh remotes; without it ssh's own is used, with host keys checked.
        public var sshKnownHostsFile: String?
        /// A git-credential-store file (`https://user:token@host` per line) for https remotes.
        public var httpsCredentialsFile: String?

        public init(sshKeyFile: String? = nil, sshKnownHostsFile: String? = nil, httpsCredentialsFile: String? = nil) {
            self.sshKeyFile = sshKeyFile
            self.sshKnownHostsFile = sshKnownHostsFile
            self.httpsCredentialsFile = httpsCredentialsFile
        }
    }

    /// One commit of the followed branch.
    public struct Commit: Sendable, Codable, Hashable {
        public var sha: String
        public var subject: String
        public var author: String
        /// Commit time, seconds since 1970.
        public var time: Int

        public var short: String { String(sha.prefix(12)) }
    }

    public var remote: String
    public var branch: String
    /// The clone: created on the first fetch.
    public var checkout: URL
    public var credentials: Credentials

    public init(remote: String, branch: String, checkout: URL, credentials: Credentials = .init()) {
        // A local folder is a file remote; its absolute path keeps working whatever the current directory.
        if !remote.contains("://"), !remote.contains("@"), FileManager.default.fileExists(atPath: remote) {
            self.remote = URL(fileURLWithPath: remote).standardizedFileURL.path
        } else {
            self.remote = remote
        }
        self.branch = branch
        self.checkout = checkout
        self.credentials = credentials
    }

    /// Clones when needed, fetches the branch and returns its newest commit.
    public func fetch() async throws -> Commit {
        try await OffThread.run { try fetchBlocking() }
    }

    /// Puts the clone's files at `sha` exactly: nothing left over from another commit.
    public func checkOut(_ sha: String) async throws {
        try await OffThread.run {
            try git(["checkout", "--quiet", "--force", "--detach", sha])
            try git(["clean", "--quiet", "-ffdx"])
        }
    }

    /// The files of another commit in a folder of their own (a detached worktree), for planning it; removed after `body`.
    public func withFiles<T: Sendable>(of sha: String, _ body: @Sendable (URL, Commit) async -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peng-revision-\(UUID().uuidString)")
        let loaded = try await OffThread.run { () throws -> Commit in
            try git(["worktree", "add", "--quiet", "--detach", folder.path, sha])
            return try self.commit(sha)
        }
        let result = await body(folder, loaded)
        // A worktree left behind is pruned by the next `git worktree add`; the revision was read either way.
        _ = try? await OffThread.run { try git(["worktree", "remove", "--force", folder.path]) }
        return result
    }

    /// Pushes a local branch of the clone to the remote (a team's order from the dashboard).
    public func push(branch name: String) async throws {
        _ = try await OffThread.run { try git(["push", "--quiet", "origin", "refs/heads/\(name):refs/heads/\(name)"]) }
    }

    /// Whether the remote has this branch (after a push).
    public func remoteHas(branch name: String) async -> Bool {
        // A failed ls-remote (no such branch, or the remote unreachable) means the push is not confirmed.
        await OffThread.run { (try? git(["ls-remote", "--exit-code", "--heads", "origin", name])) != nil }
    }

    private func fetchBlocking() throws -> Commit {
        let marker = checkout.appendingPathComponent(".git")
        if !FileManager.default.fileExists(atPath: marker.path) {
            // Never remove what peng did not make: a folder with files but no clone is refused.
            // A folder that cannot be listed does not exist yet (or is not ours to read): creating it below says which.
            if let items = try? FileManager.default.contentsOfDirectory(atPath: checkout.path), !items.isEmpty {
                throw Failure(description: "\(checkout.path) holds files but is not a clone peng made; choose an empty or new --workdir")
            }
            try FileManager.default.createDirectory(at: checkout, withIntermediateDirectories: true)
            try git(["init", "--quiet"])
            try git(["remote", "add", "origin", remote])
        }
        let tracking = "refs/remotes/origin/\(branch)"
        try git(["fetch", "--quiet", "--prune", "--no-tags", "origin", "+refs/heads/\(branch):\(tracking)"])
        return try commit(tracking)
    }

    private func commit(_ revision: String) throws -> Commit {
        let fields = try git(["log", "-1", "--format=%H%x00%s%x00%an%x00%ct", revision, "--"]).split(separator: "\0", omittingEmptySubsequences: false)
        guard fields.count == 4 else { throw Failure(description: "git log of \(revision) printed something unexpected") }
        return Commit(sha: String(fields[0]), subject: String(fields[1]), author: String(fields[2]), time: Int(fields[3]) ?? 0)
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    @discardableResult
    private func git(_ arguments: [String]) throws -> String {
        let result = Git.run(configuration + arguments, in: checkout, environment: environment)
        guard result.ok else {
            let command = arguments.prefix(2).joined(separator: " ")
            throw Failure(description: "git \(command) failed for \(Self.redacted(remote)): \(Self.redacted(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        return result.output
    }

    private var configuration: [String] {
        var options = ["-c", "core.askPass=", "-c", "credential.interactive=false"]
        if let file = credentials.httpsCredentialsFile { options += ["-c", "credential.helper=", "-c", "credential.helper=store --file=\(file)"] }
        return options
    }

    private var environment: [String: String] {
        var environment = ["GIT_TERMINAL_PROMPT": "0", "GIT_AUTHOR_NAME": "peng serve", "GIT_AUTHOR_EMAIL": "peng@localhost",
                           "GIT_COMMITTER_NAME": "peng serve", "GIT_COMMITTER_EMAIL": "peng@localhost"]
        if let key = credentials.sshKeyFile {
            var ssh = "ssh -i '\(key)' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes"
            if let hosts = credentials.sshKnownHostsFile { ssh += " -o UserKnownHostsFile='\(hosts)'" }
            environment["GIT_SSH_COMMAND"] = ssh
        }
        return environment
    }

    /// A URL (`https://`, `ssh://`, `file://`) or an scp-like `[user@]host:path`, rather than a local path.
    public static func isRemote(_ repo: String) -> Bool {
        if repo.contains("://") { return true }
        guard let colon = repo.firstIndex(of: ":") else { return false }
        return !repo[..<colon].contains("/")
    }

    /// A branch name git accepts (git check-ref-format's rules for one branch): checked before serve starts, so a
    /// mistyped name is refused at once instead of failing every fetch.
    public static func isValidBranch(_ name: String) -> Bool {
        let forbidden = Set(" ~^:?*[\\\u{7f}")
        return !name.isEmpty && name.count <= 255 && !name.hasPrefix("-") && !name.hasPrefix("/") && !name.hasSuffix("/")
            && !name.hasSuffix(".") && !name.hasSuffix(".lock") && !name.contains("..") && !name.contains("//") && !name.contains("@{")
            && name != "@" && !name.contains(where: { forbidden.contains($0) || $0.asciiValue.map { $0 < 32 } == true })
    }

    /// `https://user:secret@host/...` -> `https://***@host/...`: what git prints may carry the remote's credentials.
    public static func redacted(_ text: String) -> String {
        text.replacingOccurrences(of: #"([A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@"#, with: "$1***@", options: .regularExpression)
    }
}
