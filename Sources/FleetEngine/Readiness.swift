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
        .tanzuKubernetesCluster: tanzuCluster,
        // Cluster API v1beta1 `Cluster`: Ready True, `status.phase` Provisioned, status for the current generation
        // (`status.observedGeneration`); phase `Failed` is final (cluster-api's ClusterPhase: Pending, Provisioning,
        // Provisioned, Deleting, Failed, Unknown).
        .clusterAPICluster: { object in
            if let stale = staleGeneration(object) { return stale }
            let phase = object[path: "status", "phase"]?.stringValue ?? ""
            let ready = condition("Ready", in: object)
            if phase.lowercased() == "failed" { return .failed("phase \(phase), condition Ready is \(ready?.status ?? "missing")\(ready?.because ?? "")") }
            if ready?.status == "True", phase.lowercased() == "provisioned" { return .ready }
            let shownPhase = phase.isEmpty ? "no phase reported yet" : "phase \(phase)"
            return .progressing("\(shownPhase), condition Ready is \(ready?.status ?? "not reported yet")\(ready?.because ?? "")")
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
        /// Cluster API's condition convention: Error, Warning or Info, set only while the condition is False.
        var severity: String?

        var explained: String {
            [reason, message].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ": ")
        }

        /// " (reason: message)", or nothing when the condition gives neither.
        var because: String { explained.isEmpty ? "" : " (\(explained))" }
    }

    static func condition(_ type: String, in object: KubeObject) -> Condition? {
        guard let entry = object[path: "status", "conditions"]?.arrayValue?.first(where: { $0["type"]?.stringValue == type }) else {
            return nil
        }
        return Condition(status: entry["status"]?.stringValue ?? "Unknown", reason: entry["reason"]?.stringValue,
                         message: entry["message"]?.stringValue, severity: entry["severity"]?.stringValue)
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

    /// A TKGS TanzuKubernetesCluster. v1alpha3 reports no `status.phase` (tanzu-framework's v1alpha2 CRD: "Phase of
    /// this TanzuKubernetesCluster. DEPRECATED: will be removed in v1alpha3"): it is judged by its conditions — Ready
    /// True, and Ready False with severity Error a failure (Cluster API's condition conventions, which TKGS follows) —
    /// and by the release it reports in `status.version`: an upgrade is not done while the old release still runs.
    /// Where a Supervisor still reports a phase (the older form), phase `failed` is final and Ready counts only in
    /// phase `running`. TKGS may not report `observedGeneration`; where it does, the status must describe the current
    /// generation, unless it reports a failure.
    private static func tanzuCluster(_ object: KubeObject) -> Readiness {
        let phase = object[path: "status", "phase"]?.stringValue
        let ready = condition("Ready", in: object)
        let because = ready?.because ?? ""
        let shownPhase = phase.map { ", phase \($0)" } ?? ""
        if phase?.lowercased() == "failed" || (ready?.status == "False" && ready?.severity == "Error") {
            return .failed("condition Ready is \(ready?.status ?? "missing")\(because)\(shownPhase)")
        }
        if object[path: "status", "observedGeneration"] != nil, let stale = staleGeneration(object) { return stale }
        guard let ready, ready.status == "True" else {
            return .progressing("condition Ready is \(ready?.status ?? "not reported yet")\(because)\(shownPhase)")
        }
        if let phase, phase.lowercased() != "running" { return .progressing("phase \(phase), condition Ready is True") }
        if let wanted = ClusterKinds.desiredRelease(of: object), let reported = object[path: "status", "version"]?.stringValue,
           reported != wanted
        {
            return .progressing("running \(reported), not yet \(wanted)")
        }
        return .ready
    }

    /// A workload cluster's state in one word, as `peng status` and the dashboard show it: the phase where the
    /// Supervisor reports one; otherwise from the conditions (v1alpha3): running, failed, or the reason Ready is not
    /// True yet (e.g. WaitingForControlPlane, NodePoolUpdating).
    public static func clusterState(of object: KubeObject) -> String {
        if let phase = object[path: "status", "phase"]?.stringValue { return phase }
        guard let ready = condition("Ready", in: object) else { return "provisioning" }
        if ready.status == "True" { return "running" }
        if ready.severity == "Error" { return "failed" }
        return ready.reason ?? "provisioning"
    }
}
