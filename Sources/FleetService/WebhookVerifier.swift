import Crypto
import Foundation

/// Push webhooks from GitLab and GitHub, verified before they trigger anything: GitLab's `X-Gitlab-Token` must
/// equal the shared secret; GitHub's `X-Hub-Signature-256` must be the HMAC-SHA256 of the body with it. Both are
/// compared in constant time.
public struct WebhookVerifier: Sendable {
    public enum Sender: String, Sendable { case gitlab, github }

    private let secret: [UInt8]

    public init(secret: String) {
        self.secret = Array(secret.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    }

    public func verifies(_ sender: Sender, header: String?, body: [UInt8]) -> Bool {
        guard !secret.isEmpty, let header else { return false }
        switch sender {
        case .gitlab:
            return Self.equal(Array(header.utf8), secret)
        case .github:
            guard header.hasPrefix("sha256=") else { return false }
            let expected = "sha256=" + Self.signature(body, secret: secret)
            return Self.equal(Array(header.utf8), Array(expected.utf8))
        }
    }

    /// The hex HMAC-SHA256 GitHub sends, for tests and senders.
    public static func signature(_ body: [UInt8], secret: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    private static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
