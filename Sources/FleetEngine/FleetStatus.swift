import FleetModel
import FleetRender
import FleetUpgrade
import KubeClient

/// One extension on one cluster: the version the fleet wants and what kapp-controller reports.
public struct ExtensionStatus: Sendable, Codable {
    public var name: String
    public var desiredVersion: String
    /// `status.version` of the PackageInstall: the version kapp-controller installed.
    public var installedVersion: String?
    /// `reconciled`, `reconciling: ...`, `failed: ...` or `missing`.
    public var state: String
    public var healthy: Bool
}

/// One product order on one cluster: the version ordered, what kapp-controller reports, and its lifecycle.
public struct OrderStatus: Sendable, Codable {
    public var name: String
    public var namespace: String
    public var team: String
    public var product: String
    public var desiredVersion: String
    public var installedVersion: String?
    /// `reconciled`, `reconciling: ...`, `failed: ...` or `missing`.
    public var state: String
    public var healthy: Bool
    /// For an order on a deprecated version: when it expires (the team is told by the validator's warning too).
    public var expires: String?
}

/// Why a Supervisor or a cluster could not be read, and through which kubeconfig context (nil before one was chosen).
public struct ReachFailure: Sendable {
    public var context: String?
    public var error: EngineError
}

/// One row of `peng status` (`-o json` encodes it; nothing reads it back).
public struct ClusterStatus: Sendable, Encodable, ClusterRow {
    public var place: ClusterPlace
    public var desiredVersion: String?
    public var actualVersion: String?
    /// As the Supervisor reports it: the phase and the Ready condition.
    public var phase: String?
    public var ready: Bool?
    public var readyReason: String?
    public var extensions: [ExtensionStatus] = []
    /// The product orders on this cluster.
    public var orders: [OrderStatus] = []
    /// How many changes a plan would make on the Supervisor and on the cluster; nil when it could not be planned.
    public var pendingChanges: Int?
    /// The fleet revision last applied completely to this cluster.
    public var revision: String?
    /// Why the Supervisor could not be read (unreachable, no rights, ...).
    public var supervisorError: String?
    /// Why the cluster itself could not be read.
    public var clusterError: String?
    /// The newest release this cluster may reach from the one it runs, with the whole path; nil when up to date or unknown.
    public var update: ClusterUpgrade?
    /// `soaking, 41h left`: the release this cluster runs has not yet run long enough for the next stage to take it.
    public var soak: String?
    /// The failures behind `supervisorError` and `clusterError`, typed, for a service that tracks them (not encoded).
    public var supervisorFailure: ReachFailure?
    public var clusterFailure: ReachFailure?
    /// The kubeconfig context the Supervisor was reached through, when one was chosen (not encoded).
    public var supervisorContext: String?

    public init(_ place: ClusterPlace) {
        self.place = place
    }


    public var reachable: Bool { supervisorError == nil && clusterError == nil }

    /// Healthy: reachable, ready on the Supervisor, every extension reconciled.
    public var healthy: Bool {
        reachable && ready == true && extensions.allSatisfy(\.healthy) && orders.allSatisfy(\.healthy)
    }

    enum CodingKeys: String, CodingKey {
        case desiredVersion, actualVersion, phase, ready, readyReason, extensions, orders
        case pendingChanges, revision, supervisorError, clusterError, update, soak, reachable, healthy
    }

    /// Every field, absent ones left out, with `reachable` and `healthy` as decided here.
    public func encode(to encoder: Encoder) throws {
        try place.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(desiredVersion, forKey: .desiredVersion)
        try container.encodeIfPresent(actualVersion, forKey: .actualVersion)
        try container.encodeIfPresent(phase, forKey: .phase)
        try container.encodeIfPresent(ready, forKey: .ready)
        try container.encodeIfPresent(readyReason, forKey: .readyReason)
        try container.encode(extensions, forKey: .extensions)
        try container.encode(orders, forKey: .orders)
        try container.encodeIfPresent(pendingChanges, forKey: .pendingChanges)
        try container.encodeIfPresent(revision, forKey: .revision)
        try container.encodeIfPresent(supervisorError, forKey: .supervisorError)
        try container.encodeIfPresent(clusterError, forKey: .clusterError)
        try container.encodeIfPresent(update, forKey: .update)
        try container.encodeIfPresent(soak, forKey: .soak)
        try container.encode(reachable, forKey: .reachable)
        try container.encode(healthy, forKey: .healthy)
    }
}

/// `peng status -o json`: this, encoded.
public struct FleetStatusReport: Sendable, Encodable {
    public var clusters: [ClusterStatus]

    public init(clusters: [ClusterStatus]) {
        self.clusters = clusters
    }

    public var healthy: Bool { clusters.allSatisfy(\.healthy) }
}

/// Stage "report" for the whole fleet at a glance: every cluster at the same time, so that status costs about as
/// much as the slowest cluster. An unreachable Supervisor or cluster is shown as such and never hides the others.
public struct StatusCollector: Sendable {
    public var options: EngineOptions
    public var parallel: Int
    /// With it, each row gets its update (the newest release it may reach) and its soak.
    public var upgrades: ValidatedFleet?

