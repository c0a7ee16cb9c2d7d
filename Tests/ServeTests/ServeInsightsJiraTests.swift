import AsyncHTTPClient
import FleetModel
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TestHarness

/// `peng serve --insights-jira-url`: Jira read live on an interval for Insights and the Blue Board, only what changed
/// between full reads, a full read that drops what Jira deleted; a refused token is an operator's problem (logged once
/// with the remedy, counted, on the dashboard and in the API, the last read still shown) and a renewed token file
/// ends it without a restart.
@Suite(.serialized)
struct ServeInsightsJiraTests {
    static let firstToken = "jira-first-t0ken", secondToken = "jira-second-t0ken"

    @Test("serve reads Jira on its interval, asks only for changes between full reads, drops deleted tickets at a full read, and survives a token renewed in its file")
    func readsJiraLive() async throws {
        let folder = try PengBinary.temporaryFolder()
        let pages = folder.appendingPathComponent("jira")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        try Data(Self.page.utf8).write(to: pages.appendingPathComponent("search-0001.json"))
        let jira = try await JiraServer(pages: pages, flavor: .datacenter, credential: ["--bearer", Self.firstToken])
        try await stopping(jira) { jira in
            let setup = try await SupervisorSetup(pool: 0)
            try await stopping(setup) { setup in try await Self.readsLive(setup, jira: jira, folder: folder) }
        }
    }

    /// One epic in progress with a task done under it, and an epic still to do.
    static let page = """
        {"startAt": 0, "maxResults": 50, "total": 3, "issues": [
          {"key": "JR-1", "fields": {"summary": "Replace the load balancers", "issuetype": {"name": "Epic"}, "labels": ["security"],
            "status": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}}, "created": "2026-11-01T10:00:00.000+0000"}},
          {"key": "JR-2", "fields": {"summary": "LB in integration", "issuetype": {"name": "Task"}, "parent": {"key": "JR-1"},
            "status": {"name": "Done", "statusCategory": {"key": "done"}}, "created": "2026-11-02T10:00:00.000+0000",
            "resolutiondate": "2026-11-10T10:00:00.000+0000"}},
          {"key": "JR-3", "fields": {"summary": "Cost reports", "issuetype": {"name": "Epic"}, "labels": ["dev"],
            "status": {"name": "To Do", "statusCategory": {"key": "new"}}, "created": "2026-11-03T10:00:00.000+0000"}}
        ]}
        """

