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
    let discovery = DiscoveryCache()

    /// TLS verification is off only when the kubeconfig says so; callers warn about it.
    public var skipsTLSVerification: Bool { connection.insecureSkipTLSVerify }

    public init(connection: ClusterConnection, options: Options = Options()) throws {
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
        limiter = RequestLimiter(limit: options.concurrency)
    }

    /// One HTTP client for the whole process: connections are pooled per server and TLS configuration,
    /// and nothing has to be shut down by hand (a forgotten shutdown is a crash in AsyncHTTPClient).
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
        // peng retries with its own bounded backoff; AsyncHTTPClient would otherwise keep reconnecting to a
        // stopped server until the request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()


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
        while true {
            do {
                let response = try await sendOnce(method, path, body: body, contentType: contentType, object: object)
                if response.status < 400 || accepting.contains(response.status) { return response }
                let error = KubeError.from(status: response.status, body: response.body, object: object)
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

    private func sendOnce(_ method: HTTPMethod, _ path: String, body: [UInt8]?, contentType: String?,
                          object: ObjectRef?) async throws -> Response
    {
        var request = HTTPClientRequest(url: connection.server + path)
        request.tlsConfiguration = tls
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "peng")
        if let token = connection.bearerToken { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        await limiter.acquire()
        do {
            let response = try await Self.http.execute(request, timeout: .seconds(Int64(options.requestTimeout.components.seconds)))
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
