@testable import FleetEngine
import FleetModel
@testable import FleetService
import Foundation
import Insights
import Testing

/// The pure parts of serve: webhook signatures, credentials kept out of messages, the Lease's time format, who sees
/// what, and the history's bounds.
@Suite struct ServeUnitTests {
    static let here = FieldLocations(base: SourceLocation(file: "teams.yaml", line: 1, column: 1))

    @Test("GitHub's HMAC-SHA256 signature and GitLab's token are checked; anything else is refused")
    func webhooks() {
        let verifier = WebhookVerifier(secret: "It's a Secret to Everybody\n")
        let body = Array("Hello, World!".utf8)
        // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
        let documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        #expect(verifier.verifies(.github, header: documented, body: body))
        #expect(!verifier.verifies(.github, header: documented, body: Array("Hello, World?".utf8)))
        #expect(!verifier.verifies(.github, header: "sha1=757107ea", body: body))
        #expect(!verifier.verifies(.github, header: nil, body: body))
        #expect(verifier.verifies(.gitlab, header: "It's a Secret to Everybody", body: []))
        #expect(!verifier.verifies(.gitlab, header: "It's a secret to everybody", body: []))
        #expect(!WebhookVerifier(secret: "").verifies(.gitlab, header: "", body: []), "no secret: nothing verifies")
    }

