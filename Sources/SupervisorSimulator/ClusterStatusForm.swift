import FleetModel
import Foundation

extension SupervisorSimulator {
    /// How a Supervisor writes a workload cluster's status.
    /// - TanzuKubernetesCluster v1alpha3: conditions only. `Ready`, and the two it summarises, `ControlPlaneReady` and
    ///   `NodePoolsReady`, each with a reason while not True and severity `Error` on a failure; `status.version`; no
    ///   `status.phase` (tanzu-framework's v1alpha2 CRD: "Phase of this TanzuKubernetesCluster. DEPRECATED: will be
    ///   removed in v1alpha3").
    /// - The older TanzuKubernetesCluster form and Cluster API v1beta1 `Cluster` also report `status.phase`.
    /// - What each published schema lacks is never written (the lab's API servers would prune it): no
    ///   `observedGeneration` on a TanzuKubernetesCluster; no `version` or `apiEndpoints` on a Cluster API Cluster.
    struct StatusForm {
        var isTanzu: Bool
        var phase: Bool

        func status(generation: Int, phase: String, ready: Bool, reason: String?, message: String?, version: String?,
                    endpoint: String? = nil) -> JSONValue
        {
            let failed = phase.lowercased() == "failed"
            func condition(_ type: String, _ isTrue: Bool) -> JSONValue {
                var condition: JSONValue = ["type": .string(type), "status": isTrue ? "True" : "False",
                                            "lastTransitionTime": .string(ISO8601DateFormatter().string(from: Date()))]
                if !isTrue {
                    if let reason { condition["reason"] = .string(reason) }
                    if let message { condition["message"] = .string(message) }
                    condition["severity"] = failed ? "Error" : "Info"
                }
                return condition
            }
            var conditions = [condition("Ready", ready)]
            if isTanzu {
                // While creating, or rolling the control plane, the control plane is what is not ready; then the pools.
                let poolsOnly = reason == "NodePoolUpdating"
                conditions.append(condition("ControlPlaneReady", ready || poolsOnly))
                conditions.append(condition("NodePoolsReady", ready))
            }
            var status: JSONValue = ["conditions": .array(conditions)]
            // Only Cluster API's schema has observedGeneration; the TanzuKubernetesCluster schema has none (the server
            // would prune it).
            if !isTanzu { status["observedGeneration"] = .int(generation) }
            if self.phase { status["phase"] = .string(phase) }
            // Cluster API v1beta1's Cluster status has neither a version nor API endpoints (its endpoint is in the spec).
            if let version, isTanzu { status["version"] = .string(version) }
            if isTanzu, let endpoint, let url = URL(string: endpoint), let host = url.host {
                status["apiEndpoints"] = [["host": .string(host), "port": .int(url.port ?? 443)]]
            }
            return status
        }
    }

    /// What the simulator last reported for a cluster, read from its Ready condition (present in every form).
    enum Reported: Equatable {
        case nothing, creating, updating, running, failed
    }

    static func reported(_ cluster: KubeObject) -> Reported {
        guard let ready = cluster[path: "status", "conditions"]?.arrayValue?.first(where: { $0["type"] == "Ready" }) else { return .nothing }
        if ready["status"] == "True" { return .running }
        if ready["severity"] == "Error" { return .failed }
        return ready["reason"] == "WaitingForControlPlane" ? .creating : .updating
    }
}
