import FleetLoader
import FleetModel
import FleetRender
import FleetRepository
import Foundation
import Testing

extension FleetPipeline {
    /// The pipeline as the tests run it: releases judged on the day the fixtures' catalogs were written for.
    public static let atFixtureDate = FleetPipeline(today: CalendarDate(year: 2026, month: 11, day: 27))

    /// The fleet in `root`, validated and rendered; a test failure naming every diagnostic when it is invalid.
    public func valid(_ root: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (ValidatedFleet, RenderedFleet) {
        let stages = run(root)
        let validated = try #require(stages.validated, "\(stages.diagnostics.map(\.description))", sourceLocation: sourceLocation)
        return (validated, try #require(stages.rendered, sourceLocation: sourceLocation))
    }
}
