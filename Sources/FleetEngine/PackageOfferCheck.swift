import FleetModel
import KubeClient

/// Part of stage 4 (plan): a PackageInstall asks for a version its repository offers, on a Kubernetes version the
/// package allows. kapp-controller installs only what a reconciled PackageRepository offers (its `Package` objects
/// in the install's namespace and in the global packaging namespace); a version not on offer would end in
/// ReconcileFailed after the apply. The plan says so first, as a failed change naming the versions on offer, so
/// nothing on that cluster after it is applied.
struct PackageOfferCheck {
    let client: KubeClient
    /// The release the cluster runs once its Supervisor phase is done (the fleet's); nil: what its API server reports.
    let kubernetes: ReleaseVersion?

    /// Marks each PackageInstall whose version is not on offer. Where the offer is not known yet — no reconciled
    /// repository, a repository this plan changes (its offer will change), no Packages visible — nothing is judged:
    /// kapp-controller still refuses the version, and apply reports its message. Returns notes for the change set:
    /// what could not be checked, and why.
    func check(_ objects: inout [PlannedObject]) async -> [String] {
        let installs = objects.indices.filter { objects[$0].ref.groupKind == .packageInstall && objects[$0].change.action != .failed }
        guard !installs.isEmpty else { return [] }
        let changing = Set(objects.filter { $0.ref.groupKind == .packageRepository && $0.change.action != .unchanged }.compactMap(\.ref.namespace))
        guard !changing.contains(Packaging.globalNamespace) else { return [] }  // a global repository serves every namespace
        let namespaces = Set(installs.compactMap { objects[$0].ref.namespace }).subtracting(changing)
        // The offer is a check before kapp-controller's own: when it cannot be read (rights, an older kapp-controller),
        // the plan goes on without it, says so in a note, and apply reports what kapp-controller says.
        var reader = OfferReader(client: client)
        var offers: [String: PackageOffer] = [:]
        var notes: [String] = []
        for namespace in namespaces.sorted() {
            do { offers[namespace] = try await reader.offer(for: namespace) } catch { notes.append(Self.unread(namespace, error)) }
        }
        guard !offers.isEmpty else { return notes }
        // kapp-controller checks a Package's Kubernetes constraints against the version the cluster runs; when the fleet
        // does not say and the API server does not answer, only the offer itself is checked.
        var kubernetes = self.kubernetes
        if kubernetes == nil {
            do { kubernetes = ReleaseVersion(try await client.serverVersion()) } catch {
                notes.append("the package versions are checked against the repository's offer, not against the cluster's Kubernetes constraints: its version could not be read (\(EngineError(error).message))")
            }
        }
        for index in installs {
            let install = objects[index].desired.object
            guard let namespace = install.namespace, let offer = offers[namespace],
                  let refName = install[path: "spec", "packageRef", "refName"]?.stringValue,
                  let version = install[path: "spec", "packageRef", "versionSelection", "constraints"]?.stringValue,
                  let problem = offer.problem(refName: refName, version: version, kubernetes: kubernetes)
            else { continue }
            objects[index].change = ObjectChange(ref: install.ref, failing: EngineError(.packageNotOffered, problem.message, object: install.ref, hint: problem.hint))
            objects[index].write = .none
        }
        return notes
    }

    /// The note for an offer that could not be read: what is then not checked, and what still is.
    static func unread(_ namespace: String, _ error: any Error) -> String {
        "the package repository's offer in namespace \(namespace) could not be read (\(EngineError(error).message)): its PackageInstalls' versions are not checked before apply; kapp-controller still refuses a version it does not offer"
    }

    /// The offer PackageInstalls in `namespace` can use: nil when no repository there or in the global namespace has
    /// reconciled its current spec, or when they offer no Package peng can see.
    static func offer(for namespace: String, client: KubeClient) async throws -> PackageOffer? {
        var reader = OfferReader(client: client)
        return try await reader.offer(for: namespace)
    }

    /// Reads each namespace's repositories and Packages once (the global namespace serves every other).
    struct OfferReader {
        let client: KubeClient
        private var read: [String: (repositories: [String], packages: [OfferedPackage])] = [:]

        init(client: KubeClient) { self.client = client }

        mutating func offer(for namespace: String) async throws -> PackageOffer? {
            var repositories: [String] = []
            var packages: Set<OfferedPackage> = []
            for namespace in Set([namespace, Packaging.globalNamespace]) {
                let listed = try await contents(of: namespace)
                repositories += listed.repositories
                packages.formUnion(listed.packages)
            }
            guard !repositories.isEmpty, !packages.isEmpty else { return nil }
            return PackageOffer(repositories: repositories.sorted(), packages: Array(packages))
        }

        private mutating func contents(of namespace: String) async throws -> (repositories: [String], packages: [OfferedPackage]) {
            if let known = read[namespace] { return known }
            let repositories = try await client.list(apiVersion: Packaging.apiVersion, kind: GroupKind.packageRepository.kind, namespace: namespace)
                .filter { Readiness.of($0) == .ready }.map(\.name)
            let packages = repositories.isEmpty ? [] : try await client.list(apiVersion: PackageOffer.apiVersion, kind: "Package", namespace: namespace)
                .compactMap(OfferedPackage.init)
            read[namespace] = (repositories, packages)
            return (repositories, packages)
        }
    }
}
