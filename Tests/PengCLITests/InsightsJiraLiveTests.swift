import Foundation
import InsightsSample
import Testing
import TestHarness

/// `peng insights jira --url` against a local Jira that answers as Jira Cloud or Data Center does: both paginations,
/// the agile sprint API, authentication, a 429 with Retry-After and a 503 on the way. The report must be the one the
/// same tickets give from export files, and the saved pages must make it again offline.
@Suite("peng insights jira --url")
struct InsightsJiraLiveTests {
    static let token = "jira-t0ken-n0t-t0-be-sh0wn"

    struct Setup {
        var folder: URL
        var sample: SampleExport
        var pages: URL
        var tokenFile: URL
        var config: URL

        init() throws {
            folder = try PengBinary.temporaryFolder()
            sample = SampleExport(tickets: 1200, seed: 5)
            pages = folder.appendingPathComponent("export")
            try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
            _ = try sample.writeREST(to: pages)
            tokenFile = folder.appendingPathComponent("jira-token")
            try (Self.tokenText + "\n").write(to: tokenFile, atomically: true, encoding: .utf8)
            config = folder.appendingPathComponent("insights.yaml")
            try Data(sample.config.utf8).write(to: config)
        }

        static let tokenText = InsightsJiraLiveTests.token

        /// The report of the export files, as JSON without the file names (a live read names its pages).
        func exportReport() async throws -> [String: Any] {
            let files = try FileManager.default.contentsOfDirectory(atPath: pages.path).sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            let run = try await PengBinary.run(["insights", "jira"] + files.map { pages.appendingPathComponent($0).path } + ["--config", config.path, "-o", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            return try InsightsJiraLiveTests.report(run.stdout)
        }
    }

    static func report(_ json: String) throws -> [String: Any] {
        var report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        report["files"] = nil
        return report
    }

    static func same(_ a: [String: Any], _ b: [String: Any]) -> Bool {
        NSDictionary(dictionary: a).isEqual(to: b)
    }

    @Test("Data Center: startAt pages with a bearer token, a 429 and a 503 retried, the board's sprints; saved pages give the same report offline")
    func dataCenter() async throws {
        let setup = try Setup()
        let jira = try await JiraServer(pages: setup.pages, flavor: .datacenter, credential: ["--bearer", Self.token], board: 7,
                                        faults: ["/rest/api/2/search": [429, 503]])
        try await stopping(jira) { jira in try await Self.dataCenter(setup, jira) }
    }

    static func dataCenter(_ setup: Setup, _ jira: JiraServer) async throws {
        let saved = setup.folder.appendingPathComponent("saved")
        let live = try await PengBinary.run(["insights", "jira", "--url", jira.url + "/", "--jql", "project = PLAT AND resolution changed after -52w",
                                             "--board", "7", "--token-file", setup.tokenFile.path, "--save", saved.path,
                                             "--config", setup.config.path, "-o", "json"])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(!live.stdout.contains(token) && !live.stderr.contains(token))
        #expect(live.stderr.contains("peng: Jira answered 429 Too Many Requests; retrying in 1 s"), "Retry-After is honoured: \(live.stderr)")
        #expect(live.stderr.contains("peng: Jira answered 503 Service Unavailable; retrying in"))
        #expect(live.stderr.contains("peng: read 1200 of 1200 tickets from Jira"))
        let expected = try await setup.exportReport()
        let report = try Self.report(live.stdout)
        #expect(report["tickets"] as? Int == 1200)
        #expect(Self.same(report, expected), "the live read gives the report of the export files")

        let requests = try jira.requests()
        #expect(requests.allSatisfy { $0.problems.isEmpty }, "\(requests.filter { !$0.problems.isEmpty }.map { "\($0.path): \($0.problems)" })")
        #expect(requests.allSatisfy { $0.auth == "Bearer" })
        let searches = requests.filter { $0.path == "/rest/api/2/search" && $0.status == 200 }
        #expect(searches.map { $0.query["startAt"] } == ["0", "1000"], "Data Center answers up to 1000 a page")
        let fields = Set((searches.first?.query["fields"] ?? "").split(separator: ",").map(String.init))
        #expect(fields.isSuperset(of: ["issuetype", "status", "created", "resolutiondate", "labels", "components", "reporter", "customfield_10020"]))
        #expect(fields.count <= 13, "only the fields the measures need: \(fields.sorted())")
        #expect(requests.filter { $0.path == "/rest/api/2/search" }.map(\.status).prefix(3) == [429, 503, 200])
        #expect(requests.contains { $0.path == "/rest/agile/1.0/board/7/sprint" && $0.status == 200 })

        let savedFiles = try FileManager.default.contentsOfDirectory(atPath: saved.path).sorted()
        #expect(savedFiles.filter { $0.hasPrefix("search-") }.count == 2 && savedFiles.contains("sprints-0001.json"))
        let offline = try await PengBinary.run(["insights", "jira"] + savedFiles.map { saved.appendingPathComponent($0).path } + ["--config", setup.config.path, "-o", "json"])
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(Self.same(try Self.report(offline.stdout), report), "the saved pages make the same report offline")
        #expect(try jira.requests().count == requests.count, "offline: no request")
    }

    @Test("Cloud: nextPageToken pages with an API token and the user's email; the same answers as the export")
    func cloud() async throws {
        let setup = try Setup()
        let jira = try await JiraServer(pages: setup.pages, flavor: .cloud, credential: ["--basic", "ops@example.com:\(Self.token)"])
        try await stopping(jira) { jira in try await Self.cloud(setup, jira) }
    }

    static func cloud(_ setup: Setup, _ jira: JiraServer) async throws {
        let live = try await PengBinary.run(["insights", "jira", "--url", jira.url, "--jql", "project = PLAT", "--token-file", setup.tokenFile.path,
                                             "--user", "ops@example.com", "--config", setup.config.path, "-o", "json"])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stderr.contains("peng: read 1200 of 1200 tickets from Jira"))
        #expect(Self.same(try Self.report(live.stdout), try await setup.exportReport()))
        let requests = try jira.requests()
        #expect(requests.allSatisfy { $0.problems.isEmpty && $0.auth == "Basic" })
        let searches = requests.filter { $0.path == "/rest/api/3/search/jql" }
        #expect(searches.count == 12 && searches[0].query["nextPageToken"] == nil && searches[1].query["nextPageToken"] == "100", "Cloud answers 100 a page")
        #expect(requests.contains { $0.path == "/rest/api/3/search/approximate-count" })
    }

