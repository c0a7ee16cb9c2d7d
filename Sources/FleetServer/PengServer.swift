import FleetService
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `peng serve` put together: the lease, the loop and the HTTP server as one service group. SIGTERM and SIGINT
/// shut them down in reverse order: the server stops taking requests, the loop lets the engine stop at its next
/// step (the apply in flight is recorded as interrupted), then the lease is released so another replica takes over
/// at once.
public struct PengServer: Sendable {
    public var loop: ServeLoop
    public var elector: LeaseElector
    public var reviewer: AccessReviewer
    public var metrics: ServeMetrics
    public var verifier: WebhookVerifier?
    public var insights: InsightsSource
    public var host: String
    public var port: Int

    public init(loop: ServeLoop, elector: LeaseElector, reviewer: AccessReviewer, metrics: ServeMetrics, verifier: WebhookVerifier?,
                insights: InsightsSource, host: String, port: Int)
    {
        self.insights = insights
        self.loop = loop
        self.elector = elector
        self.reviewer = reviewer
        self.metrics = metrics
        self.verifier = verifier
        self.host = host
        self.port = port
    }

    func router() -> Router<ServeContext> {
        let router = Router(context: ServeContext.self)
        router.add(middleware: AuthMiddleware(reviewer: reviewer, loop: loop))
        let api = APIRoutes(loop: loop, reviewer: reviewer, metrics: metrics)
        api.add(to: router)
        WebhookRoutes(loop: loop, verifier: verifier).add(to: router)
        DashboardRoutes(loop: loop, api: api, reviewer: reviewer, insights: insights).add(to: router)
        return router
    }

    /// Runs until SIGTERM or SIGINT. `listening` gets the bound port (useful with port 0).
    public func run(listening: @escaping @Sendable (Int) -> Void) async throws {
        var logger = Logger(label: "peng.serve")
        logger.logLevel = .warning
        let app = Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "peng"),
                              onServerRunning: { channel in listening(channel.localAddress?.port ?? 0) }, logger: logger)
        let elector = elector, loop = loop
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: Background { await cancelWhenGracefulShutdown { await elector.run() } }),
            .init(service: Background { await cancelWhenGracefulShutdown { await loop.run() } }),
        ]
        if let feed = insights.feed { services.append(.init(service: Background { await cancelWhenGracefulShutdown { await feed.run(loop: loop) } })) }
        let group = ServiceGroup(configuration: .init(
            services: services + [.init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// A function as a service of the group.
struct Background: Service {
    let body: @Sendable () async -> Void
    init(_ body: @escaping @Sendable () async -> Void) { self.body = body }
    func run() async throws { await body() }
}
