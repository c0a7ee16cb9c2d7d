import FleetModel
import Foundation

/// Where and what to read from Jira: the site, the query, the board whose sprints give dates and states, and the
/// credential — named by its file, read when a read starts, never printed.
public struct JiraSite: Sendable {
    public var url: URL
    public var jql: String
    public var board: Int?
    public var tokenFile: String?
    /// With a user (the account's email), the token is a Jira Cloud API token sent as basic authentication; without,
    /// a personal access token (Data Center) sent as a bearer token.
    public var user: String?
    /// How the user named each setting, for messages.
    public var flags: Flags

    /// The options that set a site: `peng insights`'s or `peng serve`'s.
    public struct Flags: Sendable {
        public var url, jql, board, tokenFile, user: String
        public static let insights = Flags(url: "--url", jql: "--jql", board: "--board", tokenFile: "--token-file", user: "--user")
        public static let serve = Flags(url: "--insights-jira-url", jql: "--insights-jql", board: "--insights-jira-board",
                                        tokenFile: "--insights-jira-token-file", user: "--insights-jira-user")
    }

    /// Checks what can be checked before any request: an http(s) URL with a host, plain http only to this machine.
    public init(url text: String, jql: String, board: Int? = nil, tokenFile: String? = nil, user: String? = nil, flags: Flags = .insights) throws {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty,
              url.query == nil, url.user == nil
        else {
            throw JiraReadError("\(flags.url) '\(text)' is not a Jira site's address", hint: "give it as https://jira.example.com (Data Center) or https://example.atlassian.net (Cloud), without a query or a user")
        }
        if scheme == "http", !["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) {
            throw JiraReadError("\(flags.url) '\(text)' is plain http to another machine: the token would cross the network in clear", hint: "use https://")
        }
        guard !jql.trimmingCharacters(in: .whitespaces).isEmpty else { throw JiraReadError("\(flags.jql) is empty", hint: "give the query, e.g. 'project = PLAT ORDER BY key'") }
        if let board, board <= 0 { throw JiraReadError("\(flags.board) \(board) is not a board id", hint: "the number in the board's address (rapidView=12)") }
        if user != nil, tokenFile == nil { throw JiraReadError("\(flags.user) needs \(flags.tokenFile)", hint: "the file that holds the user's API token") }
        self.url = url
        self.jql = jql
        self.board = board
        self.tokenFile = tokenFile
        self.user = user
        self.flags = flags
    }

    /// The Authorization header's value, from the token file read now; nil without a credential.
    func authorization() throws -> String? {
        guard let tokenFile else { return nil }
        let token: String
        do { token = try InputFile.text(tokenFile, what: "Jira token file", limit: 64 * 1024, allowEmpty: false) } catch {
            throw JiraReadError("\(error)", reason: "token_file", hint: "\(flags.tokenFile) names a file that holds only the token")
        }
        let value = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw JiraReadError("the Jira token file \(tokenFile) holds only blanks", reason: "token_file", hint: "put the token in it") }
        guard let user else { return "Bearer \(value)" }
        return "Basic " + Data("\(user):\(value)".utf8).base64EncodedString()
    }

    /// The query for tickets changed in the last `minutes` (nil: every ticket of `jql`). Jira's relative form
    /// (`updated >= "-90m"`) is measured on Jira's clock in no time zone, so a read never misses a change for a
    /// difference of clocks or zones. An `ORDER BY` stays at the end, where JQL wants it.
    public func query(changedWithinMinutes minutes: Int?) -> String {
        guard let minutes else { return jql }
        let (condition, order) = Self.splitOrder(jql)
        let changed = "updated >= \"-\(max(1, minutes))m\""
        let filtered = condition.trimmingCharacters(in: .whitespaces).isEmpty ? changed : "(\(condition)) AND \(changed)"
        return order.map { "\(filtered) \($0)" } ?? filtered
    }

    /// A JQL query split before its `ORDER BY` clause (outside quotes, any case), which must stay last.
    public static func splitOrder(_ jql: String) -> (condition: String, order: String?) {
        let characters = Array(jql)
        var quote: Character?
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == "\\" { index += 2; continue }
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if (index == 0 || characters[index - 1].isWhitespace || characters[index - 1] == ")"),
                      String(characters[index...].prefix(5)).lowercased() == "order" {
                let rest = characters[(index + 5)...].drop { $0.isWhitespace }
                if rest.count < characters.count - index - 5, String(rest.prefix(2)).lowercased() == "by",
                   rest.dropFirst(2).first.map({ $0.isWhitespace }) == true {
                    return (String(characters[..<index]).trimmingCharacters(in: .whitespaces), String(characters[index...]))
                }
            }
            index += 1
        }
        return (jql, nil)
    }

    /// `path` under the site with `query`, each value percent-encoded (a JQL's `+`, `&` and `=` included).
    func address(_ path: String, _ query: [(String, String)] = []) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let pairs = query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        return url.absoluteString + path + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
    }
}

/// A live read of Jira that cannot go on: what went wrong and what to do. Never holds the token.
public struct JiraReadError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// A short code for programs and metrics: `unauthorized`, `forbidden`, `not_found`, `bad_query`, `unreachable`,
    /// `http_<status>`, `not_jira`, `token_file`, `failed`.
    public var reason: String
    public var hint: String
    public init(_ message: String, reason: String = "failed", hint: String) {
        self.message = message
        self.reason = reason
        self.hint = hint
    }
    public var description: String { message }
}
