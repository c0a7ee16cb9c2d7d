import FleetModel
import NIOHTTP1

/// One kind as the server serves it: its plural resource name and whether it lives in namespaces.
public struct APIResource: Sendable, Hashable {
    public var groupVersion: String
    public var kind: String
    public var name: String
    public var namespaced: Bool
    public var verbs: [String]
}

/// Discovery results per group/version, fetched once per client.
actor DiscoveryCache {
    private var byGroupVersion: [String: [String: APIResource]?] = [:]

    func cached(_ groupVersion: String) -> [String: APIResource]?? { byGroupVersion[groupVersion] }
    func store(_ groupVersion: String, _ resources: [String: APIResource]?) { byGroupVersion[groupVersion] = resources }
}

extension KubeClient {
    /// The resource that serves `kind` in `apiVersion`, or `KubeError.kindNotServed`.
    public func resource(apiVersion: String, kind: String) async throws -> APIResource {
        let resources = try await resources(in: apiVersion)
        guard let resource = resources?[kind] else {
            throw KubeError(.kindNotServed, "the API server does not serve \(kind) (\(apiVersion))",
                            hint: "install the CustomResourceDefinition that provides it (for packaging.carvel.dev: kapp-controller)")
        }
        return resource
    }

    /// nil when the group/version is not served at all.
    func resources(in groupVersion: String) async throws -> [String: APIResource]? {
        if let cached = await discovery.cached(groupVersion) { return cached }
        let path = groupVersion.contains("/") ? "/apis/\(groupVersion)" : "/api/\(groupVersion)"
        let response = try await send(.GET, path, accepting: [404])
        var resources: [String: APIResource]?
        if response.status != 404 {
            let list = try JSONValue(parsing: response.body)
            var found: [String: APIResource] = [:]
            for item in list["resources"]?.arrayValue ?? [] {
                guard let name = item["name"]?.stringValue, !name.contains("/"), let kind = item["kind"]?.stringValue else { continue }
                found[kind] = APIResource(groupVersion: groupVersion, kind: kind, name: name,
                                          namespaced: item["namespaced"]?.boolValue ?? false,
                                          verbs: item["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
            resources = found
        }
        await discovery.store(groupVersion, resources)
        return resources
    }

    /// Forget what discovery found (after CRDs were created, for instance).
    public func invalidateDiscovery(_ groupVersion: String) async {
        await discovery.forget(groupVersion)
    }

    /// Every listable kind in the preferred version of every group: for "does this namespace hold anything else?".
    public func allNamespacedListableResources() async throws -> [APIResource] {
        let groupVersions = try await preferredGroupVersions()
        var result: [APIResource] = []
        for groupVersion in groupVersions {
            for resource in (try await resources(in: groupVersion))?.values ?? [:].values
            where resource.namespaced && resource.verbs.contains("list") {
                result.append(resource)
            }
        }
        return result.sorted { ($0.groupVersion, $0.kind) < ($1.groupVersion, $1.kind) }
    }
}

extension KubeClient {
    /// `v1`, then the preferred version of every group the server serves (`apps/v1`, ...).
    public func preferredGroupVersions() async throws -> [String] {
        var groupVersions = ["v1"]
        let groups = try JSONValue(parsing: try await send(.GET, "/apis").body)
        for group in groups["groups"]?.arrayValue ?? [] {
            if let preferred = group[path: "preferredVersion", "groupVersion"]?.stringValue { groupVersions.append(preferred) }
        }
        return groupVersions
    }

    /// The API groups the server serves; "" is the core group.
    public func servedGroups() async throws -> [String] {
        try await preferredGroupVersions().map { $0.contains("/") ? String($0.split(separator: "/")[0]) : "" }
    }
}

extension DiscoveryCache {
    func forget(_ groupVersion: String) { byGroupVersion.removeValue(forKey: groupVersion) }
}
