import FleetModel
import FleetRepository
import Foundation

/// Where serve's revisions come from: the Git remote, the clone's files, and load -> validate -> render of a commit.
/// The clone is used by one task at a time (loading the branch's newest commit, or filing an order); another commit
/// is planned from a worktree of its own.
public actor RevisionSource {
    public nonisolated let git: GitSource
    public nonisolated let pipeline: FleetPipeline
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(git: GitSource, pipeline: FleetPipeline) {
        self.git = git
        self.pipeline = pipeline
    }

    /// The branch's newest commit (cloning first when needed).
    public func fetch() async throws -> GitSource.Commit { try await git.fetch() }

    /// The commit's files loaded, validated and rendered; the diagnostics when it is invalid. Throws when the clone
    /// cannot be checked out.
    public func load(_ commit: GitSource.Commit) async throws -> Result<LoadedRevision, InvalidRevision> {
        try await exclusively {
            try await git.checkOut(commit.sha)
            return await LoadedRevision.load(git.checkout, commit: commit, pipeline: pipeline)
        }
    }

    /// Another commit of the repository, loaded from a worktree of its own (read-only: plans of other commits).
    public func load(other sha: String) async throws -> Result<LoadedRevision, InvalidRevision> {
        let pipeline = pipeline
        return try await git.withFiles(of: sha) { folder, commit in await LoadedRevision.load(folder, commit: commit, pipeline: pipeline) }
    }

    /// A team's order, validated with the fleet's own rules at `revision`, committed on a new branch of the clone and
    /// pushed to the remote for review. An invalid order creates nothing.
    public func file(_ request: OrderFiling.Request, at revision: GitSource.Commit, in fleet: Fleet, by user: String) async throws
        -> OrderFiling.Outcome
    {
        try await exclusively {
            let git = git, pipeline = pipeline
            try await git.checkOut(revision.sha)
            let outcome = try await OffThread.run { try OrderFiling(root: git.checkout, pipeline: pipeline).file(request, in: fleet, orderedBy: user) }
            if case .filed(let filed) = outcome { try await git.push(branch: filed.branch) }
            return outcome
        }
    }

    /// Runs `body` while no other task uses the clone.
    private func exclusively<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if busy { await withCheckedContinuation { waiters.append($0) } } else { busy = true }
        defer { if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() } }
        return try await body()
    }
}
