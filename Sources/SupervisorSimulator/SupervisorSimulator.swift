import FleetModel
import Foundation
import KubeClient

/// FOR TESTS AND THE LOCAL DEMO ONLY. Plays what vSphere with Tanzu does for a TanzuKubernetesCluster (or a Cluster
/// API Cluster) on a real local Supervisor API server: reports it `creating`, then after `delay` hands out a real
/// local control plane from a pool as the workload cluster, installs the CRDs a TKGS cluster comes with, publishes
/// its kubeconfig as the Secret `<cluster>-kubeconfig` (key `value`), and reports the cluster `running` and Ready,
/// at the desired version. Clusters named in `failing` end in phase `failed`. It also plays kapp-controller on the
/// clusters it handed out. It never touches the objects' specs.
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

        public init(supervisors: [KubeClient], pool: [ClusterConnection], delay: Duration = .seconds(2), failing: Set<String> = [],
                    failingPackages: Set<String> = [], packageDelay: Duration = .zero, interval: Duration = .milliseconds(250))
        {
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
    }

    private var configuration: Configuration
    private var tracked: [String: Tracked] = [:]
    private var held: Set<String> = []
    /// Pool index -> the cluster it was handed to; a plane is never handed out twice.
    private var assigned: [Int: String] = [:]
    private var workloadClients: [Int: KubeClient] = [:]
    private let kapp: KappSimulator
    private let clock = ContinuousClock()

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        kapp = KappSimulator(failing: configuration.failingPackages, delay: configuration.packageDelay)
    }

    /// Makes a cluster fail from now on (tests).
    public func fail(_ cluster: String) { configuration.failing.insert(cluster) }

    /// Keeps a cluster `creating` until released (tests): provisioning that takes longer than anyone waits.
    public func hold(_ cluster: String) { held.insert(cluster) }

    /// The pool entry handed to a cluster, if any.
    public func plane(of cluster: String) -> Int? { assigned.first { $0.value == cluster }?.key }

    /// Installs the Supervisor's CRDs, then reconciles until cancelled.
    public func run() async throws {
        for supervisor in configuration.supervisors {
            try await SimulatedCRDs.install(SimulatedCRDs.supervisor, on: supervisor)
        }
        try await recoverAssignments()
        while !Task.isCancelled {
            await step()
            try? await Task.sleep(for: configuration.interval)
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
            if let client = try? workloadClient(index) { await kapp.reconcile(client) }
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
        let reported = cluster[path: "status", "phase"]?.stringValue ?? ""
        if configuration.failing.contains(cluster.name) {
            if reported.lowercased() != "failed" {
                _ = try? await supervisor.patchStatus(cluster.ref, status: Self.status(
                    generation: generation, phase: isTanzu ? "failed" : "Failed", ready: false, reason: "ControlPlaneUnavailable",
                    message: "simulated failure: the control plane VMs did not come up", version: nil))
            }
            return key
        }
        guard clock.now - entry.firstSeen >= configuration.delay, !held.contains(cluster.name) else {
            let phase = entry.plane == nil ? (isTanzu ? "creating" : "Provisioning") : (isTanzu ? "updating" : "Provisioned")
            if reported != phase {
                _ = try? await supervisor.patchStatus(cluster.ref, status: Self.status(
                    generation: generation, phase: phase, ready: false, reason: entry.plane == nil ? "WaitingForControlPlane" : "Updating",
                    message: "simulated: \(phase)", version: cluster[path: "status", "version"]?.stringValue))
            }
            return key
        }
        let ready = isTanzu ? "running" : "Provisioned"
        if reported == ready, cluster[path: "status", "version"]?.stringValue == desired, entry.plane != nil { return key }
        do {
            let index = try await handOut(cluster, on: supervisor)
            entry.plane = index
            tracked[key] = entry
            _ = try await supervisor.patchStatus(cluster.ref, status: Self.status(
                generation: generation, phase: ready, ready: true, reason: nil, message: nil, version: desired,
                endpoint: configuration.pool[index].server))
        } catch {
            _ = try? await supervisor.patchStatus(cluster.ref, status: Self.status(
                generation: generation, phase: isTanzu ? "creating" : "Provisioning", ready: false, reason: "WaitingForControlPlane",
                message: "simulator: \(error)", version: nil))
        }
        return key
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
        try await SimulatedCRDs.install(SimulatedCRDs.packaging, on: try workloadClient(index))
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

    static func status(generation: Int, phase: String, ready: Bool, reason: String?, message: String?, version: String?,
                       endpoint: String? = nil) -> JSONValue
    {
        var condition: JSONValue = ["type": "Ready", "status": ready ? "True" : "False",
                                    "lastTransitionTime": .string(ISO8601DateFormatter().string(from: Date()))]
        if let reason { condition["reason"] = .string(reason) }
        if let message { condition["message"] = .string(message) }
        if !ready { condition["severity"] = phase.lowercased() == "failed" ? "Error" : "Info" }
        var status: JSONValue = ["phase": .string(phase), "conditions": [condition], "observedGeneration": .int(generation)]
        if let version { status["version"] = .string(version) }
        if let endpoint, let url = URL(string: endpoint), let host = url.host {
            status["apiEndpoints"] = [["host": .string(host), "port": .int(url.port ?? 443)]]
        }
        return status
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
