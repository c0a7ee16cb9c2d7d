import FleetModel
import Foundation
internal import Yams

/// A kubeconfig as kubectl reads it: `KUBECONFIG` may name several files, merged so that the first
/// file to define a cluster, user, context or current-context wins.
public struct Kubeconfig: Sendable {
    public struct ClusterEntry: Sendable {
        public var server: String
        public var certificateAuthority: String?
        public var certificateAuthorityData: String?
        public var insecureSkipTLSVerify: Bool
        public var tlsServerName: String?
    }

    public struct UserEntry: Sendable {
        public var token: String?
        public var tokenFile: String?
        public var clientCertificate: String?
        public var clientCertificateData: String?
        public var clientKey: String?
        public var clientKeyData: String?
        public var exec: ExecPlugin?
    }

    public struct ContextEntry: Sendable {
        public var cluster: String
        public var user: String
        public var namespace: String?
    }

    public var clusters: [String: ClusterEntry] = [:]
    public var users: [String: UserEntry] = [:]
    public var contexts: [String: ContextEntry] = [:]
    public var currentContext: String?
    /// The files read, for messages.
    public var files: [String] = []

    public init() {}

    /// `--kubeconfig PATH`, else `$KUBECONFIG` (colon-separated), else `~/.kube/config`.
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Kubeconfig {
        let paths: [String]
        if let path {
            paths = [path]
        } else if let variable = environment["KUBECONFIG"], !variable.isEmpty {
            paths = variable.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        } else {
            paths = [(environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"]
        }
        var merged = Kubeconfig()
        let named = path != nil || paths.count == 1
        for file in paths {
            let text: String
            do { text = try InputFile.text(file, what: "kubeconfig", allowEmpty: !named) } catch let error as InputFileError {
                // kubectl ignores missing files in a KUBECONFIG list
                if error.problem == .missing, !named { continue }
                throw KubeError(.configuration, error.description, hint: "pass --kubeconfig PATH or set KUBECONFIG to a kubeconfig file")
            }
            try merged.merge(parse(text, file: file))
        }
        return merged
    }

    /// One kubeconfig file; relative file references are resolved against its folder.
    public static func parse(_ text: String, file: String) throws -> Kubeconfig {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw KubeError(.configuration, "kubeconfig '\(file)' is not valid YAML: \(error)")
        }
        var config = Kubeconfig()
        config.files = [file]
        guard let node else { return config }  // an empty file is an empty kubeconfig, as kubectl reads it
        let sections = ["clusters", "contexts", "users", "current-context", "preferences"]
        let notKubeconfig = { (why: String) in
            KubeError(.configuration, "'\(file)' is not a kubeconfig: \(why)",
                      hint: "pass --kubeconfig with a kubeconfig file (kubectl config view shows the one kubectl uses)")
        }
        guard let root = node.mapping else { throw notKubeconfig("it is not a YAML mapping") }
        if let kind = root["kind"]?.string, kind != "Config" { throw notKubeconfig("its kind is \(kind), not Config") }
        guard root["kind"] != nil || sections.contains(where: { root[$0] != nil }) else {
            throw notKubeconfig("it has none of clusters, contexts and users")
        }
        let folder = (file as NSString).deletingLastPathComponent
        func path(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return value.hasPrefix("/") ? value : (folder as NSString).appendingPathComponent(value)
        }
        for item in root["clusters"]?.sequence ?? [] {
            guard let name = item["name"]?.string, let cluster = item["cluster"] else { continue }
            config.clusters[name] = ClusterEntry(
                server: cluster["server"]?.string ?? "",
                certificateAuthority: path(cluster["certificate-authority"]?.string),
                certificateAuthorityData: cluster["certificate-authority-data"]?.string,
                insecureSkipTLSVerify: cluster["insecure-skip-tls-verify"]?.bool ?? false,
                tlsServerName: cluster["tls-server-name"]?.string)
        }
        for item in root["users"]?.sequence ?? [] {
            guard let name = item["name"]?.string else { continue }
            let user = item["user"]
            config.users[name] = UserEntry(
                token: user?["token"]?.string, tokenFile: path(user?["tokenFile"]?.string),
                clientCertificate: path(user?["client-certificate"]?.string),
                clientCertificateData: user?["client-certificate-data"]?.string,
                clientKey: path(user?["client-key"]?.string), clientKeyData: user?["client-key-data"]?.string,
                exec: try user?["exec"].map { try execPlugin($0, user: name, file: file) })
        }
        for item in root["contexts"]?.sequence ?? [] {
            guard let name = item["name"]?.string, let context = item["context"] else { continue }
            config.contexts[name] = ContextEntry(cluster: context["cluster"]?.string ?? "", user: context["user"]?.string ?? "",
                                                 namespace: context["namespace"]?.string)
        }
        if let current = root["current-context"]?.string, !current.isEmpty { config.currentContext = current }
        return config
    }

    /// A user's `exec` section; an unknown apiVersion or a missing command is an error naming the user.
    private static func execPlugin(_ node: Node, user: String, file: String) throws -> ExecPlugin {
        let apiVersion = node["apiVersion"]?.string ?? ""
        guard ExecPlugin.versions.contains(apiVersion) else {
            throw KubeError(.configuration, "user '\(user)' in '\(file)': exec apiVersion '\(apiVersion)' is not supported",
                            hint: "use client.authentication.k8s.io/v1 or v1beta1")
        }
        guard let command = node["command"]?.string, !command.isEmpty else {
            throw KubeError(.configuration, "user '\(user)' in '\(file)': exec has no command")
        }
        let env = (node["env"]?.sequence ?? []).compactMap { item -> [String]? in
            guard let name = item["name"]?.string else { return nil }
            return [name, item["value"]?.string ?? ""]
        }
        return ExecPlugin(apiVersion: apiVersion, command: command, args: (node["args"]?.sequence ?? []).compactMap(\.string), env: env,
                          interactiveMode: node["interactiveMode"]?.string, provideClusterInfo: node["provideClusterInfo"]?.bool ?? false,
                          user: user)
    }

    /// The first definition wins, as in kubectl.
    public mutating func merge(_ other: Kubeconfig) {
        clusters.merge(other.clusters) { mine, _ in mine }
        users.merge(other.users) { mine, _ in mine }
        contexts.merge(other.contexts) { mine, _ in mine }
        if currentContext == nil { currentContext = other.currentContext }
        files += other.files
    }

    /// Everything needed to reach one context's API server. Credentials are read here, never printed.
    public func connection(context name: String? = nil) throws -> ClusterConnection {
        guard let contextName = name ?? currentContext else {
            throw KubeError(.configuration, "no context given and the kubeconfig has no current-context",
                            hint: "pass a context name; known contexts: \(contexts.keys.sorted().joined(separator: ", "))")
        }
        guard let context = contexts[contextName] else {
            let known = contexts.keys.sorted()
            throw KubeError(.configuration, "context '\(contextName)' is not in the kubeconfig (\(files.joined(separator: ", ")))",
                            hint: Suggestion.closest(to: contextName, in: known).map { "did you mean '\($0)'?" }
                                ?? "known contexts: \(known.joined(separator: ", "))")
        }
        guard let cluster = clusters[context.cluster] else {
            throw KubeError(.configuration, "context '\(contextName)' names cluster '\(context.cluster)', which the kubeconfig does not define")
        }
        guard let server = URL(string: cluster.server), let scheme = server.scheme, server.host != nil else {
            throw KubeError(.configuration, "cluster '\(context.cluster)' has no valid server URL ('\(cluster.server)')")
        }
        let user = users[context.user] ?? UserEntry()
        var connection = ClusterConnection(context: contextName, server: cluster.server.hasSuffix("/") ? String(cluster.server.dropLast()) : cluster.server)
        connection.insecureSkipTLSVerify = cluster.insecureSkipTLSVerify
        connection.tlsServerName = cluster.tlsServerName
        if scheme == "https" {
            connection.certificateAuthorityPEM = try Self.material(file: cluster.certificateAuthority, data: cluster.certificateAuthorityData,
                                                                   what: "certificate authority of cluster '\(context.cluster)'")
        }
        connection.clientCertificatePEM = try Self.material(file: user.clientCertificate, data: user.clientCertificateData,
                                                            what: "client certificate of user '\(context.user)'")
        connection.clientKeyPEM = try Self.material(file: user.clientKey, data: user.clientKeyData,
                                                    what: "client key of user '\(context.user)'")
        if let token = user.token, !token.isEmpty {
            connection.bearerToken = token
        } else if let file = user.tokenFile {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw KubeError(.configuration, "cannot read the token file of user '\(context.user)': \(file)")
            }
            connection.tokenSource = .file(file)
        } else if let exec = user.exec {
            connection.tokenSource = .exec(exec)
        }
        return connection
    }

