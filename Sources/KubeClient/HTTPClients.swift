import AsyncHTTPClient
import Foundation
import NIOCore

/// The process's HTTP clients: one for every API server reached by its own name, and one per `tls-server-name`
/// mapping (AsyncHTTPClient sets DNS overrides per client). They live as long as the process: connections are
/// pooled per server and TLS configuration, and nothing has to be shut down by hand (a forgotten shutdown is a
/// crash in AsyncHTTPClient).
enum HTTPClients {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var clients: [String: HTTPClient] = [:]

    /// `name` resolves to `host` in the returned client; nil for plain resolution.
    static func client(resolving name: String?, to host: String?) -> HTTPClient {
        let key = name.map { "\($0)=\(host ?? "")" } ?? ""
        lock.lock()
        defer { lock.unlock() }
        if let client = clients[key] { return client }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 32
        // peng retries with its own bounded backoff; AsyncHTTPClient would otherwise keep reconnecting to a
        // stopped server until the request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        if let name, let host { configuration.dnsOverride = [name: host] }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        clients[key] = client
        return client
    }
}
