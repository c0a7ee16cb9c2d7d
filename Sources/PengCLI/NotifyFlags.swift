import ArgumentParser
import FleetEngine
import FleetModel
import FleetNotify
import Foundation

/// `peng apply --notify`: the Platform's receivers hear about the run as they do from `peng serve`, so that a CI job
/// reports like serve does. Off by default.
struct NotifyFlags: ParsableArguments {
    @Flag(help: "Send the Platform's notifications (commit statuses, webhooks, chat) about this apply.")
    var notify = false

    @Option(parsing: .unconditional, help: "With --notify: seconds to wait at the end for notices still being sent.")
    var notifyWait: Int = 30

    func validate() throws {
        guard (1...3600).contains(notifyWait) else { throw ValidationError("--notify-wait takes 1 to 3600 seconds; got \(notifyWait)") }
    }

    /// `next`, with the run's notices posted on the way to the returned notifier when --notify is given.
    func events(for platform: Platform, revision: String?, then next: @escaping EngineEvents) throws -> (EngineEvents, Notifier?) {
        guard notify else { return (next, nil) }
        guard !platform.notifications.receivers.isEmpty else {
            throw UserError("--notify: the Platform names no notification receivers", hint: "add spec.notifications.receivers (docs/fleet-format.md), or leave out --notify")
        }
        var receivers = platform.notifications.receivers
        let clean = revision.flatMap { $0.hasSuffix("-dirty") ? nil : $0 }
        if clean == nil {
            let statuses = receivers.filter { $0.type.hasProject }.map(\.name)
            if !statuses.isEmpty {
                Output.standardError.write("warning: --notify: no commit statuses (\(statuses.joined(separator: ", "))): the fleet is not a clean git commit\n")
            }
            receivers.removeAll { $0.type.hasProject }
        }
        let notifier = Notifier(receivers: receivers) { delivery in
            guard delivery.result != .sent else { return }
            Output.standardError.write("warning: notice to \(delivery.receiver) \(delivery.result.rawValue): \(delivery.problem ?? "")\n")
        }
        let notices = RolloutNotices(platform: platform, revision: clean ?? revision ?? "unknown", now: { Int(Date().timeIntervalSince1970) },
                                     post: { notifier.post($0) })
        return (notices.events(then: next), notifier)
    }

    /// Waits (at most --notify-wait) for the notices still being sent.
    func finish(_ notifier: Notifier?) async {
        await notifier?.finish(within: .seconds(notifyWait))
    }
}
