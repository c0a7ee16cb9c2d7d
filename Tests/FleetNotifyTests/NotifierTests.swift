import FleetModel
import FleetNotify
import Foundation
import Synchronization
import Testing
import TestHarness

/// The notifier against a real local receiver: a full queue drops the oldest and says so; a secret that cannot be
/// read, or a receiver that cannot be reached, is a failure that names where to look and never shows the secret.
@Suite("notifier: queue, give-up, secrets")
struct NotifierTests {
    static func notice(_ index: Int) -> Notice {
        Notice(event: .applied, platform: "p", revision: String(repeating: "a", count: 40), stage: "s\(index)", result: .pending, time: index)
    }

    static func receiver(_ name: String, _ type: ReceiverType, endpoint: String? = nil, credential: CredentialSource? = nil) -> NotificationReceiver {
        NotificationReceiver(name: name, type: type, endpoint: endpoint.flatMap(EndpointURL.init), project: nil, mergeRequestNote: false,
                             credential: credential, events: Set(NotificationEvent.allCases), locations: FieldLocations(base: .file("test")))
    }

    final class Deliveries: Sendable {
        let seen = Mutex<[Notifier.Delivery]>([])
        func add(_ delivery: Notifier.Delivery) { seen.withLock { $0.append(delivery) } }
        func all() -> [Notifier.Delivery] { seen.withLock { $0 } }
    }

    @Test("while a receiver hangs, a full queue drops the oldest notice and says so; finishing gives up on the one in flight and on the rest, each reported")
    func fullQueue() async throws {
        let receiver = try await NoticeReceiver(hang: ["/hook-open"])
        try await stopping(receiver) { receiver in
            let deliveries = Deliveries()
            var settings = Notifier.Settings()
            settings.queueLimit = 2
            let notifier = Notifier(receivers: [Self.receiver("hook", .webhook, endpoint: "\(receiver.url)/hook-open")], settings: settings) { deliveries.add($0) }
            notifier.post(Self.notice(1))
            _ = try await receiver.waitFor("the first notice") { $0.count == 1 }
            for index in 2...5 { notifier.post(Self.notice(index)) }
            await notifier.finish(within: .seconds(1))
            let seen = deliveries.all()
            #expect(seen.filter { $0.result == .dropped }.map(\.notice.time).sorted() == [2, 3])
            #expect(seen.filter { $0.result == .failed }.map(\.notice.time) == [1, 4, 5])
            #expect(seen.first { $0.result == .failed }?.problem?.hasPrefix("stopped before hook answered") == true, "\(seen.map(\.problem))")
            #expect(try receiver.requests().count == 1, "notices 4 and 5 were never sent: the notifier was finished")
        }
    }

    @Test("a secret that cannot be read fails the delivery naming where it was looked for; an unreachable chat URL is given up on without showing it")
    func secrets() async throws {
        let deliveries = Deliveries()
        var settings = Notifier.Settings()
        settings.giveUpAfter = .seconds(2)
        settings.firstBackoff = .milliseconds(100)
        settings.attemptTimeout = .seconds(1)
        let secretURL = "http://127.0.0.1:9/slack/T0/B0/sl4ck-s3cret"  // the discard port: nothing listens
        let notifier = Notifier(receivers: [
            Self.receiver("gitlab", .gitlab, endpoint: "https://gitlab.example.com", credential: .environment("PENG_TEST_MISSING_TOKEN")),
            Self.receiver("github", .github, endpoint: "https://api.github.com", credential: .file("/nonexistent/peng/github-token")),
            Self.receiver("chat", .slack, credential: .environment("PENG_TEST_SLACK")),
        ], settings: settings, environment: ["PENG_TEST_SLACK": secretURL]) { deliveries.add($0) }
        notifier.post(Self.notice(1))
        await notifier.finish(within: .seconds(60))
        let problems = Dictionary(deliveries.all().map { ($0.receiver, $0.problem ?? "") }, uniquingKeysWith: { first, _ in first })
        #expect(deliveries.all().allSatisfy { $0.result == .failed })
        #expect(problems["gitlab"]?.contains("environment variable PENG_TEST_MISSING_TOKEN is missing or empty") == true, "\(problems)")
        #expect(problems["github"]?.contains("/nonexistent/peng/github-token") == true, "\(problems)")
        #expect(problems["chat"]?.hasPrefix("gave up: chat could not be reached") == true, "\(problems)")
        #expect(!(problems["chat"] ?? "").contains("sl4ck-s3cret"), "\(problems)")
    }
}
