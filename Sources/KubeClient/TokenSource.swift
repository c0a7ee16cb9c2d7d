import FleetModel
import Foundation
import ProcessRunner

/// Where a context's bearer token comes from when the kubeconfig does not hold it: a file, read again when it changes
/// (a mounted Secret or a projected ServiceAccount token is replaced in place), or an exec credential plugin, run as
/// kubectl runs it, its token kept until it expires and fetched again when a server refuses it.
public enum TokenSource: Sendable, Hashable {
    case file(String)
    case exec(ExecPlugin)
}

/// A kubeconfig user's `exec` section (`client.authentication.k8s.io/v1` or `v1beta1`).
public struct ExecPlugin: Sendable, Hashable {
    public var apiVersion: String
    public var command: String
    public var args: [String]
    /// Added to peng's own environment, in order.
    public var env: [[String]]
    /// `Never`, `IfAvailable` or `Always`; peng never has a terminal to offer, so `Always` is refused.
    public var interactiveMode: String?
    public var provideClusterInfo: Bool
    /// The user's name in the kubeconfig, for messages.
    public var user: String

    public static let versions: Set<String> = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]
}

/// The tokens of every `TokenSource` in the process, shared by every client: a file is read again only when its size,
/// time or inode changed; a plugin's token is kept until shortly before it expires.
actor TokenCache {
    static let shared = TokenCache()

    struct Entry: Sendable {
        var token: String
        /// For a file: what it looked like when read.
        var stamp: [String: String]?
        /// For a plugin: when the token expires (nil: kept until a server refuses it).
        var expires: Date?
    }

    private var entries: [TokenSource: Entry] = [:]
    /// Plugin runs in flight, so concurrent requests share one run.
    private var running: [TokenSource: Task<Entry, Error>] = [:]

    func token(_ source: TokenSource, connection: ClusterConnection) async throws -> String {
        switch source {
        case .file(let path):
            let stamp = Self.stamp(path)
            if let entry = entries[source], entry.stamp == stamp { return entry.token }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw KubeError(.configuration, "cannot read the token file '\(path)' (context '\(connection.context)')",
                                hint: "check that the file exists and is readable by peng")
            }
            let entry = Entry(token: text.trimmingCharacters(in: .whitespacesAndNewlines), stamp: stamp)
            entries[source] = entry
            return entry.token
        case .exec(let plugin):
            if let entry = entries[source], entry.expires.map({ $0.timeIntervalSinceNow > 10 }) ?? true { return entry.token }
            if let task = running[source] { return try await task.value.token }
            let task = Task { try await ExecCredentialRunner.run(plugin, connection: connection) }
            running[source] = task
            defer { running[source] = nil }
            let result = try await task.value
            entries[source] = result
            return result.token
        }
    }

    /// A server refused `token`: forget it, so the next request reads the file or runs the plugin again.
    func refused(_ source: TokenSource, token: String) {
        if entries[source]?.token == token { entries[source] = nil }
    }

    private static func stamp(_ path: String) -> [String: String]? {
        // A file that cannot be examined is read on every request; the read then says what is wrong.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        var stamp: [String: String] = [:]
        for key in [FileAttributeKey.size, .modificationDate, .systemFileNumber] { stamp[key.rawValue] = attributes[key].map { "\($0)" } }
        return stamp
    }

    private init() {}
}

/// Runs an exec credential plugin off Swift's cooperative threads, as kubectl does: `KUBERNETES_EXEC_INFO` describes
/// the request (with the cluster when `provideClusterInfo`), standard output is an `ExecCredential`.
enum ExecCredentialRunner {
    static func run(_ plugin: ExecPlugin, connection: ClusterConnection) async throws -> TokenCache.Entry {
        if plugin.interactiveMode == "Always" {
            throw KubeError(.configuration, "the credential plugin of user '\(plugin.user)' needs a terminal (interactiveMode: Always)",
                            hint: "peng runs plugins without one; use a plugin or a mode that works non-interactively")
        }
        var info: [String: JSONValue] = ["interactive": false]
        if plugin.provideClusterInfo {
            var cluster: [String: JSONValue] = ["server": .string(connection.server)]
            if let ca = connection.certificateAuthorityPEM { cluster["certificate-authority-data"] = .string(Data(ca).base64EncodedString()) }
            if connection.insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = true }
            if let name = connection.tlsServerName { cluster["tls-server-name"] = .string(name) }
            info["cluster"] = .object(cluster)
        }
        let request: JSONValue = ["apiVersion": .string(plugin.apiVersion), "kind": "ExecCredential", "spec": .object(info)]
        var environment = ProcessInfo.processInfo.environment
        for pair in plugin.env where pair.count == 2 { environment[pair[0]] = pair[1] }
        environment["KUBERNETES_EXEC_INFO"] = request.jsonString()
        let result = await ProcessRunner.run(plugin.command, plugin.args, environment: environment)
        let name = "the credential plugin '\(plugin.command)' of user '\(plugin.user)'"
        guard result.status == 0 else {
            let said = result.stderr.split(separator: "\n").first.map { ": \($0.prefix(300))" } ?? ""
            throw KubeError(.unauthorized, "\(name) failed (exit \(result.status))\(said)",
                            hint: "run it by hand to see why; it may need a login first")
        }
        guard let credential = try? JSONValue(parsing: Array(result.stdout.utf8)), credential["kind"] == "ExecCredential",
              let token = credential[path: "status", "token"]?.stringValue, !token.isEmpty
        else {
            throw KubeError(.configuration, "\(name) did not print an ExecCredential with a token",
                            hint: "peng takes tokens from plugins; client certificates from plugins are not supported")
        }
        let expires = credential[path: "status", "expirationTimestamp"]?.stringValue.flatMap { ISO8601DateFormatter().date(from: $0) }
        return TokenCache.Entry(token: token, stamp: nil, expires: expires)
    }
}
