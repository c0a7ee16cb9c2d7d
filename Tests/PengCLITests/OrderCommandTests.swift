import FleetModel
import FleetRepository
import Foundation
import KubeClient
import SupervisorSimulator
import Testing
import TestHarness

/// Self-service products as a team uses them: `peng order` in a real git repository, and an order applied, reconciled
/// and pruned on a real API server (kapp-controller played by the simulator).
@Suite("products and orders")
struct OrderCommandTests {
    static let product = """
        apiVersion: peng.dev/v1alpha1
        kind: Product
        metadata: {name: mysql}
        spec:
          package: mysql.products.example.internal
          repository: {name: platform-products, url: harbor.example.internal/platform/products:v1}
          versions:
            - {version: 8.4.3, state: supported}
            - {version: 8.0.40, state: deprecated, expires: 2027-04-30}
          parameters:
            storage: {type: quantity, default: 20Gi, min: 5Gi, max: 500Gi}
            replicas: {type: integer, default: 1, min: 1, max: 5}
          bestPractice:
            mysqld: {slowQueryLog: true}
          mandatory:
            tls: {required: true, minVersion: "1.2"}

        """

    static func order(team: String, namespace: String, values: String = "", name: String? = nil, version: String = "8.4") -> String {
        """
        apiVersion: peng.dev/v1alpha1
        kind: Order
        metadata: {name: \(name ?? "\(team)-db")}
        spec:
          team: \(team)
          product: mysql
          version: "\(version)"
          stage: integration
          namespace: \(namespace)
          parameters: {storage: 50Gi, replicas: 3}
        \(values)
        """
    }