    @Test("credentials in remote URLs never reach a message")
    func redaction() {
        #expect(GitSource.redacted("fatal: unable to access 'https://deploy:glpat-abc123@git.example.internal/fleet.git/'")
            == "fatal: unable to access 'https://***@git.example.internal/fleet.git/'")
        #expect(GitSource.redacted("ssh://git@host/fleet.git") == "ssh://***@host/fleet.git")
        #expect(GitSource.redacted("/srv/fleet") == "/srv/fleet")
    }

    @Test("Lease times are Kubernetes MicroTime")
    func microTime() {
        #expect(LeaseElector.microTime(Date(timeIntervalSince1970: 1_795_800_000.25)) == "2026-11-27T17:20:00.250000Z")
    }

    @Test("a team member sees the clusters of their teams; the platform sees all")
    func access() throws {
        let team = Team(name: "shop", owners: ["GRP-SHOP"], viewers: ["GRP-PO"], onCall: nil,
                        spaces: [Space(stage: "integration", cluster: "int-1", namespaces: ["shop"], quota: nil, limits: nil,
                                       network: SpaceNetwork(), locations: Self.here)], locations: Self.here)
        let viewer = Access(viewer: Viewer(user: "po", groups: ["GRP-PO"]), seesFleet: false, teams: [team])
        #expect(viewer.teams == ["shop"] && viewer.ownedTeams.isEmpty)
        #expect(viewer.sees(cluster: "int-1") && !viewer.sees(cluster: "prd-1"))
        #expect(viewer.sees(team: "shop") && !viewer.sees(team: "other"))
        let owner = Access(viewer: Viewer(user: "dev", groups: ["GRP-SHOP"]), seesFleet: false, teams: [team])
        #expect(owner.ownedTeams == ["shop"])
        let stranger = Access(viewer: Viewer(user: "x", groups: ["other"]), seesFleet: false, teams: [team])
        #expect(!stranger.seesAnything && !stranger.sees(cluster: "int-1"))
        #expect(Access(viewer: Viewer(user: "admin", groups: []), seesFleet: true, teams: [team]).sees(cluster: "prd-1"))
        // With vSphere SSO, the management cluster's TokenReview names groups as sso:GROUP@DOMAIN, as the bindings do.
        let sso = GroupIdentity.vsphereSSO(domain: "vsphere.local")
        let ssoOwner = Access(viewer: Viewer(user: "sso:dev@vsphere.local", groups: ["sso:GRP-SHOP@vsphere.local"]), seesFleet: false,
                              teams: [team], identity: sso)
        #expect(ssoOwner.ownedTeams == ["shop"] && ssoOwner.sees(cluster: "int-1"))
        #expect(!Access(viewer: Viewer(user: "dev", groups: ["GRP-SHOP"]), seesFleet: false, teams: [team], identity: sso).seesAnything,
                "the bare name is not the group the authenticator reports")
    }

    @Test("a failed apply names what stopped it; the history keeps its newest records within the ConfigMap's size")
    func records() throws {
        var record = RevisionRecord(commit: .init(sha: String(repeating: "b", count: 40), subject: "s", author: "a", time: 1),
                                    trigger: .commit, outcome: .applying, replica: "r", started: 1)
        var report = RolloutReport()
        report.stages = [StageResult(stage: "integration"), StageResult(stage: "production", notStarted: StageGate(stage: "integration", cluster: "int-1", error: EngineError(.objectFailed, "not ready")))]
        record.record(report, finished: 5)
        #expect(record.outcome == .failed)
        #expect(record.stoppedBy == "stage 'integration' is not healthy: cluster 'int-1': not ready")
        let many = (0..<500).map { index in
            var copy = record
            copy.id = "r\(index)"
            copy.diagnostics = [Diagnostic.error(at: .file("fleet.yaml"), String(repeating: "x", count: 4000))]
            return copy
        }
        let kept = try HistoryStore.trimmed(many, limit: 100, maximumBytes: 200_000)
        #expect(kept.data.count <= 200_000 && kept.kept > 10 && kept.kept < 100, "\(kept.kept) records, \(kept.data.count) bytes")
        let decoded = try JSONDecoder().decode([RevisionRecord].self, from: kept.data)
        #expect(decoded.first?.id == "r0", "the newest records stay")
        #expect(try HistoryStore.trimmed(many, limit: 5, maximumBytes: 1_000_000).kept == 5)
    }

    @Test("serve's history as delivery events: each stage's clusters at the stage's end; invalid, unfinished and gated stages left out")
    func deliveryFromHistory() throws {
        func record(_ id: String, sha: String, time: Int, outcome: String, started: Int, stages: String) -> String {
            #"{"id": "\#(id)", "commit": {"sha": "\#(sha)", "subject": "s", "author": "a", "time": \#(time)}, "trigger": "commit", "#
                + #""outcome": "\#(outcome)", "replica": "r", "started": \#(started), "diagnostics": [], "errors": [], "removedClusters": [], "stages": [\#(stages)]}"#
        }
        func stage(_ name: String, _ seconds: Int, _ cluster: String, _ result: String, gate: String? = nil) -> String {
            let gate = gate.map { #"{"stage": "production", "cluster": "prd-1", "error": {"code": "objectFailed", "message": "\#($0)"}, "reason": "\#($0)"}"# }
            return #"{"stage": "\#(name)", "seconds": \#(seconds), "gate": \#(gate ?? "null"), "clusters": [{"cluster": "\#(cluster)", "#
                + #""result": "\#(result)", "changes": 1, "seconds": 1, "errors": [], "upgradeSteps": []}]}"#
        }
        let history = try JSONDecoder().decode([RevisionRecord].self, from: Data(("[" + [
            record("r3", sha: "c", time: 2000, outcome: "invalid", started: 2100, stages: ""),
            record("r2", sha: "b", time: 100, outcome: "applied", started: 1000,
                   stages: stage("integration", 60, "int-1", "changed") + "," + stage("production", 120, "prd-1", "unchanged")),
            record("r1", sha: "a", time: 10, outcome: "failed", started: 500,
                   stages: stage("integration", 30, "int-1", "changed") + "," + stage("production", 40, "prd-1", "failed")
                       + "," + stage("extra", 0, "x-1", "changed", gate: "stage 'production' is not healthy")),
            record("r0", sha: "d", time: 3000, outcome: "applying", started: 3100, stages: stage("integration", 5, "int-1", "changed")),
        ].joined(separator: ",") + "]").utf8))
        let input = DeliveryInput(history: history, stages: ["integration", "production"])
        #expect(input.events.map { "\($0.revision) \($0.cluster) \($0.time) \($0.result.rawValue)" }.sorted() == [
            "a int-1 530 applied", "a prd-1 570 failed", "b int-1 1060 applied", "b prd-1 1180 applied",
        ])
        #expect(input.commitTimes == ["a": 10, "b": 100])
        let report = DeliveryMeasures.report(input)
        #expect(report.changeFailure.failed == 1 && report.changeFailure.rollouts == 2)
        #expect(report.restore.restored == 1 && report.restore.medianSeconds == 610)
        #expect(report.leadTimes.map(\.medianSeconds) == [(520.0 + 960) / 2, 1080])
    }

    @Test("a Platform with a stage named 'removed' keeps its delivery figures; clusters that left the fleet are a field of the record")
    func stageNamedRemoved() throws {
        let commit = GitSource.Commit(sha: String(repeating: "e", count: 40), subject: "s", author: "a", time: 100)
        var record = RevisionRecord(commit: commit, trigger: .commit, outcome: .applying, replica: "r", started: 1000)
        func cluster(_ name: String, stage: String, removed: Bool = false) throws -> ClusterResult {
            var target = ClusterTarget(name: name, stage: stage, supervisor: "dc1", vsphereNamespace: "v", supervisorObjects: [],
                                       clusterObjects: [], context: nil)
            target.removed = removed
            var result = ClusterResult(target)
            var changes = TargetChangeSet(target: name, stage: stage, context: nil)
            changes.changes = [ObjectChange(ref: ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: "n", name: name), action: .create)]
            result.onCluster = changes
            return result
        }
        var report = RolloutReport()
        var first = StageResult(stage: "integration", clusters: [try cluster("int-1", stage: "integration")])
        first.seconds = 60
        var second = StageResult(stage: "removed", clusters: [try cluster("rm-1", stage: "removed")])
        second.seconds = 30
        report.stages = [first, second]
        report.removedClusters = [try cluster("gone-1", stage: "integration", removed: true)]
        record.record(report, finished: 1100)
        #expect(record.stages.map(\.stage) == ["integration", "removed"])
        #expect(record.removedClusters.map(\.cluster) == ["gone-1"])

        let saved = try JSONDecoder().decode([RevisionRecord].self, from: try HistoryStore.trimmed([record], limit: 10, maximumBytes: 100_000).data)
        let input = DeliveryInput(history: saved, stages: ["integration", "removed"])
        #expect(input.events.map { "\($0.stage) \($0.cluster) \($0.time)" }.sorted() == ["integration int-1 1060", "removed rm-1 1090"],
                "the stage named 'removed' counts; the cluster that left the fleet does not")
    }

    @Test("a history written before records were typed is read: text diagnostics, errors and gates, a 'removed' stage, steps as text")
    func olderHistory() throws {
        let old = #"""
            [{"id": "1-aaaaaaa-commit", "commit": {"sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "subject": "s", "author": "a", "time": 1},
              "trigger": "commit", "outcome": "failed", "replica": "r", "started": 10, "finished": 20,
              "diagnostics": ["fleet.yaml:3:1: error: bad"], "errors": ["Supervisor dc2 cannot be searched"],
              "stages": [
                {"stage": "integration", "seconds": 5, "clusters": [{"cluster": "int-1", "result": "failed", "changes": 0, "seconds": 5,
                  "errors": ["ConfigMap n/x: refused"], "upgradeSteps": ["v1.26.13+vmware.1-tkg.3 -> v1.27.11+vmware.1-tkg.2"]}]},
                {"stage": "production", "clusters": [], "gate": "stage 'integration' is not healthy: cluster 'int-1': refused"},
                {"stage": "removed", "clusters": [{"cluster": "gone-1", "result": "changed", "changes": 1, "errors": [], "upgradeSteps": []}]}]}]
            """#
        let records = try LegacyRevisionRecord.decodeHistory(Data(old.utf8))
        let record = try #require(records.first)
        #expect(record.id == "1-aaaaaaa-commit" && record.outcome == .failed && record.finished == 20)
        #expect(record.diagnostics.map(\.message) == ["fleet.yaml:3:1: error: bad"])
        #expect(record.errors.map(\.message) == ["Supervisor dc2 cannot be searched"])
        #expect(record.stages.map(\.stage) == ["integration", "production"])
        #expect(record.stages[0].clusters[0].upgradeSteps.map { "\($0.from) -> \($0.to)" } == ["v1.26.13+vmware.1-tkg.3 -> v1.27.11+vmware.1-tkg.2"])
        #expect(record.stages[1].gate?.error.message == "stage 'integration' is not healthy: cluster 'int-1': refused")
        #expect(record.removedClusters.map(\.cluster) == ["gone-1"])
        #expect(record.stoppedBy != nil)
        #expect(throws: DecodingError.self) { try LegacyRevisionRecord.decodeHistory(Data(#"[{"id": 1}]"#.utf8)) }
    }

    @Test("the Insights page's folder: says when it has no export, reads one, reads again when a file changes; a bad config is refused")
    func insightsFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("insights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let insights = try InsightsSource(folder: folder, configFile: nil)
        guard case .problem(let empty) = await insights.teamWork() else { Issue.record("an empty folder is not a report"); return }
        #expect(empty == "no Jira export (.csv or .json) in \(folder.path) yet")
        let export = folder.appendingPathComponent("jira.csv")
        try Data("Issue key,Issue Type,Status Category\nPLAT-1,Task,Done\n".utf8).write(to: export)
        guard case .report(let first) = await insights.teamWork() else { Issue.record("no report"); return }
        #expect(first.tickets == 1 && first.closed == 1)
        try Data("Issue key,Issue Type,Status Category\nPLAT-1,Task,Done\nPLAT-2,Task,To Do\n".utf8).write(to: export)
        guard case .report(let second) = await insights.teamWork() else { Issue.record("no report"); return }
        #expect(second.tickets == 2 && second.closed == 1, "a changed export is read again")
        #expect(await (try InsightsSource(folder: nil, configFile: nil)).teamWork().isNotConfigured)
        let config = folder.appendingPathComponent("insights.yaml.txt")
        try Data("team: {from: manager}\n".utf8).write(to: config)
        #expect(throws: InsightsConfig.Problem.self) { try InsightsSource(folder: folder, configFile: config) }
    }
}

extension InsightsSource.State {
    var isNotConfigured: Bool { if case .notConfigured = self { true } else { false } }
}
