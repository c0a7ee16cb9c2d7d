import ArgumentParser
import FleetEngine
import FleetModel
import FleetRender
import KubeClient

/// Which workload clusters a command works on, and how peng reaches them: a kubeconfig and per-cluster
/// context overrides.
struct ClusterAccess: ParsableArguments {
    @Option(name: .customLong("cluster"), help: "Only this cluster (repeatable).")
    var clusters: [String] = []

    @Option(help: "The kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config).", completion: .file())
    var kubeconfig: String?

    @Option(name: .customLong("context"), help: "Reach cluster NAME through kubeconfig context CONTEXT (NAME=CONTEXT, repeatable).")
    var contexts: [String] = []

    @Option(help: "Requests in flight per cluster.")
    var concurrency: Int = 16

    func validate() throws {
        for item in contexts where !item.contains("=") {
            throw ValidationError("--context takes NAME=CONTEXT, e.g. --context int-shared-01=int-admin; got '\(item)'")
        }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    /// The workload targets of the selected clusters.
    func workloadTargets(of validated: ValidatedFleet) throws -> RenderedFleet {
        try RenderSelection(clusters: clusters, target: .workload).apply(to: FleetRenderer().render(validated), fleet: validated.fleet)
    }

    func connector() throws -> TargetConnector {
        var overrides: [String: String] = [:]
        for item in contexts {
            let parts = item.split(separator: "=", maxSplits: 1)
            overrides[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        var options = KubeClient.Options()
        options.concurrency = concurrency
        return TargetConnector(kubeconfig: try Kubeconfig.load(path: kubeconfig), overrides: overrides, clientOptions: options)
    }
}
