import Foundation
import Testing

/// Tests/PythonChecks/jira_server.py, started for a test: a local Jira that serves saved search pages as Jira Cloud or
/// Data Center does (both paginations, the agile sprint API, authentication, injected 429 and 503) and records every
/// request. Ends with `stop()` (and by itself when the test process ends).
public final class JiraServer: Stoppable, @unchecked Sendable {
    public enum Flavor: String, Sendable { case cloud, datacenter }

    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [String: String]
        /// `Basic`, `Bearer` or empty.
        public var auth: String
        public var status: Int
        public var problems: [String]
        /// The issues a search page answered.
        public var issues: Int?
    }

    public let port: Int
    private let output: URL
    private let running: ChildProcess.Running

    /// - Parameters:
    ///   - pages: a folder of REST search pages whose issues it serves.
    ///   - credential: `--basic USER:TOKEN` or `--bearer TOKEN`, what it accepts.
    ///   - faults: a path prefix's answers before it answers normally (`/rest/api/2/search": [429, 503]`).
    public init(pages: URL, flavor: Flavor, credential: [String], board: Int? = nil, faults: [String: [Int]] = [:]) async throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("peng-jira-\(UUID().uuidString).jsonl")
        var arguments = [output.path, pages.path, "--flavor", flavor.rawValue] + credential
        if let board { arguments += ["--board", "\(board)"] }
        for (path, codes) in faults.sorted(by: { $0.key < $1.key }) { arguments += ["--fault", "\(path)=\(codes.map(String.init).joined(separator: ","))"] }
        (running, port) = try await PythonTools.server("jira_server.py", arguments)
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Every request answered so far, in order.
    public func requests() throws -> [Request] {
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""  // nothing answered yet: no file
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Request(method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                           query: object["query"] as? [String: String] ?? [:], auth: object["auth"] as? String ?? "",
                           status: object["status"] as? Int ?? 0, problems: object["problems"] as? [String] ?? [],
                           issues: object["issues"] as? Int)
        }
    }

    public func stop() async {
        running.signal(SIGKILL)
        _ = await running.finished()
        try? FileManager.default.removeItem(at: output)  // gone already when nothing was answered
    }
}