    @Test("peng order commits a valid order on a new branch, leaving the work tree alone; an invalid one writes and commits nothing")
    func orderMakesACommit() async throws {
        let folder = try PengBinary.temporaryFolder().appendingPathComponent("fleet")
        try FileManager.default.copyItem(at: PengBinary.repositoryRoot.appendingPathComponent("examples/fleet"), to: folder)
        let head = try await TestGit.commitAll(folder)

        let run = try await PengBinary.run(["order", folder.path, "postgresql", "--team", "search", "--stage", "integration",
                                            "--namespace", "search-indexer", "--set", "storage=40Gi", "--set", "pooler=false", "--today", "2026-11-27"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let branch = "order/search/search-indexer-postgresql-integration"
        #expect(run.stdout.contains("Committed") && run.stdout.contains(branch))
        #expect(try await TestGit.run(["rev-parse", "HEAD"], in: folder) == head, "the current branch did not move")
        #expect(try await TestGit.run(["status", "--porcelain"], in: folder).isEmpty, "the work tree is untouched")
        #expect(try await TestGit.run(["log", "-1", "--format=%s", branch], in: folder) == "Order postgresql 16.4 for team search (integration, namespace search-indexer)")
        let written = try await TestGit.run(["show", "\(branch):orders/search/search-indexer-postgresql-integration.yaml"], in: folder)
        #expect(written.contains("  parameters:\n    \"storage\": \"40Gi\"\n    \"pooler\": false"))
        // The fleet on the branch validates, with the order in it.
        let checkout = try PengBinary.temporaryFolder().appendingPathComponent("branch")
        _ = try await TestGit.run(["worktree", "add", "-q", checkout.path, branch], in: folder)
        let validate = try await PengBinary.run(["validate", checkout.path, "-o", "json", "--today", "2026-11-27"])
        #expect(validate.status == 0, "\(validate.stdout)")

        let invalid = try await PengBinary.run(["order", folder.path, "postgresql", "--team", "search", "--stage", "integration",
                                                "--namespace", "search", "--set", "storage=5Ti", "--name", "too-big", "--today", "2026-11-27"])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("parameter 'storage' is 5Ti, above the maximum 1Ti"))
        #expect(invalid.stderr.contains("nothing written or committed"))
        #expect(try await TestGit.run(["branch", "--list", "order/search/too-big*"], in: folder).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("orders/search/too-big-integration.yaml").path))
        #expect(try await TestGit.run(["status", "--porcelain"], in: folder).isEmpty)
    }

    @Test("peng products shows what a team can order and where, with what is mandatory")
    func products() async throws {
        let run = try await PengBinary.run(["products", "examples/fleet", "--team", "checkout", "--today", "2026-11-27"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("mysql  (mysql.products.example.internal; stages: integration, production)"))
        #expect(run.stdout.contains("    8.0.40  deprecated, expires 2027-04-30"))
        #expect(run.stdout.contains("    storage: quantity, default 20Gi, min 5Gi, max 500Gi"))
        #expect(run.stdout.contains("    tls.minVersion = 1.2"))
        #expect(run.stdout.contains("    integration: checkout, checkout-jobs"))
        let json = try await PengBinary.run(["products", "examples/fleet", "-o", "json", "--today", "2026-11-27"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let names = (root["products"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["mysql", "postgresql", "redis"])
    }

    @Test("an order is applied into the team's namespace and reconciled; an override of a mandatory value changes nothing; removed, it is pruned")
    func orderLifecycle() async throws {
        let plane = try await LocalControlPlane.start(name: "orders")
        try await stopping(plane) { plane in
            try await plane.installPackagingCRDs()
            let fleet = SmallFleet("ord", context: plane.context, teams: [("alpha", ["ord-a1"])])
            let folder = try fleet.write()
            try Self.product.write(to: folder.appendingPathComponent("products.yaml"), atomically: true, encoding: .utf8)
            let orderFile = folder.appendingPathComponent("order.yaml")
            try Self.order(team: "alpha", namespace: "ord-a1").write(to: orderFile, atomically: true, encoding: .utf8)
            try Self.order(team: "alpha", namespace: "ord-a1", name: "legacy-db", version: "8.0")
                .write(to: folder.appendingPathComponent("legacy.yaml"), atomically: true, encoding: .utf8)
            let client = try plane.client()
            let kapp = KappSimulator()
            let controller = Task {
                while !Task.isCancelled {
                    await kapp.reconcile(client)
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { controller.cancel() }
            let access = ["--kubeconfig", plane.kubeconfigPath, "--target", "workload", "--timeout", "600", "--today", "2026-11-27"]

            let applied = try await PengBinary.run(["apply", folder.path] + access)
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            let installRef = ObjectRef(apiVersion: Packaging.apiVersion, kind: "PackageInstall", namespace: "ord-a1", name: "alpha-db")
            let install = try #require(try await client.get(installRef))
            #expect(install[path: "status", "version"] == "8.4.3", "kapp-controller reconciled the resolved version")
            #expect(try await client.get(ObjectRef(apiVersion: Packaging.apiVersion, kind: "PackageRepository", namespace: "tkg-system",
                                                    name: "platform-products")) != nil)
            #expect(!applied.stdout.contains("slowQueryLog") && !applied.stdout.contains("minVersion"), "no values in the output")
            #expect(applied.stderr.contains("order 'legacy-db': mysql 8.0.40 is deprecated and expires on 2027-04-30"))
            let status = try await PengBinary.run(["status", folder.path, "--kubeconfig", plane.kubeconfigPath, "--today", "2026-11-27"])
            #expect(status.stdout.contains("ORDERS\n  ord-c1/ord-a1/alpha-db: mysql 8.4.3 (team alpha): reconciled\n"), "\(status.stdout)")
            #expect(status.stdout.contains("  ord-c1/ord-a1/legacy-db: mysql 8.0.40 (team alpha): reconciled; deprecated, expires 2027-04-30: tell team alpha"),
                    "\(status.stdout)")

            // A team tries to weaken TLS: rejected before anything is sent.
            try Self.order(team: "alpha", namespace: "ord-a1", values: "  values:\n    tls: {minVersion: \"1.0\"}\n")
                .write(to: orderFile, atomically: true, encoding: .utf8)
            let valuesRef = ObjectRef(apiVersion: "v1", kind: "Secret", namespace: "ord-a1", name: "alpha-db-values")
            let before = try #require(try await client.get(valuesRef))[path: "metadata", "resourceVersion"]
            let refused = try await PengBinary.run(["apply", folder.path] + access)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("values path 'tls.minVersion' would change 'tls.minVersion', which product 'mysql' makes mandatory"))
            #expect(refused.stderr.contains("nothing was done"))
            #expect(try #require(try await client.get(valuesRef))[path: "metadata", "resourceVersion"] == before)

            // The order leaves Git: everything it made is pruned; the global namespace, which peng does not own, stays.
            try FileManager.default.removeItem(at: orderFile)
            let pruned = try await PengBinary.run(["apply", folder.path] + access)
            #expect(pruned.status == 0, "\(pruned.stdout)\(pruned.stderr)")
            #expect(try await client.get(installRef) == nil)
            #expect(try await client.get(valuesRef) == nil)
            for (apiVersion, kind, name) in [("v1", "ServiceAccount", "alpha-db-installer"), ("rbac.authorization.k8s.io/v1", "Role", "alpha-db-installer"),
                                             ("networking.k8s.io/v1", "NetworkPolicy", "alpha-db-access")] {
                #expect(try await client.get(ObjectRef(apiVersion: apiVersion, kind: kind, namespace: "ord-a1", name: name)) == nil, "\(kind) stayed")
            }
            #expect(try await client.get(ObjectRef(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "tkg-system")) != nil)
        }
    }
}
