import ArgumentParser
import FleetModel
import FleetService
import JiraLive

/// `peng serve`'s live Jira for the Insights page and the Blue Board: where, what, and how often.
struct ServeJiraOptions: ParsableArguments {
    @Option(help: "Read Jira itself for Insights and the Blue Board at this address (https://example.atlassian.net, https://jira.example.com).")
    var insightsJiraUrl: String?

    @Option(help: "The JQL query of the tickets Insights measures (with --insights-jira-url).")
    var insightsJql: String?

    @Option(help: "The board whose sprints give their start dates and states (with --insights-jira-url).")
    var insightsJiraBoard: Int?

    @Option(help: "A file holding the Jira token (an API token with --insights-jira-user, else a personal access token); read again for every read, so a renewed token needs no restart.", completion: .file())
    var insightsJiraTokenFile: String?

    @Option(help: "The account's email, for a Jira Cloud API token (basic authentication).")
    var insightsJiraUser: String?

    @Option(help: "How long from the end of one read of Jira to the next (1s...24h); between full reads only changed tickets are asked for.",
            transform: { try ServeCommand.positiveDuration($0, flag: "--insights-jira-interval") })
    var insightsJiraInterval = TimeSpan(seconds: 300)

    @Option(help: "A full read of Jira at least this often (1s...168h): it drops tickets deleted or moved out of the query.",
            transform: { try ServeCommand.positiveDuration($0, flag: "--insights-jira-full-read") })
    var insightsJiraFullRead = TimeSpan(seconds: 3600)

    /// Whether Jira is read at all.
    var reads: Bool { insightsJiraUrl != nil }

    func validate(insightsDir: String?) throws {
        guard insightsJiraUrl != nil else {
            let stray = [("--insights-jql", insightsJql != nil), ("--insights-jira-board", insightsJiraBoard != nil),
                         ("--insights-jira-token-file", insightsJiraTokenFile != nil), ("--insights-jira-user", insightsJiraUser != nil)]
            if let stray = stray.first(where: \.1) { throw ValidationError("\(stray.0) reads Jira itself: it needs --insights-jira-url") }
            return
        }
        guard insightsDir == nil else {
            throw ValidationError("--insights-dir and --insights-jira-url are two sources for the same pages: give one (save a live read with peng insights jira --save to use files)")
        }
        guard insightsJql != nil else { throw ValidationError("--insights-jira-url needs --insights-jql, the query of the tickets to measure") }
        guard insightsJiraInterval.seconds <= 86400 else { throw ValidationError("--insights-jira-interval takes 1s to 24h; got \(insightsJiraInterval.seconds) s") }
        guard insightsJiraFullRead.seconds <= 7 * 86400 else { throw ValidationError("--insights-jira-full-read takes 1s to 168h; got \(insightsJiraFullRead.seconds) s") }
    }

    /// The feed serve runs, or nil without --insights-jira-url; a site that cannot be read says why before serve starts.
    func feed() throws -> JiraFeed? {
        guard let url = insightsJiraUrl, let jql = insightsJql else { return nil }
        let site: JiraSite
        do {
            site = try JiraSite(url: url, jql: jql, board: insightsJiraBoard, tokenFile: insightsJiraTokenFile, user: insightsJiraUser, flags: .serve)
        } catch let error as JiraReadError {
            throw UserError(error.message, hint: error.hint)
        }
        if let insightsJiraTokenFile {
            do { try InputFile.check(insightsJiraTokenFile, what: "Jira token file") } catch {
                throw UserError("\(error)", hint: "pass the file that holds the Jira token (serve reads it again for every read)")
            }
        }
        var settings = JiraFeed.Settings()
        settings.interval = .seconds(insightsJiraInterval.seconds)
        settings.fullReadEvery = .seconds(insightsJiraFullRead.seconds)
        return JiraFeed(site: site, settings: settings)
    }
}
