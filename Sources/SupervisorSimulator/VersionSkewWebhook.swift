import FleetModel
import Foundation
import KubeClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// FOR TESTS AND THE LOCAL DEMO ONLY. The check TKGS's admission webhooks make on a TanzuKubernetesCluster (and
/// a Cluster API Cluster) update: Kubernetes moves one minor version at a time and never down. Served over HTTPS
/// and registered on the Supervisor API server as a ValidatingWebhookConfiguration, so that the real API server
/// rejects a jump, whatever the client.
public final class VersionSkewWebhook: Sendable {
    /// The webhook's serving certificate (for 127.0.0.1) and the CA the API server verifies it with, PEM.
    public struct TLSFiles: Sendable {
        public var certificatePEM: [UInt8]
        public var keyPEM: [UInt8]
        public var caPEM: [UInt8]

        public init(certificatePEM: [UInt8], keyPEM: [UInt8], caPEM: [UInt8]) {
            self.certificatePEM = certificatePEM
            self.keyPEM = keyPEM
            self.caPEM = caPEM
        }

        /// `webhook.crt`, `webhook.key` and `webhook-ca.crt` in a folder (`scripts/testenv webhook-cert DIR` makes them).
        public static func load(from directory: String) throws -> TLSFiles {
            func read(_ name: String) throws -> [UInt8] {
                Array(try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name)))
            }
            return TLSFiles(certificatePEM: try read("webhook.crt"), keyPEM: try read("webhook.key"), caPEM: try read("webhook-ca.crt"))
        }
    }

    public static let configurationName = "peng-simulator-tkgs-version-skew"

    private let decisions = NIOLockedValueBox<(allowed: Int, denied: [String])>((0, []))
    private let channel: Channel
    public let port: Int

    /// Starts serving on 127.0.0.1 (a free port).
    public init(tls: TLSFiles, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws {
        let certificate = try NIOSSLCertificate.fromPEMBytes(tls.certificatePEM)
        let key = try NIOSSLPrivateKey(bytes: tls.keyPEM, format: .pem)
        let context = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: certificate.map { .certificate($0) },
                                                                                privateKey: .privateKey(key)))
        let box = decisions
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ReviewHandler(decisions: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    public func stop() async {
        try? await channel.close()
    }

    /// How many updates it allowed, and the message of every one it denied.
    public var record: (allowed: Int, denied: [String]) { decisions.withLockedValue { $0 } }

    /// Registers the webhook on a Supervisor: updates of its cluster kinds go through it; when it is down they fail.
    public func register(on supervisor: KubeClient, caPEM: [UInt8]) async throws {
        var configuration = KubeObject(apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration",
                                       name: Self.configurationName)
        configuration["webhooks"] = [[
            "name": "version-skew.run.tanzu.vmware.com",
            "clientConfig": ["url": .string("https://127.0.0.1:\(port)/validate"), "caBundle": .string(Base64.encode(caPEM))],
            "rules": [
                ["apiGroups": ["run.tanzu.vmware.com"], "apiVersions": ["*"], "operations": ["UPDATE"],
                 "resources": ["tanzukubernetesclusters"], "scope": "Namespaced"],
                ["apiGroups": ["cluster.x-k8s.io"], "apiVersions": ["*"], "operations": ["UPDATE"],
                 "resources": ["clusters"], "scope": "Namespaced"],
            ],
            "sideEffects": "None", "admissionReviewVersions": ["v1"], "failurePolicy": "Fail", "timeoutSeconds": 10,
        ]]
        _ = try await supervisor.apply(configuration, force: true, fieldManager: SupervisorSimulator.fieldManager)
    }

    /// The decision on one AdmissionReview request: nil allows, a message denies.
    static func denial(_ request: JSONValue) -> String? {
        guard let object = request["object"].map(KubeObject.init), let old = request["oldObject"].map(KubeObject.init) else { return nil }
        guard let wanted = SupervisorSimulator.requestedRelease(of: object).flatMap(ReleaseVersion.init) else { return nil }
        let before = [SupervisorSimulator.requestedRelease(of: old), old[path: "status", "version"]?.stringValue]
            .compactMap { $0.flatMap(ReleaseVersion.init) }
        guard let base = before.min() else { return nil }
        let name = "\(object.kind) '\(object.name)'"
        if wanted < (before.max() ?? base) {
            return "\(name): downgrading from \(before.max()!) to \(wanted) is not supported"
        }
        if wanted.major != base.major || wanted.minor > base.minor + 1 {
            return "\(name): upgrading from \(base) to \(wanted) skips a minor version; Kubernetes is upgraded one minor version at a time"
        }
        return nil
    }

    private final class ReviewHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let decisions: NIOLockedValueBox<(allowed: Int, denied: [String])>
        var body: [UInt8] = []

        init(decisions: NIOLockedValueBox<(allowed: Int, denied: [String])>) { self.decisions = decisions }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: body = []
            case .body(var buffer): body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                let response = respond()
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(response.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }

        private func respond() -> [UInt8] {
            let review = (try? JSONValue(parsing: body)) ?? .null
            let request = review["request"] ?? .null
            var response: JSONValue = ["uid": request["uid"] ?? "", "allowed": true]
            if let message = VersionSkewWebhook.denial(request) {
                response["allowed"] = false
                response["status"] = ["code": 422, "reason": "Invalid", "message": .string(message)]
                decisions.withLockedValue { $0.denied.append(message) }
            } else {
                decisions.withLockedValue { $0.allowed += 1 }
            }
            let answer: JSONValue = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response]
            return Array(answer.jsonString().utf8)
        }
    }
}
