import FleetEngine
import FleetModel
import Foundation

/// A problem answering a request, with the HTTP status it maps to.
public struct RequestProblem: Error, Sendable, CustomStringConvertible {
    public var status: Status
    public var message: String

    public enum Status: Sendable { case notFound, unprocessable, unavailable }

    public var description: String { message }
}

extension ServeLoop {
    /// What applying a commit would do now: `current` (or the loaded revision's sha) plans what is loaded; another
    /// commit of the repository is checked out on the side, validated and planned. Read-only.
    public func plan(of sha: String, clusters: [String] = []) async -> Result<RolloutReport, RequestProblem> {
        let connector = connector
        if let current, sha == "current" || current.commit.sha.hasPrefix(sha) && sha.count >= 7 {
            return .success(await session(current).plan(connector: connector, scope: RolloutScope(clusters: clusters)))
        }
        guard sha.count >= 7, sha.allSatisfy(\.isHexDigit) else {
            return .failure(RequestProblem(status: .notFound, message: "'\(sha)' is not a commit: give 'current' or at least 7 hex digits"))
        }
        let loaded: Result<LoadedRevision, InvalidRevision>
        do { loaded = try await source.load(other: sha) } catch {
            return .failure(RequestProblem(status: .notFound, message: "commit '\(sha)' cannot be checked out: \(error)"))
        }
        switch loaded {
        case .success(let loaded):
            return .success(await session(loaded).plan(connector: connector, scope: RolloutScope(clusters: clusters)))
        case .failure(let invalid):
            return .failure(RequestProblem(status: .unprocessable,
                                           message: "commit \(invalid.commit.short) is invalid: \(invalid.diagnostics.prefix(5).map(\.description).joined(separator: "; "))"))
        }
    }

    /// Each cluster's path to the release the fleet wants, live (what `peng upgrade plan` prints as JSON).
    public func upgradePlan() async -> UpgradeReport? {
        guard let current else { return nil }
        let targets = ClusterTarget.all(in: current.fleet)
        return await UpgradeSurvey(fleet: current.validated, connector: connector, now: Self.now()).survey(targets, to: nil)
    }
}
