import FleetLoader
import FleetModel
import Testing

@Suite("notifications: receivers of rollout notices, their secrets named and never written")
struct NotificationRuleTests {
    static let stages = "  stages: [integration, production]\n"

    static func platform(_ notifications: String) throws -> ValidationResult {
        try FleetFixture([("platform.yaml", stages, stages + notifications)]).validate()
    }

    @Test("every receiver type, read into typed values; all events when none are named")
    func values() throws {
        let result = try Self.platform("""
              notifications:
                dashboard: https://peng.example.com
                receivers:
                  - {name: gitlab, type: gitlab, endpoint: "https://gitlab.example.com", project: platform/fleet, mergeRequestNote: true, credential: {fromEnv: GITLAB_TOKEN}}
                  - {name: github, type: github, endpoint: "https://api.github.com", project: platform/fleet, credential: {fromFile: /var/run/secrets/github}}
                  - {name: hook, type: webhook, endpoint: "https://hooks.example.com/peng"}
                  - {name: chat, type: slack, credential: {fromEnv: SLACK_URL}, events: [applied, gate-stopped]}
                  - {name: teams, type: teams, credential: {fromFile: /var/run/secrets/teams}}

            """)
        let notifications = try #require(result.validated?.fleet.platform.notifications, "\(result.diagnostics)")
        #expect(notifications.dashboard?.description == "https://peng.example.com")
        #expect(notifications.receivers.map(\.type) == [.gitlab, .github, .webhook, .slack, .teams])
        #expect(notifications.receivers[0].endpoint?.authority == "gitlab.example.com" && notifications.receivers[0].mergeRequestNote)
        #expect(notifications.receivers[0].credential == .environment("GITLAB_TOKEN"))
        #expect(notifications.receivers[1].credential == .file("/var/run/secrets/github"))
        #expect(notifications.receivers[2].credential == nil && notifications.receivers[2].events == Set(NotificationEvent.allCases))
        #expect(notifications.receivers[3].events == [.applied, .gateStopped])
        #expect(try FleetFixture([]).validate().validated?.fleet.platform.notifications.receivers.isEmpty == true)
    }

    @Test("a secret written in the fleet is refused at its position, with the remedy; so is a chat URL as an endpoint")
    func inlineSecretRefused() throws {
        let inline = try Self.platform("""
              notifications:
                receivers:
                  - {name: gitlab, type: gitlab, endpoint: "https://gitlab.example.com", project: "42", credential: glpat-abcdef}

            """)
        expectDiagnostic(inline, at: "platform.yaml:9:105", saying: ["'spec.notifications.receivers[0].credential' is written in the fleet: a token is never kept in Git"],
                         hint: ["rotate it", "fromEnv"])
        #expect(inline.validated == nil)
        let chat = try Self.platform("""
              notifications:
                receivers:
                  - {name: chat, type: slack, endpoint: "https://hooks.slack.com/services/T0/B0/secret", credential: {fromEnv: SLACK_URL}}

            """)
        expectDiagnostic(chat, at: "platform.yaml:9:45", saying: ["is not written for a slack receiver: its webhook URL is a secret"], hint: ["fromEnv"])
        #expect(chat.validated == nil)
    }

    @Test("missing and wrong fields: each an error at its place, naming what is expected")
    func refused() throws {
        let result = try Self.platform("""
              notifications:
                dashboard: peng.example.com
                receivers:
                  - {name: gh, type: github, endpoint: "https://api.github.com", project: fleet, credential: {fromEnv: GH_TOKEN}}
                  - {name: gl, type: gitlab, endpoint: "https://gitlab.example.com", project: "7"}
                  - {name: hook, type: webhook, endpoint: "https://hooks.example.com", events: [aplied], credential: {fromFile: secret.txt}}
                  - {name: hook, type: pager, endpoint: "https://x.example.com"}
                  - {name: both, type: webhook, endpoint: "https://hooks.example.com", mergeRequestNote: true, credential: {fromEnv: A, fromFile: /b}}

            """)
        expectDiagnostic(result, at: "platform.yaml:8:16", saying: ["'spec.notifications.dashboard' must be an http(s) URL, found 'peng.example.com'"])
        expectDiagnostic(result, at: "platform.yaml:10:79", saying: ["'spec.notifications.receivers[0].project' is 'fleet', not owner/repository"])
        expectDiagnostic(result, at: "platform.yaml:11:9", saying: ["missing required field 'spec.notifications.receivers[1].credential'"], hint: ["fromEnv"])
        expectDiagnostic(result, at: "platform.yaml:12:85", saying: ["'spec.notifications.receivers[2].events[0]' is 'aplied'"], hint: ["applied"])
        expectDiagnostic(result, at: "platform.yaml:12:117", saying: ["'spec.notifications.receivers[2].credential.fromFile' is 'secret.txt', not an absolute path"])
        expectDiagnostic(result, at: "platform.yaml:13:28", saying: ["'spec.notifications.receivers[3].type' is 'pager', which is not one of: gitlab, github, webhook, slack, teams"])
        expectDiagnostic(result, at: "platform.yaml:14:94", saying: ["'spec.notifications.receivers[4].mergeRequestNote' applies only to a gitlab receiver"])
        expectDiagnostic(result, at: "platform.yaml:14:112", saying: ["must name exactly one of fromFile and fromEnv"])
        #expect(result.validated == nil)
    }
}
