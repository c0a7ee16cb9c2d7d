/// One version of a package a repository offers: kapp-controller's `Package` (data.packaging.carvel.dev/v1alpha1),
/// named `<refName>.<version>`.
public struct OfferedPackage: Sendable, Hashable, Codable {
    public var refName: String
    public var version: String
    /// `spec.kubernetesVersionSelection.constraints`: the Kubernetes versions it installs on; nil for any.
    public var kubernetes: String?
    /// `spec.kappControllerVersionSelection.constraints`, shown but not checked (peng does not know kapp-controller's version).
    public var kappController: String?
    public var releasedAt: String?

    public init(refName: String, version: String, kubernetes: String? = nil, kappController: String? = nil, releasedAt: String? = nil) {
        self.refName = refName
        self.version = version
        self.kubernetes = kubernetes
        self.kappController = kappController
        self.releasedAt = releasedAt
    }

    /// A Package object as the API serves it; nil when it names no package or version.
    public init?(_ object: KubeObject) {
        guard let refName = object[path: "spec", "refName"]?.stringValue, let version = object[path: "spec", "version"]?.stringValue else { return nil }
        self.init(refName: refName, version: version,
                  kubernetes: object[path: "spec", "kubernetesVersionSelection", "constraints"]?.stringValue,
                  kappController: object[path: "spec", "kappControllerVersionSelection", "constraints"]?.stringValue,
                  releasedAt: object[path: "spec", "releasedAt"]?.stringValue)
    }

    /// The Package object kapp-controller publishes for this version in `namespace`: named `<refName>.<version>`,
    /// except that a `+` is written `---` (as in a TanzuKubernetesRelease's name). kapp-controller's aggregated API
    /// serves names with `+`; the lab's stand-in is a CRD, whose object names must be RFC 1123 subdomains. peng reads
    /// `spec.refName` and `spec.version`, never the name.
    public func object(namespace: String) -> KubeObject {
        let name = "\(refName).\(version)".split(separator: "+", omittingEmptySubsequences: false).joined(separator: "---")
        var package = KubeObject(apiVersion: PackageOffer.apiVersion, kind: "Package", name: name, namespace: namespace)
        var spec: JSONValue = ["refName": .string(refName), "version": .string(version)]
        if let kubernetes { spec["kubernetesVersionSelection"] = ["constraints": .string(kubernetes)] }
        if let kappController { spec["kappControllerVersionSelection"] = ["constraints": .string(kappController)] }
        if let releasedAt { spec["releasedAt"] = .string(releasedAt) }
        package["spec"] = spec
        return package
    }
}

/// What the package repositories a PackageInstall can use offer: the Packages in its namespace and in kapp-controller's
/// global packaging namespace. One place judges a pinned version against it, for peng's plan, status and upgrade plan
/// and for the simulator's kapp-controller.
public struct PackageOffer: Sendable, Codable {
    public static let apiVersion = "data.packaging.carvel.dev/v1alpha1"

    /// The reconciled repositories whose Packages these are, for messages.
    public var repositories: [String]
    public var packages: [OfferedPackage]

    public init(repositories: [String], packages: [OfferedPackage]) {
        self.repositories = repositories
        self.packages = packages
    }

    public enum Verdict: Sendable, Equatable {
        case offered
        /// No Package of that name and version; `available` are the versions of that package on offer.
        case notOffered(available: [String])
        /// Offered, but its Kubernetes constraints exclude the cluster's version.
        case excluded(constraints: String)
    }

    /// Whether `version` of `refName` installs on a cluster running `kubernetes` (nil: not known, not checked).
    /// A constraint kapp-controller could not read is not held against the version.
    public func verdict(refName: String, version: String, kubernetes: ReleaseVersion?) -> Verdict {
        guard let package = packages.first(where: { $0.refName == refName && $0.version == version }) else {
            return .notOffered(available: versions(of: refName))
        }
        if let kubernetes, let text = package.kubernetes, let constraints = SemverConstraints(text), !constraints.contains(kubernetes) {
            return .excluded(constraints: text)
        }
        return .offered
    }

    /// The versions of `refName` on offer, newest first.
    public func versions(of refName: String) -> [String] {
        packages.filter { $0.refName == refName }.map(\.version).sorted { a, b in
            guard let va = ReleaseVersion(a), let vb = ReleaseVersion(b) else { return NaturalOrder.precedes(b, a) }
            return va > vb
        }
    }

    /// What is wrong with `version` of `refName`, in words, with the remedy; nil when it is offered.
    public func problem(refName: String, version: String, kubernetes: ReleaseVersion?) -> (message: String, hint: String)? {
        let from = repositories.isEmpty ? "the cluster's package repositories" : "package repository \(repositories.map { "'\($0)'" }.joined(separator: ", "))"
        switch verdict(refName: refName, version: version, kubernetes: kubernetes) {
        case .offered:
            return nil
        case .notOffered(let available):
            return ("\(refName) \(version) is not offered by \(from)",
                    available.isEmpty ? "the repository offers no version of \(refName): check the package name, or add a repository that offers it"
                                      : "it offers \(available.joined(separator: ", ")); pin one of them in the Platform's extension catalog, or update the repository")
        case .excluded(let constraints):
            let offered = versions(of: refName).filter { verdict(refName: refName, version: $0, kubernetes: kubernetes) == .offered }
            return ("\(refName) \(version) does not install on Kubernetes \(kubernetes.map(\.description) ?? "?"): the package asks for Kubernetes \(constraints)",
                    offered.isEmpty ? "no version on offer installs on this Kubernetes version; upgrade the cluster or the repository"
                                    : "versions on offer that install here: \(offered.joined(separator: ", "))")
        }
    }
}