    /// The API server of the cluster peng runs in, as client-go's in-cluster configuration finds it: the service
    /// address from `KUBERNETES_SERVICE_HOST`/`_PORT`, the ServiceAccount's CA, and its token file (read again when
    /// it changes: projected tokens rotate). `root` is `/` but for tests. Nil when not running in a cluster.
    public static func inCluster(environment: [String: String] = ProcessInfo.processInfo.environment, root: String = "/") throws -> ClusterConnection? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else { return nil }
        guard let port = environment["KUBERNETES_SERVICE_PORT"], Int(port) != nil else {
            throw KubeError(.configuration, "KUBERNETES_SERVICE_HOST is set but KUBERNETES_SERVICE_PORT is not a port",
                            hint: "run peng in a pod, or pass --kubeconfig")
        }
        let folder = (root as NSString).appendingPathComponent("var/run/secrets/kubernetes.io/serviceaccount")
        let server = "https://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        var connection = ClusterConnection(context: "in-cluster", server: server)
        let ca = (folder as NSString).appendingPathComponent("ca.crt"), token = (folder as NSString).appendingPathComponent("token")
        guard let authority = FileManager.default.contents(atPath: ca), FileManager.default.isReadableFile(atPath: token) else {
            throw KubeError(.configuration, "running in a cluster, but the ServiceAccount's token or CA is not in \(folder)",
                            hint: "mount the ServiceAccount token (automountServiceAccountToken), or pass --kubeconfig")
        }
        connection.certificateAuthorityPEM = Array(authority)
        connection.tokenSource = .file(token)
        return connection
    }

    private static func material(file: String?, data: String?, what: String) throws -> [UInt8]? {
        if let data, !data.isEmpty {
            guard let decoded = Data(base64Encoded: data.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw KubeError(.configuration, "the \(what) is not valid base64 data")
            }
            return Array(decoded)
        }
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw KubeError(.configuration, "cannot read the \(what) from '\(file)'")
            }
            return Array(contents)
        }
        return nil
    }
}

/// A resolved context: the server and the credentials to reach it.
public struct ClusterConnection: Sendable, Hashable {
    public var context: String
    public var server: String
    public var certificateAuthorityPEM: [UInt8]?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    public var bearerToken: String?
    /// Where the token comes from when it is not given: a file or an exec plugin (read per request, cached).
    public var tokenSource: TokenSource?
    public var insecureSkipTLSVerify = false
    public var tlsServerName: String?

    public init(context: String, server: String) {
        self.context = context
        self.server = server
    }
}
