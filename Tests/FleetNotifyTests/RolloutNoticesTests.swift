import FleetEngine
import FleetModel
import FleetNotify
import Foundation
import Synchronization
import Testing

/// The engine's events of a run as the notices receivers get (pure: events in, notices out).
@Suite("rollout notices from engine events")
struct RolloutNoticesTests {
    static let sha = String(repeating: "c", count: 40)

    static func platform() -> Platform {
        var platform = Platform(name: "shop", stages: ["integration", "production"], clusterAPI: .tanzu, supervisors: [], kubernetesReleases: [],
                                packageRepository: nil, extensions: [], baseline: Baseline(locations: FieldLocations(base: .file("t"))),
                                locations: FieldLocations(base: .file("t")))
        platform.notifications.dashboard = EndpointURL("https://peng.example.com/")
        return platform
    }

    /// A stage's result as the engine reports it, read from its JSON form.
    static func stage(_ name: String, cluster: String, error: EngineError? = nil, steps: [(String, String, Bool)] = []) throws -> StageResult {
        let errors = try error.map { String(decoding: try JSONEncoder().encode([$0]), as: UTF8.self) } ?? "[]"
        let upgrades = steps.map { #"{"from": "\#($0.0)", "to": "\#($0.1)", "seconds": 1, "failed": \#($0.2), "extensionsBefore": [], "extensionsAfter": []}"# }
        let json = """
            {"stage": "\(name)", "clusters": [{"cluster": "\(cluster)", "stage": "\(name)", "supervisor": "dc1", "vsphereNamespace": "ns", "removed": false,
              "onSupervisor": {"target": "supervisor/\(cluster)", "errors": \(errors)}, "upgradeSteps": [\(upgrades.joined(separator: ","))]}]}
            """
        return try JSONDecoder().decode(StageResult.self, from: Data(json.utf8))
    }

    static func run(_ events: [EngineEvent]) -> [String] {
        let posted = Mutex<[Notice]>([])
        let notices = RolloutNotices(platform: platform(), revision: sha, now: { 1 }) { notice in posted.withLock { $0.append(notice) } }
        for event in events { notices.handle(event) }
        return posted.withLock { $0 }.map { notice in
            [notice.event.rawValue, notice.stage ?? "-", notice.cluster ?? "-", notice.result.rawValue, notice.reason ?? "-", notice.link ?? "-"].joined(separator: " | ")
        }
    }

    @Test("each stage pending then success; an upgrade step walked; a failed cluster, then the gate that holds the next stage")
    func stages() throws {
        let failure = EngineError(.unexpected, "not ready: condition Ready is False")
        let notices = Self.run([
            .stageStarted(stage: "integration", clusters: 1),
            .stageFinished(try Self.stage("integration", cluster: "int-1", steps: [("v1.26.13+vmware.1-tkg.3", "v1.27.11+vmware.1-tkg.2", false)])),
            .stageStarted(stage: "production", clusters: 1),
            .stageFinished(try Self.stage("production", cluster: "prd-1", error: failure)),
            .done(failed: true),
        ])
        #expect(notices == [
            "applied | integration | - | pending | - | https://peng.example.com/history",
            "upgrade-step | integration | int-1 | success | v1.26.13+vmware.1-tkg.3 -> v1.27.11+vmware.1-tkg.2 | https://peng.example.com/clusters/int-1",
            "applied | integration | - | success | - | https://peng.example.com/history",
            "applied | production | - | pending | - | https://peng.example.com/history",
            "applied | production | prd-1 | failed | not ready: condition Ready is False | https://peng.example.com/clusters/prd-1",
            "failed | production | prd-1 | failed | not ready: condition Ready is False | https://peng.example.com/clusters/prd-1",
        ])
        let gate = StageGate(stage: "integration", cluster: "int-1", error: failure)
        #expect(Self.run([.stageHeld(gate)]) == [
            "gate-stopped | production | int-1 | failed | stage integration is not healthy: cluster int-1: not ready: condition Ready is False | https://peng.example.com/clusters/int-1",
        ])
    }

    @Test("an interruption is told once, for the stage it stopped")
    func interrupted() throws {
        let stopped = EngineError(.interrupted, "interrupted: what was applied is recorded")
        #expect(Self.run([.stageStarted(stage: "integration", clusters: 1), .interrupted, .interrupted, .done(failed: true)]) == [
            "applied | integration | - | pending | - | https://peng.example.com/history",
            "interrupted | integration | - | failed | stopped; a re-run finishes it | https://peng.example.com/history",
        ])
        #expect(Self.run([.stageStarted(stage: "integration", clusters: 1), .stageFinished(try Self.stage("integration", cluster: "int-1", error: stopped)),
                          .interrupted, .done(failed: true)]) == [
            "applied | integration | - | pending | - | https://peng.example.com/history",
            "interrupted | integration | int-1 | failed | stopped; a re-run finishes it | https://peng.example.com/clusters/int-1",
        ])
    }
}
