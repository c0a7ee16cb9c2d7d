import FleetLoader
import FleetRepository
import Foundation
import Insights

/// The Jira exports `peng serve --insights-dir` shows on the Insights page: every `.csv` and `.json` file of the
/// folder, read with `--insights-config`. Read again only when a file was added, removed or changed (by name, size
/// and modification time), and then on a thread of its own, so that a page view never re-parses the exports and
/// never blocks the server's threads.
public actor InsightsFolder {
    public enum State<Report: Sendable>: Sendable {
        /// No folder configured.
        case notConfigured
        case report(Report)
        /// The folder or the config cannot be used; what to fix.
        case problem(String)
    }

    private let folder: URL?
    private let config: InsightsConfig
    private var cached: (signature: [String], input: State<JiraInput>, teamWork: State<TeamWorkReport>)?

    /// Refuses a config that does not parse: `peng serve` fails at start rather than showing an error page later.
    public init(folder: URL?, configFile: URL?) throws {
        self.folder = folder
        config = try configFile.map { try InsightsConfig.load($0) } ?? InsightsConfig()
    }

    /// The team's work measured from the exports (measured once per change of the folder).
    public func teamWork() async -> State<TeamWorkReport> {
        await read().teamWork
    }

    /// The Blue Board of the exports as of `now` (seconds since 1970): what moved since the last review depends on the day.
    public func blueBoard(now: Int) async -> State<BlueBoardReport> {
        switch await read().input {
        case .notConfigured: return .notConfigured
        case .problem(let problem): return .problem(problem)
        case .report(let input):
            let config = config
            return .report(await OffThread.run { BlueBoardMeasures(config: config, asOf: now).report(input) })
        }
    }

    /// The exports read, and the team's work measured, when a file was added, removed or changed since the last read.
    private func read() async -> (input: State<JiraInput>, teamWork: State<TeamWorkReport>) {
        guard let folder else { return (.notConfigured, .notConfigured) }
        // Listing the folder is file I/O too: off the server's threads, like the reading.
        let exports: Exports
        switch await OffThread.run({ Self.exports(in: folder) }) {
        case .failure(let problem): return (.problem(problem.message), .problem(problem.message))
        case .success(let listed): exports = listed
        }
        if let cached, cached.signature == exports.signature { return (cached.input, cached.teamWork) }
        let config = config, files = exports.files
        let read: (State<JiraInput>, State<TeamWorkReport>) = await OffThread.run {
            do {
                let input = try JiraInput.read(files, config: config)
                return (.report(input), .report(TeamWorkMeasures(config: config).report(input)))
            } catch {
                return (.problem("\(error)"), .problem("\(error)"))
            }
        }
        cached = (exports.signature, read.0, read.1)
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
