import FleetModel
import KubeClient

/// Plays kapp-controller on one or more clusters: a PackageRepository or PackageInstall whose status does not describe
/// its current generation is reconciled `delay` after that generation was first seen — until then its status stays
/// what it was (the previous generation's, as with the real controller between a spec change and its next
/// reconcile). Names in `failing` end in ReconcileFailed; the others in ReconcileSucceeded with the installed version.
public actor KappSimulator {
    public var failing: Set<String>
    public var delay: Duration
    private var firstSeen: [String: ContinuousClock.Instant] = [:]
    private let clock = ContinuousClock()

    public init(failing: Set<String> = [], delay: Duration = .zero) {
        self.failing = failing
        self.delay = delay
    }

    public func reconcile(_ client: KubeClient) async {
        for kind in [GroupKind.packageRepository, .packageInstall] {
            guard let objects = try? await client.list(apiVersion: Packaging.apiVersion, kind: kind.kind) else { continue }
            for object in objects { await reconcile(object, client: client) }
        }
    }

    private func reconcile(_ object: KubeObject, client: KubeClient) async {
        let generation = object.generation ?? 1
        let observed = object[path: "status", "observedGeneration"]?.intValue ?? 0
        let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
        if observed == generation, conditions.contains(where: { $0["status"]?.stringValue == "True" }) { return }
        let key = "\(client.connection.server)|\(object[path: "metadata", "uid"]?.stringValue ?? object.ref.description)|\(generation)"
        let seen = firstSeen[key] ?? clock.now
        firstSeen[key] = seen
        guard clock.now - seen >= delay else { return }
        let fails = failing.contains(object.name)
        var status: JSONValue = [
            "observedGeneration": .int(generation),
            "conditions": [[
                "type": fails ? "ReconcileFailed" : "ReconcileSucceeded", "status": "True",
            ]],
            "friendlyDescription": fails ? "Reconcile failed (simulated)" : "Reconcile succeeded (simulated)",
        ]
        // kapp-controller leaves usefulErrorMessage out when there is none (the schema refuses an empty one).
        if fails { status["usefulErrorMessage"] = "simulated failure: the package could not be installed" }
        if !fails, let version = object[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue {
            status["version"] = .string(version)
        }
        _ = try? await client.patchStatus(object.ref, status: status)
    }
}
