import FleetModel
import KubeClient

/// What happens (plan) or happened (apply) to one object.
public enum ChangeAction: String, Sendable, CaseIterable, Codable {
    case create, configure, unchanged, prune, conflict, failed, skipped
}

/// One changed field, `metadata.labels.team: "a" -> "b"`. Sensitive values (Secret data) are never kept.
public struct FieldChange: Sendable, Hashable, Codable {
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

    enum CodingKeys: String, CodingKey { case path, old, new, sensitive }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        old = try container.decodeIfPresent(JSONValue.self, forKey: .old)
        new = try container.decodeIfPresent(JSONValue.self, forKey: .new)
        sensitive = try container.decodeIfPresent(Bool.self, forKey: .sensitive) ?? false
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encodeIfPresent(old, forKey: .old)
        try container.encodeIfPresent(new, forKey: .new)
        if sensitive { try container.encode(true, forKey: .sensitive) }
    }
}

/// One object's change: the object's reference fields, the action, and for anything but a plain change why.
public struct ObjectChange: Sendable, Codable {
    public var ref: ObjectRef
    public var action: ChangeAction
    public var diff: [FieldChange] = []
    /// Why it failed, conflicted or was skipped.
    public var message: String?
    public var hint: String?
    /// Why it was skipped or held back, for programs.
    public var reason: ChangeReason?
    /// The error behind a failure or conflict.
    public var error: EngineError?

    public init(ref: ObjectRef, action: ChangeAction, diff: [FieldChange] = [], message: String? = nil, hint: String? = nil,
                reason: ChangeReason? = nil, error: EngineError? = nil)
    {
        self.ref = ref
        self.action = action
        self.diff = diff
        self.message = message
        self.hint = hint
        self.reason = reason
        self.error = error
    }

    /// The object could not be planned or applied: a conflict when another field manager owns what peng would change,
    /// a failure otherwise, with the error's message and hint.
    public init(ref: ObjectRef, failing error: EngineError) {
        self.init(ref: ref, action: error.code == EngineError.Code(.conflict) ? .conflict : .failed, message: error.message,
                  hint: error.hint, error: error)
    }

    /// Why this object failed or conflicted, as the engine's error: the one kept, or one made from the message.
    public var problem: EngineError {
        error ?? EngineError(action == .conflict ? .objectConflict : .objectFailed, message ?? action.rawValue, object: ref, hint: hint)
    }

    enum CodingKeys: String, CodingKey { case action, diff, message, hint, reason, error }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ref = try ObjectRef(from: decoder)
        action = try container.decode(ChangeAction.self, forKey: .action)
        diff = try container.decodeIfPresent([FieldChange].self, forKey: .diff) ?? []
        message = try container.decodeIfPresent(String.self, forKey: .message)
        hint = try container.decodeIfPresent(String.self, forKey: .hint)
        reason = try container.decodeIfPresent(ChangeReason.self, forKey: .reason)
        error = try container.decodeIfPresent(EngineError.self, forKey: .error)
    }

    /// The reference's fields at the top level, beside the action: `{"kind", "namespace", "name", "action", ...}`.
    public func encode(to encoder: Encoder) throws {
        try ref.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        if !diff.isEmpty { try container.encode(diff, forKey: .diff) }
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(hint, forKey: .hint)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

/// The outcome for one target: every object's change, and errors that concern the target as a whole.
public struct TargetChangeSet: Sendable, Codable {
    public var target: String
    public var stage: String?
    public var context: String?
    public var changes: [ObjectChange] = []
    public var errors: [EngineError] = []
    /// What the plan or apply could not check on this target, and why (an offer it could not read).
    public var notes: [String] = []

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

    enum CodingKeys: String, CodingKey { case target, stage, context, changes, errors, notes, summary }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        target = try container.decode(String.self, forKey: .target)
        stage = try container.decodeIfPresent(String.self, forKey: .stage)
        context = try container.decodeIfPresent(String.self, forKey: .context)
        changes = try container.decodeIfPresent([ObjectChange].self, forKey: .changes) ?? []
        errors = try container.decodeIfPresent([EngineError].self, forKey: .errors) ?? []
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
    }

    /// Changes sorted by object, and a `summary` of how many of each action.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target, forKey: .target)
        try container.encodeIfPresent(stage, forKey: .stage)
        try container.encodeIfPresent(context, forKey: .context)
        try container.encode(changes.sorted { $0.ref < $1.ref }, forKey: .changes)
        try container.encode(errors, forKey: .errors)
        try container.encode(notes, forKey: .notes)
        try container.encode(Dictionary(uniqueKeysWithValues: ChangeAction.allCases.map { ($0.rawValue, count($0)) }), forKey: .summary)
    }
}
