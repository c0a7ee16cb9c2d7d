import FleetModel
import KubeClient

/// A problem the engine reports as data: a growable code, what went wrong, the object it concerns, and how to
/// remedy it. The API server's own errors (`KubeError`) keep their code; the engine adds its own.
public struct EngineError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ kube: KubeError.Code) { rawValue = kube.rawValue }
        public var description: String { rawValue }

        /// The plan could not be completed (inventory or live state unreadable): nothing may be applied from it.
        public static let planIncomplete = Code(rawValue: "planIncomplete")
        /// The inventory could not be written.
        public static let inventoryNotRecorded = Code(rawValue: "inventoryNotRecorded")
        /// Kinds the fleet uses that the cluster does not serve.
        public static let kindsNotServed = Code(rawValue: "kindsNotServed")
        /// A workload cluster left the fleet, and deleting it was not allowed.
        public static let clusterDeletionRefused = Code(rawValue: "clusterDeletionRefused")
        /// Pruning most of a target was not allowed.
        public static let massPruneRefused = Code(rawValue: "massPruneRefused")
        /// The vSphere Namespace a cluster belongs in does not exist.
        public static let vsphereNamespaceMissing = Code(rawValue: "vsphereNamespaceMissing")
        /// A Supervisor could not be searched for clusters that left the fleet.
        public static let removedClustersUnknown = Code(rawValue: "removedClustersUnknown")
        /// The run was interrupted (Ctrl-C, SIGTERM, a service shutting down).
        public static let interrupted = Code(rawValue: "interrupted")
        /// A version change waits: the stage before has not run the release healthy for `upgrades.soak`.
        public static let soaking = Code(rawValue: "soaking")
        /// A version change has no way through (catalog, extensions, the Supervisor's offer).
        public static let upgradeBlocked = Code(rawValue: "upgradeBlocked")
        /// One step of an upgrade did not finish.
        public static let upgradeStepFailed = Code(rawValue: "upgradeStepFailed")
        /// An object could not be applied (the API server refused it, or its readiness failed).
        public static let objectFailed = Code(rawValue: "objectFailed")
        /// The API server dropped fields peng sent: its schema does not know them.
        public static let fieldsDropped = Code(rawValue: "fieldsDropped")
        /// A PackageInstall asks for a version its package repository does not offer, or one that does not install
        /// on the cluster's Kubernetes version.
        public static let packageNotOffered = Code(rawValue: "packageNotOffered")
        /// A cluster uses a VM class or storage class its vSphere Namespace is not given.
        public static let notBoundToNamespace = Code(rawValue: "notBoundToNamespace")
        /// A new cluster asks for a release its Supervisor does not offer (or not as ready and compatible).
        public static let releaseNotOffered = Code(rawValue: "releaseNotOffered")
        /// The package repository's pull secret is not in the cluster's vSphere Namespace (or is not a pull secret).
        public static let pullSecretMissing = Code(rawValue: "pullSecretMissing")
        /// Another field manager owns fields peng would change.
        public static let objectConflict = Code(rawValue: "objectConflict")
        public static let unexpected = Code(rawValue: "unexpected")
    }

    public var code: Code
    public var message: String
    public var object: ObjectRef?
    public var hint: String?
    /// The HTTP status, where an API server answered.
    public var status: Int?

    public init(_ code: Code, _ message: String, object: ObjectRef? = nil, hint: String? = nil, status: Int? = nil) {
        self.code = code
        self.message = message
        self.object = object
        self.hint = hint
        self.status = status
    }

    /// Any error, typed: a `KubeError` keeps its code, object and hint.
    public init(_ error: Error) {
        switch error {
        case let engine as EngineError: self = engine
        case let kube as KubeError:
            if let object = kube.object, let unknown = DroppedFields(refusedBy: kube) {
                self = unknown.error(for: object)
                return
            }
            self.init(Code(kube.code), kube.message, object: kube.object, hint: kube.hint, status: kube.status)
        case is CancellationError:
            self.init(.interrupted, "interrupted", hint: "run the same command again to finish")
        default:
            self.init(.unexpected, String(describing: error))
        }
    }

    public var description: String {
        var text = object.map { "\($0): \(message)" } ?? message
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// Why an object was skipped, held back or failed, for programs that act on it.
public enum ChangeReason: String, Sendable, Codable {
    /// A namespace to prune still holds objects peng does not own.
    case namespaceInUse
    /// A namespace to prune could not be fully listed.
    case namespaceUnchecked
    /// A recorded object could not be read, so peng cannot tell whether it is still its own.
    case unreadable
    /// A recorded object no longer carries this fleet's ownership labels: someone took it over.
    case disowned
    case massPruneRefused
    case clusterDeletionRefused
    /// Not applied or not pruned because an earlier phase failed.
    case earlierPhaseFailed
    /// Not applied because the run was interrupted.
    case interrupted

    /// Whether the object stays in the inventory, to be pruned by a later run.
    public var keepsRecorded: Bool {
        switch self {
        case .namespaceInUse, .namespaceUnchecked, .unreadable, .massPruneRefused, .clusterDeletionRefused: true
        case .disowned, .earlierPhaseFailed, .interrupted: false
        }
    }
}

extension EngineError {
    /// What went wrong in one line, the object it concerns first: for readers that show one line (gates, notices).
    public var oneLine: String { object.map { "\($0): \(message)" } ?? message }
}
