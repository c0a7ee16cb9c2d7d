import Foundation
import Testing

/// Tests/PythonChecks/notice_receiver.py, started for a test: GitLab, GitHub, webhook, Slack and Teams receivers on
/// one local port, each request checked against its platform's documented fields and recorded. Ends with `stop()`
/// (and by itself when the test process ends).
public final class NoticeReceiver: Stoppable, @unchecked Sendable {
    public static let token = "glpat-n0tice-t0ken"
    public static let secret = "n0tice-s1gning-secret"

    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        /// The JSON body's fields (none when there was no body).
        public var body: [String: JSONAny]
        public var status: Int
        public var problems: [String]
        public var hung: Bool

        public subscript(_ key: String) -> String? { body[key]?.string }
    }

    /// A JSON value seen from a test: strings and nested values.
    public struct JSONAny: @unchecked Sendable {
        public let value: Any
        public var string: String? { value as? String }
    }

    public let port: Int
    private let output: URL
    private let running: ChildProcess.Running

    /// - Parameters:
    ///   - scripts: a path's answers in turn (`/hook": [503, 503, 200]`); afterwards 200 (201 for statuses).
    ///   - hang: paths that never answer.
    public init(scripts: [String: [Int]] = [:], hang: [String] = []) async throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("peng-notices-\(UUID().uuidString).jsonl")
        var arguments = [output.path, PengBinary.repositoryRoot.appendingPathComponent("docs/openapi.yaml").path, "--token", Self.token, "--secret", Self.secret]
        for (path, codes) in scripts.sorted(by: { $0.key < $1.key }) { arguments += ["--script", "\(path)=\(codes.map(String.init).joined(separator: ","))"] }
        for path in hang { arguments += ["--hang", path] }
        (running, port) = try await PythonTools.server("notice_receiver.py", arguments)
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    public func requests() throws -> [Request] {
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""  // nothing received yet: no file
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Request(method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                           headers: object["headers"] as? [String: String] ?? [:],
                           body: (object["body"] as? [String: Any] ?? [:]).mapValues(JSONAny.init),
                           status: object["status"] as? Int ?? 0, problems: object["problems"] as? [String] ?? [],
                           hung: object["hung"] as? Bool ?? false)
        }
    }

    /// Waits until the requests satisfy `condition` (a condition wait, bounded only against a real hang).
    public func waitFor(_ what: String, _ condition: ([Request]) -> Bool) async throws -> [Request] {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            let seen = try requests()
            if condition(seen) { return seen }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the receiver never saw \(what): \(try requests().map(\.path))")
        return try requests()
    }

    public func stop() async {
        running.signal(SIGKILL)
        _ = await running.finished()
        try? FileManager.default.removeItem(at: output)  // gone already when nothing was received
    }
}
