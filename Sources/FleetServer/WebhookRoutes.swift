import FleetService
import Hummingbird

/// Push events from GitLab and GitHub: verified with the shared secret, then an immediate fetch (and, on the
/// leader, the apply that follows). A wrong or missing secret is a 401 and triggers nothing.
struct WebhookRoutes {
    let loop: ServeLoop
    let verifier: WebhookVerifier?

    func add(to router: Router<ServeContext>) {
        router.post("/hooks/gitlab") { request, _ in
            try await receive(.gitlab, header: header(request, "x-gitlab-token"), request: request)
        }
        router.post("/hooks/github") { request, _ in
            try await receive(.github, header: header(request, "x-hub-signature-256"), request: request)
        }
    }

    private func header(_ request: Request, _ name: String) -> String? {
        request.headers.first { $0.name.canonicalName == name }?.value
    }

    private func receive(_ sender: WebhookVerifier.Sender, header: String?, request: Request) async throws -> Response {
        guard let verifier else { return Reply.error(.notFound, "webhooks are off: start peng serve with --webhook-secret-file") }
        let body = Array(buffer: try await request.body.collect(upTo: 25 << 20))
        guard verifier.verifies(sender, header: header, body: body) else {
            return Reply.error(.unauthorized, "the \(sender.rawValue) webhook's \(sender == .gitlab ? "token" : "signature") does not match the secret")
        }
        do {
            try await loop.request(.fetch, by: "\(sender.rawValue) webhook")
        } catch {
            return Reply.error(.serviceUnavailable, "the fetch could not be recorded on the management cluster: \(error)")
        }
        return try Reply.json(["accepted": "fetch"], status: .accepted)
    }
}
