import Crypto
import FleetModel
import Foundation
import KubeClient

/// Who is asking: the user and groups the management cluster's TokenReview returned.
public struct Viewer: Sendable, Hashable, Codable {
    public var user: String
    public var groups: [String]

    public init(user: String, groups: [String]) {
        self.user = user
        self.groups = groups
    }
}

/// What a viewer may see and do, decided once per request from the reviews.
public struct Access: Sendable {
    public var viewer: Viewer
    /// The whole fleet: SubjectAccessReview `get` on `fleets.peng.dev/<fleet>`.
    public var seesFleet: Bool
    /// Teams whose owners or viewers groups include one of the viewer's groups.
    public var teams: Set<String>
    /// Teams whose owners groups include one of the viewer's groups: they may order products.
    public var ownedTeams: Set<String>

    /// Clusters where one of `teams` has namespaces.
    public var clusters: Set<String>

    /// `identity`: how the authenticator names the Teams' groups (the viewer's groups come from it).
    public init(viewer: Viewer, seesFleet: Bool, teams all: [Team], identity: GroupIdentity = .asWritten) {
        self.viewer = viewer
        self.seesFleet = seesFleet
        let groups = Set(viewer.groups)
        func includes(_ teamGroups: [String]) -> Bool { !groups.isDisjoint(with: teamGroups.map(identity.subject)) }
        let visible = all.filter { includes($0.owners + $0.viewers) }
        teams = Set(visible.map(\.name))
        ownedTeams = Set(all.filter { includes($0.owners) }.map(\.name))
        clusters = Set(visible.flatMap { $0.spaces.map(\.cluster) })
    }

    /// Whether this viewer may see anything at all.
    public var seesAnything: Bool { seesFleet || !teams.isEmpty }

    public func sees(team: String) -> Bool { seesFleet || teams.contains(team) }

    /// Every cluster, or those where one of the viewer's teams has namespaces.
    public func sees(cluster: String) -> Bool { seesFleet || clusters.contains(cluster) }
}

/// TokenReview and SubjectAccessReview on the management cluster, with answers kept for a few seconds (keyed by
/// a hash of the token, never the token) so a dashboard that refreshes and an API under load do not ask the API
/// server for every request.
public actor AccessReviewer {
    public enum Action: String, Sendable, CaseIterable {
        case get, sync, suspend, resume
    }

    private let client: KubeClient
    private let lifetime: Duration
    private let fleetName: @Sendable () async -> String
    private var tokens: [String: (viewer: Viewer?, until: ContinuousClock.Instant)] = [:]
    private var decisions: [String: (allowed: Bool, until: ContinuousClock.Instant)] = [:]

    public init(client: KubeClient, lifetime: Duration = .seconds(10), fleetName: @escaping @Sendable () async -> String) {
        self.client = client
        self.lifetime = lifetime
        self.fleetName = fleetName
    }

    /// The viewer behind a bearer token; nil when the API server does not accept the token.
    public func authenticate(_ token: String) async throws -> Viewer? {
        let key = Self.digest(token)
        if let cached = tokens[key], cached.until > .now { return cached.viewer }
        var review = KubeObject(apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", name: "")
        review["metadata"] = .object([:])
        review["spec"] = .object(["token": .string(token)])
        let answer = try await client.create(review, fieldManager: "peng-serve")
        var viewer: Viewer?
        if answer[path: "status", "authenticated"]?.boolValue == true, let user = answer[path: "status", "user", "username"]?.stringValue {
            viewer = Viewer(user: user, groups: answer[path: "status", "user", "groups"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        remember(&tokens, key, (viewer, .now + lifetime))
        return viewer
    }

    /// SubjectAccessReview: may this viewer do `action` on `fleets.peng.dev/<fleet>`?
    public func allows(_ viewer: Viewer, _ action: Action) async throws -> Bool {
        let fleet = await fleetName()
        let key = Self.digest("\(viewer.user)\u{0}\(viewer.groups.joined(separator: ","))\u{0}\(action.rawValue)\u{0}\(fleet)")
        if let cached = decisions[key], cached.until > .now { return cached.allowed }
        var review = KubeObject(apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", name: "")
        review["metadata"] = .object([:])
        review["spec"] = .object([
            "user": .string(viewer.user), "groups": .array(viewer.groups.map { .string($0) }),
            "resourceAttributes": .object(["group": "peng.dev", "resource": "fleets", "verb": .string(action.rawValue), "name": .string(fleet)]),
        ])
        let answer = try await client.create(review, fieldManager: "peng-serve")
        let allowed = answer[path: "status", "allowed"]?.boolValue == true
        remember(&decisions, key, (allowed, .now + lifetime))
        return allowed
    }

    private func remember<V>(_ cache: inout [String: V], _ key: String, _ value: V) {
        if cache.count > 10_000 { cache.removeAll() }
        cache[key] = value
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
