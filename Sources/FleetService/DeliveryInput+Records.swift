import FleetEngine
import FleetModel
import Insights

extension DeliveryInput {
    /// serve's history as delivery events: per rollout, stage and cluster, the result at the time the stage ended
    /// (the rollout's start plus the durations of the stages so far). Invalid commits rolled nothing out and records
    /// still applying have no result yet; both are left out.
    public init(history: [RevisionRecord], stages: [String]) {
        var events: [DeliveryEvent] = [], commitTimes: [String: Int] = [:]
        for record in history where record.outcome != .invalid && record.outcome != .applying {
            commitTimes[record.commit.sha] = record.commit.time
            var elapsed = 0.0
            for stage in record.stages where stage.gate == nil {
                elapsed += stage.seconds ?? 0
                for cluster in stage.clusters {
                    events.append(DeliveryEvent(cluster: cluster.cluster, stage: stage.stage, revision: record.commit.sha,
                                                time: record.started + Int(elapsed.rounded()), result: cluster.result == .failed ? .failed : .applied))
                }
            }
        }
        self.init(events: events, commitTimes: commitTimes, stages: stages, source: "peng serve's history (\(history.count) rollouts)")
    }

    /// The clusters' delivery logs (`peng apply` and `peng serve` alike) as delivery events. `commitTimes` come from
    /// the fleet's git history; clusters whose log could not be read are named as missing.
    public init(logs: ClusterReads<[DeliveryLog.Entry]>, clusters: [Cluster], commitTimes: [String: Int], stages: [String], since: Int?) {
        let stageOf = Dictionary(clusters.map { ($0.name, $0.stage) }, uniquingKeysWith: { first, _ in first })
        let events = logs.values.flatMap { cluster, entries in
            entries.map { DeliveryEvent(cluster: cluster, stage: $0.stage.isEmpty ? stageOf[cluster] ?? "" : $0.stage, revision: $0.revision,
                                        time: $0.time, result: $0.result == .applied ? .applied : .failed) }
        }
        let count = logs.values.count
        self.init(events: events, commitTimes: commitTimes, stages: stages, source: "the Supervisor records of \(count) cluster\(count == 1 ? "" : "s")",
                  unreadable: logs.unreadable, since: since)
    }
}