    static func readsLive(_ setup: SupervisorSetup, jira: JiraServer, folder: URL) async throws {
        let fleet = StagedFleet("jr", clusters: [])
        try await ServeTests.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
        let (origin, head) = try await ServeTests.repository(fleet)
        let tokens = try TestTokens(planes: setup.planes)
        let tokenFile = folder.appendingPathComponent("jira-token")
        try (firstToken + "\n").write(to: tokenFile, atomically: true, encoding: .utf8)
        let serve = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin, extra: [
            "--insights-jira-url", jira.url, "--insights-jql", "project = JR ORDER BY key", "--insights-jira-token-file", tokenFile.path,
            "--insights-jira-interval", "1s", "--insights-jira-full-read", "20s",
        ]))
        _ = try await serve.waitForOutcome("applied", of: head, token: tokens.admin)

        // The first read: both themes on the board, for a team member too; the page says when Jira was read.
        func board() async -> [String: String]? {
            guard let page = try? await serve.get("/board", token: tokens.scoped), page.status == 200 else { return nil }
            return Self.cards(page.body)
        }
        let first = try await serve.waitFor("the first read on the board") { await board().flatMap { $0.isEmpty ? nil : $0 } }
        #expect(first == ["JR-1": "yellow", "JR-3": "green"], "\(first)")
        let insights = try await Self.browse(serve, "/insights", token: tokens.admin, screenshot: "jira-insights")
        let read = try #require(insights.texts["jira-read"], "\(insights.texts)")
        #expect(read.hasPrefix("Read from Jira \(jira.url)") && read.contains(": 3 tickets"), "\(read)")
        #expect(insights.texts["jira-failure"] == nil)

        // A new epic in Jira: a read of changes brings it, asking only for what changed since the full read.
        try await Self.change(jira, ["key": "JR-4", "fields": ["summary": "Pen test 2026", "issuetype": ["name": "Epic"], "labels": ["security"],
                                                               "status": ["name": "To Do", "statusCategory": ["key": "new"]],
                                                               "created": "2026-12-01T10:00:00.000+0000"]])
        // (Reads of changes come every second between full reads 20 s apart; the one after the change brings the epic.)
        let changeRead = try await serve.waitFor("a read of changes that brought the new epic") { () async -> JiraServer.Request? in
            (try? jira.requests())?.first { $0.query["jql"]?.contains("updated >= \"-") == true && ($0.issues ?? 0) > 0 }
        }
        #expect(changeRead.query["jql"]?.hasPrefix("(project = JR) AND updated >= \"-") == true && changeRead.query["jql"]?.hasSuffix(" ORDER BY key") == true,
                "the query's ORDER BY stays last: \(changeRead.query["jql"] ?? "")")
        #expect(changeRead.issues == 1, "only the changed ticket is read")
        let added = try await serve.waitFor("the new epic on the board") { await board().flatMap { $0["JR-4"] == nil ? nil : $0 } }
        #expect(added == ["JR-1": "yellow", "JR-3": "green", "JR-4": "yellow"], "\(added)")
        let searches = try jira.requests().filter { $0.path == "/rest/api/2/search" }
        #expect(searches.allSatisfy { $0.auth == "Bearer" && $0.problems.isEmpty && $0.status == 200 })

        // A deleted ticket is not a change: the next full read drops it.
        try await Self.change(jira, ["delete": "JR-3"])
        let deleted = try await serve.waitFor("the deleted epic gone after a full read") { await board().flatMap { $0["JR-3"] == nil ? $0 : nil } }
        #expect(deleted == ["JR-1": "yellow", "JR-4": "yellow"], "\(deleted)")

        // Jira now takes only a new token: the read fails, the last read stays on the pages, and the operator is told.
        try await Self.change(jira, ["bearer": secondToken])
        let refused = try await serve.waitForFleet(token: tokens.admin, "the Jira problem") { fleet in
            fleet["problems"]?.arrayValue?.contains { $0["area"] == "insights" } == true
        }
        let problem = try #require(refused["problems"]?.arrayValue?.first { $0["area"] == "insights" })
        #expect(problem["subject"] == "jira" && problem["reason"] == "unauthorized", "\(problem.jsonString())")
        #expect(problem["remedy"]?.stringValue?.contains("--insights-jira-token-file") == true, "\(problem.jsonString())")
        // In the browser, as a team member: the Blue Board still shows the last good read, and says the read failed.
        let failedBoard = try await Self.browse(serve, "/board", token: tokens.scoped, screenshot: "jira-board-read-failed")
        #expect(failedBoard.cards == ["JR-1 yellow rgba(255, 243, 168, 1)", "JR-4 yellow rgba(255, 243, 168, 1)"], "\(failedBoard.cards)")
        let failure = failedBoard.texts["jira-failure"] ?? ""
        #expect(failure.hasPrefix("The last read of Jira failed:") && failure.contains("answered 401") && failure.hasSuffix("This page shows the read before."),
                "\(failedBoard.texts)")
        #expect(!failure.contains(firstToken) && !failure.contains(secondToken))
        let metrics = try await serve.get("/metrics", token: tokens.admin).body
        #expect((LeaseProblemTests.sample(metrics, #"peng_jira_reads_total{kind="changes",result="failed"}"#) ?? 0)
            + (LeaseProblemTests.sample(metrics, #"peng_jira_reads_total{kind="full",result="failed"}"#) ?? 0) >= 1, "\(metrics)")
        #expect((LeaseProblemTests.sample(metrics, #"peng_jira_reads_total{kind="full",result="ok"}"#) ?? 0) >= 2, "\(metrics)")
        #expect((LeaseProblemTests.sample(metrics, #"peng_jira_reads_total{kind="changes",result="ok"}"#) ?? 0) >= 1, "\(metrics)")
        #expect(LeaseProblemTests.sample(metrics, "peng_jira_tickets") == 3, "\(metrics)")

        // The renewed token in its file: the next read works, without a restart.
        try (secondToken + "\n").write(to: tokenFile, atomically: true, encoding: .utf8)
        try await serve.waitForFleet(token: tokens.admin, "the Jira problem over") { fleet in
            fleet["problems"]?.arrayValue?.contains { $0["area"] == "insights" } == false
        }
        let log = serve.running.stderr.split(separator: "\n")
        let failed = log.filter { $0.contains(" insights_failed: ") }
        #expect(failed.count == 1, "the failure is logged once: \(failed)")
        #expect(failed.first?.contains("answered 401") == true && failed.first?.contains("--insights-jira-token-file") == true, "\(failed)")
        #expect(log.filter { $0.contains(" insights_recovered: ") }.count == 1, "\(serve.running.stderr)")
        #expect(!serve.running.stderr.contains(firstToken) && !serve.running.stderr.contains(secondToken), "a token is never printed")
        #expect(!(try await serve.get("/insights", token: tokens.admin).body.contains("jira-failure")))
        serve.running.signal(SIGTERM)
        _ = await serve.running.finished()
    }

    /// What headless Chromium shows on a dashboard page: the Blue Board's cards (`KEY colour background`, by key) and
    /// the Jira lines by id.
    struct Seen {
        var cards: [String]
        var texts: [String: String]
    }

    static func browse(_ serve: ServeProcess, _ path: String, token: String, screenshot: String) async throws -> Seen {
        let run = try await ChildProcess.run(try await PythonTools.python(), [
            PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/insights_report_check.py").path,
            serve.url + path, PengBinary.artefacts.appendingPathComponent("\(screenshot).png").path, "peng_token", token,
        ])
        try #require(run.status == 0, "the browser run failed: \(run.stderr.suffix(4000))")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let cards = (seen["cards"] as? [[String: String]] ?? []).map { "\($0["key"] ?? "") \($0["colour"] ?? "") \($0["background"] ?? "")" }
        return Seen(cards: cards.sorted(), texts: seen["texts"] as? [String: String] ?? [:])
    }

    /// The Blue Board's cards: key and colour.
    static func cards(_ html: String) -> [String: String] {
        var cards: [String: String] = [:]
        let pattern = try! NSRegularExpression(pattern: #"data-key="([^"]+)" data-colour="([^"]+)""#)
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            cards[String(html[Range(match.range(at: 1), in: html)!])] = String(html[Range(match.range(at: 2), in: html)!])
        }
        return cards
    }

    /// Something that happens in Jira meanwhile (the test server's own door).
    static func change(_ jira: JiraServer, _ body: [String: Any]) async throws {
        var request = HTTPClientRequest(url: jira.url + "/test/change")
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        #expect(response.status.code == 200)
    }
}
