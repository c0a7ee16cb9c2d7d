@testable import FleetService
import FleetRepository
import Foundation
import Testing
import TestHarness

/// The fleet repository through real git: a remote behind HTTP Basic authentication reached with a
/// git-credential-store file, and credentials that never reach a message.
@Suite(.serialized)
struct GitSourceTests {
    @Test func credentialsComeFromAFileAndNeverReachAMessage() async throws {
        let folder = try PengBinary.temporaryFolder()
        let work = folder.appendingPathComponent("work"), bare = folder.appendingPathComponent("fleet.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try "apiVersion: peng.dev/v1alpha1\n".write(to: work.appendingPathComponent("fleet.yaml"), atomically: true, encoding: .utf8)
        let head = try await TestGit.commitAll(work)
        try await TestGit.run(["clone", "-q", "--bare", work.path, bare.path], in: folder)
        try await TestGit.run(["update-server-info"], in: bare)
        let server = try ChildProcess.Running(URL(fileURLWithPath: "/usr/bin/python3"),
                                              [PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/git_http_server.py").path, bare.path, "deploy", "t0ken-s3cret"])
        defer { server.signal(SIGKILL) }
        _ = try await server.waitForOutput(within: .seconds(600)) { out, _ in out.contains("\n") }
        let port = server.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let url = "http://127.0.0.1:\(port)/"

        // With the credential store file: fetched.
        let store = folder.appendingPathComponent("credentials")
        try "http://deploy:t0ken-s3cret@127.0.0.1:\(port)\n".write(to: store, atomically: true, encoding: .utf8)
        let source = GitSource(remote: url, branch: "main", checkout: folder.appendingPathComponent("clone"),
                               credentials: .init(httpsCredentialsFile: store.path))
        #expect(try await source.fetch().sha == head)

        // Without: refused at once (no prompt), and the message says why without any secret.
        let anonymous = GitSource(remote: url, branch: "main", checkout: folder.appendingPathComponent("anonymous"))
        let refused = await #expect(throws: GitSource.Failure.self) { try await anonymous.fetch() }
        #expect(refused?.description.contains("terminal prompts disabled") == true || refused?.description.contains("Authentication failed") == true,
                "\(refused?.description ?? "")")

        // A folder with someone's files is never taken over as the clone.
        let occupied = folder.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: true)
        try "keep me".write(to: occupied.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        await #expect(throws: GitSource.Failure.self) {
            try await GitSource(remote: url, branch: "main", checkout: occupied, credentials: .init(httpsCredentialsFile: store.path)).fetch()
        }
        #expect(FileManager.default.fileExists(atPath: occupied.appendingPathComponent("notes.txt").path))

        // A URL that carries credentials: whatever git prints, the secret is not in the message.
        let inline = GitSource(remote: "http://deploy:wr0ng-s3cret@127.0.0.1:\(port)/", branch: "main", checkout: folder.appendingPathComponent("inline"))
        do {
            _ = try await inline.fetch()
            Issue.record("a wrong password fetched")
        } catch {
            #expect(!"\(error)".contains("wr0ng-s3cret"), "\(error)")
            #expect("\(error)".contains("http://***@127.0.0.1"), "\(error)")
        }
    }
}
