import ArgumentParser
import FleetEngine
import FleetLoader
import FleetModel
import FleetRepository
import FleetService
import Foundation
import Insights

/// `peng insights`: the team's work from Jira exports, the platform's delivery from peng's own record.
struct InsightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights",
        abstract: "Measure the team's work (Jira exports) and the platform's delivery (peng's record of applies).",
        subcommands: [InsightsJiraCommand.self, InsightsDeliveryCommand.self])
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

struct InsightsJiraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jira",
        abstract: "Closed tickets per sprint and week, run vs development, planned vs done, incidents vs requests, per product and team.",
        discussion: """
            FILE is Jira's "CSV (all fields)" export or a saved REST search page (.json, /rest/api/3/search/jql or \
            /rest/api/2/search); give several to combine them. --config names insights.yaml: the development label, \
            product labels, incident and request types, how the requesting team is found, the calendar-week label \
            (see examples/insights/insights.yaml). Tickets a measure cannot place are counted and listed; a malformed row is \
            reported with its line and the rest is read. Exit status: 0, or 1 when the input or config cannot be used.
            """)

    @Argument(help: "Jira exports: CSV (all fields) or REST search pages (.json).", completion: .file())
    var files: [String]

    @Option(help: "insights.yaml: labels, products, issue types, teams, calendar week.", completion: .file())
    var config: String?

    @OptionGroup var format: InsightsOutput

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one Jira export (CSV or REST search .json)") }
    }

    func run() async throws {
        let settings: InsightsConfig
        do { settings = try config.map { try InsightsConfig.load(URL(fileURLWithPath: $0)) } ?? InsightsConfig() } catch {
            throw UserError.insightsConfig(error)
        }
        let urls = files.map { URL(fileURLWithPath: $0) }
        let report: TeamWorkReport
        do { report = try await OffThread.run { try TeamWorkMeasures(config: settings).report(reading: urls) } } catch { throw UserError("\(error)") }
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
