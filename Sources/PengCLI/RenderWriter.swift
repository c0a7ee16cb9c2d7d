import FleetModel
import FleetRender
import Foundation

/// Writes `--out DIR`: `DIR/<kind>/<name>/NNNN-<kind>-<namespace>-<name>.yaml`, numbered in apply order,
/// so `kubectl apply -f DIR/workload/<cluster>` would apply them in the same order as peng.
struct RenderWriter {
    static let marker = ".peng-render"

    let root: URL
    let format: ObjectFormat

    /// Refuses a non-empty folder that peng did not write, then replaces what an earlier render wrote.
    func write(_ rendered: RenderedFleet) throws {
        let files = FileManager.default
        if files.fileExists(atPath: root.path) {
            do { try InputFile.checkFolder(root.path, what: "--out folder") } catch {
                throw UserError("\(error)", hint: "choose a new or empty folder; peng never deletes files it did not write")
            }
            let contents: [String]
            do { contents = try files.contentsOfDirectory(atPath: root.path) } catch {
                throw UserError("--out folder '\(root.path)' cannot be listed: \(error.localizedDescription)", hint: "choose a folder peng may read and write")
            }
            guard contents.isEmpty || contents.contains(Self.marker) else {
                throw UserError("'\(root.path)' is not empty and was not written by 'peng render --out'",
                                hint: "choose a new or empty folder; peng never deletes files it did not write")
            }
            for kind in TargetKind.allCases {
                let folder = root.appendingPathComponent(kind.rawValue)
                if files.fileExists(atPath: folder.path) { try files.removeItem(at: folder) }
            }
        }
        try files.createDirectory(at: root, withIntermediateDirectories: true)
        try TextFile.write("written by peng render; the folders below are replaced on the next render\n",
                           to: root.appendingPathComponent(Self.marker).path)
        for target in rendered.targets {
            let folder = root.appendingPathComponent(target.kind.rawValue).appendingPathComponent(target.name)
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
            for (index, object) in target.objects.enumerated() {
                let parts = [object.kind.lowercased(), object.namespace, object.name].compactMap { $0 }
                let number = String(index + 1)
                let name = String(repeating: "0", count: max(0, 4 - number.count)) + number + "-" + parts.joined(separator: "-")
                let text = format == .json ? object.body.jsonString(pretty: true) + "\n" : object.body.yamlString()
                try TextFile.write(text, to: folder.appendingPathComponent(name + (format == .json ? ".json" : ".yaml")).path)
            }
        }
    }
}
