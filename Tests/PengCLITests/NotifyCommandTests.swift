import FleetModel
import Foundation
import KubeClient
import SupervisorSimulator
import Testing
import TestHarness

/// `peng apply --notify` as a CI job runs it: the binary against a real local Supervisor, its notices to local
/// receivers that check every request against what GitLab, GitHub, Slack, Teams and docs/openapi.yaml document.
@Suite("peng apply --notify", .serialized)
struct NotifyCommandTests {
    /// The Platform's notifications for receivers at `url`: every type, secrets named, never written.
    static func notifications(_ url: String, tokenFile: String) -> String {
        """
          notifications:
            dashboard: https://peng.example.com
            receivers:
              - {name: gitlab, type: gitlab, endpoint: "\(url)", project: platform/fleet, mergeRequestNote: true, credential: {fromEnv: PENG_TEST_GITLAB_TOKEN}}
              - {name: github, type: github, endpoint: "\(url)", project: platform/fleet, credential: {fromFile: \(tokenFile)}}
              - {name: hook, type: webhook, endpoint: "\(url)/hook", credential: {fromEnv: PENG_TEST_HOOK_SECRET}}
              - {name: slack, type: slack, credential: {fromEnv: PENG_TEST_SLACK_URL}}
              - {name: teams, type: teams, credential: {fromEnv: PENG_TEST_TEAMS_URL}, events: [applied, gate-stopped]}

        """
    }

    static func environment(_ receiver: NoticeReceiver) -> [String: String] {
        ["PENG_TEST_GITLAB_TOKEN": NoticeReceiver.token, "PENG_TEST_HOOK_SECRET": NoticeReceiver.secret,
         "PENG_TEST_SLACK_URL": "\(receiver.url)/slack/T0001/B0001/sl4ck-s3cret", "PENG_TEST_TEAMS_URL": "\(receiver.url)/teams/te4ms-s3cret"]
    }

    /// The statuses one receiver got, as `context state` in order.
    static func statuses(_ requests: [NoticeReceiver.Request], prefix: String, context: String, state: String = "state") -> [String] {
        requests.filter { $0.path.hasPrefix(prefix) && $0.path.contains("/statuses/") }.map { "\($0[context] ?? "") \($0[state] ?? "")" }
    }

