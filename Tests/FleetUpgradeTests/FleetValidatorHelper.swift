import FleetLoader
import FleetRepository
import Foundation
import TestHarness

enum FleetValidatorHelper {
    static func validate(_ root: URL) -> ValidationResult {
        defer { try? FileManager.default.removeItem(at: root) }
        return FleetPipeline.atFixtureDate.validate(root)
    }
}
