import Foundation
import HTTPRetry
import Insights

extension JiraReader {
    /// The requests of one read: the same headers, one deadline, Jira's refusals turned into what to do.
    struct Session: Sendable {
        let http: RetryingHTTP
        let headers: [(String, String)]
        let deadline: ContinuousClock.Instant
        let progress: @Sendable (Progress) -> Void
        let site: JiraSite

        init(reader: JiraReader, headers: [(String, String)], deadline: ContinuousClock.Instant, secret: String?) {
            let site = reader.site
            // What to do about a refusal is the error's hint, not part of its message.
            http = RetryingHTTP(service: "Jira", policy: reader.policy, secret: secret, bodyLimit: JiraRESTExport.pageLimit)
            self.headers = headers
            self.deadline = deadline
            self.progress = reader.progress
            self.site = site
        }

        func get(_ url: String, what: String) async throws -> [UInt8] {
            try await send(RetryingHTTP.Request(url: url, headers: headers), what: what)
        }

        func send(_ request: RetryingHTTP.Request, what: String) async throws -> [UInt8] {
            let progress = self.progress
            switch await http.send(request, until: deadline, retried: { progress(.retrying($0, $1)) }) {
            case .success(let body): return body
            case .failure(let failure):
                var message = "reading \(what) from \(site.url.absoluteString): \(failure.description)"
                if let said = Self.jiraMessages(failure.body) { message += " (Jira says: \(said))" }
                let flags = site.flags
                let (reason, hint) = switch failure.status {
                case 401: ("unauthorized", "the credential is not accepted; check \(flags.tokenFile) (and \(flags.user) for a Jira Cloud API token) and that the token has not expired or been revoked")
                case 403: ("forbidden", "the account may not do this; check that it may browse the projects of the query\(site.board.map { " and board \($0)" } ?? "")")
                case 404: ("not_found", "check \(flags.url) (the site's address, without /jira/… paths)\(site.board.map { " and \(flags.board) \($0)" } ?? "")")
                case 400: ("bad_query", "check \(flags.jql): Jira refused the query")
                case nil: ("unreachable", "check that Jira is reachable from here; the read gives up after its time limit")
                case let status?: ("http_\(status)", "Jira could not answer; try again later, or ask its administrators")
                }
                throw JiraReadError(message, reason: reason, hint: hint)
            }
        }

        func json(_ url: String, what: String) async throws -> [String: Any] {
            try Self.object(try await get(url, what: what), what: what)
        }

        func jsonList(_ url: String, what: String) async throws -> [[String: Any]] {
            let body = try await get(url, what: what)
            guard let list = (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] else {
                throw JiraReadError("\(what) from \(site.url.absoluteString) is not a JSON list", reason: "not_jira", hint: "check that \(site.flags.url) is a Jira site")
            }
            return list
        }

        /// Jira Cloud's approximate count of the query's tickets, for the progress line; nil when Jira does not say.
        func approximateCount(jql: String) async throws -> Int? {
            let body = try JSONSerialization.data(withJSONObject: ["jql": jql])
            let request = RetryingHTTP.Request(method: "POST", url: site.address("/rest/api/3/search/approximate-count"),
                                               headers: headers + [("Content-Type", "application/json")], body: Array(body))
            let answer = try Self.object(try await send(request, what: "the query's ticket count"), what: "the query's ticket count")
            return answer["count"] as? Int
        }

        static func object(_ body: [UInt8], what: String) throws -> [String: Any] {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
                throw JiraReadError("\(what) is not a JSON object", reason: "not_jira", hint: "check that the address is a Jira site")
            }
            return object
        }

        /// Jira's `errorMessages` and `errors` of a refusal, joined.
        static func jiraMessages(_ body: [UInt8]) -> String? {
            // A refusal without a JSON body (a proxy's HTML page): the status line alone is the message.
            guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
            var said = object["errorMessages"] as? [String] ?? []
            said += (object["errors"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            return said.isEmpty ? nil : said.joined(separator: "; ")
        }
    }
}
