import FleetModel
import Foundation

/// Which version of the fleet is being applied: the git commit of the work tree that holds it, with `-dirty`
/// when the fleet's files differ from that commit. Nil when the fleet is not in a git work tree (or git is missing).
public enum FleetRevision {
    /// Asks git on a thread of its own: git is a child process peng waits for, and no wait may block Swift's
    /// cooperative threads.
    public static func of(_ fleet: URL) async -> String? {
        await OffThread.run { reading(fleet) }
    }

    /// The same, blocking the calling thread: for synchronous code only.
    public static func reading(_ fleet: URL) -> String? {
        let folder = fleet.hasDirectoryPath || (try? fleet.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
            ? fleet : fleet.deletingLastPathComponent()
        let head = Git.run(["rev-parse", "--verify", "HEAD"], in: folder)
        guard head.ok, !head.output.isEmpty else { return nil }
        let changes = Git.run(["status", "--porcelain", "--", "."], in: folder)
        return changes.ok && changes.output.isEmpty ? head.output : "\(head.output)-dirty"
    }
}
