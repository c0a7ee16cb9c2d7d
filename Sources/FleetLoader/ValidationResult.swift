import FleetModel

public struct ValidationResult: Sendable {
    public var validated: ValidatedFleet?
    /// Loader and validator diagnostics together, in file order.
    public var diagnostics: [Diagnostic]
    /// The files read, relative to the fleet root.
    public var files: [String] = []
}
