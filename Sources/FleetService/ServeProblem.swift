import FleetModel
import Logging

/// Something that keeps `peng serve` from doing its job, as an operator sees it: what fails, the answer it got, and
/// the remedy. Shown on the dashboard and in `GET /api/v1/fleet`; its start and end are logged once each.
public struct ServeProblem: Sendable, Hashable, Encodable {
    public enum Area: String, Sendable, Encodable, CaseIterable {
        /// Taking or renewing the Lease on the management cluster.
        case lease
        /// Fetching or checking out the fleet repository.
        case git
        /// Writing the history ConfigMap on the management cluster.
        case history
    }

    public var area: Area
    /// A short code for programs and metrics (`namespace_missing`, `unreachable`).
    public var reason: String
    public var message: String
    public var remedy: String
    /// Seconds since 1970, when it started.
    public var since: Int

    public init(_ area: Area, reason: String, _ message: String, remedy: String, since: Int) {
        self.area = area
        self.reason = reason
        self.message = message
        self.remedy = remedy
        self.since = since
    }

    /// `message: remedy`, one line.
    public var explained: String { "\(message): \(remedy)" }
}

extension ServeLoop {
    /// Records whether `area` works now. A problem is logged when it starts (or its reason changes), and its end once;
    /// a retry that fails the same way changes nothing but `since`-less details.
    func track(_ area: ServeProblem.Area, _ problem: ServeProblem?) {
        let before = snapshot.problems.first { $0.area == area }
        snapshot.problems.removeAll { $0.area == area }
        guard var problem else {
            if let before {
                log.event(.notice, "\(area.rawValue)_recovered", "\(area.rawValue) works again (it failed with: \(before.message))",
                          ["area": area.rawValue, "was": before.reason])
            }
            return
        }
        if let before, before.reason == problem.reason {
            problem.since = before.since
        } else {
            log.event(.warning, "\(area.rawValue)_failed", problem.explained, ["area": area.rawValue, "reason": problem.reason])
        }
        snapshot.problems.append(problem)
        snapshot.problems.sort { $0.area.rawValue < $1.area.rawValue }
    }
}
