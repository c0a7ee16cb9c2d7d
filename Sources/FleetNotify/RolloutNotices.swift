import FleetEngine
import FleetModel
import Synchronization

/// A run's engine events as notices: each stage `pending` when it starts, then `success` or `failed` (with the first
/// cluster that failed and why); each upgrade step a cluster walked; the gate that stopped the next stage; an
/// interruption. The same for `peng apply --notify` and `peng serve`.
public final class RolloutNotices: Sendable {
    let platform: Platform
    let revision: String
    let now: @Sendable () -> Int
    let post: @Sendable (Notice) -> Void
    private let stage = Mutex<String?>(nil)

    public init(platform: Platform, revision: String, now: @escaping @Sendable () -> Int, post: @escaping @Sendable (Notice) -> Void) {
        self.platform = platform
        self.revision = revision
        self.now = now
        self.post = post
    }

    /// Feeds events through to `next` (the progress lines or the log) and posts what receivers want to know.
    public func events(then next: @escaping EngineEvents) -> EngineEvents {
        { event in
            self.handle(event)
            next(event)
        }
    }

    public func handle(_ event: EngineEvent) {
        switch event {
        case .stageStarted(let name, _):
            stage.withLock { $0 = name }
            post(notice(.applied, stage: name, result: .pending))
        case .stageFinished(let result):
            finished(result)
        case .stageHeld(let gate):
            let held = platform.stages.firstIndex(of: gate.stage).flatMap { platform.stages.dropFirst($0 + 1).first } ?? gate.stage
            post(notice(.gateStopped, stage: held, cluster: gate.cluster, result: .failed,
                        reason: "stage \(gate.stage) is not healthy: cluster \(gate.cluster): \(gate.reason)"))
        case .interrupted:
            // Once per run: a stage interrupted while its clusters were applied said so when it finished.
            let current = stage.withLock { name in defer { name = nil }; return name }
            if let current { post(notice(.interrupted, stage: current, result: .failed, reason: "stopped; a re-run finishes it")) }
        default:
            break
        }
    }

    private func finished(_ result: StageResult) {
        for cluster in result.clusters {
            for step in cluster.upgradeSteps {
                post(notice(.upgradeStep, stage: result.stage, cluster: cluster.cluster, result: step.failed ? .failed : .success,
                            reason: "\(step.from) -> \(step.to)"))
            }
        }
        guard let failed = result.clusters.first(where: \.failed) else {
            post(notice(.applied, stage: result.stage, result: .success))
            return
        }
        let problem = failed.problem
        if problem?.code == .interrupted {
            stage.withLock { $0 = nil }
            post(notice(.interrupted, stage: result.stage, cluster: failed.cluster, result: .failed, reason: "stopped; a re-run finishes it"))
            return
        }
        let reason = problem?.oneLine ?? "failed without saying why"
        post(notice(.applied, stage: result.stage, cluster: failed.cluster, result: .failed, reason: reason))
        post(notice(.failed, stage: result.stage, cluster: failed.cluster, result: .failed, reason: reason))
    }

    func notice(_ event: NotificationEvent, stage: String? = nil, cluster: String? = nil, result: Notice.Result, reason: String? = nil) -> Notice {
        Notice(event: event, platform: platform.name, revision: revision, stage: stage, cluster: cluster, result: result,
               reason: reason, time: now(), link: Self.link(platform, cluster: cluster))
    }

    /// The dashboard page that shows it: the cluster's page, or the history of revisions.
    public static func link(_ platform: Platform, cluster: String?) -> String? {
        guard let base = platform.notifications.dashboard?.description else { return nil }
        let root = base.trimmingSuffix("/")
        return cluster.map { "\(root)/clusters/\($0)" } ?? "\(root)/history"
    }
}
