import FleetModel

/// What happens (plan) or happened (apply) to one object.
public enum ChangeAction: String, Sendable, CaseIterable {
    case create, configure, unchanged, prune, conflict, failed, skipped
}

/// One changed field, `metadata.labels.team: "a" -> "b"`. Sensitive values (Secret data) are never kept.
public struct FieldChange: Sendable, Hashable {
    public var path: String
    public var old: JSONValue?
    public var new: JSONValue?
    public var sensitive: Bool

    public static let masked: JSONValue = "<sensitive>"

    public init(path: String, old: JSONValue?, new: JSONValue?, sensitive: Bool) {
        self.path = path
        self.old = old
        self.new = new
        self.sensitive = sensitive
    }
}

public struct ObjectChange: Sendable {
    public var ref: ObjectRef
    public var action: ChangeAction
    public var diff: [FieldChange] = []
    /// Why it failed, conflicted or was skipped.
    public var message: String?
    public var hint: String?

    public init(ref: ObjectRef, action: ChangeAction, diff: [FieldChange] = [], message: String? = nil, hint: String? = nil) {
        self.ref = ref
        self.action = action
        self.diff = diff
        self.message = message
        self.hint = hint
    }
}

/// The outcome for one target: every object's change, and errors that concern the target as a whole.
public struct TargetChangeSet: Sendable {
    public var target: String
    public var stage: String?
    public var context: String?
    public var changes: [ObjectChange] = []
    public var errors: [String] = []

    public init(target: String, stage: String?, context: String?) {
        self.target = target
        self.stage = stage
        self.context = context
    }

    public func count(_ action: ChangeAction) -> Int { changes.filter { $0.action == action }.count }

    public var hasPendingChanges: Bool {
        changes.contains { $0.action == .create || $0.action == .configure || $0.action == .prune }
    }

    public var failed: Bool {
        !errors.isEmpty || changes.contains { $0.action == .failed || $0.action == .conflict }
    }
}
