import ArgumentParser
import FleetEngine
import FleetLoader
import FleetModel
import FleetRepository
import FleetService
import Foundation
import Insights
import JiraLive
import Synchronization

/// `peng insights`: the team's work from Jira exports, the platform's delivery from peng's own record.
struct InsightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Measure the team's work (Jira exports) and the platform's delivery (peng's record of applies).",
        subcommands: [InsightsJiraCommand.self, InsightsBoardCommand.self, InsightsDeliveryCommand.self])
}

extension UserError {
    /// insights.yaml could not be used (`peng insights jira --config`, `peng serve --insights-config`).
    static func insightsConfig(_ error: Error) -> UserError {
        UserError("\(error)", hint: "see examples/insights/insights.yaml for every key")
    }
}

/// `-o text|json|csv|html` and `--out PATH`, shared by the insights commands.
struct InsightsOutput: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv, html }

    @Option(name: .shortAndLong, help: "Output format: text (aligned tables), json, csv (long format: table,row,column,value) or html (a self-contained report with charts).")
    var output: Format = .text

    @Option(help: "Write the output to this file instead of standard output.")
    var out: String?

    func write<Report: Encodable>(_ report: Report, view: InsightView) throws {
        let text = switch output {
        case .text: InsightText.render(view)
        case .json: JSONOutput.encode(report)
        case .csv: InsightCSV.render(view)
        case .html: InsightHTML.document(view).html
        }
        guard let out else { return Output.standardOutput.write(text) }
        do { try TextFile.write(text, to: out) } catch { throw UserError("\(error)", hint: "check that the folder exists and is writable") }
        Output.standardError.write("peng: wrote \(out)\n")
    }
}

/// Where the tickets come from, shared by `peng insights jira` and `peng insights board`: export files, or Jira itself.
struct JiraSource: ParsableArguments {
    @Argument(help: "Jira exports: CSV (all fields) or REST pages (.json).", completion: .file())
    var files: [String] = []

    @Option(help: "Read Jira itself at this address (https://example.atlassian.net, https://jira.example.com).")
    var url: String?

    @Option(help: "The JQL query of the tickets to measure (with --url).")
    var jql: String?

    @Option(help: "The board whose sprints give their start dates and states (with --url).")
    var board: Int?

    @Option(help: "A file holding the Jira token: an API token with --user, else a personal access token. Never printed.", completion: .file())
    var tokenFile: String?

    @Option(help: "The account's email, for a Jira Cloud API token (basic authentication).")
    var user: String?

    @Option(help: "Write every page read from Jira into this folder, to make the same report again offline.", completion: .directory)
    var save: String?

    @Option(help: "Give up reading Jira after this many seconds, retries included (1...86400).")
    var jiraTimeout: Int = 600

    @Option(help: "insights.yaml: labels, products, issue types, teams, calendar week, Blue Board themes.", completion: .file())
    var config: String?

    func validate() throws {
        if url == nil {
            guard !files.isEmpty else { throw ValidationError("give at least one Jira export (CSV or REST .json), or read Jira with --url and --jql") }
            let live = [("--jql", jql != nil), ("--board", board != nil), ("--token-file", tokenFile != nil), ("--user", user != nil), ("--save", save != nil)]
            if let stray = live.first(where: \.1) { throw ValidationError("\(stray.0) reads Jira itself: it needs --url") }
        } else {
            guard files.isEmpty else { throw ValidationError("give Jira exports or --url, not both: save the live read with --save and combine the files") }
            guard jql != nil else { throw ValidationError("--url needs --jql, the query of the tickets to measure") }
        }
        guard (1...86400).contains(jiraTimeout) else { throw ValidationError("--jira-timeout takes 1...86400 seconds; got \(jiraTimeout)") }
    }

    func settings() throws -> InsightsConfig {
        do { return try config.map { try InsightsConfig.load(URL(fileURLWithPath: $0)) } ?? InsightsConfig() } catch {
            throw UserError.insightsConfig(error)
        }
    }

    /// Every ticket of the files or of Jira.
    func read(_ settings: InsightsConfig) async throws -> JiraInput {
        if let url, let jql { return try await readJira(url: url, jql: jql) }
        let urls = files.map { URL(fileURLWithPath: $0) }
        do { return try await OffThread.run { try JiraInput.read(urls, config: settings) } } catch { throw UserError("\(error)") }
    }

    /// The live read, with a progress line on standard error; a failure names what to check, never the token.
    private func readJira(url: String, jql: String) async throws -> JiraInput {
        var reader: JiraReader
        do { reader = JiraReader(site: try JiraSite(url: url, jql: jql, board: board, tokenFile: tokenFile, user: user)) } catch let error as JiraReadError {
            throw UserError(error.message, hint: error.hint)
        }
        reader.giveUpAfter = .seconds(jiraTimeout)
        reader.save = save.map { URL(fileURLWithPath: $0) }
        // A line at most every two seconds, and the last.
        let lastLine = Mutex<ContinuousClock.Instant?>(nil)
        reader.progress = { progress in
            switch progress {
            case .tickets(let read, let total):
                let now = ContinuousClock.now
                let due = lastLine.withLock { last in
                    guard read == total || last.map({ now - $0 >= .seconds(2) }) ?? true else { return false }
                    last = now
                    return true
                }
                if due { Output.standardError.write("peng: read \(read)\(total.map { " of \($0)" } ?? "") tickets from Jira\n") }
            case .retrying(let why, let wait):
                Output.standardError.write("peng: \(why); retrying in \(wait.components.seconds) s\n")
            }
        }
        do { return try await reader.read() } catch let error as JiraReadError {
            throw UserError(error.message, hint: error.hint)
        } catch {
            throw UserError("\(error)")
        }
    }
}

