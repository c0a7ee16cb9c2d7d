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
    public var pageSize = 100
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

    public func read() async throws -> JiraInput {
        let authorization = try site.authorization()
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
        func add(_ body: [UInt8], kind: String) throws {
            page += 1
            let name = String(format: "%@-%04d.json", kind, page)
            if let save {
                do { try Data(body).write(to: save.appendingPathComponent(name)) } catch {
                    throw JiraReadError("the page \(name) cannot be saved in \(save.path): \(error.localizedDescription)", hint: "give --save a folder that can be written")
                }
            }
            try input.addPage(Data(body), name: name)
        }

        var query = [("jql", site.jql), ("fields", fields.joined(separator: ",")), ("maxResults", "\(pageSize)")]
        var read = 0
        if cloud {
            let total = try await session.approximateCount(jql: site.jql)
            var token: String?
            repeat {
                let body = try await session.get(site.address("/rest/api/3/search/jql", query + (token.map { [("nextPageToken", $0)] } ?? [])), what: "a search page")
                let answer = try Session.object(body, what: "a search page")
                try add(body, kind: "search")
                read += (answer["issues"] as? [Any])?.count ?? 0
                progress(.tickets(read: read, total: total))
                token = (answer["isLast"] as? Bool) == true ? nil : answer["nextPageToken"] as? String
            } while token != nil
        } else {
            var startAt = 0
            while true {
                query.removeAll { $0.0 == "startAt" }
                let body = try await session.get(site.address("/rest/api/2/search", query + [("startAt", "\(startAt)")]), what: "a search page")
                let answer = try Session.object(body, what: "a search page")
                try add(body, kind: "search")
                let count = (answer["issues"] as? [Any])?.count ?? 0
                let total = answer["total"] as? Int
                read += count
                startAt += count
                progress(.tickets(read: read, total: total))
                if count == 0 || startAt >= (total ?? .max) { break }
            }
        }

        if let board = site.board {
            page = 0
            var startAt = 0
            while true {
                let body = try await session.get(site.address("/rest/agile/1.0/board/\(board)/sprint", [("startAt", "\(startAt)"), ("maxResults", "50")]),
                                                 what: "board \(board)'s sprints")
                let answer = try Session.object(body, what: "board \(board)'s sprints")
                try add(body, kind: "sprints")
                let count = (answer["values"] as? [Any])?.count ?? 0
                startAt += count
                if count == 0 || (answer["isLast"] as? Bool) == true { break }
            }
        }
        return input
    }
}
