import FleetLoader
import FleetModel
import FleetRender
import FleetRepository
import Foundation

/// One commit of the fleet, loaded, validated and rendered: what the loop applies, plans and shows.
public struct LoadedRevision: Sendable {
    public var commit: GitSource.Commit
    public var validated: ValidatedFleet
    public var rendered: RenderedFleet
    /// Warnings the validator gave (deprecated releases and the like).
    public var warnings: [String]

    public var fleet: Fleet { validated.fleet }

    /// Load -> validate -> render of the files in `folder`, on a thread of its own. The diagnostics when invalid.
    public static func load(_ folder: URL, commit: GitSource.Commit, pipeline: FleetPipeline) async -> Result<LoadedRevision, InvalidRevision> {
        await OffThread.run {
            let stages = pipeline.run(folder)
            guard let validated = stages.validated, let rendered = stages.rendered else {
                return .failure(InvalidRevision(commit: commit, diagnostics: stages.diagnostics.errors))
            }
            return .success(LoadedRevision(commit: commit, validated: validated, rendered: rendered,
                                           warnings: stages.diagnostics.warnings.map(\.description)))
        }
    }
}

/// A commit the validator refused: nothing of it is applied.
public struct InvalidRevision: Error, Sendable, Codable, Hashable {
    public var commit: GitSource.Commit
    public var diagnostics: [Diagnostic]
}
