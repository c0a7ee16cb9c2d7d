import FleetModel

/// Whether an object is done, per kind, as the cluster reports it (kapp's idea: done, successful, message).
/// A status counts only when it describes the object's current generation: after a spec change, the status of the
/// previous generation says nothing about the new one.
public enum Readiness: Sendable, Equatable {
    case ready
    case progressing(String)
    case failed(String)

    private typealias Rule = @Sendable (KubeObject) -> Readiness

    /// One rule per kind peng waits for; kinds without a rule are ready once applied.
    private static let rules: [GroupKind: Rule] = [
        .customResourceDefinition: { object in
            condition("Established", in: object)?.status == "True" ? .ready : .progressing("not yet established")
        },
        .namespace: { object in
            let phase = object[path: "status", "phase"]?.stringValue ?? "unknown"
            return phase == "Active" ? .ready : .progressing("phase \(phase)")
        },
        .deployment: { replicas($0, readyField: "availableReplicas") },
        .statefulSet: { replicas($0, readyField: "readyReplicas") },
        .daemonSet: { object in
            if let stale = staleGeneration(object) { return stale }
            let wanted = object[path: "status", "desiredNumberScheduled"]?.intValue ?? 0
            let ready = object[path: "status", "numberReady"]?.intValue ?? 0
            let updated = object[path: "status", "updatedNumberScheduled"]?.intValue ?? 0
            return ready >= wanted && updated >= wanted ? .ready : .progressing("\(ready) of \(wanted) pods ready")
        },
        .packageInstall: packaging,
        .packageRepository: packaging,
        // TKGS: Ready True, phase `running`, at the release peng asked for; `failed` is final.
        // TKGS may not report observedGeneration; where it does, the status must describe the current generation.
        .tanzuKubernetesCluster: { object in
            if object[path: "status", "observedGeneration"] != nil, let stale = staleGeneration(object) {
                if object[path: "status", "phase"]?.stringValue?.lowercased() == "failed" {
                    return cluster(object, readyPhase: "running", failedPhase: "failed", reportsVersion: true)
                }
                return stale
            }
            return cluster(object, readyPhase: "running", failedPhase: "failed", reportsVersion: true)
        },
        // Cluster API: Ready True, phase `Provisioned`, status for the current generation; `Failed` is final.
        .clusterAPICluster: { object in
            if let stale = staleGeneration(object) { return stale }
            return cluster(object, readyPhase: "provisioned", failedPhase: "failed", reportsVersion: false)
        },
    ]

    public static func of(_ object: KubeObject) -> Readiness {
        rules[object.groupKind]?(object) ?? .ready
    }

    /// Whether peng waits for this kind at all.
    static func hasRule(_ ref: ObjectRef) -> Bool { rules[ref.groupKind] != nil }

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

    /// Progressing while the controller has not reported on the current generation (`status.observedGeneration`).
    static func staleGeneration(_ object: KubeObject) -> Readiness? {
        guard let generation = object.generation else { return nil }
        let observed = object[path: "status", "observedGeneration"]?.intValue
        guard let observed else { return .progressing("waiting for the controller to report on generation \(generation)") }
        return observed >= generation ? nil
            : .progressing("the status describes generation \(observed), waiting for generation \(generation)")
    }

    private static func replicas(_ object: KubeObject, readyField: String) -> Readiness {
        if let stale = staleGeneration(object) { return stale }
        let wanted = object[path: "spec", "replicas"]?.intValue ?? 1
        let ready = object[path: "status", readyField]?.intValue ?? 0
        let updated = object[path: "status", "updatedReplicas"]?.intValue ?? 0
        if ready >= wanted, updated >= wanted { return .ready }
        return .progressing("\(min(ready, updated)) of \(wanted) replicas ready")
    }

    private static func packaging(_ object: KubeObject) -> Readiness {
        if let stale = staleGeneration(object) { return stale }
        let status = object["status"]
        if condition("ReconcileSucceeded", in: object)?.status == "True" { return .ready }
        if condition("ReconcileFailed", in: object)?.status == "True" {
            return .failed(status?["usefulErrorMessage"]?.stringValue ?? status?["friendlyDescription"]?.stringValue ?? "reconcile failed")
        }
        return .progressing(status?["friendlyDescription"]?.stringValue ?? "reconciling")
    }

    /// A workload cluster on the Supervisor. The reason names the condition still missing; the cluster is ready
    /// only at the Kubernetes release peng asked for (an upgrade is not done while the old release still runs).
    private static func cluster(_ object: KubeObject, readyPhase: String, failedPhase: String, reportsVersion: Bool) -> Readiness {
        let phase = object[path: "status", "phase"]?.stringValue ?? ""
        let ready = condition("Ready", in: object)
        let why = ready.map { $0.explained.isEmpty ? "" : " (\($0.explained))" } ?? ""
        if phase.lowercased() == failedPhase {
            return .failed("phase \(phase), condition Ready is \(ready?.status ?? "missing")\(why)")
        }
        let reported = object[path: "status", "version"]?.stringValue
        if reportsVersion, let wanted = ClusterKinds.desiredRelease(of: object), ready?.status == "True",
           phase.lowercased() == readyPhase, reported != wanted
        {
            return .progressing("phase \(phase), running \(reported ?? "an unreported release"), not yet \(wanted)")
        }
        if ready?.status == "True", phase.lowercased() == readyPhase { return .ready }
        let shownPhase = phase.isEmpty ? "no phase reported yet" : "phase \(phase)"
        return .progressing("\(shownPhase), condition Ready is \(ready?.status ?? "not reported yet")\(why)")
    }
}
