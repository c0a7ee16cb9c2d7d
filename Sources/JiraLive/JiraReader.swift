import FleetModel
import Foundation
import HTTPRetry
import Insights

/// Reads tickets straight from Jira, as its REST documentation describes: the deployment from `serverInfo` (Cloud or
/// Data Center), the sprint and epic-link fields from the field list, then every page of the search — Cloud's
/// `/rest/api/3/search/jql` by `nextPageToken`, Data Center's `/rest/api/2/search` by `startAt` — asking only for
/// the fields the measures need, and the board's sprints from the agile API. Every page goes through the same
/// reader as a saved page, and may be saved to read again offline.
public struct JiraReader: Sendable {
    public var site: JiraSite
    public var policy = RetryingHTTP.Policy()
    /// The whole read, retries included, ends by then or fails.
    public var giveUpAfter: Duration = .seconds(600)
    /// Asked for per page; Jira answers fewer where it caps (Cloud about 100 with fields, Data Center 1000 by default).
    public var pageSize = 1000
    /// A folder to write every page read into (`search-0001.json`, `sprints-0001.json`).
    public var save: URL?
    /// Hears how far the read is, for a progress line.
    public var progress: @Sendable (Progress) -> Void = { _ in }

    public enum Progress: Sendable {
        /// Tickets read so far, of the total when Jira says it.
        case tickets(read: Int, total: Int?)
        case retrying(String, Duration)
    }

    public init(site: JiraSite) {
        self.site = site
    }

    /// Fields the measures read; the sprint and epic-link fields are added by their ids.
    static let fields = ["summary", "issuetype", "status", "created", "resolutiondate", "updated", "labels", "components", "reporter", "parent"]

    static func header(_ body: [UInt8], what: String) throws -> PageHeader {
        let header = PageHeader(body)
        guard header.isObject else { throw JiraReadError("\(what) is not a JSON object", reason: "not_jira", hint: "check that the address is a Jira site") }
        return header
    }

    /// Every ticket of the query, or with `changedWithinMinutes` only those Jira changed in that time (serve's reads
    /// between full ones).
    public func read(changedWithinMinutes: Int? = nil) async throws -> JiraInput {
        let jql = site.query(changedWithinMinutes: changedWithinMinutes)
        // The token file is read on a thread of its own: file I/O never blocks Swift's shared threads (serve reads it
        // again for every read).
        let site = site
        let authorization = try await OffThread.run { try site.authorization() }
        var headers = [("Accept", "application/json")]
        if let authorization { headers.append(("Authorization", authorization)) }
        let deadline = ContinuousClock.now + giveUpAfter
        if let save {
            do { try FileManager.default.createDirectory(at: save, withIntermediateDirectories: true) } catch {
                throw JiraReadError("--save \(save.path) cannot be made: \(error.localizedDescription)", hint: "give a folder that can be written")
            }
        }
        let session = Session(reader: self, headers: headers, deadline: deadline, secret: authorization)

        let info = try await session.json(site.address("/rest/api/2/serverInfo"), what: "the server's description")
        let cloud = (info["deploymentType"] as? String)?.lowercased() == "cloud"
        let version = cloud ? "3" : "2"
        let fieldList = try await session.jsonList(site.address("/rest/api/\(version)/field"), what: "the field list")
        var fields = Self.fields
        for custom in ["com.pyxis.greenhopper.jira:gh-sprint", "com.pyxis.greenhopper.jira:gh-epic-link"] {
            if let id = fieldList.first(where: { (($0["schema"] as? [String: Any])?["custom"] as? String) == custom })?["id"] as? String { fields.append(id) }
        }

        var input = JiraInput()
        var page = 0
        // Each page is read on a thread of its own while the next is fetched, and added in order.
        var pending: Task<JiraInput.Page, any Error>?
        func add(_ body: [UInt8], kind: String) async throws {
            page += 1
            let name = String(format: "%@-%04d.json", kind, page)
            if let save {
                do { try Data(body).write(to: save.appendingPathComponent(name)) } catch {
                    throw JiraReadError("the page \(name) cannot be saved in \(save.path): \(error.localizedDescription)", hint: "give --save a folder that can be written")
                }
            }
            let next = Task.detached { try JiraInput.Page(Data(body), name: name) }
            if let pending { input.add(try await pending.value) }
            pending = next
        }

        let query = [("jql", jql), ("fields", fields.joined(separator: ",")), ("maxResults", "\(pageSize)")]
        if cloud {
            let total = try await session.approximateCount(jql: jql)
            var token: String?
            var read = 0
            repeat {
                let body = try await session.get(site.address("/rest/api/3/search/jql", query + (token.map { [("nextPageToken", $0)] } ?? [])), what: "a search page")
                let header = try Self.header(body, what: "a search page")
                try await add(body, kind: "search")
                token = header.booleans["isLast"] == true ? nil : header.strings["nextPageToken"]
                read += header.counts["issues"] ?? 0
                progress(.tickets(read: read, total: total))
            } while token != nil
        } else {
            // Data Center pages by offset: the next offset is this one plus the issues Jira answered (it caps what is
            // asked), until the total; each page is read while the next is fetched.
            var startAt = 0
            while true {
                let body = try await session.get(site.address("/rest/api/2/search", query + [("startAt", "\(startAt)")]), what: "a search page")
                let header = try Self.header(body, what: "a search page")
                try await add(body, kind: "search")
                let count = header.counts["issues"] ?? 0, total = header.numbers["total"]
                startAt += count
                progress(.tickets(read: startAt, total: total))
                if count == 0 || startAt >= (total ?? .max) { break }
            }
        }

        if let board = site.board {
            page = 0
            var startAt = 0
            while true {
                let body = try await session.get(site.address("/rest/agile/1.0/board/\(board)/sprint", [("startAt", "\(startAt)"), ("maxResults", "50")]),
                                                 what: "board \(board)'s sprints")
                let header = try Self.header(body, what: "board \(board)'s sprints")
                try await add(body, kind: "sprints")
                let count = header.counts["values"] ?? 0
                startAt += count
                if count == 0 || header.booleans["isLast"] == true { break }
            }
        }
        if let pending { input.add(try await pending.value) }
        return input
    }
}
