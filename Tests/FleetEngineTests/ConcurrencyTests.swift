@testable import FleetEngine
import FleetModel
import FleetRender
import Foundation
import KubeClient
import Testing
import TestHarness

/// `--concurrency` is per API server: clusters that share a server share its limit, one client per server and run.
@Suite("one client per API server")
struct ConcurrencyTests {
    @Test("four clusters applied side by side through one API server never have more than the limit in flight")
    func sharedLimit() async throws {
        let plane = try await SharedPlane.get()
        var kubeconfig = try plane.kubeconfig()
        let clusterName = try #require(kubeconfig.contexts[plane.context]?.cluster)
        let server = try #require(kubeconfig.clusters[clusterName]?.server)
        let proxy = try await CountingProxy.start(inFrontOf: server, caFile: plane.directory.appendingPathComponent("pki/ca.crt").path)
        defer { proxy.stop() }
        // Four contexts, as four clusters would have, all reaching the same server through the proxy.
        var proxied = try #require(kubeconfig.clusters[clusterName])
        proxied.server = "http://127.0.0.1:\(proxy.port)"
        kubeconfig.clusters["proxied"] = proxied
        var context = try #require(kubeconfig.contexts[plane.context])
        context.cluster = "proxied"
        let names = (1...4).map { "shared-\($0)" }
        for name in names { kubeconfig.contexts["ctx-\(name)"] = context }

        var targets: [RenderTarget] = []
        var clusters: [Cluster] = []
        for name in names {
            let fleet = SafetyTests.fleet("sharedlimit", cluster: name, context: "ctx-\(name)")
            clusters += fleet.clusters
            var objects = [KubeObject(apiVersion: "v1", kind: "Namespace", name: "\(name)-ns",
                                      labels: OwnershipLabels.labels(fleet: "sharedlimit", cluster: name, stage: "integration"))]
            for index in 0..<40 {
                var object = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "cm-\(index)", namespace: "\(name)-ns",
                                        labels: OwnershipLabels.labels(fleet: "sharedlimit", cluster: name, stage: "integration"))
                object["data"] = ["index": .string("\(index)")]
                objects.append(object)
            }
            targets.append(RenderTarget(kind: .workload, name: name, stage: "integration", context: "ctx-\(name)", objects: objects.sortedForApply()))
        }
        var fleet = SafetyTests.fleet("sharedlimit", cluster: names[0], context: "ctx-\(names[0])")
        fleet.clusters = clusters
        var clientOptions = KubeClient.Options()
        clientOptions.concurrency = 3
        let connector = TargetConnector(kubeconfig: kubeconfig, clientOptions: clientOptions)
        var options = EngineOptions()
        options.parallelClusters = 4
        let report = await Reconciler(options: options).apply(RenderedFleet(targets: targets), fleet: fleet, connector: connector,
                                                              scope: .init(side: .workload))
        #expect(!report.failed, "\(report.clusters.compactMap(\.problem))")
        #expect(report.clusters.count == 4 && report.changeSets.allSatisfy { $0.count(.create) == 41 })
        let stats = proxy.stats
        #expect(stats.requests > 4 * 41, "every object went through the proxy")
        #expect(stats.maxInFlight <= 3, "at most --concurrency requests in flight to one server, saw \(stats.maxInFlight)")
        #expect(connector.clients.count == 4, "one client per context, sharing one limiter for the server")
    }
}
