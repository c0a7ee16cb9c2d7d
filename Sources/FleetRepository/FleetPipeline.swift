import FleetLoader
import FleetModel
import FleetRender
import Foundation

/// Stages 1 to 3 of the pipeline, the one way into them: load (YAML files -> model with positions), validate (every
/// rule, every diagnostic at once), render (validated model -> desired objects per target). Every command, `peng
/// serve`, order filing, `upgrade --write` and the tests start here; nothing else builds a validator or a renderer.
public struct FleetPipeline: Sendable {
    /// The day deprecated releases are judged against (an expired one is an error).
    public var today: CalendarDate

    /// - Parameter today: nil for today's date in UTC.
    public init(today: CalendarDate? = nil) {
        self.today = today ?? CalendarDate.today()
    }

    /// Load, then validate. `overlay` (relative path -> text) is read instead of the files there, or as new files: the
    /// fleet as it would be with a change, checked before anything is written.
    public func validate(_ root: URL, overlay: [String: String] = [:]) -> ValidationResult {
        FleetValidator(today: today).validate(FleetLoader().load(from: root, overlay: overlay))
    }

    /// The desired objects of a validated fleet.
    public func render(_ validated: ValidatedFleet) -> RenderedFleet {
        FleetRenderer().render(validated)
    }

    /// Load, validate and, when the fleet is valid, render.
    public func run(_ root: URL, overlay: [String: String] = [:]) -> FleetStages {
        let validation = validate(root, overlay: overlay)
        return FleetStages(validation: validation, rendered: validation.validated.map(render))
    }
}

/// What the first three stages produced: every diagnostic, and the validated and rendered fleet when it is valid.
public struct FleetStages: Sendable {
    public var validation: ValidationResult
    /// Nil when the fleet is invalid.
    public var rendered: RenderedFleet?

    public var validated: ValidatedFleet? { validation.validated }
    public var diagnostics: [Diagnostic] { validation.diagnostics }
}
