@testable import FleetEngine
import FleetModel
import FleetRender
import Foundation
import KubeClient
import Testing
import SupervisorSimulator
import TestHarness

/// Conflicts, secrets, outages and readiness: what keeps a cluster safe.
@Suite("safety against a real API server")
struct SafetyTests {
    /// A one-target rendered fleet with the given objects, reached through `context`.
    static func target(_ name: String, _ objects: [KubeObject]) -> RenderedFleet {
        RenderedFleet(targets: [RenderTarget(kind: .workload, name: name, stage: "integration", context: nil, objects: objects.sortedForApply())])
    }

    static func fleet(_ name: String, cluster: String, context: String) -> Fleet {
        let locations = FieldLocations(base: .file("test"))
        var cluster = Cluster(name: cluster, stage: "integration", supervisor: "dc1", vsphereNamespace: "ns", kubernetes: "v1.27",
                              tenancy: .shared, team: nil, controlPlane: .init(replicas: 1, vmClass: "s", storageClass: "s"),
                              nodePools: [], network: .init(pods: "192.168.0.0/16", services: "10.112.0.0/12"), extensions: [],
                              defaultStorageClass: nil, locations: locations)
        cluster.context = context
        let platform = Platform(name: name, stages: ["integration"], clusterAPI: .tanzu, supervisors: [], kubernetesReleases: [],
                                packageRepository: nil, extensions: [], baseline: Baseline(locations: locations), locations: locations)
        return Fleet(platform: platform, clusters: [cluster], teams: [])
    }

    static func labels(_ fleet: String, _ cluster: String) -> [String: String] {
        OwnershipLabels.labels(fleet: fleet, cluster: cluster, stage: "integration")
    }

    static func run(_ mode: String, _ objects: [KubeObject], fleet name: String, plane: LocalControlPlane,
                    options: EngineOptions = EngineOptions(), kubeconfig: Kubeconfig? = nil, context: String? = nil) async throws
        -> TargetChangeSet
    {
        let cluster = "\(name)-c1"
        let connector = TargetConnector(kubeconfig: try kubeconfig ?? plane.kubeconfig(),
                                        overrides: context.map { [cluster: $0] } ?? [:])
        let reconciler = Reconciler(options: options)
        let fleet = fleet(name, cluster: cluster, context: plane.context)
        let report = mode == "plan"
            ? await reconciler.plan(target(cluster, objects), fleet: fleet, connector: connector, scope: .init(side: .workload))
            : await reconciler.apply(target(cluster, objects), fleet: fleet, connector: connector, scope: .init(side: .workload))
        return try #require(report.clusters.first?.onCluster)
    }

    static func namespace(_ name: String, fleet: String) -> KubeObject {
        KubeObject(apiVersion: "v1", kind: "Namespace", name: name, labels: labels(fleet, "\(fleet)-c1"))
    }