    public init(options: EngineOptions = EngineOptions(), parallel: Int = 32, upgrades: ValidatedFleet? = nil) {
        self.options = options
        self.parallel = parallel
        self.upgrades = upgrades
    }

    public func collect(_ rendered: RenderedFleet, fleet: Fleet, connector: TargetConnector, scope: RolloutScope = .init()) async -> [ClusterStatus] {
        let targets = ClusterTarget.all(in: rendered, fleet: fleet).filter(scope.includes)
        var rows = await Reconciler.each(targets, parallel: parallel) { target in
            await status(of: target, fleet: fleet, connector: connector)
        }
        // A release soaks only for a stage that has yet to take it: where every cluster of the next stage shown runs
        // it already, there is nothing to wait for.
        if let upgrades {
            let rule = SoakRule(upgrades)
            for index in rows.indices where rows[index].soak != nil {
                let next = fleet.platform.stages.filter { rule.previousStage(of: $0) == rows[index].stage }
                let following = rows.filter { next.contains($0.stage) }
                if !following.isEmpty, following.allSatisfy({ $0.actualVersion == rows[index].actualVersion }) { rows[index].soak = nil }
            }
        }
        return rows
    }

    private func status(of target: ClusterTarget, fleet: Fleet, connector: TargetConnector) async -> ClusterStatus {
        var status = ClusterStatus(target.place)
        let cluster = target.onSupervisor.objects.first { ClusterKinds.isCluster($0.ref) }
        status.desiredVersion = cluster.flatMap(ClusterKinds.desiredRelease)
        var pending = 0
        var supervisor: KubeClient?
        var release: (name: ReleaseVersion?, since: Int?) = (nil, nil)
        do {
            let client = try connector.supervisorClient(target.supervisor, fleet: fleet)
            supervisor = client
            status.supervisorContext = client.connection.context
            let planned = await Planner(options: options).plan(target.onSupervisor, fleet: fleet.platform.name, cluster: target.name,
                                                               inventory: target.supervisorInventory(fleet: fleet.platform.name), client: client)
            guard case .complete(let plan) = planned else {
                throw planned.changeSet.errors.first ?? EngineError(.planIncomplete, "the Supervisor could not be read")
            }
            pending += plan.changeSet.changes.filter { $0.action != .unchanged }.count
            status.revision = plan.inventory.revision
            release = (plan.inventory.release, plan.inventory.releaseSince)
            if let cluster, let live = try await client.get(cluster.ref) {
                status.phase = Readiness.clusterState(of: live)
                let condition = Readiness.condition("Ready", in: live)
                status.ready = condition?.status == "True"
                status.readyReason = condition?.explained.isEmpty == false ? condition?.explained : nil
                status.actualVersion = RunningRelease.reported(by: live)
            } else {
                status.phase = "not created"
                status.ready = false
            }
        } catch {
            status.supervisorError = String(describing: error)
            status.supervisorFailure = ReachFailure(context: supervisor?.connection.context, error: EngineError(error))
        }
        var workload: KubeClient?
        do {
            let client = try await connector.client(for: target, fleet: fleet, supervisor: supervisor)
            workload = client
            let objects = try await PullSecretCopy.adding(to: target, fleet: fleet, supervisor: supervisor, connector: connector)
            async let planned = Planner(options: options).plan(objects, fleet: fleet.platform.name, client: client)
            async let installs = client.list(apiVersion: Packaging.apiVersion, kind: GroupKind.packageInstall.kind, namespace: Packaging.namespace,
                                             labelSelector: OwnershipLabels.ownerSelector(fleet: fleet.platform.name, cluster: target.name))
            guard case .complete(let plan) = await planned else {
                throw await planned.changeSet.errors.first ?? EngineError(.planIncomplete, "the cluster could not be read")
            }
            pending += plan.changeSet.changes.filter { $0.action != .unchanged }.count
            status.revision = plan.inventory.revision ?? status.revision
            let live: [KubeObject]
            do { live = try await installs } catch let error as KubeError where error.code == .kindNotServed { live = [] }
            let notOffered = Dictionary(plan.objects.compactMap { planned in
                planned.change.error?.code == .packageNotOffered ? (planned.ref, planned.change.message ?? "") : nil
            }, uniquingKeysWith: { a, _ in a })
            status.extensions = ExtensionStatus.compare(desired: target.onCluster.objects.filter { $0.namespace == Packaging.namespace }, live: live,
                                                        notOffered: notOffered)
            let ordered = target.onCluster.objects.filter { $0.groupKind == .packageInstall && $0.labels[OrderStatus.orderLabel] != nil }
            if !ordered.isEmpty {
                let selector = OwnershipLabels.ownerSelector(fleet: fleet.platform.name, cluster: target.name) + ",\(OrderStatus.orderLabel)"
                let liveOrders = try await client.list(apiVersion: Packaging.apiVersion, kind: GroupKind.packageInstall.kind, labelSelector: selector)
                status.orders = OrderStatus.compare(desired: ordered, live: liveOrders, resolved: upgrades?.orders ?? [])
            }
            if status.actualVersion == nil { status.actualVersion = try? await client.serverVersion() }
            status.pendingChanges = status.supervisorError == nil ? pending : nil
        } catch {
            status.clusterError = String(describing: error)
            status.clusterFailure = ReachFailure(context: workload?.connection.context, error: EngineError(error))
        }
        if let upgrades, let cluster = upgrades.fleet.cluster(named: target.name) {
            addUpdate(to: &status, cluster: cluster, fleet: upgrades, recorded: release)
        }
        return status
    }

