import FleetModel
import Foundation
import Insights
import JiraLive

/// `peng serve --insights-jira-url … --insights-jql …`: Jira read on an interval for the Insights page and the Blue
/// Board. The first read, and one at least every `fullReadEvery`, asks for every ticket of the query (a ticket deleted
/// or moved out of the query then goes); the reads between ask only for the tickets changed since that full read
/// started (`updated >= "-Nm"`) and put them in place of their copies. The token file is read again for every read,
/// so a renewed token is used without a restart. A failed read keeps the last good one on the pages and is an
/// operator's problem: logged when it starts with its remedy, counted, on the dashboard, and its end logged.
public actor JiraFeed {
    public struct Settings: Sendable {
        /// From the end of one read to the start of the next.
        public var interval: Duration = .seconds(300)
        /// A full read at least this often; the reads between ask only for what changed.
        public var fullReadEvery: Duration = .seconds(3600)
        /// One read, retries included, ends by then or fails.
        public var giveUpAfter: Duration = .seconds(600)
        public init() {}
    }

    /// What the Insights page says about Jira.
    public struct Status: Sendable {
        /// The site's address.
        public var site: String
        /// When the last read that worked ended, and when the last full read ended (seconds since 1970).
        public var lastRead: Int?
        public var lastFullRead: Int?
        /// Tickets the last read of changes brought; nil when the last read was a full one.
        public var changed: Int?
        public var tickets = 0
        /// Why the last read failed and what to do; the pages show the read before.
        public var failure: String?
    }

    private var reader: JiraReader
    public let settings: Settings
    public private(set) var status: Status
    /// The tickets of the last read that worked, and a number that changes with them (measures are made once per read).
    public private(set) var latest: (input: JiraInput, generation: Int)?
    /// The last full read and when it started: the reads of changes ask for what changed since then.
    private var full: (input: JiraInput, started: ContinuousClock.Instant)?

    public init(site: JiraSite, settings: Settings = Settings()) {
        reader = JiraReader(site: site)
        reader.giveUpAfter = settings.giveUpAfter
        self.settings = settings
        status = Status(site: site.url.absoluteString)
    }

    /// Reads now and every interval after the end of a read, until cancelled.
    public func run(loop: ServeLoop) async {
        while !Task.isCancelled {
            await read(loop: loop)
            try? await Task.sleep(for: settings.interval)  // cancelled: the loop ends
        }
    }

    /// One read: a full one when due, else the changes since the last full read.
    func read(loop: ServeLoop) async {
        let started = ContinuousClock.now
        let base = full.flatMap { started - $0.started < settings.fullReadEvery ? $0 : nil }
        let kind = base == nil ? "full" : "changes"
        do {
            if let base {
                // Minutes since the full read started, rounded up, and one more for Jira's clock and the read's own time.
                let minutes = Int(((started - base.started) / .seconds(60)).rounded(.up)) + 1
                let changes = try await reader.read(changedWithinMinutes: minutes)
                let merged = await OffThread.run { base.input.updating(with: changes) }
                publish(merged, changed: changes.tickets.count)
            } else {
                let input = try await reader.read()
                full = (input, started)
                status.lastFullRead = Self.now()
                publish(input, changed: nil)
            }
            loop.metrics.jiraRead(kind: kind, result: "ok")
            loop.metrics.jiraRead(at: status.lastRead ?? 0, tickets: status.tickets)
            status.failure = nil
            await loop.track(.insights, subject: "jira", nil)
        } catch {
            let failure = error as? JiraReadError
                ?? JiraReadError("Jira's answer cannot be read: \(error)", reason: "not_jira", hint: "check that \(reader.site.flags.url) is a Jira site")
            loop.metrics.jiraRead(kind: kind, result: "failed")
            let problem = ServeProblem(.insights, subject: "jira", reason: failure.reason, "Jira cannot be read for Insights: \(failure.message)",
                                       remedy: failure.hint, since: Self.now())
            status.failure = problem.explained
            await loop.track(.insights, subject: "jira", problem)
        }
    }

    private func publish(_ input: JiraInput, changed: Int?) {
        latest = (input, (latest?.generation ?? 0) + 1)
        status.lastRead = Self.now()
        status.changed = changed
        status.tickets = input.tickets.count
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970) }
}
