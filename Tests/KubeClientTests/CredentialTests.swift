import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// Credentials as a long-running service gets them, against a real API server: a token file replaced in place, an
/// exec credential plugin (cached until it expires, fetched again when refused), and the in-cluster configuration.
@Suite(.serialized)
struct CredentialTests {
    /// One control plane for this suite's tests.
    static let plane = Task { try await LocalControlPlane.start(name: "credentials") }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peng-credentials-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Written the way Kubernetes updates a mounted Secret or a projected token: a new file renamed over the old.
    static func replace(_ file: URL, with text: String) throws {
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    static func adminToken(_ plane: LocalControlPlane) throws -> String {
        try String(contentsOf: plane.directory.appendingPathComponent("pki/admin.token"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The plane's cluster with a user of the given YAML, as context `test`.
    static func kubeconfig(_ plane: LocalControlPlane, user: String, in folder: URL) throws -> Kubeconfig {
        let server = try plane.kubeconfig().connection().server
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: plane
              cluster: {server: "\(server)", certificate-authority: "\(plane.directory.path)/pki/ca.crt"}
            users:
            - name: test-user
              user:
            \(user.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            contexts:
            - name: test
              context: {cluster: plane, user: test-user}
            current-context: test
            """
        let file = folder.appendingPathComponent("kubeconfig")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try Kubeconfig.load(path: file.path)
    }

    static let namespace = ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "default")

    @Test("a token file replaced in place is read again: a revoked token is named with the file to renew, the renewed one works")
    func rotatedTokenFile() async throws {
        let plane = try await Self.plane.value
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }  // a temporary folder; nothing to report if it is gone
        let token = folder.appendingPathComponent("token")
        try Self.replace(token, with: try Self.adminToken(plane) + "\n")
        var options = KubeClient.Options()
        options.attempts = 1
        let client = try KubeClient(connection: try Self.kubeconfig(plane, user: "tokenFile: \(token.path)", in: folder).connection(), options: options)
        #expect(try await client.get(Self.namespace) != nil)

        try Self.replace(token, with: "revoked-token")
        let error = await #expect(throws: KubeError.self) { _ = try await client.get(Self.namespace) }
        #expect(error?.code == .unauthorized)
        #expect(error?.message.contains("the credentials of context 'test' were refused") == true, "\(String(describing: error))")
        #expect(error?.hint?.contains("the token in \(token.path) is no longer valid: renew it") == true, "\(String(describing: error))")
        #expect(error.map { !"\($0)".contains("revoked-token") } == true, "the token is never in a message")

        try Self.replace(token, with: try Self.adminToken(plane))
        #expect(try await client.get(Self.namespace) != nil, "the renewed token is picked up without a new client")
    }

    /// A plugin script: counts its runs in `calls`, keeps the request it got in `info`, and answers from `answers`
    /// (one line per run: the token, then the expiration; the last line repeats).
    static func plugin(in folder: URL) throws -> URL {
        let script = folder.appendingPathComponent("plugin.sh")
        try """
            #!/bin/sh
            n=$(( $(cat "$PLUGIN_DIR/calls" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$PLUGIN_DIR/calls"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$PLUGIN_DIR/info"
            line=$(sed -n "${n}p" "$PLUGIN_DIR/answers"); [ -n "$line" ] || line=$(tail -n 1 "$PLUGIN_DIR/answers")
            set -- $line
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$1" "$2"
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    static func execUser(_ script: URL, folder: URL) -> String {
        """
        exec:
          apiVersion: client.authentication.k8s.io/v1
          command: \(script.path)
          env: [{name: PLUGIN_DIR, value: "\(folder.path)"}]
          interactiveMode: Never
          provideClusterInfo: true
        """
    }

    static func calls(_ folder: URL) -> Int {
        Int((try? String(contentsOf: folder.appendingPathComponent("calls"), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }

    /// A client whose user runs a plugin of its own (in a folder under `parent`) answering `answers`; with its folder.
    static func pluginClient(_ plane: LocalControlPlane, answers: String, under parent: URL) throws -> (KubeClient, URL) {
        let folder = parent.appendingPathComponent(UUID().uuidString.prefix(8).description)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = try plugin(in: folder)
        try replace(folder.appendingPathComponent("answers"), with: answers)
        var options = KubeClient.Options()
        options.attempts = 1
        let config = try kubeconfig(plane, user: execUser(script, folder: folder), in: folder)
        return (try KubeClient(connection: try config.connection(), options: options), folder)
    }

    @Test("an exec plugin's token is kept until it expires, fetched again once expired and when the server refuses it")
    func execPlugin() async throws {
        let plane = try await Self.plane.value
        let parent = try Self.folder()
        defer { try? FileManager.default.removeItem(at: parent) }  // a temporary folder; nothing to report if it is gone
        let admin = try Self.adminToken(plane)

        // Valid for an hour: three requests, one run.
        let (client, folder) = try Self.pluginClient(plane, answers: "\(admin) 2099-01-01T00:00:00Z\n", under: parent)
        for _ in 0..<3 { #expect(try await client.get(Self.namespace) != nil) }
        #expect(Self.calls(folder) == 1, "cached until it expires")
        let info = try JSONValue(parsing: Array(try String(contentsOf: folder.appendingPathComponent("info"), encoding: .utf8).utf8))
        #expect(info[path: "spec", "interactive"] == false)
        #expect(info[path: "spec", "cluster", "server"]?.stringValue == (try plane.kubeconfig().connection().server), "provideClusterInfo")

        // A token the server refuses (revoked early): the request is retried once with a fresh one and succeeds.
        let (refreshed, second) = try Self.pluginClient(plane, answers: "revoked 2099-01-01T00:00:00Z\n\(admin) 2099-01-01T00:00:00Z\n", under: parent)
        #expect(try await refreshed.get(Self.namespace) != nil)
        #expect(Self.calls(second) == 2, "fetched again after the 401")

        // Already expired: every request runs it again.
        let (expiring, third) = try Self.pluginClient(plane, answers: "\(admin) 2000-01-01T00:00:00Z\n", under: parent)
        _ = try await expiring.get(Self.namespace)  // with the discovery of the kind: one run per request
        let before = Self.calls(third)
        _ = try await expiring.get(Self.namespace)
        #expect(before >= 1 && Self.calls(third) == before + 1)
    }

    @Test("a failing plugin is named with its user and exit status; an unsupported exec apiVersion is refused when the kubeconfig is read")
    func failingPlugin() async throws {
        let plane = try await Self.plane.value
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }  // a temporary folder; nothing to report if it is gone
        let script = folder.appendingPathComponent("fails.sh")
        try "#!/bin/sh\necho 'please log in first' >&2\nexit 3\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let client = try KubeClient(connection: try Self.kubeconfig(plane, user: "exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: \(script.path)}",
                                                                    in: folder).connection())
        let error = await #expect(throws: KubeError.self) { _ = try await client.get(Self.namespace) }
        #expect(error?.message == "the credential plugin '\(script.path)' of user 'test-user' failed (exit 3): please log in first", "\(String(describing: error))")

        #expect(throws: KubeError.self) {
            _ = try Self.kubeconfig(plane, user: "exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}", in: folder)
        }
    }

    @Test("in-cluster configuration: the service address from the environment, the ServiceAccount's CA and token file")
    func inCluster() async throws {
        let plane = try await Self.plane.value
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }  // a temporary folder; nothing to report if it is gone
        let account = root.appendingPathComponent("var/run/secrets/kubernetes.io/serviceaccount")
        try FileManager.default.createDirectory(at: account, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: plane.directory.appendingPathComponent("pki/ca.crt"), to: account.appendingPathComponent("ca.crt"))
        try Self.replace(account.appendingPathComponent("token"), with: try Self.adminToken(plane))
        let port = try #require(URL(string: try plane.kubeconfig().connection().server)?.port)

        #expect(try Kubeconfig.inCluster(environment: [:], root: root.path) == nil, "outside a cluster: nothing")
        let connection = try #require(try Kubeconfig.inCluster(environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(port)"],
                                                               root: root.path))
        #expect(connection.server == "https://127.0.0.1:\(port)")
        let client = try KubeClient(connection: connection)
        #expect(try await client.get(Self.namespace) != nil, "the CA verifies the server and the token authenticates")

        let missing = try Self.folder()
        defer { try? FileManager.default.removeItem(at: missing) }  // a temporary folder; nothing to report if it is gone
        let error = #expect(throws: KubeError.self) {
            _ = try Kubeconfig.inCluster(environment: ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(port)"], root: missing.path)
        }
        #expect(error?.hint?.contains("automountServiceAccountToken") == true)
    }
}
