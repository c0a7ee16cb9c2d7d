import Foundation

/// The clients of one run: one per API server and credentials, shared by every cluster that reaches that server —
/// and one request limiter and one discovery cache per API server, so that `concurrency` bounds the requests in
/// flight to a server however many clusters of a run talk to it at once (four clusters on one Supervisor).
public final class KubeClientPool: @unchecked Sendable {
    public let options: KubeClient.Options
    private let lock = NSLock()
    private var clients: [ClusterConnection: KubeClient] = [:]
    private var servers: [String: (limiter: RequestLimiter, discovery: DiscoveryCache)] = [:]

    public init(options: KubeClient.Options = .init()) {
        self.options = options
    }

    /// The client for this connection, made on first use.
    public func client(for connection: ClusterConnection) throws -> KubeClient {
        lock.lock()
        defer { lock.unlock() }
        if let client = clients[connection] { return client }
        let key = Self.serverKey(connection)
        let shared = servers[key] ?? (RequestLimiter(limit: options.concurrency), DiscoveryCache())
        servers[key] = shared
        let client = try KubeClient(connection: connection, options: options, limiter: shared.limiter, discovery: shared.discovery)
        clients[connection] = client
        return client
    }

    /// Clients made so far, for tests and diagnostics.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return clients.count
    }

    /// One API server: its URL and the name its certificate is checked against.
    static func serverKey(_ connection: ClusterConnection) -> String {
        "\(connection.server)|\(connection.tlsServerName ?? "")"
    }
}
