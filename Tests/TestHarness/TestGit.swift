import Foundation
import Testing

/// Real git in a test folder, as a user runs it (with a test identity).
public enum TestGit {
    /// Runs `git ARGUMENTS` in `folder`; the test fails with git's message when it fails. Returns stdout, trimmed.
    @discardableResult
    public static func run(_ arguments: [String], in folder: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> String {
        let output = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"),
            ["git", "-C", folder.path, "-c", "user.name=peng-test", "-c", "user.email=test@peng.invalid"] + arguments)
        try #require(output.status == 0, "git \(arguments) failed: \(output.stderr)", sourceLocation: sourceLocation)
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes `folder` a repository with everything in it committed on `main`; returns the commit.
    @discardableResult
    public static func commitAll(_ folder: URL) async throws -> String {
        try await run(["init", "-q", "-b", "main"], in: folder)
        try await run(["add", "-A"], in: folder)
        try await run(["commit", "-qm", "fleet"], in: folder)
        return try await run(["rev-parse", "HEAD"], in: folder)
    }
}