    @Test("applied to both stages: statuses in stage order on GitLab and GitHub, the webhook, Slack and Teams each told, a 503 retried; a stopped gate: failed with the reason; a receiver that never answers holds nothing up")
    func statusesInOrder() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500))
        try await stopping(setup) { setup in
            let receiver = try await NoticeReceiver(scripts: ["/hook": [503, 503, 200]])
            try await stopping(receiver) { receiver in
                let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("peng-github-token-\(UUID().uuidString)")
                try NoticeReceiver.token.write(to: tokenFile, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(at: tokenFile) }  // the test's own file; gone already is fine
                var fleet = StagedFleet("nt", clusters: [("nt-int", "integration"), ("nt-prd", "production")])
                fleet.platformExtra = Self.notifications(receiver.url, tokenFile: tokenFile.path)
                try await setup.createVSphereNamespace(fleet.vsphereNamespace)
                let folder = try fleet.write()
                let commit = try await TestGit.commitAll(folder)
                let access = ["--kubeconfig", setup.planes.kubeconfigPath, "--context", "dc1=\(setup.supervisorContext)", "--timeout", "600"]

                let applied = try await PengBinary.run(["apply", folder.path, "--notify"] + access, environment: Self.environment(receiver))
                #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
                for secret in [NoticeReceiver.token, NoticeReceiver.secret, "sl4ck-s3cret", "te4ms-s3cret"] {
                    #expect(!applied.stdout.contains(secret) && !applied.stderr.contains(secret))
                }
                // Everything is sent before peng exits.
                let requests = try receiver.requests()
                for request in requests { #expect(request.problems.isEmpty, "\(request.method) \(request.path): \(request.problems)") }
                let order = ["peng/integration pending", "peng/integration success", "peng/production pending", "peng/production success"]
                #expect(Self.statuses(requests, prefix: "/api/v4/projects/platform%2Ffleet/statuses/\(commit)", context: "name") == order)
                #expect(Self.statuses(requests, prefix: "/repos/platform/fleet/statuses/\(commit)", context: "context") == order)
                let gitlab = requests.filter { $0.path.contains("/statuses/") && $0.path.hasPrefix("/api/v4/") }
                #expect(gitlab.allSatisfy { $0["target_url"] == "https://peng.example.com/history" })
                // A merge-request note for each stage's end: the merge request found from the commit, then the note.
                let notes = requests.filter { $0.path.hasSuffix("/merge_requests/7/notes") }
                #expect(notes.count == 2 && notes.allSatisfy { ($0["body"] ?? "").contains(String(commit.prefix(8))) }, "\(notes.map(\.body))")
                // The webhook answered 503 twice: the first notice was retried and arrived once.
                let hooks = requests.filter { $0.path == "/hook" }
                #expect(hooks.map(\.status) == [503, 503, 200, 200, 200, 200])
                let delivered = hooks.filter { $0.status == 200 }.map { "\($0["event"] ?? "") \($0["stage"] ?? "") \($0["result"] ?? "")" }
                #expect(delivered == ["applied integration pending", "applied integration success", "applied production pending", "applied production success"])
                #expect(hooks.allSatisfy { $0["revision"] == commit && $0["platform"] == "nt" })
                #expect(requests.filter { $0.path.hasPrefix("/slack/") }.count == 4)
                #expect(requests.filter { $0.path.hasPrefix("/teams/") }.count == 4)

                // A failing integration cluster: its stage fails with the reason, production is stopped at the gate.
                var gated = StagedFleet("ng", clusters: [("ng-int", "integration"), ("ng-prd", "production")])
                gated.platformExtra = Self.notifications(receiver.url, tokenFile: tokenFile.path)
                try await setup.createVSphereNamespace(gated.vsphereNamespace)
                await setup.simulator.fail("ng-int")
                let gatedFolder = try gated.write()
                let gatedCommit = try await TestGit.commitAll(gatedFolder)
                let stopped = try await PengBinary.run(["apply", gatedFolder.path, "--notify"] + access, environment: Self.environment(receiver))
                #expect(stopped.status == 1, "\(stopped.stdout)\(stopped.stderr)")
                let after = try receiver.requests()
                for request in after { #expect(request.problems.isEmpty, "\(request.method) \(request.path): \(request.problems)") }
                let github = after.filter { $0.path == "/repos/platform/fleet/statuses/\(gatedCommit)" }
                #expect(github.map { "\($0["context"] ?? "") \($0["state"] ?? "")" } == ["peng/integration pending", "peng/integration failure", "peng/production failure"])
                #expect(github.last?["description"]?.contains("ng-int") == true, "\(github.last?.body ?? [:])")
                let events = after.filter { $0.path == "/hook" && $0["revision"] == gatedCommit }.map { "\($0["event"] ?? "") \($0["stage"] ?? "") \($0["result"] ?? "")" }
                #expect(events == ["applied integration pending", "applied integration failed", "failed integration failed", "gate-stopped production failed"])
                let gate = try #require(after.last { $0.path == "/hook" && $0["event"] == "gate-stopped" })
                #expect(gate["cluster"] == "ng-int" && gate["link"] == "https://peng.example.com/clusters/ng-int")
                #expect((gate["reason"] ?? "").contains("stage integration is not healthy: cluster ng-int"))
                // Teams asked only for applied and gate-stopped: no `failed` message.
                #expect(after.filter { $0.path.hasPrefix("/teams/") }.count == 4 + 3)

                // A receiver that never answers does not hold up the rollout: the first notice (integration pending) is
                // sent before integration is applied and never answered, yet both stages are applied again; peng says
                // the notice was not delivered and exits 0.
                let silent = try await NoticeReceiver(hang: ["/hook-open"])
                try await stopping(silent) { silent in
                    var quiet = fleet
                    quiet.platformExtra = """
                          notifications:
                            receivers: [{name: hook, type: webhook, endpoint: "\(silent.url)/hook-open"}]

                        """
                    try quiet.write(to: folder)
                    try await TestGit.commitAll(folder)
                    let again = try await PengBinary.run(["apply", folder.path, "--notify", "--notify-wait", "2"] + access)
                    #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
                    #expect(again.stdout.contains("Stage production"), "\(again.stdout)")
                    let hung = try silent.requests()
                    #expect(hung.first?["stage"] == "integration" && hung.first?["result"] == "pending", "\(hung.map(\.body))")
                    #expect(!hung.isEmpty && hung.allSatisfy { $0.hung && $0.problems.isEmpty }, "none answered: \(hung.map(\.path))")
                    #expect(again.stderr.contains("warning: notice to hook failed: stopped before hook answered"), "\(again.stderr)")
                }
            }
        }
    }
}
