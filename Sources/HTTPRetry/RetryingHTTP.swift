import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request sent until it is answered 2xx, refused (a 4xx other than 429), or a deadline passes: 5xx, 429
/// and connections that fail are retried with a doubling backoff, `Retry-After` honoured. What notices and the live
/// Jira read share, so both behave as the services' documentation asks.
public struct RetryingHTTP: Sendable {
    public struct Policy: Sendable {
        public var attemptTimeout: Duration = .seconds(10)
        public var firstBackoff: Duration = .seconds(1)
        public var longestBackoff: Duration = .seconds(30)
        /// The longest `Retry-After` obeyed; a longer one is cut to this.
        public var longestRetryAfter: Duration = .seconds(300)
        public init() {}
    }

    public struct Request: Sendable {
        public var method: String
        public var url: String
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    /// Why a request was not answered 2xx: the refusal's status (nil when no answer or given up) and what to say.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var status: UInt?
        public var description: String
        /// The refusal's body (a service's own error message), at most 4 KiB.
        public var body: [UInt8]
        public init(status: UInt? = nil, _ description: String, body: [UInt8] = []) {
            self.status = status
            self.description = description
            self.body = body
        }
    }

    /// Who answers, for messages ("Jira", a receiver's name).
    public var service: String
    public var policy: Policy
    /// Never part of a message: an error of the HTTP client may quote a URL that holds it.
    public var secret: String?
    /// The most of an answer's body read.
    public var bodyLimit: Int
    /// What to add to the message of a refusal with this status (what to check).
    public var hint: @Sendable (UInt) -> String

    public init(service: String, policy: Policy = Policy(), secret: String? = nil, bodyLimit: Int = 1 << 20, hint: @escaping @Sendable (UInt) -> String = { _ in "" }) {
        self.service = service
        self.policy = policy
        self.secret = secret
        self.bodyLimit = bodyLimit
        self.hint = hint
    }

    /// Sends `request` until it is answered 2xx (its body), refused, cancelled, or retrying would pass `deadline`.
    /// `retried` hears each retry with why and the wait, for a progress line.
    public func send(_ request: Request, until deadline: ContinuousClock.Instant,
                     retried: (String, Duration) -> Void = { _, _ in }) async -> Result<[UInt8], Failure>
    {
        var backoff = policy.firstBackoff
        var last = "no answer"
        while true {
            // Given up on (the caller stopped waiting): nothing new is started.
            if Task.isCancelled { return .failure(Failure("not sent: peng stopped waiting for \(service) (\(last))")) }
            var wait = backoff
            do {
                var http = HTTPClientRequest(url: request.url)
                http.method = HTTPMethod(rawValue: request.method)
                for (name, value) in request.headers { http.headers.add(name: name, value: value) }
                if !request.body.isEmpty { http.body = .bytes(ByteBuffer(bytes: request.body)) }
                let response = try await HTTPClient.shared.execute(http, timeout: Self.timeAmount(policy.attemptTimeout))
                let body = try await response.body.collect(upTo: bodyLimit)
                let status = response.status.code
                if (200..<300).contains(status) { return .success(Array(buffer: body)) }
                last = "\(service) answered \(status) \(response.status.reasonPhrase)"
                guard status >= 500 || status == 429 else {
                    return .failure(Failure(status: status, last + hint(status), body: Array(Array(buffer: body).prefix(4096))))
                }
                if let after = response.headers.first(name: "Retry-After").flatMap(Int.init), after > 0 {
                    wait = min(.seconds(after), policy.longestRetryAfter)
                }
            } catch is CancellationError {
                return .failure(Failure("stopped before \(service) answered"))
            } catch {
                last = "\(service) could not be reached: \(redacted(String(describing: error)))"
            }
            if Task.isCancelled { return .failure(Failure("stopped before \(service) answered (\(last))")) }
            guard ContinuousClock.now + wait < deadline else { return .failure(Failure("gave up: \(last)")) }
            retried(last, wait)
            do { try await Task.sleep(for: wait) } catch { return .failure(Failure("stopped before \(service) answered (\(last))")) }
            backoff = min(backoff * 2, policy.longestBackoff)
        }
    }

    public func redacted(_ text: String) -> String {
        guard let secret, !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: "<credential>")
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
