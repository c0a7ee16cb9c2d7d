import Foundation
import FleetModel
import FleetUpgrade
import KubeClient

/// Finds what on a live cluster still uses APIs that Kubernetes removes on the way to a target release: the API
/// server's own `apiserver_requested_deprecated_apis` metric (requests since it started), then the `apiVersion`
/// each field manager used on the objects of those kinds (`metadata.managedFields`). The metric is read first:
/// peng's own listing must not count as a use. Objects are listed through the replacement API where the server
/// serves it, and through the removed one only where it serves nothing else. The control plane's own field
/// managers are left out: they are upgraded with the control plane and write through its current APIs then.
struct RemovedAPIScanner: Sendable {
    var client: KubeClient

    /// Field managers of the control plane itself (API Priority and Fairness keeps its FlowSchemas, for one).
    static let controlPlaneManagers = ["api-priority-and-fairness-config-", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]

    static func isControlPlane(_ manager: String) -> Bool { controlPlaneManagers.contains { manager.hasPrefix($0) } }

    func uses(from running: ReleaseVersion, to target: ReleaseVersion) async throws -> [RemovedAPIUse] {
        let candidates = RemovedAPIs.removed(from: running, to: target)
        guard !candidates.isEmpty else { return [] }
        var uses = try await metricUses(from: running, to: target)
        for api in candidates {
            guard let listVersion = await servedVersion(of: api) else { continue }
            for object in try await client.list(apiVersion: listVersion, kind: api.kind) {
                let managers = (object[path: "metadata", "managedFields"]?.arrayValue ?? [])
                    .filter { $0["apiVersion"]?.stringValue == api.apiVersion }
                    .compactMap { $0["manager"]?.stringValue }
                    .filter { !Self.isControlPlane($0) }
                for manager in Set(managers).sorted() {
                    let name = object.namespace.map { "\($0)/\(object.name)" } ?? object.name
                    uses.append(RemovedAPIUse(apiVersion: api.apiVersion, object: "\(api.kind) \(name)", manager: manager,
                                              removedRelease: api.removedRelease, replacement: api.replacement, source: "managedFields"))
                }
            }
        }
        return uses
    }

    /// The version to list a removed API's kind through: its replacement if served, else itself if served.
    private func servedVersion(of api: RemovedAPI) async -> String? {
        for version in [api.replacement, api.apiVersion].compactMap({ $0 }) {
            if (try? await client.resource(apiVersion: version, kind: api.kind)) != nil { return version }
        }
        return nil
    }

    /// `apiserver_requested_deprecated_apis{group,version,resource,subresource,removed_release} 1` lines.
    private func metricUses(from running: ReleaseVersion, to target: ReleaseVersion) async throws -> [RemovedAPIUse] {
        let text = try await client.text("/metrics")
        return PrometheusText.samples(named: "apiserver_requested_deprecated_apis", in: text).compactMap { labels, value in
            guard value > 0, let removed = labels["removed_release"], let minor = Int(removed.split(separator: ".").last ?? ""),
                  minor > running.minor, minor <= target.minor, let version = labels["version"], let resource = labels["resource"]
            else { return nil }
            let group = labels["group"] ?? ""
            let apiVersion = group.isEmpty ? version : "\(group)/\(version)"
            let subresource = labels["subresource"].flatMap { $0.isEmpty ? nil : "/\($0)" } ?? ""
            let kind = RemovedAPIs.table.first { $0.apiVersion == apiVersion && $0.removedRelease == removed }
            return RemovedAPIUse(apiVersion: apiVersion, object: "requests to \(resource)\(subresource)", manager: nil, removedRelease: removed,
                                 replacement: kind?.replacement, source: "apiserver_requested_deprecated_apis")
        }
    }
}

/// The few lines of the Prometheus text format peng reads: `name{label="value",...} number`.
enum PrometheusText {
    static func samples(named name: String, in text: String) -> [(labels: [String: String], value: Double)] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(name + "{") || line.hasPrefix(name + " ") else { return nil }
            var labels: [String: String] = [:]
            var rest = line.dropFirst(name.count)
            if rest.first == "{" {
                rest = rest.dropFirst()
                while let equals = rest.firstIndex(of: "=") {
                    let key = rest[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: ", "))
                    rest = rest[rest.index(after: equals)...]
                    guard rest.first == "\"" else { return nil }
                    rest = rest.dropFirst()
                    var value = ""
                    while let character = rest.first, character != "\"" {
                        if character == "\\", let next = rest.dropFirst().first {
                            value.append(next == "n" ? "\n" : next)
                            rest = rest.dropFirst(2)
                        } else {
                            value.append(character)
                            rest = rest.dropFirst()
                        }
                    }
                    rest = rest.dropFirst()
                    labels[key] = value
                    if rest.first == "}" { break }
                }
                guard rest.first == "}" else { return nil }
                rest = rest.dropFirst()
            }
            guard let value = Double(rest.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") else { return nil }
            return (labels, value)
        }
    }
}