struct InsightsJiraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jira",
        abstract: "Closed tickets per sprint and week, run vs development, planned vs done, incidents vs requests, per product and team.",
        discussion: """
            FILE is Jira's "CSV (all fields)" export, a saved REST search page (.json, /rest/api/3/search/jql or \
            /rest/api/2/search) or a saved page of a board's sprints; give several to combine them. Or read Jira \
            itself: --url and --jql (Cloud or Data Center, found from the server), --board for the sprints' dates, \
            --token-file (with --user EMAIL for a Cloud API token; alone, a Data Center personal access token), \
            --save DIR to keep every page read for an offline re-run (peng insights jira DIR/*.json). --config names \
            insights.yaml: the development label, product labels, incident and request types, how the requesting \
            team is found, the calendar-week label (see examples/insights/insights.yaml). Tickets a measure cannot \
            place are counted and listed; a malformed row is reported with its line and the rest is read.

            \(ExitStatus.help("0 success", "1 the input, Jira or the config cannot be used"))
            """)

    @OptionGroup var source: JiraSource
    @OptionGroup var format: InsightsOutput

    func run() async throws {
        let settings = try source.settings()
        let report = TeamWorkMeasures(config: settings).report(try await source.read(settings))
        try format.write(report, view: report.view)
    }
}

struct InsightsBoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "The Blue Board: the larger themes (epics, parents, theme labels), yellow for run and green for development, and what moved since the last review.",
        discussion: """
            Reads the same input as peng insights jira (export files, or Jira itself with --url). Themes are tickets \
            of blueBoard.themeTypes (Epic) with the tickets under them (parent, epic link; a sub-task counts for its \
            story's theme), parents outside the input, and with blueBoard.themeLabelPrefix the tickets labelled \
            PREFIX<name>. Per theme: status, colour and why, done of total, closed per sprint, the teams that asked, \
            started, last activity and whether it moved since the last review (blueBoard.reviewDays, 14). -o html \
            draws the board: columns by status, cards coloured.

            \(ExitStatus.help("0 success", "1 the input, Jira or the config cannot be used"))
            """)

    @OptionGroup var source: JiraSource

    @Option(help: "The report's day, YYYY-MM-DD (default today): the last review is blueBoard.reviewDays before it.")
    var asOf: String?

    @OptionGroup var format: InsightsOutput

    func validate() throws {
        if let asOf, CivilTime.day(asOf) == nil { throw ValidationError("--as-of takes a day as YYYY-MM-DD; got '\(asOf)'") }
    }

    func run() async throws {
        let settings = try source.settings()
        let day = asOf.flatMap(CivilTime.day) ?? Int(Date().timeIntervalSince1970)
        let report = BlueBoardMeasures(config: settings, asOf: day).report(try await source.read(settings))
        try format.write(report, view: report.view)
    }
}

struct InsightsDeliveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Deployments per stage per week, lead time from commit, change failure rate, time to restore.",
        discussion: """
            Reads what peng records on each cluster's Supervisor at every apply of a git revision (peng apply and \
            peng serve alike): the revision, when, the stage and whether the apply succeeded. Commit times come from \
            the fleet's git history. A measure whose inputs are missing says so instead of showing zero.

            \(ExitStatus.help("0 success (a Supervisor that cannot be read is named as missing data)", "1 an invalid fleet, an unusable kubeconfig, or output that cannot be written"))
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess

    @Option(help: "Count only applies on or after this day (YYYY-MM-DD).")
    var since: String?

    @OptionGroup var format: InsightsOutput

    func validate() throws {
        if let since, CivilTime.day(since) == nil { throw ValidationError("--since takes a day as YYYY-MM-DD; got '\(since)'") }
    }

    func run() async throws {
        let validated = try input.requireValid()
        try access.checkNames(validated)
        // --stage and --cluster narrow the record read, as they narrow an apply.
        var fleet = validated.fleet
        let scope = access.scope
        fleet.clusters.removeAll { !scope.includes($0) }
        let stages = fleet.platform.stages.filter(scope.includes(stage:))
        let logs = await DeliveryLog.read(fleet, connector: try access.connector())
        let root = input.rootURL
        let commitTimes = await OffThread.run { Git.commitTimes(in: root) }
        let delivery = DeliveryInput(logs: logs, clusters: fleet.clusters, commitTimes: commitTimes, stages: stages, since: since.flatMap(CivilTime.day))
        let report = DeliveryMeasures.report(delivery)
        try format.write(report, view: report.view)
    }
}
