import FleetLoader
import FleetRepository
import Foundation
import TestSupport

enum FleetValidatorHelper {
    static func validate(_ root: URL) -> ValidationResult {
        defer { try? FileManager.default.removeItem(at: root) }
        return FleetPipeline.atFixtureDate.validate(root)
    }
}
