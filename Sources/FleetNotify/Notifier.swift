import FleetModel
import Foundation

/// Sends notices to the Platform's receivers without ever holding up a rollout: `post` only queues. Each receiver has
/// its own bounded queue (when full, the oldest notice is dropped and counted) and its own sender, which retries a
/// 5xx, a 429 or a dropped connection with backoff and gives up after `giveUpAfter`. Secrets are read when a notice
/// is sent, so a rotated token is used at once; none appears in a report.
public final class Notifier: Sendable {
    /// How one notice went for one receiver.
    public enum Result: String, Sendable, CaseIterable {
        case sent
        /// Refused (4xx), or no answer before giving up, or the secret could not be read.
        case failed
        /// The queue was full: the oldest notice made room.
        case dropped
    }

    public struct Delivery: Sendable {
        public let receiver: String
        public let notice: Notice
        public let result: Result
        /// Why it failed, without any secret: the receiver's HTTP status and reason, or the error.
        public let problem: String?
    }

    public struct Settings: Sendable {
        public var queueLimit = 100
        public var giveUpAfter: Duration = .seconds(300)
        public var attemptTimeout: Duration = .seconds(10)
        public var firstBackoff: Duration = .seconds(1)
        public var longestBackoff: Duration = .seconds(30)
        public init() {}
    }

    public typealias Report = @Sendable (Delivery) async -> Void

    private let outboxes: [Outbox]

    /// - Parameter report: called once per notice and receiver with how it went (for metrics, logs and the history).
    public init(receivers: [NotificationReceiver], settings: Settings = Settings(), environment: [String: String] = ProcessInfo.processInfo.environment,
                report: @escaping Report = { _ in })
    {
        outboxes = receivers.map { Outbox(receiver: $0, settings: settings, environment: environment, report: report) }
    }

    public var isEmpty: Bool { outboxes.isEmpty }

    /// Queues `notice` for every receiver that wants its event; returns at once.
    public func post(_ notice: Notice) {
        for outbox in outboxes where outbox.receiver.wants(notice.event) { outbox.post(notice) }
    }

    /// Queues `notice` for one receiver (a replica that takes over sends only what the history does not say was sent).
    public func post(_ notice: Notice, to receiver: String) {
        for outbox in outboxes where outbox.receiver.name == receiver && outbox.receiver.wants(notice.event) { outbox.post(notice) }
    }

    public var receivers: [NotificationReceiver] { outboxes.map(\.receiver) }

    /// Stops taking notices and waits until every queued one is sent or given up, at most `limit`; then the notice being
    /// sent and those still queued are reported failed, unsent. For `peng apply --notify`, which exits afterwards.
    public func finish(within limit: Duration) async {
        for outbox in outboxes { outbox.close() }
        await withTaskGroup(of: Void.self) { group in
            for outbox in outboxes { group.addTask { await outbox.drained() } }
            group.addTask {
                try? await Task.sleep(for: limit)  // cancelled when every outbox drained first
                for outbox in self.outboxes { outbox.abandon() }
            }
            for _ in outboxes { await group.next() }
            group.cancelAll()
        }
    }
}

/// One receiver's queue and its sender task.
final class Outbox: Sendable {
    let receiver: NotificationReceiver
    private let continuation: AsyncStream<Notice>.Continuation
    private let sender: Task<Void, Never>

    init(receiver: NotificationReceiver, settings: Notifier.Settings, environment: [String: String], report: @escaping Notifier.Report) {
        self.receiver = receiver
        let (stream, continuation) = AsyncStream<Notice>.makeStream(bufferingPolicy: .bufferingNewest(settings.queueLimit))
        self.continuation = continuation
        let deliverer = Deliverer(receiver: receiver, settings: settings, environment: environment)
        sender = Task {
            for await notice in stream {
                let (result, problem) = await deliverer.deliver(notice)
                await report(Notifier.Delivery(receiver: receiver.name, notice: notice, result: result, problem: problem))
            }
        }
        dropReport = report
    }

    private let dropReport: Notifier.Report

    func post(_ notice: Notice) {
        if case .dropped(let oldest) = continuation.yield(notice) {
            let report = dropReport, name = receiver.name
            Task { await report(Notifier.Delivery(receiver: name, notice: oldest, result: .dropped, problem: "the queue was full")) }
        }
    }

    func close() { continuation.finish() }
    func abandon() { sender.cancel() }
    func drained() async { await sender.value }
}
