import FleetModel
import Foundation

/// Finds the fleet's YAML files: `*.yaml` and `*.yml` at any depth, hidden folders skipped, sorted by path.
struct FleetFiles {
    struct File {
        /// Relative to the fleet root; what diagnostics print.
        var relativePath: String
        var url: URL
    }

    /// The fleet's YAML files, and the folders under the root that could not be read (a fleet not fully seen).
    struct Found {
        var files: [File]
        var unreadable: [(path: String, reason: String)]
    }

    /// A folder, or one YAML file as a fleet of its own.
    static func find(in root: URL) throws(InputFileError) -> Found {
        do { try InputFile.checkFolder(root.path, what: "fleet folder") } catch {
            let failure = (error as? InputFileError) ?? InputFileError(what: "fleet folder", path: root.path, problem: .unreadable("\(error)"))
            guard failure.problem == .notFolder else { throw failure }
            return Found(files: [File(relativePath: root.lastPathComponent, url: root)], unreadable: [])
        }
        let rootPath = root.standardizedFileURL.path
        var files: [File] = []
        var unreadable: [(path: String, reason: String)] = []
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles],
            errorHandler: { url, error in
                unreadable.append((url.path, (error as NSError).localizedFailureReason ?? "\(error)"))
                return true
            })
        while let url = enumerator?.nextObject() as? URL {
            let ext = url.pathExtension.lowercased()
            guard ext == "yaml" || ext == "yml" else { continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
            files.append(File(relativePath: relative, url: url))
        }
        return Found(files: files.sorted { $0.relativePath < $1.relativePath }, unreadable: unreadable)
    }
}
