import FleetModel
import Foundation

/// Finds the fleet's YAML files: `*.yaml` and `*.yml` at any depth, hidden folders skipped, sorted by path.
struct FleetFiles {
    struct File {
        /// Relative to the fleet root; what diagnostics print.
        var relativePath: String
        var url: URL
    }

    enum Failure: Error {
        case missing(String)
    }

    static func find(in root: URL) throws(Failure) -> [File] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw .missing(root.path)
        }
        guard isDirectory.boolValue else {
            return [File(relativePath: root.lastPathComponent, url: root)]
        }
        let rootPath = root.standardizedFileURL.path
        var files: [File] = []
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            let ext = url.pathExtension.lowercased()
            guard ext == "yaml" || ext == "yml" else { continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
            files.append(File(relativePath: relative, url: url))
        }
        return files.sorted { $0.relativePath < $1.relativePath }
    }
}
