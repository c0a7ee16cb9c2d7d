import FleetLoader
import FleetModel
@testable import FleetService
import Foundation
import KubeClient
import Testing
import TestHarness

/// `deploy/`: every manifest passes a server-side dry run on a real API server, and the ServiceAccount with only
/// the rights in deploy/rbac.yaml can do what serve does on the management cluster, and no more.
@Suite(.serialized)
struct DeployTests {
    static func manifests(_ name: String) throws -> [KubeObject] {
        let text = try String(contentsOf: PengBinary.repositoryRoot.appendingPathComponent("deploy/\(name)"), encoding: .utf8)
        return try YAMLValues.documents(in: text).map(KubeObject.init)
    }

    @Test func manifestsPassADryRunAndTheRightsAreEnough() async throws {
        let plane = try await LocalControlPlane.start(name: "deploy")
        try await stopping(plane) { plane in
            let admin = try plane.client()
            let namespace = try Self.manifests("namespace.yaml")
            for object in namespace { _ = try await admin.apply(object, dryRun: true, fieldManager: "deploy-test") }
            #expect(try await admin.get(namespace[0].ref) == nil, "a dry run creates nothing")
            for object in namespace { _ = try await admin.apply(object, fieldManager: "deploy-test") }
            let deployment = try Self.manifests("deployment.yaml")
            #expect(deployment.first { $0.kind == "Deployment" }?[path: "spec", "replicas"] == 2)
            for object in try Self.manifests("rbac.yaml") + deployment {
                let checked = try await admin.apply(object, dryRun: true, fieldManager: "deploy-test")
                #expect(checked.kind == object.kind)
            }

            // The ServiceAccount with deploy/rbac.yaml's rights, signed in with a token the API server issues for it.
            for object in try Self.manifests("rbac.yaml") { _ = try await admin.apply(object, fieldManager: "deploy-test") }
            let issued = try await admin.post("/api/v1/namespaces/peng-system/serviceaccounts/peng/token",
                                              body: ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": ["expirationSeconds": 3600]])
            let token = try #require(issued[path: "status", "token"]?.stringValue)
            var connection = try plane.kubeconfig().connection(context: plane.context)
            connection.bearerToken = token
            let serve = try KubeClient(connection: connection)

            let elector = LeaseElector(client: serve, namespace: "peng-system", name: "peng", identity: "deploy-test")
            await elector.attemptUntilLeading()
            #expect(await elector.isLeader, "the Lease can be created and held")
            await elector.attempt()
            #expect(await elector.isLeader, "and renewed")
            let store = HistoryStore(client: serve, namespace: "peng-system", name: "peng-history")
            let record = RevisionRecord(commit: .init(sha: String(repeating: "a", count: 40), subject: "s", author: "a", time: 1),
                                        trigger: .commit, outcome: .applied, replica: "deploy-test", started: 1)
            try await store.save([record])
            try await store.request(.sync, by: "someone", at: 2)
            try await store.save(Suspension(suspended: true, by: "someone", at: 3, reason: "freeze"))
            #expect(try await store.load() == [record])
            #expect(try await store.control().suspension?.reason == "freeze")
            #expect(try await store.control().requests == [.sync: 2])
            let reviewer = AccessReviewer(client: serve) { "shop" }
            let limitedToken = try #require(try plane.kubeconfig().connection(context: "\(plane.context)-limited").bearerToken)
            let viewer = try #require(try await reviewer.authenticate(limitedToken))
            #expect(viewer.groups.contains("peng-limited"))
            #expect(try await reviewer.allows(viewer, .get) == false)
            #expect(try await reviewer.allows(Viewer(user: "peng-admin", groups: ["system:masters"]), .sync) == true)
            await elector.release()

            // No more than that: it reads no Secrets and writes nothing else.
            await #expect(throws: KubeError.self) { _ = try await serve.list(apiVersion: "v1", kind: "Secret", namespace: "peng-system") }
            await #expect(throws: KubeError.self) {
                _ = try await serve.apply(KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "other", namespace: "peng-system"), fieldManager: "x")
            }
        }
    }
}
