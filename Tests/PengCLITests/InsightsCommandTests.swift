import FleetRepository
import Foundation
import InsightsSample
import SupervisorSimulator
import Testing
import TestHarness

/// `peng insights jira` as a user runs it, on generated exports with known answers, in every output format: text,
/// JSON, CSV read back with Python's csv module, and the HTML report opened offline in real headless Chromium.
@Suite("peng insights jira")
struct InsightsJiraCommandTests {
    static func sample() throws -> (folder: URL, sample: SampleExport) {
        let folder = try PengBinary.temporaryFolder()
        let sample = SampleExport(tickets: 2000, seed: 11)
        try sample.writeCSV(to: folder.appendingPathComponent("jira.csv"))
        try Data(sample.config.utf8).write(to: folder.appendingPathComponent("insights.yaml"))
        return (folder, sample)
    }

    @Test("text, json and csv carry the known answers")
    func formats() async throws {
        let (folder, sample) = try Self.sample()
        let answers = sample.answers(csv: true)
        let arguments = ["insights", "jira", folder.appendingPathComponent("jira.csv").path, "--config", folder.appendingPathComponent("insights.yaml").path]

        let text = try await PengBinary.run(arguments)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\(answers.tickets) tickets from jira.csv, \(answers.closed) of them closed."))
        #expect(text.stdout.contains("Planning hint: plan \(answers.plan!) tickets into the next sprint"))
        #expect(text.stdout.contains("jira.csv:\(answers.malformedLines[0])  3 fields where the header has 18; the row is skipped"))
        let firstSprint = answers.sprints[0]
        let row = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("  \(firstSprint.sprint) ") })
        #expect(row.split(separator: " ").dropFirst(3).prefix(3).map(String.init) == ["\(firstSprint.closed)", "\(firstSprint.development)", "\(firstSprint.run)"])

        let json = try await PengBinary.run(arguments + ["-o", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["tickets"] as? Int == answers.tickets && report["closed"] as? Int == answers.closed)
        let sprints = try #require(report["sprints"] as? [[String: Any]])
        #expect(sprints.map { $0["closed"] as? Int } == answers.sprints.map(\.closed))
        #expect(sprints.map { $0["carriedOver"] as? Int } == answers.sprints.map(\.carriedOver))
        #expect((report["planning"] as? [String: Any])?["plan"] as? Int == answers.plan)
        let products = try #require(report["products"] as? [[String: Any]])
        #expect(Dictionary(uniqueKeysWithValues: products.map { ($0["name"] as! String, $0["closed"] as! Int) }) == answers.products)

        let out = folder.appendingPathComponent("insights.csv")
        let csv = try await PengBinary.run(arguments + ["-o", "csv", "--out", out.path])
        #expect(csv.status == 0 && csv.stdout.isEmpty && csv.stderr.contains("wrote \(out.path)"))
        let read = try await ChildProcess.run(try await PythonTools.python(), ["-c", """
            import csv, json, sys
            rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
            print(json.dumps(rows))
            """, out.path])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [[String]], "\(read.stderr)")
        #expect(rows.first == ["table", "row", "column", "value"])
        #expect(rows.allSatisfy { $0.count == 4 }, "every row has four fields, quoted where needed")
        let closed: [[String]] = rows.filter { $0[0] == "closed-per-sprint" && $0[2] == "Closed" }.map { [$0[1], $0[3]] }
        let expectedClosed: [[String]] = answers.sprints.map { [$0.sprint, String($0.closed)] }
        #expect(closed == expectedClosed)
        var perProduct: [String: Int] = [:]
        for row in rows where row[0] == "per-product" { perProduct[row[1]] = Int(row[3]) }
        #expect(perProduct == answers.products)
        #expect(rows.contains { $0[0] == "note" && $0[3].hasPrefix("Planning hint: plan \(answers.plan!) tickets") })
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("the HTML report opens offline in headless Chromium with every chart and its data; a screenshot is kept")
    func htmlReport() async throws {
        let (folder, sample) = try Self.sample()
        let answers = sample.answers(csv: true)
        let rest = try sample.writeREST(to: folder)
        #expect(!rest.isEmpty)
        let html = folder.appendingPathComponent("report.html")
        let run = try await PengBinary.run(["insights", "jira", folder.appendingPathComponent("jira.csv").path, "--config",
                                            folder.appendingPathComponent("insights.yaml").path, "-o", "html", "--out", html.path])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"), "self-contained: no script, no external asset")

        let screenshot = PengBinary.artefacts.appendingPathComponent("insights-report.png")
        let check = try await ChildProcess.run(try await PythonTools.python(), [
            PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/insights_report_check.py").path, html.absoluteString, screenshot.path,
        ])
        try #require(check.status == 0, "insights_report_check.py: \(check.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect((seen["resources"] as? [String])?.isEmpty == true, "the page asked for nothing beyond itself")
        let charts = try #require(seen["charts"] as? [String: [String: Any]])
        #expect(Set(charts.keys) == ["chart-closed-per-sprint", "chart-planned-vs-done", "chart-incidents-vs-requests", "chart-per-product"])
        #expect(charts.values.allSatisfy { $0["visible"] as? Bool == true })
        func bars(_ chart: String) -> [[String: Any]] { charts[chart]?["bars"] as? [[String: Any]] ?? [] }
        var stacked: [String: Double] = [:]
        for bar in bars("chart-closed-per-sprint") { stacked[bar["category"] as! String, default: 0] += bar["value"] as! Double }
        #expect(stacked == Dictionary(uniqueKeysWithValues: answers.sprints.map { ($0.sprint, Double($0.closed)) }), "run + development = closed, per sprint")
        let planned = bars("chart-planned-vs-done").filter { $0["series"] as? String == "Carried over" }
        #expect(planned.map { Int($0["value"] as! Double) } == answers.sprints.map(\.carriedOver))
        let products = bars("chart-per-product").map { ($0["category"] as! String, Int($0["value"] as! Double)) }
        #expect(Dictionary(uniqueKeysWithValues: products) == answers.products)
        let incidents = bars("chart-incidents-vs-requests").filter { $0["series"] as? String == "Incidents" }.map { Int($0["value"] as! Double) }
        #expect(incidents == answers.incidentsAndRequests.map(\.incidents))
        let tallest = bars("chart-per-product").map { $0["width"] as! Double }.max() ?? 0
        #expect(tallest > 100, "bars are drawn to scale, not empty")
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("bad input: a clear error, exit 1, and no output file")
    func badInput() async throws {
        let (folder, _) = try Self.sample()
        let out = folder.appendingPathComponent("never.html")
        let missing = try await PengBinary.run(["insights", "jira", folder.appendingPathComponent("missing.csv").path, "-o", "html", "--out", out.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Jira export '\(folder.appendingPathComponent("missing.csv").path)' does not exist"), "\(missing.stderr)")
        try Data("team: {from: manager}\n".utf8).write(to: folder.appendingPathComponent("bad.yaml"))
        let config = try await PengBinary.run(["insights", "jira", folder.appendingPathComponent("jira.csv").path, "--config",
                                               folder.appendingPathComponent("bad.yaml").path, "--out", out.path])
        #expect(config.status == 1)
        #expect(config.stderr.contains("bad.yaml: team.from: expected component, label or reporter"))
        #expect(config.stderr.contains("see examples/insights/insights.yaml"))
        // The wrong file in the right place is one error at its header, not a report of skipped rows.
        let passwd = folder.appendingPathComponent("passwd")
        try Data("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n".utf8).write(to: passwd)
        let wrong = try await PengBinary.run(["insights", "jira", passwd.path, "-o", "html", "--out", out.path])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("passwd is not a Jira export: its header has no 'Issue key' column (found: root:x:0:0:root:/root:/bin/bash)"),
                "\(wrong.stderr)")
        #expect(wrong.stdout.isEmpty)
        let noKey = folder.appendingPathComponent("nokey.csv")
        try Data("Summary,Status\nRotate certificates,Done\n".utf8).write(to: noKey)
        let header = try await PengBinary.run(["insights", "jira", noKey.path])
        #expect(header.status == 1)
        #expect(header.stderr.contains("nokey.csv is not a Jira export: its header has no 'Issue key' column (found: Summary, Status)"), "\(header.stderr)")
        let format = try await PengBinary.run(["insights", "jira", folder.appendingPathComponent("jira.csv").path, "-o", "pdf"])
        #expect(format.status != 0 && format.stderr.contains("pdf"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let serve = try await PengBinary.run(["serve", "--repo", folder.path, "--insights-dir", folder.appendingPathComponent("nowhere").path])
        #expect(serve.status != 0 && serve.stderr.contains("insights folder '\(folder.appendingPathComponent("nowhere").path)' does not exist"), "\(serve.stderr)")
        try? FileManager.default.removeItem(at: folder)
    }
}

/// `peng insights delivery` on what `peng apply` recorded on a real (local) Supervisor: a first commit that fails in
/// production, a second that restores it, a re-run that records nothing new.
@Suite("peng insights delivery")
struct InsightsDeliveryCommandTests {
    @Test("applies are recorded per cluster; deployments, lead time, failure rate and time to restore follow from them")
    func delivery() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500))
        try await stopping(setup) { setup in
            let fleet = StagedFleet("dlv", clusters: [("dlv-int", "integration"), ("dlv-prd", "production")])
            try await setup.createVSphereNamespace(fleet.vsphereNamespace)
            await setup.simulator.fail("dlv-prd")
            let folder = try fleet.write()
            let first = try await TestGit.commitAll(folder)
            let access = ["--kubeconfig", setup.planes.kubeconfigPath, "--context", "dc1=\(setup.supervisorContext)"]

            let nothingYet = try await PengBinary.run(["insights", "delivery", folder.path] + access)
            #expect(nothingYet.status == 0)
            #expect(nothingYet.stdout.contains("Missing: no apply is recorded"), "an empty record says so, no zeros")

            let failed = try await PengBinary.run(["apply", folder.path, "--timeout", "600"] + access)
            #expect(failed.status == 1, "production fails: \(failed.stdout)")
            // vSphere fixes the cluster; peng's next apply finds it running.
            await setup.simulator.recover("dlv-prd")
            try await setup.waitUntilReady(cluster: "dlv-prd", namespace: fleet.vsphereNamespace)
            let fleetFile = folder.appendingPathComponent("fleet.yaml")
            try (try String(contentsOf: fleetFile, encoding: .utf8) + "# second revision\n").write(to: fleetFile, atomically: true, encoding: .utf8)
            let second = try await TestGit.commitAll(folder)
            let restored = try await PengBinary.run(["apply", folder.path, "--timeout", "600"] + access)
            #expect(restored.status == 0, "\(restored.stdout)\n\(restored.stderr)")
            let again = try await PengBinary.run(["apply", folder.path, "--timeout", "600"] + access)
            #expect(again.status == 0)

            let json = try await PengBinary.run(["insights", "delivery", folder.path, "-o", "json"] + access)
            #expect(json.status == 0, "\(json.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(report["stages"] as? [String] == ["integration", "production"])
            #expect(report["events"] as? Int == 4, "int: first, second; prd: first failed, second; the re-run adds nothing")
            let weeks = try #require(report["deployments"] as? [[String: Any]])
            #expect(weeks.count == 1 && weeks.first?["deployments"] as? [Int] == [2, 1])
            let leads = try #require(report["leadTimes"] as? [[String: Any]])
            #expect(leads.map { $0["revisions"] as? Int } == [2, 1] && leads.allSatisfy { $0["unknownCommit"] as? Int == 0 && $0["medianSeconds"] is Double })
            let failure = try #require(report["changeFailure"] as? [String: Any])
            #expect(failure["rollouts"] as? Int == 2 && failure["failed"] as? Int == 1 && failure["rate"] as? Double == 0.5)
            #expect(failure["failedRevisions"] as? [String] == [String(first.prefix(12))])
            let restore = try #require(report["restore"] as? [String: Any])
            #expect(restore["restored"] as? Int == 1 && (restore["medianSeconds"] as? Double ?? -1) >= 0 && (restore["stillFailing"] as? [String])?.isEmpty == true)
            #expect(!json.stdout.contains(second) || json.stdout.contains(String(second.prefix(12))), "revisions are shown short")

            let text = try await PengBinary.run(["insights", "delivery", folder.path] + access)
            #expect(text.stdout.contains("Change failure rate: 50 % (1 of 2 rollouts failed on some cluster)."))
            #expect(text.stdout.contains("Time to restore: median"))

            let production = try await PengBinary.run(["insights", "delivery", folder.path, "--stage", "production", "-o", "json"] + access)
            let narrowed = try #require(try JSONSerialization.jsonObject(with: Data(production.stdout.utf8)) as? [String: Any])
            #expect(narrowed["stages"] as? [String] == ["production"] && narrowed["events"] as? Int == 2, "\(production.stdout)")
            let typo = try await PengBinary.run(["insights", "delivery", folder.path, "--stage", "prod"] + access)
            #expect(typo.status == 1 && typo.stderr.contains("no stage named 'prod'") && typo.stderr.contains("stages: integration, production"))

            let future = try await PengBinary.run(["insights", "delivery", folder.path, "--since", "2099-01-01"] + access)
            #expect(future.status == 0 && future.stdout.contains("Missing: no apply is recorded since 2099-01-01."))
            let badDay = try await PengBinary.run(["insights", "delivery", folder.path, "--since", "yesterday"] + access)
            #expect(badDay.status != 0 && badDay.stderr.contains("--since takes a day as YYYY-MM-DD; got 'yesterday'"))
        }
    }
}
