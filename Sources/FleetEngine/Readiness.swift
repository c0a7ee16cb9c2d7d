import FleetModel

/// Whether an object is done, per kind, as the cluster reports it (kapp's idea: done, successful, message).
public enum Readiness: Sendable, Equatable {
    case ready
    case progressing(String)
    case failed(String)

    /// Kinds without a rule are ready once applied.
    public static func of(_ object: KubeObject) -> Readiness {
        let status = object["status"]
        switch (object.ref.group, object.kind) {
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            return condition("Established", in: status) == "True" ? .ready : .progressing("not yet established")
        case ("", "Namespace"):
            let phase = status?["phase"]?.stringValue ?? "unknown"
            return phase == "Active" ? .ready : .progressing("phase \(phase)")
        case ("apps", "Deployment"), ("apps", "StatefulSet"):
            let wanted = object[path: "spec", "replicas"]?.intValue ?? 1
            let generation = object[path: "metadata", "generation"]?.intValue ?? 0
            let observed = status?["observedGeneration"]?.intValue ?? -1
            let ready = status?[object.kind == "Deployment" ? "availableReplicas" : "readyReplicas"]?.intValue ?? 0
            if observed >= generation, ready >= wanted { return .ready }
            return .progressing("\(ready) of \(wanted) replicas ready")
        case ("packaging.carvel.dev", "PackageInstall"), ("packaging.carvel.dev", "PackageRepository"):
            if condition("ReconcileSucceeded", in: status) == "True" { return .ready }
            if condition("ReconcileFailed", in: status) == "True" {
                let message = status?["usefulErrorMessage"]?.stringValue ?? status?["friendlyDescription"]?.stringValue ?? "reconcile failed"
                return .failed(message)
            }
            return .progressing(status?["friendlyDescription"]?.stringValue ?? "reconciling")
        default:
            return .ready
        }
    }

    /// Whether peng waits for this kind at all.
    static func hasRule(_ ref: ObjectRef) -> Bool {
        switch (ref.group, ref.kind) {
        case ("apiextensions.k8s.io", "CustomResourceDefinition"), ("", "Namespace"), ("apps", "Deployment"),
             ("apps", "StatefulSet"), ("packaging.carvel.dev", "PackageInstall"), ("packaging.carvel.dev", "PackageRepository"):
            return true
        default:
            return false
        }
    }

    private static func condition(_ type: String, in status: JSONValue?) -> String? {
        status?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }?["status"]?.stringValue
    }
}
