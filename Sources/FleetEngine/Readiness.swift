import FleetModel

/// Whether an object is done, per kind, as the cluster reports it (kapp's idea: done, successful, message).
public enum Readiness: Sendable, Equatable {
    case ready
    case progressing(String)
    case failed(String)

    private typealias Rule = @Sendable (KubeObject) -> Readiness

    /// One rule per kind peng waits for; kinds without a rule are ready once applied.
    private static let rules: [String: Rule] = [
        "apiextensions.k8s.io/CustomResourceDefinition": { object in
            condition("Established", in: object)?.status == "True" ? .ready : .progressing("not yet established")
        },
        "/Namespace": { object in
            let phase = object[path: "status", "phase"]?.stringValue ?? "unknown"
            return phase == "Active" ? .ready : .progressing("phase \(phase)")
        },
        "apps/Deployment": { replicas($0, readyField: "availableReplicas") },
        "apps/StatefulSet": { replicas($0, readyField: "readyReplicas") },
        "packaging.carvel.dev/PackageInstall": packaging,
        "packaging.carvel.dev/PackageRepository": packaging,
        // TKGS: ready when the Ready condition is True and the phase is `running`; `failed` is final.
        "run.tanzu.vmware.com/TanzuKubernetesCluster": { cluster($0, readyPhase: "running", failedPhase: "failed") },
        // Cluster API: ready when Ready is True and the phase is `Provisioned`; `Failed` is final.
        "cluster.x-k8s.io/Cluster": { cluster($0, readyPhase: "provisioned", failedPhase: "failed") },
    ]

    private static func key(group: String, kind: String) -> String { "\(group)/\(kind)" }

    public static func of(_ object: KubeObject) -> Readiness {
        rules[key(group: object.ref.group, kind: object.kind)]?(object) ?? .ready
    }

    /// Whether peng waits for this kind at all.
    static func hasRule(_ ref: ObjectRef) -> Bool { rules[key(group: ref.group, kind: ref.kind)] != nil }

    struct Condition {
        var status: String
        var reason: String?
        var message: String?

        var explained: String {
            [reason, message].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ": ")
        }
    }

    static func condition(_ type: String, in object: KubeObject) -> Condition? {
        guard let entry = object[path: "status", "conditions"]?.arrayValue?.first(where: { $0["type"]?.stringValue == type }) else {
            return nil
        }
        return Condition(status: entry["status"]?.stringValue ?? "Unknown", reason: entry["reason"]?.stringValue,
                         message: entry["message"]?.stringValue)
    }

    private static func replicas(_ object: KubeObject, readyField: String) -> Readiness {
        let wanted = object[path: "spec", "replicas"]?.intValue ?? 1
        let generation = object[path: "metadata", "generation"]?.intValue ?? 0
        let observed = object[path: "status", "observedGeneration"]?.intValue ?? -1
        let ready = object[path: "status", readyField]?.intValue ?? 0
        if observed >= generation, ready >= wanted { return .ready }
        return .progressing("\(ready) of \(wanted) replicas ready")
    }

    private static func packaging(_ object: KubeObject) -> Readiness {
        let status = object["status"]
        if condition("ReconcileSucceeded", in: object)?.status == "True" { return .ready }
        if condition("ReconcileFailed", in: object)?.status == "True" {
            return .failed(status?["usefulErrorMessage"]?.stringValue ?? status?["friendlyDescription"]?.stringValue ?? "reconcile failed")
        }
        return .progressing(status?["friendlyDescription"]?.stringValue ?? "reconciling")
    }

    /// A workload cluster on the Supervisor. The reason names the condition still missing.
    private static func cluster(_ object: KubeObject, readyPhase: String, failedPhase: String) -> Readiness {
        let phase = object[path: "status", "phase"]?.stringValue ?? ""
        let ready = condition("Ready", in: object)
        let why = ready.map { $0.explained.isEmpty ? "" : " (\($0.explained))" } ?? ""
        if phase.lowercased() == failedPhase {
            return .failed("phase \(phase), condition Ready is \(ready?.status ?? "missing")\(why)")
        }
        if ready?.status == "True", phase.lowercased() == readyPhase { return .ready }
        let shownPhase = phase.isEmpty ? "no phase reported yet" : "phase \(phase)"
        return .progressing("\(shownPhase), condition Ready is \(ready?.status ?? "not reported yet")\(why)")
    }
}
