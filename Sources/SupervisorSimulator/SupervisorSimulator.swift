import FleetModel
import Foundation
import KubeClient

/// FOR TESTS AND THE LOCAL DEMO ONLY. Plays what vSphere with Tanzu does for a TanzuKubernetesCluster (or a Cluster
/// API Cluster) on a real local Supervisor API server: reports it `creating`, then after `delay` hands out a real
/// local control plane from a pool as the workload cluster, installs the CRDs a TKGS cluster comes with, publishes
/// its kubeconfig as the Secret `<cluster>-kubeconfig` (key `value`), and reports the cluster `running` and Ready,
/// at the desired version. Clusters named in `failing` end failed (Ready False, severity Error). A changed release on a
/// running cluster is an upgrade, played as TKGS does: Ready False while the control plane and then each node pool roll
/// one node at a time, the new `status.version` and `observedGeneration` only at the end.
/// A TanzuKubernetesCluster's status is reported as v1alpha3 reports it: conditions (Ready, ControlPlaneReady,
/// NodePoolsReady) with reasons and no `status.phase`, which tanzu-framework's v1alpha2 schema marks "DEPRECATED: will be
/// removed in v1alpha3". `tanzuPhase` plays the older form that still reports a phase. A Cluster API Cluster reports
/// `status.phase` as v1beta1 does (Provisioning, Provisioned, Failed) beside its conditions. It publishes the
/// TanzuKubernetesReleases it was given, and with webhook TLS files it serves TKGS's version-skew admission check,
/// registered on each Supervisor. It also plays kapp-controller on the clusters it handed out. It never touches the
/// objects' specs.
public actor SupervisorSimulator {
    public struct Configuration: Sendable {
        /// The Supervisors to watch.
        public var supervisors: [KubeClient]
        /// Workload control planes to hand out, one per cluster, in order.
        public var pool: [ClusterConnection]
        /// How long a cluster stays `creating` (or `updating`).
        public var delay: Duration
        /// Cluster names that fail instead of becoming ready.
        public var failing: Set<String>
        /// PackageInstall names kapp-controller fails on.
        public var failingPackages: Set<String>
        /// How long kapp-controller takes to reconcile a new generation of a package install or repository.
        public var packageDelay: Duration
        public var interval: Duration
        /// The TanzuKubernetesReleases every Supervisor offers (full versions) and whether each is compatible.
        public var releases: [(version: String, compatible: Bool)]
        /// Clusters whose upgrades fail (creation still works).
        public var failingUpgrades: Set<String>
        /// Serve and register the version-skew admission webhook with these.
        public var webhook: VersionSkewWebhook.TLSFiles?
        /// Report a TanzuKubernetesCluster's `status.phase` too (the older v1alpha1/v1alpha2 form).
        public var tanzuPhase: Bool
        /// What every PackageRepository offers once reconciled (kapp-controller then installs only these); nil: the
        /// offer is not played (no Packages, every version installs).
        public var packages: [OfferedPackage]?

        public init(supervisors: [KubeClient], pool: [ClusterConnection], delay: Duration = .seconds(2), failing: Set<String> = [],
                    failingPackages: Set<String> = [], packageDelay: Duration = .zero, interval: Duration = .milliseconds(250),
                    releases: [(version: String, compatible: Bool)] = [], failingUpgrades: Set<String> = [],
                    webhook: VersionSkewWebhook.TLSFiles? = nil, tanzuPhase: Bool = false, packages: [OfferedPackage]? = nil)
        {
            self.tanzuPhase = tanzuPhase
            self.packages = packages
            self.releases = releases
            self.failingUpgrades = failingUpgrades
            self.webhook = webhook
            self.packageDelay = packageDelay
            self.supervisors = supervisors
            self.pool = pool
            self.delay = delay
            self.failing = failing
            self.failingPackages = failingPackages
            self.interval = interval
        }
    }

    static let fieldManager = "peng-simulator"
    static let planeLabel = "simulator.peng.dev/plane"

    private struct Tracked {
        var firstSeen: ContinuousClock.Instant
        var generation: Int
        var plane: Int?
        var kubeconfigSecret: ObjectRef
        var supervisor: KubeClient
        /// The release an upgrade in progress goes to, and when it started.
        var upgrade: (to: String, started: ContinuousClock.Instant)?
        /// The release the cluster runs: a Cluster API Cluster's v1beta1 status has no version field (the schema would
        /// prune one), so the simulator keeps it here; a TanzuKubernetesCluster reports it in `status.version` too.
        var running: String?
    }

    private var configuration: Configuration
    private var tracked: [String: Tracked] = [:]
    private var held: Set<String> = []
    /// Pool index -> the cluster it was handed to; a plane is never handed out twice.
    private var assigned: [Int: String] = [:]
    private var workloadClients: [Int: KubeClient] = [:]
    private let kapp: KappSimulator
    private let clock = ContinuousClock()
    private var webhook: VersionSkewWebhook?
    /// Set once the CRDs are installed, the releases published and the webhook registered.
    public private(set) var isRunning = false
    /// Why it could not start (a CRD the API server refused, a Supervisor it cannot reach), once it has given up.
    public private(set) var startFailure: String?

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        kapp = KappSimulator(failing: configuration.failingPackages, delay: configuration.packageDelay, offer: configuration.packages)
    }

    /// Makes a cluster fail from now on (tests).
    public func fail(_ cluster: String) { configuration.failing.insert(cluster) }

    /// Lets a failing cluster come up after all, as vSphere does once its problem is fixed (tests).
    public func recover(_ cluster: String) { configuration.failing.remove(cluster) }

    /// Keeps a cluster `creating` until released (tests): provisioning that takes longer than anyone waits.
    public func hold(_ cluster: String) { held.insert(cluster) }

    /// The pool entry handed to a cluster, if any.
    public func plane(of cluster: String) -> Int? { assigned.first { $0.value == cluster }?.key }

    /// Makes a cluster's upgrades fail from now on (tests).
    public func failUpgrades(of cluster: String) { configuration.failingUpgrades.insert(cluster) }

    /// What the admission webhook decided so far: how many updates it allowed, and every denial.
    public func webhookDecisions() -> (allowed: Int, denied: [String])? { webhook?.record }

    /// Installs the Supervisor's CRDs, publishes its releases, starts the admission webhook, then reconciles until
    /// cancelled (and stops the webhook).
    public func run() async throws {
        do {
            try await start()
        } catch {
            startFailure = String(describing: error)
            throw error
        }
        isRunning = true
        while !Task.isCancelled {
            await step()
            try? await Task.sleep(for: configuration.interval)
        }
        await webhook?.stop()
    }

    /// The CRDs, the releases and the webhook, and which planes serve which clusters already.
    private func start() async throws {
        for supervisor in configuration.supervisors {
            try await SimulatedCRDs.install(try SimulatedCRDs.supervisor, on: supervisor)
            try await publishReleases(on: supervisor)
        }
        if let tls = configuration.webhook {
            let server = try await VersionSkewWebhook(tls: tls)
            webhook = server
            for supervisor in configuration.supervisors { try await server.register(on: supervisor, caPEM: tls.caPEM) }
        }
        try await recoverAssignments()
    }

    /// One TanzuKubernetesRelease per configured version, in TKGS's shape: name with `---` for `+`, `spec.version`,
    /// `spec.kubernetes.version`, conditions Ready and Compatible.
    private func publishReleases(on supervisor: KubeClient) async throws {
        for (version, compatible) in configuration.releases {
            guard let parsed = ReleaseVersion(version) else { continue }
            var release = KubeObject(apiVersion: ClusterKinds.release.apiVersion, kind: ClusterKinds.release.kind, name: parsed.tkrName)
            let kubernetes = version.components(separatedBy: "-fips").first?.components(separatedBy: "-tkg").first ?? version
            release["spec"] = ["version": .string(version), "kubernetes": ["version": .string(kubernetes)]]
            let applied = try await supervisor.apply(release, force: true, fieldManager: Self.fieldManager)
            let now = JSONValue.string(ISO8601DateFormatter().string(from: Date()))
            var compatibleCondition: JSONValue = ["type": "Compatible", "status": compatible ? "True" : "False", "lastTransitionTime": now]
            if !compatible {
                compatibleCondition["reason"] = "NotCompatibleWithSupervisor"
                compatibleCondition["message"] = .string("this Supervisor's version does not support \(version)")
            }
            _ = try await supervisor.patchStatus(applied.ref, status: ["conditions": [
                ["type": "Ready", "status": "True", "lastTransitionTime": now], compatibleCondition,
            ]])
        }
    }

    /// Planes handed out by an earlier run, from the labels on the kubeconfig Secrets.
    private func recoverAssignments() async throws {
        for supervisor in configuration.supervisors {
            for secret in try await supervisor.list(apiVersion: "v1", kind: "Secret", labelSelector: Self.planeLabel) {
                guard let index = secret.labels[Self.planeLabel].flatMap(Int.init) else { continue }
                assigned[index] = String(secret.name.dropLast("-kubeconfig".count))
            }
        }
    }

    /// One pass over every Supervisor and every handed-out cluster.
    public func step() async {
        var seen: Set<String> = []
        var complete = true
        for supervisor in configuration.supervisors {
            for (apiVersion, kind) in [ClusterKinds.tanzu, ClusterKinds.clusterAPI] {
                guard let clusters = try? await supervisor.list(apiVersion: apiVersion, kind: kind) else { complete = false; continue }
                for cluster in clusters { seen.insert(await reconcile(cluster, on: supervisor)) }
            }
        }
        // A deleted cluster takes its published kubeconfig with it (TKGS garbage-collects it); its plane is not reused.
        for (key, entry) in tracked where complete && !seen.contains(key) {
            _ = try? await entry.supervisor.delete(entry.kubeconfigSecret)
            tracked[key] = nil
        }
        for index in assigned.keys.sorted() {
            // The plane's API server reports its own (older) version; kapp-controller on the cluster sees the release
            // the Supervisor runs it at.
            let release = tracked.values.first { $0.plane == index }?.running.flatMap(ReleaseVersion.init)
            if let client = try? workloadClient(index) { await kapp.reconcile(client, kubernetes: release) }
        }
    }

    /// Moves one cluster along; returns its tracking key.
    private func reconcile(_ cluster: KubeObject, on supervisor: KubeClient) async -> String {
        let key = "\(supervisor.connection.server)/\(cluster.namespace ?? "")/\(cluster.name)"
        let generation = cluster[path: "metadata", "generation"]?.intValue ?? 1
        var entry = tracked[key] ?? Tracked(firstSeen: clock.now, generation: generation, plane: plane(of: cluster.name),
                                            kubeconfigSecret: ClusterKinds.kubeconfigSecret(cluster: cluster.name, namespace: cluster.namespace ?? "default"),
                                            supervisor: supervisor)
        if entry.generation != generation {  // spec changed: an update (e.g. a new version) takes a while too
            entry.generation = generation
            entry.firstSeen = clock.now
        }
        tracked[key] = entry
        let isTanzu = cluster.ref.group == "run.tanzu.vmware.com"
        let desired = Self.requestedRelease(of: cluster)
        let reported = Self.reported(cluster)
        let report = StatusForm(isTanzu: isTanzu, phase: !isTanzu || configuration.tanzuPhase)
        if configuration.failing.contains(cluster.name) {
            if reported != .failed {
                _ = try? await supervisor.patchStatus(cluster.ref, status: report.status(
                    generation: generation, phase: isTanzu ? "failed" : "Failed", ready: false, reason: "ControlPlaneUnavailable",
                    message: "simulated failure: the control plane VMs did not come up", version: nil))
            }
            return key
        }
        let running = isTanzu ? cluster[path: "status", "version"]?.stringValue : entry.running
        if isTanzu, let running, entry.running != running {  // what kapp-controller on the cluster sees as its version
            entry.running = running
            tracked[key] = entry
        }
        if entry.plane != nil, let running, let desired, running != desired {
            await playUpgrade(cluster, on: supervisor, key: key, from: running, to: desired, isTanzu: isTanzu)
            return key
        }
        guard clock.now - entry.firstSeen >= configuration.delay, !held.contains(cluster.name) else {
            let phase = entry.plane == nil ? (isTanzu ? "creating" : "Provisioning") : (isTanzu ? "updating" : "Provisioned")
            if reported != (entry.plane == nil ? .creating : .updating) {
                _ = try? await supervisor.patchStatus(cluster.ref, status: report.status(
                    generation: generation, phase: phase, ready: false, reason: entry.plane == nil ? "WaitingForControlPlane" : "Updating",
                    message: "simulated: \(phase)", version: running))
            }
            return key
        }
        let ready = isTanzu ? "running" : "Provisioned"
        if reported == .running, running == desired, entry.plane != nil { return key }
        do {
            let index = try await handOut(cluster, on: supervisor)
            entry.plane = index
            entry.running = desired
            tracked[key] = entry
            _ = try await supervisor.patchStatus(cluster.ref, status: report.status(
                generation: generation, phase: ready, ready: true, reason: nil, message: nil, version: desired,
                endpoint: configuration.pool[index].server))
        } catch {
            _ = try? await supervisor.patchStatus(cluster.ref, status: report.status(
                generation: generation, phase: isTanzu ? "creating" : "Provisioning", ready: false, reason: "WaitingForControlPlane",
                message: "simulator: \(error)", version: nil))
        }
        return key
    }

    /// An upgrade as TKGS runs it: the control plane, then each node pool, one node at a time over `delay`; Ready
    /// False with the progress meanwhile; the new version and generation reported only at the end.
    private func playUpgrade(_ cluster: KubeObject, on supervisor: KubeClient, key: String, from running: String, to desired: String,
                             isTanzu: Bool) async
    {
        guard var entry = tracked[key] else { return }
        if entry.upgrade?.to != desired { entry.upgrade = (desired, clock.now) }
        tracked[key] = entry
        let generation = cluster[path: "metadata", "generation"]?.intValue ?? 1
        let observed = cluster[path: "status", "observedGeneration"]?.intValue ?? max(generation - 1, 1)
        let endpoint = entry.plane.map { configuration.pool[$0].server }
        let report = StatusForm(isTanzu: isTanzu, phase: !isTanzu || configuration.tanzuPhase)
        if configuration.failingUpgrades.contains(cluster.name) {
            let status = report.status(generation: observed, phase: isTanzu ? "failed" : "Failed", ready: false, reason: "UpgradeFailed",
                                     message: "simulated failure: node pool nodes did not come up at \(desired)", version: running, endpoint: endpoint)
            if cluster["status"] != status { _ = try? await supervisor.patchStatus(cluster.ref, status: status) }
            return
        }
        let nodes = Self.nodes(of: cluster)
        let total = max(nodes.count, 1)
        let elapsed = clock.now - entry.upgrade!.started
        let done = Int(elapsed / (configuration.delay / total))
        if done < total {
            let (group, index, size) = nodes[min(done, nodes.count - 1)]
            let reason = group == "control plane" ? "ControlPlaneUpdating" : "NodePoolUpdating"
            let message = "rolling \(group) node \(index) of \(size) to \(desired) (\(done) of \(total) nodes done)"
            let status = report.status(generation: observed, phase: isTanzu ? "updating" : "Provisioned", ready: false, reason: reason,
                                     message: message, version: running, endpoint: endpoint)
            if cluster["status"] != status { _ = try? await supervisor.patchStatus(cluster.ref, status: status) }
            return
        }
        entry.upgrade = nil
        entry.running = desired
        tracked[key] = entry
        _ = try? await supervisor.patchStatus(cluster.ref, status: report.status(
            generation: generation, phase: isTanzu ? "running" : "Provisioned", ready: true, reason: nil, message: nil, version: desired,
            endpoint: endpoint))
    }

    /// The nodes an upgrade rolls, in order: control plane first, then each node pool; (group, index, group size).
    static func nodes(of cluster: KubeObject) -> [(String, Int, Int)] {
        let topology = cluster[path: "spec", "topology"]
        let controlPlane = topology?["controlPlane"]?["replicas"]?.intValue ?? 1
        let pools = (topology?["nodePools"] ?? topology?["workers"]?["machineDeployments"])?.arrayValue ?? []
        var nodes = (1...max(controlPlane, 1)).map { ("control plane", $0, controlPlane) }
        for pool in pools {
            let size = pool["replicas"]?.intValue ?? 1
            let name = pool["name"]?.stringValue ?? "pool"
            nodes += (1...max(size, 1)).map { ("node pool \(name)", $0, size) }
        }
        return nodes
    }

    /// The pool plane for a cluster (handed out once), with the packaging CRDs and the published kubeconfig.
    private func handOut(_ cluster: KubeObject, on supervisor: KubeClient) async throws -> Int {
        let index: Int
        if let existing = plane(of: cluster.name) {
            index = existing
        } else {
            guard let free = configuration.pool.indices.first(where: { assigned[$0] == nil }) else {
                throw KubeError(.unexpected, "no free control plane left in the pool of \(configuration.pool.count)")
            }
            index = free
            assigned[index] = cluster.name
        }
        try await SimulatedCRDs.prepareWorkload(try workloadClient(index))
        let ref = ClusterKinds.kubeconfigSecret(cluster: cluster.name, namespace: cluster.namespace ?? "default")
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: ref.name, namespace: ref.namespace,
                                labels: [Self.planeLabel: String(index)])
        secret["type"] = "Opaque"
        secret["data"] = ["value": .string(Base64.encode(Array(Self.kubeconfig(for: cluster.name, connection: configuration.pool[index]).utf8)))]
        _ = try await supervisor.apply(secret, force: true, fieldManager: Self.fieldManager)
        return index
    }

    private func workloadClient(_ index: Int) throws -> KubeClient {
        if let client = workloadClients[index] { return client }
        let client = try KubeClient(connection: configuration.pool[index])
        workloadClients[index] = client
        return client
    }

    /// What TKGS resolves: the TanzuKubernetesRelease named in the topology (TKR names carry `---` where the
    /// version has `+`), or the Cluster API topology version. The simulator plays the TKR resolver here.
    static func requestedRelease(of cluster: KubeObject) -> String? {
        if let tkr = cluster[path: "spec", "topology", "controlPlane", "tkr", "reference", "name"]?.stringValue {
            return tkr.replacingOccurrences(of: "---", with: "+")
        }
        return cluster[path: "spec", "topology", "version"]?.stringValue
    }

    /// A self-contained kubeconfig (certificates inline), as the Supervisor publishes it.
    static func kubeconfig(for cluster: String, connection: ClusterConnection) -> String {
        var clusterEntry = "    server: \(connection.server)\n"
        if let ca = connection.certificateAuthorityPEM { clusterEntry += "    certificate-authority-data: \(Base64.encode(ca))\n" }
        var user = ""
        if let token = connection.bearerToken { user += "    token: \(token)\n" }
        if let certificate = connection.clientCertificatePEM, let key = connection.clientKeyPEM {
            user += "    client-certificate-data: \(Base64.encode(certificate))\n    client-key-data: \(Base64.encode(key))\n"
        }
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(cluster)
              cluster:
            \(clusterEntry)users:
            - name: \(cluster)-admin
              user:
            \(user)contexts:
            - name: \(cluster)-admin@\(cluster)
              context: {cluster: \(cluster), user: \(cluster)-admin}
            current-context: \(cluster)-admin@\(cluster)

            """
    }
}
