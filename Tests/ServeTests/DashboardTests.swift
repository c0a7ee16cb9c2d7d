import FleetModel
import FleetRepository
import Foundation
import InsightsSample
import Testing
import TestHarness

/// The dashboard in real headless Chromium, on the bundled example fleet served by `peng serve`: the platform
/// engineer's overview, a cluster page, the rollouts; a team owner's view and "Order a product", whose order lands
/// as a branch in the fleet repository and validates, while an order out of range shows the validator's message
/// and creates nothing. Screenshots are kept in .build/test-artefacts.
@Suite(.serialized)
struct DashboardTests {
    static var artefacts: URL { PengBinary.artefacts }

    @Test func overviewClusterHistoryAndTheOrderButton() async throws {
        // peng-scoped (a test user's group) owns team search.
        let setup = try await ExampleFleetSetup { fleet in
            let file = fleet.appendingPathComponent("teams/discovery/search.yaml")
            let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "owners: [AD-GRP-SEARCH-DEV]", with: "owners: [AD-GRP-SEARCH-DEV, peng-scoped]")
            try text.write(to: file, atomically: true, encoding: .utf8)
            // Text a product owner writes, shown on the order form: it must be shown, never run.
            let mysql = fleet.appendingPathComponent("products/mysql.yaml")
            let product = try String(contentsOf: mysql, encoding: .utf8)
                .replacingOccurrences(of: "description: MySQL for product teams, run by the team, built by the platform",
                                      with: "description: '\(Self.hostile("product"))'")
                .replacingOccurrences(of: "description: size of the data volume}", with: "description: '\(Self.hostile("parameter"))'}")
            try product.write(to: mysql, atomically: true, encoding: .utf8)
        }
        try await stopping(setup) { setup in
            let head = try await TestGit.run(["rev-parse", "HEAD"], in: setup.fleet)
            let tokens = try TestTokens(planes: setup.planes)
            // The Insights page reads Jira exports from a folder.
            let exports = try PengBinary.temporaryFolder()
            let sample = SampleExport(tickets: 600, seed: 3)
            try sample.writeCSV(to: exports.appendingPathComponent("jira.csv"))
            let insightsConfig = exports.deletingLastPathComponent().appendingPathComponent("insights-\(UUID().uuidString).yaml")
            try Data(sample.config.utf8).write(to: insightsConfig)
            // A requesting team (a Jira component) as someone typed it.
            try Data("Issue key,Issue Type,Status Category,Component/s\nHOST-1,Task,Done,\(Self.hostile("component"))\n".utf8)
                .write(to: exports.appendingPathComponent("hostile.csv"))
            // A Blue Board theme (an epic) whose summary someone typed, with one closed task under it.
            try Data("Issue key,Issue Type,Summary,Status,Status Category,Parent\nHOST-2,Epic,\(Self.hostile("theme")),In Progress,In Progress,\nHOST-3,Task,Part,Done,Done,HOST-2\n".utf8)
                .write(to: exports.appendingPathComponent("themes.csv"))
            let serve = try await ServeProcess.start(["--repo", setup.fleet.path, "--interval", "5s", "--management-context", setup.managementContext,
                                                      "--timeout", "600", "--cluster-timeout", "900", "--today", "2026-11-27",
                                                      "--insights-dir", exports.path, "--insights-config", insightsConfig.path] + setup.contextArguments)
            _ = try await serve.waitForOutcome("applied", of: head, token: tokens.admin)
            try await serve.waitForFleet(token: tokens.admin, "every cluster healthy") {
                $0["clusters"]?.arrayValue?.count == 3 && $0["clusters"]?.arrayValue?.allSatisfy { $0["healthy"]?.boolValue == true } == true
            }

            let output = try await ChildProcess.run(try await PythonTools.python(), [
                PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/dashboard_check.py").path,
                serve.url, tokens.admin, tokens.scoped, Self.artefacts.path, "search-indexer", "integration", "search",
            ])
            try #require(output.status == 0, "the browser run failed: \(output.stderr.suffix(4000))")
            let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])

            #expect(seen["redirected_to_login"] as? Bool == true, "no page without signing in")
            #expect(seen["stages"] as? [String] == ["integration", "production"])
            let cards = try #require(seen["cards"] as? [String: String])
            #expect(cards.keys.sorted() == ["int-shared-01", "prd-checkout-01", "prd-shared-01"])
            #expect(cards["prd-shared-01"]?.hasPrefix("v1.26.13+vmware.1-fips.1-tkg.3") == true, "\(cards)")
            #expect(cards["int-shared-01"]?.hasPrefix("v1.27.11+vmware.1-fips.1-tkg.2") == true, "\(cards)")
            #expect((seen["revision"] as? String)?.hasPrefix(String(head.prefix(12))) == true)
            #expect(seen["refresh"] as? String == "10", "the overview refreshes itself")
            #expect(seen["sync_button"] as? Bool == true)
            #expect((seen["warnings"] as? String)?.contains("deprecated") == true, "the validator's warnings are shown: \(seen["warnings"] ?? "")")
            #expect((seen["latest"] as? String)?.contains("applied") == true)
            let cluster = try #require(seen["cluster_page"] as? [String: Any])
            #expect(cluster["title"] as? String == "int-shared-01")
            #expect((cluster["plan"] as? String)?.hasPrefix("No changes") == true, "\(cluster)")
            #expect((seen["history_rows"] as? [String])?.first?.contains("applied") == true, "\(seen["history_rows"] ?? "")")
            #expect(seen["team_cards"] as? [String] == ["int-shared-01", "prd-shared-01"], "team search's clusters only")
            #expect(seen["team_sync_button"] as? Bool == false, "a team member may not sync")
            #expect((seen["mandatory_readonly"] as? [Bool])?.isEmpty == false && (seen["mandatory_readonly"] as? [Bool])?.allSatisfy { $0 } == true)

            // The order: a branch pushed to the fleet repository, whose fleet validates.
            let order = try #require(seen["order"] as? [String: Any])
            let filed = try #require(order["filed"] as? String, "\(order)")
            let branch = "order/search/search-indexer-mysql-integration"
            #expect(filed.contains(branch))
            #expect(try await TestGit.run(["branch", "--list", branch], in: setup.fleet).contains(branch))
            let message = try await TestGit.run(["log", "-1", "--format=%B", branch], in: setup.fleet)
            #expect(message.contains("Ordered by: peng-scoped"))
            let checkout = try PengBinary.temporaryFolder().appendingPathComponent("branch")
            try await TestGit.run(["worktree", "add", "-q", checkout.path, branch], in: setup.fleet)
            let validate = try await PengBinary.run(["validate", checkout.path, "--today", "2026-11-27"])
            #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
            let written = try String(contentsOf: checkout.appendingPathComponent("orders/search/search-indexer-mysql-integration.yaml"), encoding: .utf8)
            #expect(written.contains("\"storage\": \"80Gi\"") && !written.contains("replicas"), "only what differs from the defaults: \(written)")

            // Out of range: the validator's message, and no branch.
            let bad = try #require(seen["bad_order"] as? [String: Any])
            let problems = try #require(bad["problems"] as? String, "\(bad)")
            #expect(problems.contains("9000Gi") && problems.contains("500Gi"), "\(problems)")
            #expect(try await TestGit.run(["branch", "--list", "order/search/search-mysql-*"], in: setup.fleet).isEmpty)
            #expect(FileManager.default.fileExists(atPath: Self.artefacts.appendingPathComponent("dashboard-overview.png").path))

            // Insights: delivery from serve's own history (the first commit reached both stages), the team's work from
            // the exports; the same charts as `peng insights`, in the browser.
            let insights = try await ChildProcess.run(try await PythonTools.python(), [
                PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/insights_report_check.py").path,
                serve.url + "/insights", Self.artefacts.appendingPathComponent("dashboard-insights.png").path, "peng_token", tokens.admin,
            ])
            try #require(insights.status == 0, "the browser run failed: \(insights.stderr.suffix(4000))")
            let page = try #require(try JSONSerialization.jsonObject(with: Data(insights.stdout.utf8)) as? [String: Any])
            let charts = try #require(page["charts"] as? [String: [String: Any]])
            #expect(Set(charts.keys) == ["chart-deployments-per-week", "chart-lead-time", "chart-closed-per-sprint", "chart-planned-vs-done",
                                         "chart-incidents-vs-requests", "chart-per-product"])
            let deployments = (charts["chart-deployments-per-week"]?["bars"] as? [[String: Any]] ?? []).map { "\($0["series"]!)=\($0["value"]!)" }
            #expect(deployments == ["integration=1.0", "production=1.0"], "one rollout reached both stages: \(deployments)")
            var closed: [String: Double] = [:]
            for bar in charts["chart-closed-per-sprint"]?["bars"] as? [[String: Any]] ?? [] { closed[bar["category"] as! String, default: 0] += bar["value"] as! Double }
            #expect(closed == Dictionary(uniqueKeysWithValues: sample.answers(csv: true).sprints.map { ($0.sprint, Double($0.closed)) }))
            // The change failure rate is what serve's history says: one commit rolled out, failed when any apply of it
            // failed on some cluster. (On a machine loaded far beyond its cores an API server may time out a write, and
            // serve then retries; the page must say so, and the failure is printed here.)
            let history = try await serve.get("/api/v1/revisions", token: tokens.admin).json?.arrayValue ?? []
            let rolledOut: [JSONValue] = history.filter { $0["outcome"] != "invalid" && $0["outcome"] != "applying" }
            let stages: [JSONValue] = rolledOut.flatMap { $0["stages"]?.arrayValue ?? [] }
            let clusters: [JSONValue] = stages.flatMap { $0["clusters"]?.arrayValue ?? [] }
            let failedClusters: [JSONValue] = clusters.filter { $0["result"] == "failed" }
            let failed = failedClusters.isEmpty ? 0 : 1
            if failed == 1 { print("DashboardTests: an apply failed on a cluster: \(failedClusters.map { $0.jsonString() })") }
            #expect(Set(rolledOut.compactMap { $0[path: "commit", "sha"]?.stringValue }) == [head])
            #expect((page["notes"] as? [String])?.contains { $0.hasPrefix("Change failure rate: \(failed * 100) % (\(failed) of 1 rollouts") } == true, "\(page["notes"] ?? "")")
            #expect((try await serve.get("/insights", token: tokens.scoped)).status == 403, "a team member does not see the whole fleet's insights")

            // An invalid commit whose validator message quotes a field named like a script: the banner shows it as text.
            let clusterFile = setup.fleet.appendingPathComponent("clusters/integration.yaml")
            let clusterText = try String(contentsOf: clusterFile, encoding: .utf8)
            try clusterText.replacingOccurrences(of: "spec:\n", with: "spec:\n  '\(Self.hostile("field"))': 1\n", options: [], range: clusterText.range(of: "spec:\n"))
                .write(to: clusterFile, atomically: true, encoding: .utf8)
            try await TestGit.run(["commit", "-qam", "a field named like a script"], in: setup.fleet)
            try await serve.waitForFleet(token: tokens.admin, "the invalid commit") { $0["invalid"] != nil }
            let hostile = try await ChildProcess.run(try await PythonTools.python(), [
                PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/hostile_check.py").path, serve.url, tokens.admin, tokens.scoped, Self.artefacts.path,
            ])
            try #require(hostile.status == 0, "the browser run failed: \(hostile.stderr.suffix(4000))")
            let pages = try #require(try JSONSerialization.jsonObject(with: Data(hostile.stdout.utf8)) as? [String: [String: Any]])
            // The Blue Board: every team member may read it; the theme's card is yellow (run), in progress, its summary text.
            let boardCards = (pages["board"]?["cards"] as? [[String]]) ?? []
            #expect(boardCards == [["HOST-2", "yellow", "In progress", "rgb(255, 243, 168)"]], "\(boardCards)")
            for (page, shown) in [("overview", "field"), ("insights", "component"), ("order", "product"), ("order", "parameter"), ("board", "theme")] {
                let seen = try #require(pages[page], "\(pages.keys)")
                #expect(seen["pwned"] is NSNull, "\(page): an injected script ran: \(seen["pwned"] ?? "")")
                #expect(seen["scripts"] as? Int == 0 && seen["images"] as? Int == 0 && seen["handlers"] as? Int == 0, "\(page): \(seen)")
                #expect((seen["text"] as? String)?.contains(Self.hostile(shown)) == true, "\(page) shows the \(shown) as written: \(seen["text"] ?? "")")
            }

            serve.running.signal(SIGTERM)
            _ = await serve.running.finished()
        }
    }

    /// Text that would run a script, load an image or add a handler if a page did not escape it; `place` tells the
    /// places apart. No quotes or commas, so it goes into YAML and CSV as it is.
    static func hostile(_ place: String) -> String {
        "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2> & \(place)"
    }
}
