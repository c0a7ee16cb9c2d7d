@testable import FleetEngine
import FleetModel
import Foundation
import KubeClient
import Testing
import TestHarness

/// A package repository in a private registry: the pull secret is created once in the vSphere Namespace and copied by
/// peng to each cluster, never rendered or printed; the registry's CA goes to kapp-controller. On real API servers.
@Suite("a private registry for the package repository")
struct PrivateRegistryTests {
    static let credential = #"{"auths":{"harbor.example.internal":{"auth":"cm9ib3Q6czNjcjN0"}}}"#

    static func pullSecret(_ credential: String, type: String = "kubernetes.io/dockerconfigjson", namespace: String) -> KubeObject {
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "registry-pull", namespace: namespace)
        secret["type"] = .string(type)
        secret["data"] = [type == "kubernetes.io/dockerconfigjson" ? ".dockerconfigjson" : "token": .string(Data(credential.utf8).base64EncodedString())]
        return secret
    }

    /// The example's corporate root CA, as a YAML double-quoted scalar.
    static func certificate() throws -> String {
        let text = try String(contentsOf: PengBinary.repositoryRoot.appendingPathComponent("examples/fleet/clusters/production.yaml"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let start = try #require(lines.firstIndex(of: "-----BEGIN CERTIFICATE-----"))
        let end = try #require(lines.firstIndex(of: "-----END CERTIFICATE-----"))
        return lines[start...end].joined(separator: "\n") + "\n"
    }

    @Test("no pull secret in the vSphere Namespace: the cluster's step fails naming it and nothing is written there; once created, it is copied beside the repository that names it, kapp-controller trusts the CA, and no plan or report shows the credential")
    func privateRegistry() async throws {
        let setup = try await SupervisorSetup(pool: 1, delay: .milliseconds(500))
        try await stopping(setup) { setup in
            var fleet = StagedFleet("private", clusters: [("private-int", "integration")])
            let pem = try Self.certificate()
            let quoted = String(decoding: try JSONEncoder().encode(pem), as: UTF8.self)
            fleet.packageRepository = "{name: tanzu-standard, url: harbor.example.internal/packages/repo:v1, pullSecret: registry-pull, caCertificate: \(quoted)}"
            try await setup.createVSphereNamespace(fleet.vsphereNamespace)
            let supervisor = try setup.supervisorClient()
            let run = StagedRun(fleet: fleet, setup: setup)

            let missing = try await run.apply()
            let error = try #require(missing.cluster("private-int")?.onCluster?.errors.first)
            #expect(error.code == .pullSecretMissing)
            #expect(error.message == "the package repository's pull secret 'registry-pull' is not in vSphere Namespace 'private-vns' on Supervisor 'dc1'")
            #expect(error.hint?.hasPrefix("create it once in the vSphere Namespace: kubectl create secret docker-registry registry-pull -n private-vns") == true)
            let client = try await run.workloadClient("private-int")
            let repositoryRef = ObjectRef(apiVersion: Packaging.apiVersion, kind: "PackageRepository", namespace: Packaging.namespace, name: "tanzu-standard")
            #expect(try await client.get(repositoryRef) == nil, "nothing on the cluster was written")

            // Not a pull secret: refused with what it is.
            _ = try await supervisor.apply(Self.pullSecret("x", type: "Opaque", namespace: fleet.vsphereNamespace), force: true, fieldManager: "platform-team")
            let wrongType = try #require(try await run.plan().cluster("private-int")?.onCluster?.errors.first)
            #expect(wrongType.message == "the package repository's pull secret 'registry-pull' in vSphere Namespace 'private-vns' is of type 'Opaque' without '.dockerconfigjson', not a registry pull secret")
            _ = try await supervisor.delete(Self.pullSecret("x", namespace: fleet.vsphereNamespace).ref)

            _ = try await supervisor.apply(Self.pullSecret(Self.credential, namespace: fleet.vsphereNamespace), force: true, fieldManager: "platform-team")
            let applied = try await run.apply()
            #expect(!applied.failed, "\(applied.clusters.compactMap(\.problem))")
            let copy = try #require(try await client.get(ObjectRef(apiVersion: "v1", kind: "Secret", namespace: Packaging.namespace, name: "registry-pull")))
            #expect(copy["type"] == "kubernetes.io/dockerconfigjson")
            #expect(copy[path: "data", ".dockerconfigjson"]?.stringValue.flatMap { Data(base64Encoded: $0) } == Data(Self.credential.utf8))
            #expect(copy.labels[OwnershipLabels.managedBy] == "peng")
            let repository = try #require(try await client.get(repositoryRef))
            #expect(repository[path: "spec", "fetch", "imgpkgBundle", "secretRef", "name"] == "registry-pull")
            let config = try #require(try await client.get(ObjectRef(apiVersion: "v1", kind: "Secret", namespace: Packaging.globalNamespace, name: Packaging.controllerConfig)))
            #expect(config[path: "data", "caCerts"]?.stringValue.flatMap { Data(base64Encoded: $0) } == Data(pem.utf8))

            // A rotated credential: the copy is a change, and no report carries either value.
            let rotated = #"{"auths":{"harbor.example.internal":{"auth":"cm9ib3Q6bjN3LXMzY3IzdA=="}}}"#
            _ = try await supervisor.apply(Self.pullSecret(rotated, namespace: fleet.vsphereNamespace), force: true, fieldManager: "platform-team")
            let plan = try await run.plan()
            let change = try #require(plan.cluster("private-int")?.onCluster?.changes.first { $0.ref.kind == "Secret" && $0.ref.name == "registry-pull" })
            #expect(change.action == .configure)
            let report = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self) + String(describing: plan)
            for secret in [Self.credential, rotated] {
                #expect(!report.contains(Data(secret.utf8).base64EncodedString()) && !report.contains("cm9ib3Q6"), "the credential never appears")
            }
            let again = try await run.apply()
            #expect(!again.failed)
            #expect(try await client.get(copy.ref)?[path: "data", ".dockerconfigjson"]?.stringValue.flatMap { Data(base64Encoded: $0) } == Data(rotated.utf8))
        }
    }
}
