import AsyncHTTPClient
import FleetModel
import FleetService
import Foundation
import KubeClient
import NIOCore
import NIOHTTP1
import Testing
import TestHarness

/// One `peng serve` process, as a user starts it, and an HTTP client for its API.
final class ServeProcess: @unchecked Sendable {
    let running: ChildProcess.Running
    let url: String

    /// Starts `peng serve ARGUMENTS --listen 127.0.0.1:0` and returns once it listens.
    static func start(_ arguments: [String]) async throws -> ServeProcess {
        let running = try PengBinary.start(["serve"] + arguments + ["--listen", "127.0.0.1:0"])
        let listening = try await running.waitForOutput(within: .seconds(600)) { out, _ in out.contains("listening on http://") }
        try #require(listening, "peng serve did not start listening:\n\(running.stdout)\n\(running.stderr)")
        let line = try #require(running.stdout.split(separator: "\n").first { $0.contains("listening on http://") })
        let address = line.split(separator: " ").first { $0.hasPrefix("http://") }!
        return ServeProcess(running: running, url: String(address))
    }

    init(running: ChildProcess.Running, url: String) {
        self.running = running
        self.url = url
    }

    /// A test that fails before it stops its server must not leave it running.
    deinit {
        if running.process.isRunning { running.signal(SIGKILL) }
    }

    struct Reply: Sendable {
        var status: Int
        var body: String
        var json: JSONValue? { try? JSONValue(parsing: Array(body.utf8)) }
    }

    func request(_ method: HTTPMethod, _ path: String, token: String?, body: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let collected = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: String(buffer: collected))
    }

    func get(_ path: String, token: String?) async throws -> Reply { try await request(.GET, path, token: token) }

    /// Polls the fleet view until `condition` holds; the bound only catches a real hang.
    @discardableResult
    func waitForFleet(token: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
                      _ condition: (JSONValue) -> Bool) async throws -> JSONValue
    {
        let clock = ContinuousClock(), deadline = clock.now + .seconds(900)
        var last: JSONValue?
        while clock.now < deadline {
            if let fleet = try? await get("/api/v1/fleet", token: token).json {
                last = fleet
                if condition(fleet) { return fleet }
            }
            if running.process.isRunning == false { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("waiting for \(what): it did not happen.\nlast fleet view: \(last?.jsonString() ?? "none")\nstderr: \(running.stderr.suffix(3000))",
                     sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Polls `probe` until it gives a value; the bound only catches a real hang.
    func waitFor<T>(_ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ probe: () async -> T?) async throws -> T {
        let clock = ContinuousClock(), deadline = clock.now + .seconds(900)
        while clock.now < deadline {
            if let value = await probe() { return value }
            if running.process.isRunning == false { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("waiting for \(what): it did not happen.\nstderr: \(running.stderr.suffix(3000))", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// The newest history record for `sha`, from the API.
    func record(for sha: String, token: String) async throws -> JSONValue? {
        try await get("/api/v1/revisions", token: token).json?.arrayValue?.first { $0[path: "commit", "sha"]?.stringValue == sha }
    }

    func waitForOutcome(_ outcome: String, of sha: String, token: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let clock = ContinuousClock(), deadline = clock.now + .seconds(900)
        while clock.now < deadline {
            if let record = try? await record(for: sha, token: token), record["outcome"]?.stringValue == outcome { return record }
            if running.process.isRunning == false { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let last = try? await get("/api/v1/revisions", token: token).body
        Issue.record("revision \(sha.prefix(12)) never reached '\(outcome)'. History: \(last ?? "none")\nstderr: \(running.stderr.suffix(3000))",
                     sourceLocation: sourceLocation)
        throw CancellationError()
    }
}

/// The test users of `scripts/testenv`'s API servers.
struct TestTokens {
    var admin: String
    var limited: String
    var scoped: String

    init(planes: LocalControlPlanes) throws {
        let kubeconfig = try planes.kubeconfig()
        func token(_ context: String) throws -> String {
            try #require(try kubeconfig.connection(context: context).bearerToken)
        }
        let context = planes.contexts[0]
        admin = try token(context)
        limited = try token("\(context)-limited")
        scoped = try token("\(context)-scoped")
    }
}

extension LeaseElector {
    /// Attempts until this replica leads. One attempt may end before a slow, loaded API server answers (a replica
    /// simply tries again at its next retry); the bound only catches a real hang.
    func attemptUntilLeading() async {
        for _ in 0..<300 where !isLeader { await attempt() }
    }
}
