import FleetModel
import FleetRender
import KubeClient

/// One extension on one cluster: the version the fleet wants and what kapp-controller reports.
public struct ExtensionStatus: Sendable {
    public var name: String
    public var desiredVersion: String
    /// `status.version` of the PackageInstall: the version kapp-controller installed.
    public var installedVersion: String?
    /// `reconciled`, `reconciling: ...`, `failed: ...` or `missing`.
    public var state: String
    public var healthy: Bool
}

/// One row of `peng status`.
public struct ClusterStatus: Sendable {
    public var cluster: String
    public var stage: String
    public var supervisor: String
    public var vsphereNamespace: String
    public var desiredVersion: String?
    public var actualVersion: String?
    /// As the Supervisor reports it: the phase and the Ready condition.
    public var phase: String?
    public var ready: Bool?
    public var readyReason: String?
    public var extensions: [ExtensionStatus] = []
    /// How many changes a plan would make on the Supervisor and on the cluster; nil when it could not be planned.
    public var pendingChanges: Int?
    /// The fleet revision last applied completely to this cluster.
    public var revision: String?
    /// Why the Supervisor could not be read (unreachable, no rights, ...).
    public var supervisorError: String?
    /// Why the cluster itself could not be read.
    public var clusterError: String?

    public var reachable: Bool { supervisorError == nil && clusterError == nil }

    /// Healthy: reachable, ready on the Supervisor, every extension reconciled.
    public var healthy: Bool {
        reachable && ready == true && extensions.allSatisfy(\.healthy)
    }
}

/// Stage "report" for the whole fleet at a glance: every cluster at the same time, so that status costs about as
/// much as the slowest cluster. An unreachable Supervisor or cluster is shown as such and never hides the others.
public struct StatusCollector: Sendable {
    public var options: EngineOptions
    public var parallel: Int

    public init(options: EngineOptions = EngineOptions(), parallel: Int = 32) {
        self.options = options
        self.parallel = parallel
    }

    public func collect(_ rendered: RenderedFleet, fleet: Fleet, connector: TargetConnector, scope: RolloutScope = .init()) async -> [ClusterStatus] {
        let targets = ClusterTarget.all(in: rendered, fleet: fleet).filter(scope.includes)
        return await Reconciler.each(targets, parallel: parallel) { target in
            await status(of: target, fleet: fleet, connector: connector)
        }
    }

    private func status(of target: ClusterTarget, fleet: Fleet, connector: TargetConnector) async -> ClusterStatus {
        var status = ClusterStatus(cluster: target.name, stage: target.stage, supervisor: target.supervisor,
                                   vsphereNamespace: target.vsphereNamespace)
        let cluster = target.onSupervisor.objects.first { ClusterKinds.isCluster($0.ref) }
        status.desiredVersion = cluster.flatMap(ClusterKinds.desiredVersion)
        var pending = 0
        var supervisor: KubeClient?
        do {
            let client = try connector.supervisorClient(target.supervisor, fleet: fleet)
            supervisor = client
            let plan = await Planner(options: options).plan(target.onSupervisor, fleet: fleet.platform.name, cluster: target.name,
                                                            inventory: target.supervisorInventory(fleet: fleet.platform.name), client: client)
            guard plan.complete else { throw StatusError(plan.changeSet.errors.first ?? "the Supervisor could not be read") }
            pending += plan.changeSet.changes.filter { $0.action != .unchanged }.count
            status.revision = plan.inventory.revision
            if let cluster, let live = try await client.get(cluster.ref) {
                status.phase = live[path: "status", "phase"]?.stringValue
                let condition = Readiness.condition("Ready", in: live)
                status.ready = condition?.status == "True"
                status.readyReason = condition?.explained.isEmpty == false ? condition?.explained : nil
                status.actualVersion = live[path: "status", "version"]?.stringValue
            } else {
                status.phase = "not created"
                status.ready = false
            }
        } catch {
            status.supervisorError = String(describing: error)
        }
        do {
            let client = try await connector.client(for: target, fleet: fleet, supervisor: supervisor)
            async let planned = Planner(options: options).plan(target.onCluster, fleet: fleet.platform.name, client: client)
            async let installs = client.list(apiVersion: ExtensionStatus.packagingAPI, kind: "PackageInstall", namespace: ExtensionStatus.namespace,
                                             labelSelector: OwnershipLabels.ownerSelector(fleet: fleet.platform.name, cluster: target.name))
            let plan = await planned
            guard plan.complete else { throw StatusError(plan.changeSet.errors.first ?? "the cluster could not be read") }
            pending += plan.changeSet.changes.filter { $0.action != .unchanged }.count
            status.revision = plan.inventory.revision ?? status.revision
            let live: [KubeObject]
            do { live = try await installs } catch let error as KubeError where error.code == .kindNotServed { live = [] }
            status.extensions = ExtensionStatus.compare(desired: target.onCluster.objects, live: live)
            if status.actualVersion == nil { status.actualVersion = try? await client.serverVersion() }
            status.pendingChanges = status.supervisorError == nil ? pending : nil
        } catch {
            status.clusterError = String(describing: error)
        }
        return status
    }

}

struct StatusError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension ExtensionStatus {
    static let packagingAPI = "packaging.carvel.dev/v1alpha1"
    static let namespace = "peng-packages"

    /// The fleet's PackageInstalls against the cluster's, by name.
    static func compare(desired: [KubeObject], live: [KubeObject]) -> [ExtensionStatus] {
        let byName = Dictionary(live.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return desired.filter { $0.kind == "PackageInstall" && $0.ref.group == "packaging.carvel.dev" }.map { install in
            let wanted = install[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue ?? ""
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
