import FleetEngine
import FleetModel
import Foundation

/// Histories written before records were typed (diagnostics, errors and gates as text, upgrade steps as `a -> b`,
/// clusters that left the fleet as a stage named "removed"), read into today's records so that a replica of a newer
/// peng keeps the history an older one wrote. Read only: the next save writes the typed form.
struct LegacyRevisionRecord: Decodable {
    struct Stage: Decodable {
        var stage: String
        var seconds: Double?
        var clusters: [Cluster]
        var gate: String?
    }

    struct Cluster: Decodable {
        var cluster: String
        var result: ClusterRecord.Result
        var changes: Int
        var seconds: Double?
        var errors: [String]
        var upgradeSteps: [String]
    }

    var id: String
    var commit: GitSource.Commit
    var trigger: RevisionRecord.Trigger
    var outcome: RevisionRecord.Outcome
    var replica: String
    var started: Int
    var finished: Int?
    var diagnostics: [String]
    var stages: [Stage]
    var errors: [String]

    /// The stage name older versions gave the clusters that left the fleet.
    static let removedStage = "removed"

    var record: RevisionRecord {
        var record = RevisionRecord(commit: commit, trigger: trigger, outcome: outcome, replica: replica, started: started)
        record.id = id
        record.finished = finished
        record.diagnostics = diagnostics.map { Diagnostic.error(at: .file(""), $0) }
        record.errors = errors.map { EngineError(.unexpected, $0) }
        for stage in stages {
            let clusters = stage.clusters.map(Self.cluster)
            let gate = stage.gate.map { StageGate(stage: stage.stage, cluster: "", error: EngineError(.unexpected, $0)) }
            if stage.stage == Self.removedStage {
                record.removedClusters = clusters
                record.removedGate = gate
            } else {
                record.stages.append(StageRecord(stage: stage.stage, seconds: stage.seconds, clusters: clusters, gate: gate))
            }
        }
        return record
    }

    static func cluster(_ old: Cluster) -> ClusterRecord {
        ClusterRecord(cluster: old.cluster, result: old.result, changes: old.changes, seconds: old.seconds,
                      errors: old.errors.map { EngineError(.unexpected, $0) },
                      upgradeSteps: old.upgradeSteps.compactMap { step in
                          let ends = step.components(separatedBy: " -> ").compactMap(ReleaseVersion.init)
                          guard ends.count == 2 else { return nil }
                          return UpgradeStepResult(from: ends[0], to: ends[1], seconds: 0, failed: old.result == .failed,
                                                   extensionsBefore: [], extensionsAfter: [])
                      })
    }

    /// Today's records, or an older history's read into them; the first error when it is neither.
    static func decodeHistory(_ data: Data) throws -> [RevisionRecord] {
        do {
            return try JSONDecoder().decode([RevisionRecord].self, from: data)
        } catch {
            // An older history is read once; a history that is neither form reports today's form's error.
            guard let legacy = try? JSONDecoder().decode([LegacyRevisionRecord].self, from: data) else { throw error }
            return legacy.map(\.record)
        }
    }
}
