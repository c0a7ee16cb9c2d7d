import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// A serve that cannot lead says why, where an operator looks: once in its log (and once when it recovers), in a
/// metric counting every failure, on /readyz and on the dashboard, each with the remedy.
@Suite(.serialized)
struct LeaseProblemTests {
    @Test("the Lease namespace does not exist: named once in the log, counted, on /readyz and the dashboard; serve leads once it is created")
    func missingLeaseNamespace() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(200))
        let receiver = try await NoticeReceiver()
        try await stopping(receiver) { receiver in try await stopping(setup) { try await Self.namedUntilCreated($0, receiver: receiver) } }
    }

    static func namedUntilCreated(_ setup: SupervisorSetup, receiver: NoticeReceiver) async throws {
        var fleet = StagedFleet("lp", clusters: [("lp-int", "integration")])
        fleet.platformExtra = """
              notifications:
                receivers: [{name: hook, type: webhook, endpoint: "\(receiver.url)/hook-open", events: [serve-problem]}]

            """
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)  // but not peng-system, as a new user forgets it
        let (origin, _) = try await ServeTests.repository(fleet)
        let tokens = try TestTokens(planes: setup.planes)
        let serve = try await ServeProcess.start(try ServeTests.arguments(setup, origin: origin, extra: ["--log-format", "json"]))
        let remedy = "create it (deploy/namespace.yaml) or pass --lease-namespace"

        let refused = try await serve.waitFor("/readyz to name the missing namespace") { () async -> ServeProcess.Reply? in
            guard let reply = try? await serve.get("/readyz", token: nil), reply.status == 503, reply.body.contains("peng-system not found") else { return nil }
            return reply
        }
        #expect(refused.body.contains("no replica leads"), "\(refused.body)")
        #expect(refused.body.contains("on context \(setup.supervisorContext)"), "\(refused.body)")
        #expect(refused.body.contains(remedy), "\(refused.body)")

        // Every failed attempt is counted; the failure is logged when it starts, not on every retry.
        let failures = try await serve.waitFor("at least three failed attempts counted") { () async -> Double? in
            guard let text = try? await serve.get("/metrics", token: tokens.admin).body,
                  let count = sample(text, #"peng_lease_errors_total{reason="namespace_missing"}"#), count >= 3 else { return nil }
            return count
        }
        #expect(failures >= 3)
        // On a loaded machine a first attempt may time out before the API server answers: that is a problem of its
        // own (reason timeout), logged apart. The missing namespace is logged once, however often it is retried.
        let failed = Self.events(serve.running.stderr).filter { $0["event"] == "lease_failed" }
        let missing = failed.filter { $0[path: "fields", "reason"] == "namespace_missing" }
        #expect(!missing.isEmpty, "\(serve.running.stderr)")
        #expect(missing.count < Int(failures), "logged when it starts, not on every retry: \(serve.running.stderr)")
        #expect(zip(failed, failed.dropFirst()).allSatisfy { $0[path: "fields", "reason"] != $1[path: "fields", "reason"] },
                "a failure is logged again only when its reason changes: \(serve.running.stderr)")
        #expect(failed.allSatisfy { $0["level"] == "warning" })
        #expect(missing.first?["message"]?.stringValue == "namespace peng-system not found on context \(setup.supervisorContext): \(remedy)")

        let view = try await serve.waitForFleet(token: tokens.admin, "the missing namespace in the API") {
            $0[path: "problems"]?.arrayValue?.first?["reason"] == "namespace_missing"
        }
        #expect(view[path: "problems"]?.arrayValue?.first?["area"] == "lease")
        let banner = try await serve.waitFor("the dashboard's banner to name the remedy") { () async -> (present: Bool, visible: Bool, text: String)? in
            guard let seen = try? await Self.banner("problem-lease", on: serve, token: tokens.admin, screenshot: "lease-problem"),
                  seen.text.contains(remedy) else { return nil }
            return seen
        }
        #expect(banner.visible, "the dashboard shows the banner")
        #expect(banner.text.contains("No replica leads"), "\(banner.text)")
        // The receivers are told too, though no replica leads.
        let told = try await receiver.waitFor("the serve problem") { $0.contains { ($0["reason"] ?? "").contains("namespace peng-system not found") } }
        let notice = try #require(told.first { ($0["reason"] ?? "").contains("namespace peng-system not found") })
        #expect(notice["event"] == "serve-problem" && notice["result"] == "failed" && (notice["reason"] ?? "").contains(remedy), "\(notice.body)")
        #expect(notice.problems.isEmpty, "\(notice.problems)")

        // The platform team creates the namespace: serve takes the Lease, says so, and is ready.
        try await setup.createVSphereNamespace("peng-system")
        _ = try await serve.waitForFleet(token: tokens.admin, "this replica to lead") { $0["leader"] == true && $0["problems"]?.arrayValue?.isEmpty == true }
        _ = try await serve.waitFor("/readyz to answer ready") { () async -> Bool? in
            (try? await serve.get("/readyz", token: nil))?.status == 200 ? true : nil
        }
        let events = Self.events(serve.running.stderr)
        #expect(events.contains { $0["event"] == "lease_recovered" && $0["level"] == "notice" }, "\(serve.running.stderr)")
        #expect(events.filter { $0["event"] == "leader_elected" }.count == 1, "\(serve.running.stderr)")
        #expect(events.count == serve.running.stderr.split(separator: "\n").count, "every line of the log is one JSON event")
        #expect(events.allSatisfy { $0["time"] != nil && $0["level"] != nil && $0["event"] != nil }, "\(serve.running.stderr)")
        #expect(!serve.running.stderr.contains(tokens.admin), "no credential in the log")
        let after = try await Self.banner("problem-lease", on: serve, token: tokens.admin, screenshot: "lease-recovered")
        #expect(!after.present, "the banner is gone")
        serve.running.signal(SIGTERM)
        _ = await serve.running.finished()
    }

    /// A problem banner on the dashboard's overview as headless Chromium shows it, after signing in.
    static func banner(_ id: String, on serve: ServeProcess, token: String, screenshot: String) async throws -> (present: Bool, visible: Bool, text: String) {
        let output = try await ChildProcess.run(try await PythonTools.python(), [
            PengBinary.repositoryRoot.appendingPathComponent("Tests/PythonChecks/banner_check.py").path, serve.url, token, id,
            PengBinary.artefacts.appendingPathComponent("\(screenshot).png").path,
        ])
        try #require(output.status == 0, "the browser run failed: \(output.stderr.suffix(4000))")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        return (seen["present"] as? Bool ?? false, seen["visible"] as? Bool ?? false, seen["text"] as? String ?? "")
    }

    /// The JSON events of a `--log-format json` log; a line that is not one is left out (and fails the count above).
    static func events(_ log: String) -> [JSONValue] {
        log.split(separator: "\n").compactMap { try? JSONValue(parsing: Array($0.utf8)) }.filter { $0.objectValue != nil }
    }

    /// The value of one sample line of the Prometheus text format.
    static func sample(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }
}

