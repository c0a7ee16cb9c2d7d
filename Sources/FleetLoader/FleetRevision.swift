import Foundation

/// Which version of the fleet is being applied: the git commit of the work tree that holds it, with `-dirty`
/// when the fleet's files differ from that commit. Nil when the fleet is not in a git work tree (or git is missing).
public enum FleetRevision {
    public static func of(_ fleet: URL) -> String? {
        let folder = fleet.hasDirectoryPath || (try? fleet.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
            ? fleet : fleet.deletingLastPathComponent()
        guard let commit = git(["rev-parse", "--verify", "HEAD"], in: folder)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !commit.isEmpty
        else { return nil }
        let changes = git(["status", "--porcelain", "--", "."], in: folder) ?? ""
        return changes.isEmpty ? commit : "\(commit)-dirty"
    }

    private static func git(_ arguments: [String], in folder: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
