import FleetLoader
import FleetModel
import FleetRepository
import Foundation

extension ServeLoop {
    /// A team's order from the dashboard: validated with the fleet's own rules at the loaded revision, committed on
    /// a new branch `order/<team>/<name>-<stage>` of the clone and pushed to the remote, for review as a merge
    /// request. An invalid order creates nothing. The clone is not checked out elsewhere while this runs.
    public func fileOrder(_ request: OrderFiling.Request, by user: String) async throws -> OrderFiling.Outcome {
        guard let fleet = current?.fleet, let revision = current?.commit else {
            throw RequestProblem(status: .unavailable, message: "no valid revision is loaded yet; try again after the first fetch")
        }
        return try await source.file(request, at: revision, in: fleet, by: user)
    }
}
