import Foundation
import KubeClient
import Testing
import TestHarness

/// kubeconfig as kubectl reads it. Pure file parsing: no server needed.
@Suite("kubeconfig")
struct KubeconfigTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peng-kubeconfig-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    static let first = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: one
          cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
        users:
        - name: token-user
          user: {token: abc123}
        - name: file-user
          user: {tokenFile: token.txt}
        contexts:
        - name: one
          context: {cluster: one, user: token-user}
        - name: one-file
          context: {cluster: one, user: file-user}
        current-context: one
        """

    static let second = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: one
          cluster: {server: "https://10.0.0.1:6443"}
        - name: two
          cluster: {server: "https://127.0.0.2:6443/", certificate-authority-data: \(Data("PEM".utf8).base64EncodedString()), insecure-skip-tls-verify: true}
        users:
        - name: cert-user
          user: {client-certificate-data: \(Data("CERT".utf8).base64EncodedString()), client-key-data: \(Data("KEY".utf8).base64EncodedString())}
        contexts:
        - name: two
          context: {cluster: two, user: cert-user}
        current-context: two
        """

    @Test("KUBECONFIG with several files: merged, the first definition and current-context win")
    func merge() throws {
        let folder = try Self.folder(["a.yaml": Self.first, "b.yaml": Self.second, "ca.crt": "CA-PEM", "token.txt": "from-file\n"])
        let config = try Kubeconfig.load(environment: ["KUBECONFIG": "\(folder.path)/a.yaml:\(folder.path)/b.yaml:\(folder.path)/missing.yaml"])
        #expect(config.currentContext == "one")
        #expect(config.clusters["one"]?.server == "https://127.0.0.1:6443")
        #expect(Set(config.contexts.keys) == ["one", "one-file", "two"])

        let one = try config.connection()
        #expect(one.server == "https://127.0.0.1:6443")
        #expect(one.bearerToken == "abc123")
        #expect(one.certificateAuthorityPEM == Array("CA-PEM".utf8), "a relative certificate-authority is read next to the kubeconfig")
        #expect(try config.connection(context: "one-file").tokenSource == .file("\(folder.path)/token.txt"),
                "a relative tokenFile is found next to the kubeconfig, and read per request")

        let two = try config.connection(context: "two")
        #expect(two.server == "https://127.0.0.2:6443")
        #expect(two.certificateAuthorityPEM == Array("PEM".utf8))
        #expect(two.clientCertificatePEM == Array("CERT".utf8))
        #expect(two.clientKeyPEM == Array("KEY".utf8))
        #expect(two.insecureSkipTLSVerify)
    }

    @Test("an unknown context is an error with a suggestion, and a missing file names the file")
    func errors() throws {
        let folder = try Self.folder(["a.yaml": Self.first, "ca.crt": "x", "token.txt": "t"])
        let config = try Kubeconfig.load(path: folder.appendingPathComponent("a.yaml").path)
        #expect {
            try config.connection(context: "onee")
        } throws: { error in
            "\(error)".contains("context 'onee' is not in the kubeconfig") && "\(error)".contains("did you mean 'one'?")
        }
        #expect {
            try Kubeconfig.load(path: "/nonexistent/kubeconfig")
        } throws: { error in
            "\(error)".contains("kubeconfig '/nonexistent/kubeconfig' does not exist")
        }
    }

    @Test("a kubeconfig never prints its credentials in an error")
    func noCredentialsInErrors() throws {
        let folder = try Self.folder(["a.yaml": Self.first.replacingOccurrences(of: "ca.crt", with: "absent.crt"), "token.txt": "t"])
        let config = try Kubeconfig.load(path: folder.appendingPathComponent("a.yaml").path)
        #expect {
            try config.connection(context: "one")
        } throws: { error in
            !"\(error)".contains("abc123") && "\(error)".contains("certificate authority")
        }
    }
}

/// The wrong file where a kubeconfig is expected is named as such, by the library and by the command.
@Suite("not a kubeconfig")
struct NotAKubeconfigTests {
    static let passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"

    @Test("a file that is not a kubeconfig is an error saying so, not an empty list of contexts")
    func parse() throws {
        let error = #expect(throws: KubeError.self) { _ = try Kubeconfig.parse(Self.passwd, file: "/etc/passwd") }
        #expect(error?.message == "'/etc/passwd' is not a kubeconfig: it is not a YAML mapping")
        let mapping = #expect(throws: KubeError.self) { _ = try Kubeconfig.parse("name: fleet\nstages: [a]\n", file: "fleet.yaml") }
        #expect(mapping?.message == "'fleet.yaml' is not a kubeconfig: it has none of clusters, contexts and users")
        let platform = #expect(throws: KubeError.self) { _ = try Kubeconfig.parse("apiVersion: peng.dev/v1alpha1\nkind: Platform\n", file: "platform.yaml") }
        #expect(platform?.message == "'platform.yaml' is not a kubeconfig: its kind is Platform, not Config")
        #expect(try Kubeconfig.parse("", file: "empty").contexts.isEmpty, "an empty file in a KUBECONFIG list is an empty kubeconfig, as for kubectl")
    }

    @Test("peng status --kubeconfig with a file that is not one: exit 1 and the reason, nothing else")
    func command() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peng-notkube-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // a temporary folder; nothing to report if it is gone
        let file = folder.appendingPathComponent("passwd")
        try Self.passwd.write(to: file, atomically: true, encoding: .utf8)
        let fleet = PengBinary.repositoryRoot.appendingPathComponent("examples/fleet").path
        let status = try await PengBinary.run(["status", fleet, "--kubeconfig", file.path])
        #expect(status.status == 1)
        #expect(status.stderr.contains("'\(file.path)' is not a kubeconfig: it is not a YAML mapping"), "\(status.stderr)")
        #expect(!status.stderr.contains("known contexts"), "\(status.stderr)")
    }
}