/// A Supervisor that refuses serve's identity: named once in the log, counted per context and code, shown on the
/// dashboard and in the API, and noted once it works again.
@Suite(.serialized)
struct SupervisorProblemTests {
    @Test("a Supervisor that refuses serve: named once with the context, counted, on the dashboard; its recovery noted once")
    func refusedSupervisor() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(200))
        try await stopping(setup) { try await Self.namedUntilGranted($0) }
    }

    static func namedUntilGranted(_ setup: SupervisorSetup) async throws {
        let fleet = StagedFleet("sp", clusters: [("sp-int", "integration")])
        try await ServeTests.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
        let (origin, _) = try await ServeTests.repository(fleet)
        let tokens = try TestTokens(planes: setup.planes)
        let limited = "\(setup.supervisorContext)-limited"  // a user with no rights until granted below
        let serve = try await ServeProcess.start([
            "--repo", origin.path, "--interval", "2s", "--kubeconfig", setup.planes.kubeconfigPath, "--context", "dc1=\(limited)",
            "--management-context", setup.supervisorContext, "--timeout", "600", "--cluster-timeout", "900", "--today", "2026-11-27",
        ])

        let view = try await serve.waitForFleet(token: tokens.admin, "the refused Supervisor in the API") { view in
            view["problems"]?.arrayValue?.contains { $0["area"] == "supervisor" } == true
        }
        let problem = try #require(view["problems"]?.arrayValue?.first { $0["area"] == "supervisor" })
        #expect(problem["subject"] == "dc1")
        #expect(problem["reason"] == "forbidden")
        #expect(problem["message"]?.stringValue?.contains("Supervisor dc1 (context \(limited)) refuses peng") == true, "\(problem)")

        let failures = try await serve.waitFor("three failed passes counted") { () async -> Double? in
            guard let text = try? await serve.get("/metrics", token: tokens.admin).body,
                  let count = LeaseProblemTests.sample(text, #"peng_api_errors_total{context="\#(limited)",code="forbidden"}"#), count >= 3 else { return nil }
            return count
        }
        #expect(failures >= 3)
        let lines = serve.running.stderr.split(separator: "\n").filter { $0.contains(" supervisor_failed: ") }
        #expect(lines.count == 1, "logged when it starts, not on every pass: \(serve.running.stderr)")
        #expect(lines.first?.contains("warning supervisor_failed: Supervisor dc1 (context \(limited)) refuses peng") == true, "\(lines)")
        #expect(lines.first?.contains("area=supervisor") == true && lines.first?.contains("reason=forbidden") == true, "\(lines)")
        let banner = try await LeaseProblemTests.banner("problem-supervisor-dc1", on: serve, token: tokens.admin, screenshot: "supervisor-refuses")
        #expect(banner.visible && banner.text.contains("Supervisor dc1 cannot be used"), "the dashboard shows the banner: \(banner.text)")

        // The platform team grants the rights: the problem ends, once.
        let admin = try KubeClient(connection: try setup.planes.kubeconfig().connection(context: setup.supervisorContext))
        var binding = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: "peng-limited-admin")
        binding["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"]
        binding["subjects"] = [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "peng-limited"]]
        _ = try await admin.apply(binding, fieldManager: "test-setup")
        _ = try await serve.waitForFleet(token: tokens.admin, "the problem to end") { view in
            view["problems"]?.arrayValue?.contains { $0["area"] == "supervisor" } == false
        }
        #expect(serve.running.stderr.split(separator: "\n").filter { $0.contains(" supervisor_recovered: ") }.count == 1, "\(serve.running.stderr)")
        #expect(!serve.running.stderr.contains(tokens.admin) && !serve.running.stderr.contains(tokens.limited), "no credential in the log")
        serve.running.signal(SIGTERM)
        _ = await serve.running.finished()
    }

    @Test("a Supervisor token revoked while serve runs: named in status, metric, log and dashboard; renewed in place, cleared")
    func refusedCredentialsRenewedInPlace() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(200))
        try await stopping(setup) { try await Self.renewedInPlace($0) }
    }

    static func renewedInPlace(_ setup: SupervisorSetup) async throws {
        let fleet = StagedFleet("rc", clusters: [("rc-int", "integration")])
        try await ServeTests.prepareManagement(setup, vsphereNamespace: fleet.vsphereNamespace)
        let (origin, _) = try await ServeTests.repository(fleet)
        let tokens = try TestTokens(planes: setup.planes)
        // A kubeconfig as a platform team mounts it: the management cluster with its own token, the Supervisor with a
        // token file from a Secret, here already revoked.
        let folder = try PengBinary.temporaryFolder()
        let tokenFile = folder.appendingPathComponent("supervisor-token")
        try "revoked-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let management = try setup.planes.kubeconfig().connection(context: setup.supervisorContext)
        let authority = Data(try #require(management.certificateAuthorityPEM)).base64EncodedString()
        let kubeconfig = folder.appendingPathComponent("kubeconfig")
        try """
            apiVersion: v1
            kind: Config
            clusters:
            - name: sv
              cluster: {server: "\(management.server)", certificate-authority-data: \(authority)}
            users:
            - name: admin
              user: {token: \(tokens.admin)}
            - name: from-secret
              user: {tokenFile: \(tokenFile.path)}
            contexts:
            - name: mgmt
              context: {cluster: sv, user: admin}
            - name: dc1-file
              context: {cluster: sv, user: from-secret}
            current-context: mgmt
            """.write(to: kubeconfig, atomically: true, encoding: .utf8)
        let serve = try await ServeProcess.start([
            "--repo", origin.path, "--interval", "2s", "--kubeconfig", kubeconfig.path, "--context", "dc1=dc1-file",
            "--management-context", "mgmt", "--timeout", "600", "--cluster-timeout", "900", "--today", "2026-11-27",
        ])

        let view = try await serve.waitForFleet(token: tokens.admin, "the refused credentials in the API") { view in
            view["problems"]?.arrayValue?.contains { $0["area"] == "supervisor" && $0["reason"] == "unauthorized" } == true
        }
        let problem = try #require(view["problems"]?.arrayValue?.first { $0["area"] == "supervisor" })
        #expect(problem["message"]?.stringValue == "credentials for Supervisor dc1 (context dc1-file) were refused", "\(problem)")
        let metrics = try await serve.get("/metrics", token: tokens.admin).body
        #expect(LeaseProblemTests.sample(metrics, #"peng_credentials_valid{context="dc1-file"}"#) == 0, "\(metrics)")
        #expect(serve.running.stderr.contains("warning supervisor_failed: credentials for Supervisor dc1 (context dc1-file) were refused"))
        let banner = try await LeaseProblemTests.banner("problem-supervisor-dc1", on: serve, token: tokens.admin, screenshot: "credentials-refused")
        #expect(banner.visible && banner.text.contains("were refused") && banner.text.contains("renew them"), "\(banner.text)")

        // peng status names them too, with what to renew.
        let status = try await PengBinary.run(["status", origin.path, "--kubeconfig", kubeconfig.path, "--context", "dc1=dc1-file"])
        #expect(status.status == 1)
        #expect(status.stdout.contains("the credentials of context 'dc1-file' were refused"), "\(status.stdout)")
        #expect(status.stdout.contains("the token in \(tokenFile.path) is no longer valid: renew it"), "\(status.stdout)")
        #expect(!status.stdout.contains("revoked-token") && !serve.running.stderr.contains("revoked-token"), "no token in any output")

        // The Secret is renewed in place: serve picks the new token up without a restart.
        try "\(tokens.admin)\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        _ = try await serve.waitForFleet(token: tokens.admin, "the problem to end") { view in
            view["problems"]?.arrayValue?.contains { $0["area"] == "supervisor" } == false
        }
        let after = try await serve.get("/metrics", token: tokens.admin).body
        #expect(LeaseProblemTests.sample(after, #"peng_credentials_valid{context="dc1-file"}"#) == 1)
        #expect(serve.running.stderr.contains("supervisor_recovered"), "\(serve.running.stderr)")
        #expect(!serve.running.stderr.contains(tokens.admin), "no credential in the log")
        serve.running.signal(SIGTERM)
        _ = await serve.running.finished()
    }
}
