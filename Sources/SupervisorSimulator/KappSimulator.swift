import FleetModel
import KubeClient

/// Plays kapp-controller on one or more clusters: a PackageRepository or PackageInstall whose status does not describe
/// its current generation is reconciled `delay` after that generation was first seen — until then its status stays
/// what it was (the previous generation's, as with the real controller between a spec change and its next
/// reconcile). Names in `failing` end in ReconcileFailed; the others in ReconcileSucceeded with the installed version.
///
/// With an `offer`, a reconciled PackageRepository publishes it as `Package` objects in its namespace, and a
/// PackageInstall whose version no Package in its namespace or the global packaging namespace offers — or whose
/// Package's Kubernetes constraints exclude the cluster's version — ends in ReconcileFailed with kapp-controller's
/// message, as the real controller's does. Without one, no Packages are published and every version installs.
public actor KappSimulator {
    public var failing: Set<String>
    public var delay: Duration
    public let offer: [OfferedPackage]?
    private var firstSeen: [String: ContinuousClock.Instant] = [:]
    private let clock = ContinuousClock()

    public init(failing: Set<String> = [], delay: Duration = .zero, offer: [OfferedPackage]? = nil) {
        self.failing = failing
        self.delay = delay
        self.offer = offer
    }

    /// One pass over a cluster. `kubernetes`: the version the cluster runs, where the plane's own API server reports
    /// another; nil: the API server's.
    public func reconcile(_ client: KubeClient, kubernetes: ReleaseVersion? = nil) async {
        for kind in [GroupKind.packageRepository, .packageInstall] {
            // An unreadable list (a plane still starting) is read again on the next pass.
            guard let objects = try? await client.list(apiVersion: Packaging.apiVersion, kind: kind.kind) else { continue }
            for object in objects { await reconcile(object, client: client, kubernetes: kubernetes) }
        }
    }

    private func reconcile(_ object: KubeObject, client: KubeClient, kubernetes: ReleaseVersion?) async {
        let generation = object.generation ?? 1
        let observed = object[path: "status", "observedGeneration"]?.intValue ?? 0
        let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
        if observed == generation, conditions.contains(where: { $0["status"]?.stringValue == "True" }) { return }
        let key = "\(client.connection.server)|\(object[path: "metadata", "uid"]?.stringValue ?? object.ref.description)|\(generation)"
        let seen = firstSeen[key] ?? clock.now
        firstSeen[key] = seen
        guard clock.now - seen >= delay else { return }
        var failure = failing.contains(object.name) ? "simulated failure: the package could not be installed" : nil
        if failure == nil, let offer {
            if object.groupKind == .packageRepository {
                failure = await publish(offer, in: object.namespace ?? Packaging.namespace, client: client)
            } else {
                failure = await versionMissing(for: object, client: client, kubernetes: kubernetes)
            }
        }
        var status: JSONValue = [
            "observedGeneration": .int(generation),
            "conditions": [[
                "type": failure != nil ? "ReconcileFailed" : "ReconcileSucceeded", "status": "True",
            ]],
            "friendlyDescription": .string(failure.map { "Reconcile failed: \($0)" } ?? "Reconcile succeeded (simulated)"),
        ]
        // kapp-controller leaves usefulErrorMessage out when there is none (the schema refuses an empty one).
        if let failure { status["usefulErrorMessage"] = .string(failure) }
        if failure == nil, let version = object[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue {
            status["version"] = .string(version)
        }
        // A status write that fails (the object deleted meanwhile, the server busy) is tried again on the next pass:
        // the generation is still not observed.
        _ = try? await client.patchStatus(object.ref, status: status)
    }

    /// A repository's fetch: its Packages published in its namespace. Returns the failure, if any.
    private func publish(_ offer: [OfferedPackage], in namespace: String, client: KubeClient) async -> String? {
        do {
            for package in offer {
                _ = try await client.apply(package.object(namespace: namespace), force: true, fieldManager: "kapp-controller")
            }
            return nil
        } catch {
            return "Fetching resources: \(error)"
        }
    }

    /// kapp-controller's version selection: the Packages of the install's package in its namespace and the global
    /// one, the version asked for, then the Kubernetes constraints. Returns its message when nothing is left.
    private func versionMissing(for install: KubeObject, client: KubeClient, kubernetes known: ReleaseVersion?) async -> String? {
        guard let refName = install[path: "spec", "packageRef", "refName"]?.stringValue,
              let version = install[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue
        else { return nil }
        var packages: [OfferedPackage] = []
        for namespace in Set([install.namespace ?? Packaging.namespace, Packaging.globalNamespace]) {
            do {
                packages += try await client.list(apiVersion: PackageOffer.apiVersion, kind: "Package", namespace: namespace).compactMap(OfferedPackage.init)
            } catch {
                return "Listing packages: \(error)"
            }
        }
        let all = packages.filter { $0.refName == refName }
        let matching = all.filter { $0.version == version }
        var kubernetes = known
        if kubernetes == nil {
            do { kubernetes = ReleaseVersion(try await client.serverVersion()) } catch { return "Getting the Kubernetes version: \(error)" }
        }
        let installable = matching.filter { package in
            guard let kubernetes, let text = package.kubernetes, let constraints = SemverConstraints(text) else { return true }
            return constraints.contains(kubernetes)
        }
        guard installable.isEmpty else { return nil }
        return "Expected to find at least one version, but did not (details: all=\(all.count) -> after-constraints-filter=\(matching.count)"
            + " -> after-kubernetes-version-check=\(installable.count))"
    }
}