    static func configMap(_ name: String, namespace: String, fleet: String, data: [String: String]) -> KubeObject {
        var object = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: name, namespace: namespace, labels: labels(fleet, "\(fleet)-c1"))
        object["data"] = .stringMap(data)
        return object
    }

    @Test("a field owned by another manager is a conflict naming that manager; nothing is forced unless asked")
    func conflict() async throws {
        let plane = try await SharedPlane.get()
        let client = try plane.client()
        _ = try await Self.run("apply", [Self.namespace("conflict-ns", fleet: "conflict")], fleet: "conflict", plane: plane)
        var theirs = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "settings", namespace: "conflict-ns")
        theirs["data"] = ["mode": "theirs"]
        _ = try await client.apply(theirs, fieldManager: "helm")

        let desired = [Self.namespace("conflict-ns", fleet: "conflict"),
                       Self.configMap("settings", namespace: "conflict-ns", fleet: "conflict", data: ["mode": "ours"])]
        let plan = try await Self.run("plan", desired, fleet: "conflict", plane: plane)
        let planned = try #require(plan.change("ConfigMap", "conflict-ns", "settings"))
        #expect(planned.action == .conflict)
        #expect(planned.hint?.contains("helm") == true, "\(planned)")

        let applied = try await Self.run("apply", desired, fleet: "conflict", plane: plane)
        #expect(applied.change("ConfigMap", "conflict-ns", "settings")?.action == .conflict)
        #expect(applied.failed)
        #expect(try await client.get(theirs.ref)?[path: "data", "mode"] == "theirs")

        var force = EngineOptions()
        force.forceConflicts = true
        let forced = try await Self.run("apply", desired, fleet: "conflict", plane: plane, options: force)
        #expect(forced.change("ConfigMap", "conflict-ns", "settings")?.action == .configure)
        #expect(try await client.get(theirs.ref)?[path: "data", "mode"] == "ours")
    }

    @Test("Secret values never appear in a plan, while a change is still flagged")
    func secretsMasked() async throws {
        let plane = try await SharedPlane.get()
        func secret(_ password: String) -> KubeObject {
            var object = KubeObject(apiVersion: "v1", kind: "Secret", name: "db", namespace: "secret-ns", labels: Self.labels("secret", "secret-c1"))
            object["stringData"] = ["password": .string(password)]
            return object
        }
        _ = try await Self.run("apply", [Self.namespace("secret-ns", fleet: "secret"), secret("first-s3cr3t-value")], fleet: "secret", plane: plane)
        let unchanged = try await Self.run("plan", [Self.namespace("secret-ns", fleet: "secret"), secret("first-s3cr3t-value")],
                                           fleet: "secret", plane: plane)
        #expect(unchanged.changes.allSatisfy { $0.action == .unchanged }, "a Secret with stringData must converge")
        let plan = try await Self.run("plan", [Self.namespace("secret-ns", fleet: "secret"), secret("second-s3cr3t-value")],
                                      fleet: "secret", plane: plane)
        let change = try #require(plan.change("Secret", "secret-ns", "db"))
        #expect(change.action == .configure)
        #expect(change.diff.map(\.path) == ["data.password"])
        #expect(change.diff.allSatisfy { $0.sensitive && $0.old == FieldChange.masked && $0.new == FieldChange.masked })
        let everything = "\(plan)"
        for secretText in ["first-s3cr3t-value", "second-s3cr3t-value", Base64.encode(Array("first-s3cr3t-value".utf8)),
                           Base64.encode(Array("second-s3cr3t-value".utf8))] {
            #expect(!everything.contains(secretText))
        }
    }

    @Test("the API server stopped in the middle of an apply: a clear error, then a re-run converges with a complete inventory")
    func interruptedApply() async throws {
        let plane = try await LocalControlPlane.start(name: "outage")
        try await stopping(plane) { plane in
            let fleet = "outage"
            var objects = [Self.namespace("outage-ns", fleet: fleet)]
            for index in 0..<40 {
                objects.append(Self.configMap("cm-\(index)", namespace: "outage-ns", fleet: fleet, data: ["index": "\(index)"]))
            }
            var options = EngineOptions()
            options.beforePhase = { _, phase in
                if phase == .namespacedConfiguration { try? await plane.stopAPIServer() }
            }
            let interrupted = try await Self.run("apply", objects, fleet: fleet, plane: plane, options: options)
            #expect(interrupted.failed)
            let failure = try #require(interrupted.changes.first { $0.action == .failed })
            #expect(failure.message?.contains("cannot reach") == true, "\(failure)")

            try await plane.resumeAPIServer()
            let rerun = try await Self.run("apply", objects, fleet: fleet, plane: plane)
            #expect(!rerun.failed, "\(rerun.errors) \(rerun.changes.filter { $0.message != nil }.map { "\($0.ref): \($0.message!)" })")
            let client = try plane.client()
            let inventory = try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: client)
            #expect(inventory.refs == Set(objects.map(\.ref)))
            #expect(try await client.list(apiVersion: "v1", kind: "ConfigMap", namespace: "outage-ns").count == 40)
            let again = try await Self.run("plan", objects, fleet: fleet, plane: plane)
            #expect(again.changes.allSatisfy { $0.action == .unchanged })
        }
    }

    @Test("a kubeconfig with the wrong CA gets a TLS error that says so, and nothing is applied")
    func wrongCertificateAuthority() async throws {
        let plane = try await SharedPlane.get()
        var kubeconfig = try plane.kubeconfig()
        let cluster = try #require(kubeconfig.contexts[plane.context]?.cluster)
        kubeconfig.clusters[cluster]?.certificateAuthority = "/etc/ssl/certs/ca-certificates.crt"
        let result = try await Self.run("apply", [Self.namespace("tls-ns", fleet: "tls")], fleet: "tls", plane: plane, kubeconfig: kubeconfig)
        #expect(result.failed)
        let text = result.errors.map(\.description).joined(separator: "\n")
        #expect(text.contains("TLS"), "\(text)")
        #expect(text.contains("certificate authority"), "\(text)")
        let client = try plane.client()
        #expect(try await client.get(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "tls-ns")) == nil)
    }

    @Test("an object whose delete fails stays in the inventory, and a later run prunes it")
    func failedDeleteStaysRecorded() async throws {
        let plane = try await SharedPlane.get()
        let client = try plane.client()
        // The limited user may do everything peng needs except delete.
        var role = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "peng-test-no-delete")
        role["rules"] = [["apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch", "create", "update", "patch"]]]
        _ = try await client.apply(role, fieldManager: "test-setup")
        var binding = KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", name: "peng-test-no-delete")
        binding["roleRef"] = ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "peng-test-no-delete"]
        binding["subjects"] = [["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "peng-limited"]]
        _ = try await client.apply(binding, fieldManager: "test-setup")

        let fleet = "undeletable"
        let namespace = Self.namespace("undeletable-ns", fleet: fleet)
        let keep = Self.configMap("keep", namespace: "undeletable-ns", fleet: fleet, data: ["a": "1"])
        let drop = Self.configMap("drop", namespace: "undeletable-ns", fleet: fleet, data: ["b": "2"])
        _ = try await Self.run("apply", [namespace, keep, drop], fleet: fleet, plane: plane)

        let limited = try await Self.run("apply", [namespace, keep], fleet: fleet, plane: plane, context: "\(plane.context)-limited")
        let failed = try #require(limited.change("ConfigMap", "undeletable-ns", "drop"))
        #expect(failed.action == .failed)
        #expect(failed.message?.contains("prune failed") == true, "\(failed)")
        #expect(limited.failed)
        #expect(try await client.get(drop.ref) != nil)
        let recorded = try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: client)
        #expect(recorded.refs.contains(drop.ref))

        let admin = try await Self.run("apply", [namespace, keep], fleet: fleet, plane: plane)
        #expect(admin.change("ConfigMap", "undeletable-ns", "drop")?.action == .prune)
        #expect(try await client.get(drop.ref) == nil)
        #expect(try await Inventory.load(fleet: fleet, cluster: "\(fleet)-c1", from: client).refs == [namespace.ref, keep.ref])
    }

    @Test("a client certificate authenticates as well as a token")
    func clientCertificate() async throws {
        let plane = try await SharedPlane.get()
        let client = try plane.client(context: "\(plane.context)-cert")
        #expect(try await client.serverVersion().hasPrefix("v1.20"))
        #expect(try await client.get(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "default")) != nil)
    }

    @Test("apply waits for a PackageInstall to reconcile, and a timeout names what is not ready")
    func readiness() async throws {
        let plane = try await LocalControlPlane.start(name: "ready")
        try await stopping(plane) { plane in
            try await plane.installPackagingCRDs()
            let fleet = "ready"
            func install(_ name: String) -> KubeObject {
                var object = KubeObject(apiVersion: "packaging.carvel.dev/v1alpha1", kind: "PackageInstall", name: name,
                                        namespace: "ready-ns", labels: Self.labels(fleet, "\(fleet)-c1"))
                object["spec"] = ["packageRef": ["refName": "cert-manager.tanzu.vmware.com"]]
                return object
            }
            let client = try plane.client()
            let reconciler = Task {
                // Plays kapp-controller: marks the install reconciled a moment after it appears (however long the apply
                // takes to create it on a loaded machine; the apply's own wait ends this task's purpose).
                while !Task.isCancelled {
                    let ref = install("cert-manager").ref
                    if try await client.get(ref) != nil {
                        try await Task.sleep(for: .milliseconds(700))
                        let generation = try await client.get(ref)?.generation ?? 1
                        _ = try await client.patchStatus(ref, status: ["observedGeneration": .int(generation),
                                                                       "conditions": [["type": "ReconcileSucceeded", "status": "True"]]])
                        return
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            var options = EngineOptions()
            options.pollInterval = .milliseconds(200)
            let done = try await Self.run("apply", [Self.namespace("ready-ns", fleet: fleet), install("cert-manager")], fleet: fleet,
                                          plane: plane, options: options)
            try await reconciler.value
            #expect(!done.failed, "\(done.changes.map { "\($0.ref) \($0.action) \($0.message ?? "")" })")

            options.readinessTimeout = .seconds(2)
            let timedOut = try await Self.run("apply", [Self.namespace("ready-ns", fleet: fleet), install("cert-manager"), install("contour")],
                                              fleet: fleet, plane: plane, options: options)
            let contour = try #require(timedOut.change("PackageInstall", "ready-ns", "contour"))
            #expect(contour.action == .failed)
            #expect(contour.message?.contains("not ready after") == true, "\(contour)")

            // A new package version: the status still says "reconciled" — for the previous generation. Apply must wait
            // until kapp-controller (simulated, 1.5 s behind) reports on the new generation.
            var upgraded = install("cert-manager")
            upgraded["spec"] = ["packageRef": ["refName": "cert-manager.tanzu.vmware.com",
                                               "versionSelection": ["constraints": "1.13.0+vmware.1-tkg.1"]]]
            let before = try #require(try await client.get(upgraded.ref))
            #expect(Readiness.of(before) == .ready)
            let kapp = KappSimulator(delay: .milliseconds(1500))
            let controller = Task {
                while !Task.isCancelled {
                    await kapp.reconcile(client)
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            options.readinessTimeout = .seconds(600)
            let upgrade = try await Self.run("apply", [Self.namespace("ready-ns", fleet: fleet), upgraded], fleet: fleet, plane: plane, options: options)
            let live = try #require(try await client.get(upgraded.ref))
            controller.cancel()
            #expect(upgrade.change("PackageInstall", "ready-ns", "cert-manager")?.action == .configure)
            #expect(!upgrade.failed, "\(upgrade.changes.map { "\($0.ref) \($0.action) \($0.message ?? "")" })")
            #expect(live.generation == (before.generation ?? 0) + 1)
            #expect(live[path: "status", "observedGeneration"]?.intValue == live.generation,
                    "apply returned before kapp-controller reported on the new generation")
            #expect(live[path: "status", "version"]?.stringValue == "1.13.0+vmware.1-tkg.1")
        }
    }
}

/// `tls-server-name` from the kubeconfig: sent as SNI and used to verify the server's certificate.
@Suite("TLS server name")
struct TLSServerNameTests {
    /// The shared plane, reached by IP, trusting only the CA of the certificate the server presents for the SNI name
    /// kube.peng.test (that certificate names only that DNS name).
    static func connection(serverName: String?) async throws -> ClusterConnection {
        let plane = try await SharedPlane.get()
        var kubeconfig = try plane.kubeconfig()
        let cluster = try #require(kubeconfig.contexts[plane.context]?.cluster)
        kubeconfig.clusters[cluster]?.certificateAuthority = plane.directory.appendingPathComponent("pki/sni-ca.crt").path
        kubeconfig.clusters[cluster]?.tlsServerName = serverName
        return try kubeconfig.connection(context: plane.context)
    }

    @Test("a certificate that names only a DNS name, reached by IP, verifies with tls-server-name; another name or none fails")
    func serverName() async throws {
        let named = try await Self.connection(serverName: "kube.peng.test")
        #expect(named.server.hasPrefix("https://127.0.0.1:"))
        #expect(try await KubeClient(connection: named).serverVersion().hasPrefix("v1.20"))

        for name in ["other.peng.test", nil] {
            await #expect {
                try await KubeClient(connection: try await Self.connection(serverName: name)).serverVersion()
            } throws: { error in
                (error as? KubeError)?.code == .tls
            }
        }
    }
}
