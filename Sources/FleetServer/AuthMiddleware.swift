import FleetModel
import FleetService
import Foundation
import Hummingbird

/// Every page and API call needs a bearer token (the `Authorization` header, or the cookie the sign-in page
/// sets), checked with the management cluster's TokenReview. No token or a refused one: 401 (the pages send the
/// sign-in page). What the viewer may see comes from a SubjectAccessReview and the Teams' groups. Tokens are
/// never logged or echoed.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServeContext
    static let cookie = "peng_token"
    /// Reachable without a token: probes, sign-in, and the webhooks (they carry their own secret).
    static let publicPaths: Set<String> = ["/healthz", "/readyz", "/login"]

    let reviewer: AccessReviewer
    let loop: ServeLoop

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if Self.publicPaths.contains(path) || path.hasPrefix("/hooks/") { return try await next(request, context) }
        let page = !path.hasPrefix("/api/") && path != "/metrics"
        guard let token = Self.token(of: request) else {
            return page ? Reply.redirect("/login") : Reply.error(.unauthorized, "a bearer token is needed: send 'Authorization: Bearer TOKEN'")
        }
        let viewer: Viewer?
        do {
            viewer = try await reviewer.authenticate(token)
        } catch {
            return Reply.error(.serviceUnavailable, "the token cannot be checked: the management cluster's TokenReview failed")
        }
        guard let viewer else {
            return page ? Reply.redirect("/login?failed=1") : Reply.error(.unauthorized, "the token was not accepted by the management cluster")
        }
        // Fail closed: without an answer from the access review, the viewer sees only their teams.
        let seesFleet = (try? await reviewer.allows(viewer, .get)) ?? false
        let fleet = loop.published.current?.fleet
        let access = Access(viewer: viewer, seesFleet: seesFleet, teams: fleet?.teams ?? [], identity: fleet?.platform.identity ?? .asWritten)
        guard access.seesAnything else {
            return Reply.error(.forbidden, "\(viewer.user) may not see this fleet: it needs 'get' on fleets.peng.dev, or to be in a Team's owners or viewers groups")
        }
        var context = context
        context.access = access
        return try await next(request, context)
    }

    static func token(of request: Request) -> String? {
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
            return token.isEmpty ? nil : token
        }
        if let value = request.cookies[cookie]?.value, !value.isEmpty { return value }
        return nil
    }
}
