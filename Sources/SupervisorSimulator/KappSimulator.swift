import FleetModel
import KubeClient

/// Plays kapp-controller on one cluster: marks every PackageRepository and PackageInstall that has no final
/// condition for its generation as reconciled (or failed, for names in `failing`), with the installed version.
public struct KappSimulator: Sendable {
    public var failing: Set<String>

    public init(failing: Set<String> = []) {
        self.failing = failing
    }

    public func reconcile(_ client: KubeClient) async {
        for kind in ["PackageRepository", "PackageInstall"] {
            guard let objects = try? await client.list(apiVersion: "packaging.carvel.dev/v1alpha1", kind: kind) else { continue }
            for object in objects {
                let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
                let generation = object[path: "metadata", "generation"]?.intValue ?? 1
                let observed = object[path: "status", "observedGeneration"]?.intValue ?? 0
                if observed == generation, conditions.contains(where: { $0["status"]?.stringValue == "True" }) { continue }
                let fails = failing.contains(object.name)
                var status: JSONValue = [
                    "observedGeneration": .int(generation),
                    "conditions": [[
                        "type": fails ? "ReconcileFailed" : "ReconcileSucceeded", "status": "True",
                    ]],
                    "friendlyDescription": fails ? "Reconcile failed (simulated)" : "Reconcile succeeded (simulated)",
                    "usefulErrorMessage": fails ? "simulated failure: the package could not be installed" : "",
                ]
                if !fails, let version = object[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue {
                    status["version"] = .string(version)
                }
                _ = try? await client.patchStatus(object.ref, status: status)
            }
        }
    }
}
