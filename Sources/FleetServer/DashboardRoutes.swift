import FleetLoader
import FleetModel
import FleetRepository
import FleetService
import Foundation
import Hummingbird
import Insights

/// The pages: sign-in (a token, kept in an HttpOnly, SameSite=Strict cookie), the fleet, a cluster, the rollouts,
/// and "Order a product".
struct DashboardRoutes {
    let loop: ServeLoop
    let api: APIRoutes
    let reviewer: AccessReviewer
    let insights: InsightsSource

    func add(to router: Router<ServeContext>) {
        router.get("/login") { request, _ in
            let failed = request.uri.queryParameters.get("failed") != nil
            return Reply.html(HTML.page("Sign in", viewer: nil, """
                <h2>Sign in</h2>\(failed ? "<div class=\"banner bad\" id=\"failed\">The management cluster did not accept that token.</div>" as Markup : .empty)
                <form method="post" action="/login"><label for="token">Bearer token (e.g. <code>kubectl create token NAME</code>)</label>
                <input type="password" id="token" name="token" size="60" autocomplete="off"> <button type="submit">Sign in</button></form>
                """))
        }
        router.post("/login") { request, _ in
            let token = try await FormBody.read(request, limit: 64 << 10).first { $0.0 == "token" }?.1.trimmingCharacters(in: .whitespaces) ?? ""
            // Bearer tokens are base64url, hex or JWTs: anything else cannot be a cookie value and is refused.
            let cookieSafe = token.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-._~+/=".unicodeScalars.contains($0)) }
            // Fail closed: a token the TokenReview cannot confirm does not sign in.
            guard !token.isEmpty, cookieSafe, (try? await reviewer.authenticate(token)) ?? nil != nil else {
                return Reply.redirect("/login?failed=1")
            }
            var response = Reply.redirect("/")
            response.setCookie(Cookie(name: AuthMiddleware.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.post("/logout") { _, _ in
            var response = Reply.redirect("/login")
            response.setCookie(Cookie(name: AuthMiddleware.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/") { _, context in Reply.html(OverviewPage(view: try await api.view(context)).html()) }
        router.get("/history") { _, context in
            Reply.html(HistoryPage(view: try await api.view(context), records: loop.published.snapshot.history).html())
        }
        router.get("/insights") { _, context in
            let view = try await api.view(context)
            guard view.seesFleet else {
                return Reply.html(HTML.page("Insights", viewer: view.viewer, "<p>Insights cover the whole fleet: they need 'get' on fleets.peng.dev.</p>"), status: .forbidden)
            }
            let delivery = DeliveryMeasures.report(DeliveryInput(history: loop.published.snapshot.history, stages: loop.published.current?.fleet.platform.stages ?? []))
            return Reply.html(InsightsPage(view: view, teamWork: await insights.teamWork(), delivery: delivery, jira: await insights.feed?.status).html())
        }
        router.get("/board") { _, context in
            let view = try await api.view(context)
            return Reply.html(BlueBoardPage(view: view, board: await insights.blueBoard(now: Int(Date().timeIntervalSince1970)), jira: await insights.feed?.status).html())
        }
        router.get("/clusters/:name") { _, context in
            let view = try await api.view(context), name = context.parameters.get("name") ?? ""
            guard let row = view.cluster(name) else { return Reply.html(HTML.page("Not found", viewer: view.viewer, "<p>No cluster named \(name) that you may see.</p>"), status: .notFound) }
            // The cluster page shows without its plan when none can be made now; the API's plan says why.
            let plan = view.seesFleet ? try? await loop.plan(of: "current", clusters: [name]).get() : nil
            return Reply.html(ClusterPage(view: view, row: row, fleet: loop.published.current?.fleet, plan: plan).html())
        }
        router.get("/orders/new") { request, context in
            let (view, fleet, owned) = try await orderContext(context)
            let product = request.uri.queryParameters.get("product").flatMap { fleet.product(named: String($0)) }
            return Reply.html(OrderPage(view: view, fleet: fleet, ownedTeams: owned, product: product).html())
        }
        router.post("/orders") { request, context in try await order(request, context) }
    }

    private func orderContext(_ context: ServeContext) async throws -> (FleetView, Fleet, [String]) {
        let view = try await api.view(context)
        guard let fleet = loop.published.current?.fleet else { throw HTTPError(.serviceUnavailable, message: "no valid revision loaded yet") }
        return (view, fleet, try context.requireAccess().ownedTeams.sorted())
    }

    private func order(_ request: Request, _ context: ServeContext) async throws -> Response {
        let (view, fleet, owned) = try await orderContext(context)
        let form = try await FormBody.read(request)
        let entered = Dictionary(form, uniquingKeysWith: { _, last in last })
        let product = fleet.product(named: entered["product"] ?? "")
        var page = OrderPage(view: view, fleet: fleet, ownedTeams: owned, product: product, entered: entered)
        let team = entered["team"] ?? ""
        guard owned.contains(team) else {
            page.problems = ["\(view.viewer.user) does not own team '\(team)': only a team's owners groups may order for it"]
            return Reply.html(page.html(), status: .forbidden)
        }
        // A value left at the product's default is not written: the order follows the platform's default.
        let defaults = Dictionary(uniqueKeysWithValues: (product?.parameters ?? []).map { ($0.name, $0.defaultValue.map(\.plainText)) })
        let settings = form.filter { $0.0.hasPrefix("set.") && !$0.1.isEmpty }.map { (String($0.0.dropFirst(4)), $0.1) }
            .filter { name, value in defaults[name] == nil || defaults[name]! != value }
        let filing = OrderFiling.Request(product: entered["product"] ?? "", team: team, stage: entered["stage"] ?? "",
                                         namespace: entered["namespace"] ?? "", version: entered["version"].flatMap { $0.isEmpty ? nil : $0 },
                                         settings: settings, name: nil)
        do {
            switch try await loop.fileOrder(filing, by: view.viewer.user) {
            case .filed(let filed):
                page.filed = filed
                page.entered = [:]
                return Reply.html(page.html(), status: .created)
            case .invalid(let diagnostics):
                page.problems = diagnostics.errors.map(\.description)
                return Reply.html(page.html(), status: .unprocessableContent)
            }
        } catch {
            page.problems = ["\(error)"]
            return Reply.html(page.html(), status: .conflict)
        }
    }
}
