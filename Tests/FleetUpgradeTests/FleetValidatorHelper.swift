import FleetLoader
import Foundation

enum FleetValidatorHelper {
    static func validate(_ root: URL) -> ValidationResult {
        defer { try? FileManager.default.removeItem(at: root) }
        return FleetValidator(today: "2026-11-27").validate(FleetLoader().load(from: root))
    }
}
