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

    /// Checks what can be checked before any request: an http(s) URL with a host, plain http only to this machine.
    public init(url text: String, jql: String, board: Int? = nil, tokenFile: String? = nil, user: String? = nil) throws {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty,
              url.query == nil, url.user == nil
        else {
            throw JiraReadError("--url '\(text)' is not a Jira site's address", hint: "give it as https://jira.example.com (Data Center) or https://example.atlassian.net (Cloud), without a query or a user")
        }
        if scheme == "http", !["localhost", "127.0.0.1", "::1", "[::1]"].contains(host) {
            throw JiraReadError("--url '\(text)' is plain http to another machine: the token would cross the network in clear", hint: "use https://")
        }
        guard !jql.trimmingCharacters(in: .whitespaces).isEmpty else { throw JiraReadError("--jql is empty", hint: "give the query, e.g. 'project = PLAT ORDER BY key'") }
        if let board, board <= 0 { throw JiraReadError("--board \(board) is not a board id", hint: "the number in the board's address (rapidView=12)") }
        if user != nil, tokenFile == nil { throw JiraReadError("--user needs --token-file", hint: "the file that holds the user's API token") }
        self.url = url
        self.jql = jql
        self.board = board
        self.tokenFile = tokenFile
        self.user = user
    }

    /// The Authorization header's value, from the token file read now; nil without a credential.
    func authorization() throws -> String? {
        guard let tokenFile else { return nil }
        let token: String
        do { token = try InputFile.text(tokenFile, what: "Jira token file", limit: 64 * 1024, allowEmpty: false) } catch {
            throw JiraReadError("\(error)", hint: "--token-file names a file that holds only the token")
        }
        let value = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw JiraReadError("the Jira token file \(tokenFile) holds only blanks", hint: "put the token in it") }
        guard let user else { return "Bearer \(value)" }
        return "Basic " + Data("\(user):\(value)".utf8).base64EncodedString()
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
    public var hint: String
    public init(_ message: String, hint: String) {
        self.message = message
        self.hint = hint
    }
    public var description: String { message }
}
