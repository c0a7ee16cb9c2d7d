import FleetModel

/// An extension moving to another version at one step of an upgrade.
public struct ExtensionMove: Codable, Sendable, Hashable {
    public enum When: String, Codable, Sendable {
        /// Before the Kubernetes step: the new version also runs on the old Kubernetes version.
        case before
        /// After the step: the new version needs the new Kubernetes version.
        case after
    }

    public var name: String
    public var from: String
    public var to: String
    public var when: When
}

/// Something that stops a step (or a whole path): what, and what to do about it.
public struct UpgradeBlocker: Error, Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        case catalog, downgrade, extensionVersion, supervisorOffer, packageOffer, removedAPI, unknownVersion
    }

    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }
}

/// A live use of an API that a step's target version no longer serves.
public struct RemovedAPIUse: Codable, Sendable, Hashable {
    /// `batch/v1beta1`.
    public var apiVersion: String
    /// `CronJob team-a/nightly`, or the resource the metric names (`cronjobs`) when it came from the metric.
    public var object: String
    /// The field manager that wrote the object through the API, or nil for the metric.
    public var manager: String?
    /// `1.25`.
    public var removedRelease: String
    public var replacement: String?
    /// `managedFields` or `apiserver_requested_deprecated_apis`.
    public var source: String

    public init(apiVersion: String, object: String, manager: String?, removedRelease: String, replacement: String?, source: String) {
        self.apiVersion = apiVersion
        self.object = object
        self.manager = manager
        self.removedRelease = removedRelease
        self.replacement = replacement
        self.source = source
    }

    /// The minor version that removes it.
    var removedMinor: Int? {
        let parts = removedRelease.split(separator: ".")
        return parts.count == 2 ? Int(parts[1]) : nil
    }
}

/// One minor (or patch) step of an upgrade.
public struct UpgradeStep: Codable, Sendable {
    public var from: ReleaseVersion
    public var to: ReleaseVersion
    /// The state of `to` in the catalog.
    public var state: ReleaseState
    public var extensionsBefore: [ExtensionMove] = []
    public var extensionsAfter: [ExtensionMove] = []
    public var removedAPIs: [RemovedAPIUse] = []
    public var blockers: [UpgradeBlocker] = []
    /// The Supervisor rolls the control plane first, then each node pool, one node at a time.
    public var order: [String] = []

    public var blocked: Bool { !blockers.isEmpty }
}

/// One cluster's way from the release it runs to the release wanted.
public struct ClusterUpgrade: Codable, Sendable {
    public var cluster: String
    public var stage: String
    public var supervisor: String
    /// As the Supervisor reports it; nil when not provisioned or not read.
    public var running: ReleaseVersion?
    public var target: ReleaseVersion
    public var steps: [UpgradeStep] = []
    /// Problems of the whole path (an unknown running version, a downgrade).
    public var blockers: [UpgradeBlocker] = []
    public var notes: [String] = []

    public init(cluster: String, stage: String, supervisor: String, running: ReleaseVersion?, target: ReleaseVersion) {
        self.cluster = cluster
        self.stage = stage
        self.supervisor = supervisor
        self.running = running
        self.target = target
    }

    public var pending: Bool { !steps.isEmpty }
    public var blocked: Bool { !blockers.isEmpty || steps.contains(where: \.blocked) }
    public var allBlockers: [UpgradeBlocker] { blockers + steps.flatMap(\.blockers) }
}

/// What the Supervisor offers: its TanzuKubernetesRelease objects.
public struct SupervisorRelease: Codable, Sendable, Hashable {
    /// The object's name (`v1.28.8---vmware.1-fips.1-tkg.2`).
    public var name: String
    /// `spec.version`, the full release version; nil when it is not one (a release peng cannot place).
    public var version: ReleaseVersion?
    public var ready: Bool
    public var compatible: Bool
    /// Why it is not ready or not compatible, as the Supervisor says.
    public var reason: String?

    public init(name: String, version: ReleaseVersion?, ready: Bool, compatible: Bool, reason: String? = nil) {
        self.name = name
        self.version = version
        self.ready = ready
        self.compatible = compatible
        self.reason = reason
    }

    /// Why a Supervisor with this offer cannot run `release` (not offered, incompatible, not synchronised yet), with
    /// the remedy; nil when it can.
    public static func problem(of release: ReleaseVersion, in offer: [SupervisorRelease], supervisor: String) -> (message: String, hint: String)? {
        guard let offered = offer.first(where: { $0.version == release }) else {
            let available = offer.compactMap(\.version).sorted().map(\.description).joined(separator: ", ")
            return ("Supervisor '\(supervisor)' does not offer \(release)",
                    "it offers: \(available.isEmpty ? "nothing" : available); add the release to its content library first")
        }
        if !offered.compatible {
            return ("Supervisor '\(supervisor)' marks \(release) incompatible\(offered.reason.map { ": \($0)" } ?? "")",
                    "upgrade the Supervisor (vCenter) to a version that supports this release")
        }
        if !offered.ready {
            return ("Supervisor '\(supervisor)' has \(release) but not ready\(offered.reason.map { ": \($0)" } ?? "")",
                    "wait until the content library has synchronised the release")
        }
        return nil
    }
}
