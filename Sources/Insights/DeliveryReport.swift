/// One apply of one cluster, as peng recorded it (the Supervisor inventory's delivery log, or serve's history).
public struct DeliveryEvent: Sendable, Equatable {
    public enum Result: String, Sendable, Codable { case applied, failed }

    public var cluster: String
    public var stage: String
    /// The fleet's git commit; `…-dirty` when applied from a work tree with uncommitted changes.
    public var revision: String
    /// Seconds since 1970.
    public var time: Int
    public var result: Result

    public init(cluster: String, stage: String, revision: String, time: Int, result: Result) {
        self.cluster = cluster
        self.stage = stage
        self.revision = revision
        self.time = time
        self.result = result
    }
}

/// What delivery measures are computed from, and what could not be read.
public struct DeliveryInput: Sendable {
    public var events: [DeliveryEvent]
    /// Commit time (seconds since 1970) by full commit hash.
    public var commitTimes: [String: Int]
    /// The Platform's stages, in rollout order.
    public var stages: [String]
    /// Where the events came from, for the report: `Supervisor inventories of 3 clusters`.
    public var source: String
    /// Clusters whose record could not be read, and why.
    public var unreadable: [String: String] = [:]
    /// Only events at or after this time count.
    public var since: Int?

    public init(events: [DeliveryEvent], commitTimes: [String: Int], stages: [String], source: String, unreadable: [String: String] = [:], since: Int? = nil) {
        self.events = events
        self.commitTimes = commitTimes
        self.stages = stages
        self.source = source
        self.unreadable = unreadable
        self.since = since
    }
}

/// How the platform delivers: deployments per stage per week, lead time from commit to each stage, change failure
/// rate, time to restore. A measure whose inputs are missing says so (`missing`) instead of showing zero.
public struct DeliveryReport: Sendable, Codable, Equatable {
    public var source: String
    public var since: String?
    public var stages: [String]
    /// Applies counted (after `since`).
    public var events: Int
    public var deployments: [WeekRow]
    public var leadTimes: [LeadTime]
    public var changeFailure: ChangeFailure
    public var restore: Restore
    /// What the record lacks, in words.
    public var missing: [String]

    public struct WeekRow: Sendable, Codable, Equatable {
        public var week: String
        /// Revisions that reached each stage that week, in the order of `stages`.
        public var deployments: [Int]
    }

    public struct LeadTime: Sendable, Codable, Equatable {
        public var stage: String
        /// Revisions delivered to the stage whose commit time is known.
        public var revisions: Int
        public var medianSeconds: Double?
        public var longestSeconds: Double?
        /// Delivered, but the commit time is unknown (not in the fleet's git history, or applied with uncommitted changes).
        public var unknownCommit: Int
    }

    public struct ChangeFailure: Sendable, Codable, Equatable {
        /// Revisions rolled out, and how many of them failed on some cluster.
        public var rollouts: Int
        public var failed: Int
        public var rate: Double?
        public var failedRevisions: [String]
    }

    public struct Restore: Sendable, Codable, Equatable {
        /// Failures followed by a healthy apply of the same cluster.
        public var restored: Int
        public var medianSeconds: Double?
        public var longestSeconds: Double?
        /// Clusters still failing at their last apply, and since when (`YYYY-MM-DD`).
        public var stillFailing: [String]
    }
}