    /// UPDATE: the newest release the cluster may reach from the one its Supervisor reports (a supported release,
    /// or the fleet's own when newer), with the path; and how long its release still soaks before the next stage.
    private func addUpdate(to status: inout ClusterStatus, cluster: Cluster, fleet: ValidatedFleet, recorded: (name: ReleaseVersion?, since: Int?)) {
        guard let running = status.actualVersion.flatMap(ReleaseVersion.init) else { return }
        let planner = UpgradePlanner(fleet)
        let candidates = (fleet.catalog.filter { $0.state == .supported } + [fleet.release(of: cluster)])
            .filter { $0.version > running }.sorted { $0.version > $1.version }
        status.update = candidates.lazy.map { planner.upgrade(of: cluster, running: running, to: $0) }.first { !$0.blocked }
        let rule = SoakRule(fleet)
        let later = fleet.fleet.platform.stages.contains { rule.previousStage(of: $0) == cluster.stage }
        let record = SoakRecord(cluster: cluster.name, release: recorded.name, since: recorded.since, running: running,
                                ready: status.ready == true)
        if later, let left = rule.soakLeft(of: record, now: options.now()) { status.soak = "soaking, \(left.roughly) left" }
    }

}

extension ExtensionStatus {

    /// The fleet's PackageInstalls against the cluster's, by name. `notOffered`: the plan's word on versions the
    /// cluster's package repository does not offer, which no reconcile can install.
    static func compare(desired: [KubeObject], live: [KubeObject], notOffered: [ObjectRef: String] = [:]) -> [ExtensionStatus] {
        let byName = Dictionary(live.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return desired.filter { $0.groupKind == .packageInstall }.map { install in
            let wanted = install[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue ?? ""
            if let message = notOffered[install.ref] {
                return ExtensionStatus(name: install.name, desiredVersion: wanted, installedVersion: byName[install.name]?[path: "status", "version"]?.stringValue,
                                       state: "blocked: \(message)", healthy: false)
            }
            guard let object = byName[install.name] else {
                return ExtensionStatus(name: install.name, desiredVersion: wanted, installedVersion: nil, state: "missing", healthy: false)
            }
            let installed = object[path: "status", "version"]?.stringValue
            switch Readiness.of(object) {
            case .ready:
                let current = installed == nil || installed == wanted
                return ExtensionStatus(name: install.name, desiredVersion: wanted, installedVersion: installed,
                                       state: current ? "reconciled" : "reconciled at another version", healthy: current)
            case .failed(let message):
                return ExtensionStatus(name: install.name, desiredVersion: wanted, installedVersion: installed, state: "failed: \(message)", healthy: false)
            case .progressing(let message):
                return ExtensionStatus(name: install.name, desiredVersion: wanted, installedVersion: installed,
                                       state: "reconciling: \(message)", healthy: false)
            }
        }
    }
}

extension OrderStatus {
    static let orderLabel = "peng.dev/order"

    /// The fleet's order PackageInstalls against the cluster's, by namespace and name.
    static func compare(desired: [KubeObject], live: [KubeObject], resolved: [ResolvedOrder]) -> [OrderStatus] {
        let byRef = Dictionary(live.map { ($0.ref, $0) }, uniquingKeysWith: { a, _ in a })
        // Deprecated orders by "cluster/namespace/name" -> their expiry date.
        var deprecated: [String: String] = [:]
        for order in resolved where order.version.state == .deprecated {
            deprecated["\(order.cluster)/\(order.order.namespace)/\(order.order.name)"] = order.version.expires?.description ?? "an unknown date"
        }
        return desired.sorted { $0.ref < $1.ref }.map { install in
            let extensionState = ExtensionStatus.compare(desired: [install], live: byRef[install.ref].map { [$0] } ?? [])[0]
            let expires = deprecated["\(install.labels[OwnershipLabels.cluster] ?? "")/\(install.namespace ?? "")/\(install.name)"]
            return OrderStatus(name: install.name, namespace: install.namespace ?? "", team: install.labels[OwnershipLabels.team] ?? "",
                               product: install.labels["peng.dev/product"] ?? "", desiredVersion: extensionState.desiredVersion,
                               installedVersion: extensionState.installedVersion, state: extensionState.state, healthy: extensionState.healthy,
                               expires: expires)
        }
    }
}
