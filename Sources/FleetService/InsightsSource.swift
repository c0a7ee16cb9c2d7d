import FleetLoader
import FleetModel
import FleetRepository
import Foundation
import Insights

/// The tickets the Insights page and the Blue Board show, from one of two places: a folder of Jira exports
/// (`--insights-dir`: every `.csv` and `.json` file, read again only when a file was added, removed or changed, by
/// name, size and modification time) or Jira itself (`--insights-jira-url`, read by a `JiraFeed` on its interval).
/// Measures are made once per change of the tickets, on a thread of their own, so a page view never re-parses the
/// exports and never blocks the server's threads.
public actor InsightsSource {
    public enum State<Report: Sendable>: Sendable {
        /// No source configured.
        case notConfigured
        /// Nothing to show yet, and why (Jira's first read is under way).
        case waiting(String)
        case report(Report)
        /// The folder or the config cannot be used; what to fix.
        case problem(String)
    }

    private enum Origin {
        case none
        case folder(URL)
        case jira(JiraFeed)
    }

    private let origin: Origin
    private let config: InsightsConfig
    private var cached: (signature: [String], input: State<JiraInput>, teamWork: State<TeamWorkReport>)?

    /// Refuses a config that does not parse: `peng serve` fails at start rather than showing an error page later.
    public init(folder: URL?, configFile: URL?) throws {
        try self.init(origin: folder.map { .folder($0) } ?? .none, configFile: configFile)
    }

    /// Tickets read live from Jira by `feed` (which `peng serve` runs).
    public init(jira feed: JiraFeed, configFile: URL?) throws {
        try self.init(origin: .jira(feed), configFile: configFile)
    }

    private init(origin: Origin, configFile: URL?) throws {
        self.origin = origin
        config = try configFile.map { try InsightsConfig.load($0) } ?? InsightsConfig()
    }

    /// The feed that reads Jira, when the tickets come from Jira.
    public nonisolated var feed: JiraFeed? {
        if case .jira(let feed) = origin { return feed }
        return nil
    }

    /// The team's work measured from the tickets (measured once per change).
    public func teamWork() async -> State<TeamWorkReport> {
        await read().teamWork
    }

    /// The Blue Board of the tickets as of `now` (seconds since 1970): what moved since the last review depends on the day.
    public func blueBoard(now: Int) async -> State<BlueBoardReport> {
        switch await read().input {
        case .notConfigured: return .notConfigured
        case .waiting(let why): return .waiting(why)
        case .problem(let problem): return .problem(problem)
        case .report(let input):
            let config = config
            return .report(await OffThread.run { BlueBoardMeasures(config: config, asOf: now).report(input) })
        }
    }

    /// The tickets, and the team's work measured, when they changed since the last read.
    private func read() async -> (input: State<JiraInput>, teamWork: State<TeamWorkReport>) {
        let signature: [String]
        let load: @Sendable () throws -> JiraInput
        switch origin {
        case .none:
            return (.notConfigured, .notConfigured)
        case .folder(let folder):
            // Listing the folder is file I/O too: off the server's threads, like the reading.
            let exports: Exports
            switch await OffThread.run({ Self.exports(in: folder) }) {
            case .failure(let problem): return (.problem(problem.message), .problem(problem.message))
            case .success(let listed): exports = listed
            }
            let config = config, files = exports.files
            (signature, load) = (exports.signature, { try JiraInput.read(files, config: config) })
        case .jira(let feed):
            guard let latest = await feed.latest else {
                let status = await feed.status
                let why = status.failure.map { "Jira has not been read yet: \($0)" } ?? "Jira's first read is under way; this page shows it when it ends"
                return status.failure == nil ? (.waiting(why), .waiting(why)) : (.problem(why), .problem(why))
            }
            (signature, load) = (["jira", "\(latest.generation)"], { latest.input })
        }
        if let cached, cached.signature == signature { return (cached.input, cached.teamWork) }
        let config = config
        let read: (State<JiraInput>, State<TeamWorkReport>) = await OffThread.run {
            do {
                let input = try load()
                return (.report(input), .report(TeamWorkMeasures(config: config).report(input)))
            } catch {
                return (.problem("\(error)"), .problem("\(error)"))
            }
        }
        cached = (signature, read.0, read.1)
        return read
    }

    struct Exports: Sendable {
        var files: [URL]
        /// Name, size and modification time of each: what changes when an export is added, removed or replaced.
        var signature: [String]
    }

    struct ListingProblem: Error {
        var message: String
    }

    static func exports(in folder: URL) -> Result<Exports, ListingProblem> {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])
                .filter { ["csv", "json"].contains($0.pathExtension.lowercased()) }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            return .failure(ListingProblem(message: "the insights folder \(folder.path) cannot be read: \(error.localizedDescription)"))
        }
        guard !files.isEmpty else { return .failure(ListingProblem(message: "no Jira export (.csv or .json) in \(folder.path) yet")) }
        let signature = files.map { file in
            // Without size and time the file counts as changed: it is read again, and reading it says what is wrong.
            let values = try? file.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            return "\(file.lastPathComponent)|\(values?.fileSize ?? -1)|\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return .success(Exports(files: files, signature: signature))
    }
}
