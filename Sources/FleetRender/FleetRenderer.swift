
import FleetModel

/// Stage 3 of the pipeline: a validated fleet -> the desired objects of every target. Pure and deterministic.
public struct FleetRenderer: Sendable {
    public init() {}

    public func render(_ validated: ValidatedFleet) -> RenderedFleet {
        let fleet = validated.fleet
        let stageOrder = Dictionary(fleet.platform.stages.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let clusters = fleet.clusters.sorted {
            (stageOrder[$0.stage] ?? .max, $0.name) < (stageOrder[$1.stage] ?? .max, $1.name)
        }
        var targets: [RenderTarget] = []
        for supervisor in fleet.platform.supervisors.sorted(by: { $0.name < $1.name }) {
            let objects = clusters.filter { $0.supervisor == supervisor.name }.flatMap {
                SupervisorObjects(fleet: fleet, cluster: $0, release: validated.release(of: $0)).objects()
            }
            targets.append(RenderTarget(kind: .supervisor, name: supervisor.name, stage: nil,
                                        context: supervisor.context, objects: objects.sortedForApply()))
        }
        for cluster in clusters {
            var objects = TenancyObjects(fleet: fleet, cluster: cluster).objects()
            objects += ExtensionObjects(fleet: fleet, cluster: cluster, extensions: validated.extensions(of: cluster)).objects()
            targets.append(RenderTarget(kind: .workload, name: cluster.name, stage: cluster.stage, context: nil,
                                        objects: objects.sortedForApply()))
        }
        return RenderedFleet(targets: targets)
    }
}
