import AsyncHTTPClient
import FleetModel
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One API server: requests with the context's credentials, a bounded number in flight,
/// retries with backoff, and errors decoded into `KubeError`.
public final class KubeClient: Sendable {
    public struct Options: Sendable {
        /// Requests in flight at once.
        public var concurrency = 16
        /// Attempts for retryable failures (429, 5xx, lost connections), the first included.
        public var attempts = 5
        /// The first backoff; it doubles per attempt up to `maximumBackoff`.
        public var initialBackoff: Duration = .milliseconds(200)
        public var maximumBackoff: Duration = .seconds(5)
        public var requestTimeout: Duration = .seconds(60)
        public var connectTimeout: Duration = .seconds(5)

        public init() {}
    }

    public let connection: ClusterConnection
    public let options: Options
    let tls: TLSConfiguration
    let limiter: RequestLimiter
    let discovery: DiscoveryCache
    /// The URL requests go to: the server's, with its host replaced by `tls-server-name` when the kubeconfig
    /// names one (the HTTP client then connects to the real host, and sends and verifies that name).
    let baseURL: String
    let http: HTTPClient

    /// TLS verification is off only when the kubeconfig says so; callers warn about it.
    public var skipsTLSVerification: Bool { connection.insecureSkipTLSVerify }

    /// A client of its own: its own limiter and discovery cache. A run shares them per server (`KubeClientPool`).
    public convenience init(connection: ClusterConnection, options: Options = Options()) throws {
        try self.init(connection: connection, options: options, limiter: RequestLimiter(limit: options.concurrency), discovery: DiscoveryCache())
    }

    init(connection: ClusterConnection, options: Options, limiter: RequestLimiter, discovery: DiscoveryCache) throws {
        self.connection = connection
        self.options = options
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = connection.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let certificate = connection.clientCertificatePEM, let key = connection.clientKeyPEM {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw KubeError(.configuration, "context '\(connection.context)': the certificate or key in the kubeconfig cannot be read: \(error)")
        }
        if connection.insecureSkipTLSVerify { tls.certificateVerification = .none }
        self.tls = tls
        self.limiter = limiter
        self.discovery = discovery
        (baseURL, http) = try Self.route(connection)
    }

    /// Where requests go, and through which HTTP client. With `tls-server-name`, the URL names that host and an HTTP
    /// client whose DNS override maps it to the server's real host: SNI and certificate verification then use
    /// the name, while the connection goes where the kubeconfig says.
    private static func route(_ connection: ClusterConnection) throws -> (String, HTTPClient) {
        guard let name = connection.tlsServerName, !name.isEmpty else { return (connection.server, shared) }
        guard var components = URLComponents(string: connection.server), let host = components.host else {
            throw KubeError(.configuration, "context '\(connection.context)': the server URL '\(connection.server)' has no host")
        }
        components.host = name
        guard let url = components.string else {
            throw KubeError(.configuration, "context '\(connection.context)': tls-server-name '\(name)' is not a valid host name")
        }
        return (url, HTTPClients.client(resolving: name, to: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))))
    }

    /// One HTTP client for the whole process: connections are pooled per server and TLS configuration,
    /// and nothing has to be shut down by hand (a forgotten shutdown is a crash in AsyncHTTPClient).
    static var shared: HTTPClient { HTTPClients.client(resolving: nil, to: nil) }


    struct Response {
        var status: Int
        var body: [UInt8]
        /// The `Retry-After` header, in seconds, where the server sent one.
        var retryAfter: Int?
    }

    /// One request with retries. Throws `KubeError` for transport failures and for statuses >= 400,
    /// except those in `accepting`.
    func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil,
              accepting: Set<Int> = [], object: ObjectRef? = nil) async throws -> Response
    {
        var attempt = 1
        var backoff = options.initialBackoff
        var renewed = false
        while true {
            do {
                let token = try await bearerToken()
                let response = try await sendOnce(method, path, body: body, contentType: contentType, object: object, token: token)
                if response.status < 400 || accepting.contains(response.status) { return response }
                if response.status == 401, let source = connection.tokenSource, let token, !renewed {
                    // A rotated file or an expired plugin token: read or fetch it again, once.
                    await TokenCache.shared.refused(source, token: token)
                    renewed = true
                    continue
                }
                var error = KubeError.from(status: response.status, body: response.body, object: object)
                if response.status == 401 { error = refused(error) }
                guard error.isRetryable, attempt < options.attempts else { throw error }
                if response.status == 429, let wait = Self.retryAfter(response) { backoff = wait }
            } catch let error as KubeError where error.isRetryable && attempt < options.attempts {
                // retried below
            }
            try await Task.sleep(for: backoff)
            backoff = min(backoff * 2, options.maximumBackoff)
            attempt += 1
        }
    }

    /// The header first, then the Status body's `details.retryAfterSeconds`; bounded to 1...30 s.
    private static func retryAfter(_ response: Response) -> Duration? {
        let seconds = response.retryAfter ?? (try? JSONValue(parsing: response.body))?[path: "details", "retryAfterSeconds"]?.intValue
        return seconds.map { .seconds(min(max($0, 1), 30)) }
    }

    /// The token for the next request: the kubeconfig's, or its source's (a file read again when it changed, a plugin's
    /// token until it expires).
    private func bearerToken() async throws -> String? {
        if let token = connection.bearerToken { return token }
        guard let source = connection.tokenSource else { return nil }
        return try await TokenCache.shared.token(source, connection: connection)
    }

    /// A 401 names the context and what to renew.
    private func refused(_ error: KubeError) -> KubeError {
        var named = error
        named.message = "the credentials of context '\(connection.context)' were refused (\(error.message))"
        named.hint = switch connection.tokenSource {
        case .file(let path)?: "the token in \(path) is no longer valid: renew it"
        case .exec(let plugin)?: "the credential plugin '\(plugin.command)' handed out a token the server refused: log in again"
        case nil: "renew them (for a Supervisor: kubectl vsphere login), or use a long-lived identity for unattended runs"
        }
        return named
    }

    private func sendOnce(_ method: HTTPMethod, _ path: String, body: [UInt8]?, contentType: String?,
                          object: ObjectRef?, token: String?) async throws -> Response
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.tlsConfiguration = tls
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "peng")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        try Task.checkCancellation()
        await limiter.acquire()
        do {
            let response = try await http.execute(request, timeout: .seconds(Int64(options.requestTimeout.components.seconds)))
            let collected = try await response.body.collect(upTo: 256 << 20)
            await limiter.release()
            return Response(status: Int(response.status.code), body: Array(buffer: collected),
                            retryAfter: response.headers.first(name: "Retry-After").flatMap { Int($0) })
        } catch {
            await limiter.release()
            throw transportError(error, object: object)
        }
    }

    /// Connection-level failures, told apart so the message says what to check.
    private func transportError(_ error: Error, object: ObjectRef?) -> KubeError {
        let text = String(describing: error)
        if error is NIOSSLError || error is BoringSSLError || text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("handshake") {
            return KubeError(.tls, "TLS with \(connection.server) failed (context '\(connection.context)'): \(Self.short(text))",
                             object: object,
                             hint: "the server's certificate is not trusted by the certificate authority in the kubeconfig, "
                                 + "or the server name does not match; check certificate-authority(-data) for this cluster")
        }
        return KubeError(.unreachable, "cannot reach \(connection.server) (context '\(connection.context)'): \(Self.short(text))",
                         object: object, hint: "check that the API server is running and reachable from here")
    }

    private static func short(_ text: String) -> String {
        text.count > 240 ? String(text.prefix(240)) + "…" : text
    }
}