    @Test("peng insights board: the Blue Board from an export as JSON and as an HTML board; bad --as-of refused; from Jira with the same input options")
    func board() async throws {
        let setup = try Setup()
        let ops = setup.folder.appendingPathComponent("ops.csv")
        try Data(BlueBoardSample.csv.utf8).write(to: ops)
        let json = try await PengBinary.run(["insights", "board", ops.path, "--config", setup.config.path, "--as-of", BlueBoardSample.asOf, "-o", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let themes = try #require(report["themes"] as? [[String: Any]])
        #expect(themes.map { $0["key"] as? String ?? "" }.sorted() == ["CORE-7", "OPS-1", "OPS-2", "OPS-3"], "no theme label prefix configured here")
        #expect(report["lastReview"] as? String == "2026-04-11" && report["outsideThemes"] as? Int == 3)
        let html = setup.folder.appendingPathComponent("board.html")
        let page = try await PengBinary.run(["insights", "board", ops.path, "--as-of", BlueBoardSample.asOf, "-o", "html", "--out", html.path])
        #expect(page.status == 0, "\(page.stderr)")
        let text = try String(contentsOf: html, encoding: .utf8)
        #expect(text.contains("data-board=\"blue-board\"") && !text.contains("<script>alert(1)</script>"))
        let bad = try await PengBinary.run(["insights", "board", ops.path, "--as-of", "25.04.2026"])
        #expect(bad.status == 64 && bad.stderr.contains("--as-of takes a day as YYYY-MM-DD; got '25.04.2026'"))

        let jira = try await JiraServer(pages: setup.pages, flavor: .datacenter, credential: ["--bearer", Self.token])
        try await stopping(jira) { jira in
            let live = try await PengBinary.run(["insights", "board", "--url", jira.url, "--jql", "project = PLAT", "--token-file", setup.tokenFile.path, "-o", "json"])
            #expect(live.status == 0, "\(live.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(live.stdout.utf8)) as? [String: Any])
            #expect((report["themes"] as? [Any])?.isEmpty == true && report["outsideThemes"] as? Int == 1200, "the sample has no epics: every ticket counted outside")
        }
    }

    @Test("a refused token, a bad query, plain http to another machine: one clear error, exit 1, nothing written, the token never shown")
    func refusals() async throws {
        let setup = try Setup()
        let jira = try await JiraServer(pages: setup.pages, flavor: .datacenter, credential: ["--bearer", "another-token"])
        try await stopping(jira) { jira in try await Self.refusals(setup, jira) }
    }

    static func refusals(_ setup: Setup, _ jira: JiraServer) async throws {
        let out = setup.folder.appendingPathComponent("report.html")
        let refused = try await PengBinary.run(["insights", "jira", "--url", jira.url, "--jql", "project = PLAT", "--token-file", setup.tokenFile.path,
                                                "-o", "html", "--out", out.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Jira answered 401 Unauthorized"), "\(refused.stderr)")
        #expect(refused.stderr.contains("the credential is not accepted; check --token-file (and --user for a Jira Cloud API token)"), "\(refused.stderr)")
        #expect(!refused.stderr.contains(token) && !FileManager.default.fileExists(atPath: out.path))
        #expect(try jira.requests().count == 1, "a 401 is not retried")

        let stranger = setup.folder.appendingPathComponent("stranger-token")
        try "another-token".write(to: stranger, atomically: true, encoding: .utf8)
        let badQuery = try await PengBinary.run(["insights", "jira", "--url", jira.url, "--jql", "assignee = currentUser()", "--token-file", stranger.path])
        #expect(badQuery.status == 1)
        #expect(badQuery.stderr.contains("answered 400 Bad Request (Jira says: Error in the JQL Query: the query has no project.)"), "\(badQuery.stderr)")
        #expect(badQuery.stderr.contains("hint: check --jql"))

        let clear = try await PengBinary.run(["insights", "jira", "--url", "http://jira.example.com", "--jql", "project = PLAT", "--token-file", stranger.path])
        #expect(clear.status == 1 && clear.stderr.contains("is plain http to another machine: the token would cross the network in clear"))
        let noFile = try await PengBinary.run(["insights", "jira", "--url", jira.url, "--jql", "project = PLAT", "--token-file", setup.folder.appendingPathComponent("missing").path])
        #expect(noFile.status == 1 && noFile.stderr.contains("Jira token file"), "\(noFile.stderr)")
        let stray = try await PengBinary.run(["insights", "jira", setup.config.path, "--jql", "project = PLAT"])
        #expect(stray.status != 0 && stray.stderr.contains("--jql reads Jira itself: it needs --url"))
    }
}
