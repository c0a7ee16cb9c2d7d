import FleetService

/// The push webhooks' verifiers: the input split into a header and a body. Properties: no crash; GitLab's token
/// verifies only when it is the secret; GitHub's signature only when it is the HMAC-SHA256 of the body with the secret;
/// the right signature of any body always verifies.
enum WebhookFuzz {
    static let secret = "fuzz-secret"
    static let verifier = WebhookVerifier(secret: secret)

    static func run(_ bytes: [UInt8]) {
        let split = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let header = String(decoding: bytes[..<split], as: UTF8.self)
        let body = Array(bytes[min(split + 1, bytes.count)...])
        if verifier.verifies(.gitlab, header: header, body: body) != (header == secret) {
            FuzzTarget.fail("the GitLab token check disagrees with equality for '\(header)'")
        }
        let expected = "sha256=" + WebhookVerifier.signature(body, secret: Array(secret.utf8))
        if verifier.verifies(.github, header: header, body: body) != (header == expected) {
            FuzzTarget.fail("the GitHub signature check disagrees with the HMAC for '\(header)'")
        }
        if !verifier.verifies(.github, header: expected, body: body) { FuzzTarget.fail("the right signature did not verify") }
    }
}
