
import FleetModel

/// Stage 3 of the pipeline: a validated fleet -> the desired objects of every target. Pure and deterministic.
public struct FleetRenderer: Sendable {
    public init() {}

    public func render(_ validated: ValidatedFleet) -> RenderedFleet {
        let fleet = validated.fleet
        let clusters = fleet.clustersInRolloutOrder
        let ordersByCluster = Dictionary(grouping: validated.orders, by: \.cluster)
        var targets: [RenderTarget] = []
        for supervisor in fleet.platform.supervisors.sorted(by: { $0.name < $1.name }) {
            var objects: [KubeObject] = []
            var owner: [ObjectRef: String] = [:]
            for cluster in clusters where cluster.supervisor == supervisor.name {
                let own = SupervisorObjects(fleet: fleet, cluster: cluster, release: validated.release(of: cluster),
                                            network: validated.network(of: cluster)).objects()
                for object in own { owner[object.ref] = cluster.name }
                objects += own
            }
            var target = RenderTarget(kind: .supervisor, name: supervisor.name, stage: nil, context: supervisor.context,
                                      objects: objects.sortedForApply())
            target.cluster = owner
            targets.append(target)
        }
        for cluster in clusters {
            var objects = TenancyObjects(fleet: fleet, cluster: cluster).objects()
            objects += ExtensionObjects(fleet: fleet, cluster: cluster, extensions: validated.extensions(of: cluster), endpoints: validated.baseline).objects()
            objects += OrderObjects(fleet: fleet, cluster: cluster, orders: ordersByCluster[cluster.name] ?? []).objects()
            var target = RenderTarget(kind: .workload, name: cluster.name, stage: cluster.stage, context: nil, objects: objects.sortedForApply())
            target.kubernetes = validated.release(of: cluster).version
            targets.append(target)
        }
        return RenderedFleet(targets: targets)
    }
}
