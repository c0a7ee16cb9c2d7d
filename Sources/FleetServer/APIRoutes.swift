import FleetEngine
import FleetModel
import FleetService
import Foundation
import Hummingbird

/// The JSON API (docs/openapi.yaml describes it): reads answer from the loop's snapshot; actions need a
/// SubjectAccessReview on `fleets.peng.dev`.
struct APIRoutes {
    let loop: ServeLoop
    let reviewer: AccessReviewer
    let metrics: ServeMetrics

    func add(to router: Router<ServeContext>) {
        router.get("/healthz") { _, _ in Reply.text("ok\n") }
        router.get("/readyz") { _, _ in
            guard let unready = loop.published.snapshot.unready else { return Reply.text("ready\n") }
            return Reply.text("not ready: \(unready)\n", status: .serviceUnavailable)
        }
        router.get("/metrics") { _, context in
            guard try context.requireAccess().seesFleet else { return Reply.error(.forbidden, "the metrics need 'get' on fleets.peng.dev") }
            return Reply.text(metrics.text(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
        let api = router.group("/api/v1")
        api.get("/fleet") { _, context in try Reply.json(await view(context)) }
        api.get("/clusters/:name") { _, context in
            let name = context.parameters.get("name") ?? ""
            guard let row = try await view(context).cluster(name) else { return Reply.error(.notFound, "no cluster named '\(name)' that you may see") }
            return try Reply.json(row)
        }
        api.get("/revisions") { _, context in
            _ = try context.requireAccess()
            return try Reply.json(loop.published.snapshot.history)
        }
        api.get("/revisions/:id") { _, context in
            _ = try context.requireAccess()
            let id = context.parameters.get("id") ?? ""
            guard let record = loop.published.snapshot.history.first(where: { $0.id == id }) else {
                return Reply.error(.notFound, "no revision record '\(id)' in the history")
            }
            return try Reply.json(record)
        }
        api.get("/commits/:sha/plan") { _, context in
            guard try context.requireAccess().seesFleet else { return Reply.error(.forbidden, "plans need 'get' on fleets.peng.dev") }
            let sha = context.parameters.get("sha") ?? ""
            switch await loop.plan(of: sha) {
            case .success(let report): return try Reply.json(report)
            case .failure(let problem):
                let status: HTTPResponse.Status = switch problem.status {
                case .notFound: .notFound
                case .unprocessable: .unprocessableContent
                case .unavailable: .serviceUnavailable
                }
                return Reply.error(status, problem.message)
            }
        }
        api.get("/upgrade-plan") { _, context in
            guard try context.requireAccess().seesFleet else { return Reply.error(.forbidden, "plans need 'get' on fleets.peng.dev") }
            guard let report = await loop.upgradePlan() else { return Reply.error(.serviceUnavailable, "no valid revision loaded yet") }
            return try Reply.json(report)
        }
        for action in [AccessReviewer.Action.sync, .suspend, .resume] {
            api.post("/\(action.rawValue)") { request, context in
                try await act(action, request: request, context: context)
            }
        }
    }

    func view(_ context: ServeContext) async throws -> FleetView {
        FleetView(loop.published.snapshot, fleet: loop.published.current?.fleet, access: try context.requireAccess())
    }

    /// sync, suspend, resume: allowed by a SubjectAccessReview; forms from the dashboard get a redirect back.
    func act(_ action: AccessReviewer.Action, request: Request, context: ServeContext) async throws -> Response {
        let access = try context.requireAccess()
        let fromPage = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
        // Fail closed: an access review that cannot be made refuses the action.
        guard (try? await reviewer.allows(access.viewer, action)) == true else {
            return Reply.error(.forbidden, "\(access.viewer.user) may not \(action.rawValue) this fleet: it needs the verb '\(action.rawValue)' on fleets.peng.dev")
        }
        let reason = fromPage ? FormBody.pairs(String(buffer: try await request.body.collect(upTo: 1 << 16))).first { $0.0 == "reason" }?.1 : nil
        do {
            switch action {
            case .sync: try await loop.request(.sync, by: access.viewer.user)
            case .suspend: try await loop.setSuspended(true, by: access.viewer.user, reason: reason)
            case .resume: try await loop.setSuspended(false, by: access.viewer.user, reason: reason)
            case .get: break
            }
        } catch {
            return Reply.error(.serviceUnavailable, "\(action.rawValue) could not be recorded on the management cluster: \(error)")
        }
        if fromPage { return Reply.redirect("/") }
        return try Reply.json(["accepted": action.rawValue, "by": access.viewer.user], status: .accepted)
    }
}
