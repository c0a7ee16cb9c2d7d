import FleetModel
import FleetRepository
import Foundation

/// The fleet loader and validator (stages 1 and 2), and the renderer when the input is valid: any bytes as one fleet
/// file. Properties: no crash or hang; every error is a diagnostic with a position in that file; a fleet without
/// errors renders.
enum FleetFuzz {
    /// An empty folder: the input is read through the loader's overlay, as a file of it.
    static let root: URL = {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("peng-fuzz-fleet-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)  // an error shows as a diagnostic below
        return folder
    }()
    static let pipeline = FleetPipeline(today: CalendarDate("2026-11-27"))

    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }  // the loader's own UTF-8 check is the file reader's
        let stages = pipeline.run(root, overlay: ["fleet.yaml": text])
        for diagnostic in stages.diagnostics where diagnostic.severity == .error {
            if diagnostic.location.line < 1 || diagnostic.message.isEmpty {
                FuzzTarget.fail("an error without a position or a message: \(diagnostic)")
            }
        }
        if !stages.diagnostics.hasErrors, stages.rendered == nil { FuzzTarget.fail("a fleet without errors did not render") }
    }
}
