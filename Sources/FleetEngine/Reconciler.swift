import FleetModel
import FleetRender
import KubeClient

/// The whole pipeline after rendering, for the CLI and a future service alike:
/// connect -> plan -> (apply -> wait -> prune) per workload target, with a report.
public struct Reconciler: Sendable {
    public var options: EngineOptions
    public var progress: @Sendable (String) -> Void

    public init(options: EngineOptions = EngineOptions(), progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.progress = progress
    }

    /// Plans every target; a target that cannot be reached gets an error and never hides the others.
    public func plan(_ rendered: RenderedFleet, fleet: Fleet, connector: TargetConnector) async -> [TargetChangeSet] {
        await run(rendered, fleet: fleet, connector: connector) { target, client in
            await Planner(options: options).plan(target, fleet: fleet.platform.name, client: client).changeSet
        }
    }

    public func apply(_ rendered: RenderedFleet, fleet: Fleet, connector: TargetConnector) async -> [TargetChangeSet] {
        await run(rendered, fleet: fleet, connector: connector) { target, client in
            progress("\(target.id): planning \(target.objects.count) objects")
            let plan = await Planner(options: options).plan(target, fleet: fleet.platform.name, client: client)
            if !plan.changeSet.hasPendingChanges, plan.refreshOnly.isEmpty, !plan.changeSet.failed {
                progress("\(target.id): nothing to change")
            }
            return await Applier(options: options, progress: progress).apply(plan, client: client)
        }
    }

    private func run(_ rendered: RenderedFleet, fleet: Fleet, connector: TargetConnector,
                     _ body: @escaping @Sendable (RenderTarget, KubeClient) async -> TargetChangeSet) async -> [TargetChangeSet]
    {
        var results: [TargetChangeSet] = []
        for target in rendered.targets where target.kind == .workload {
            let client: KubeClient
            do {
                client = try connector.client(for: target, fleet: fleet)
            } catch {
                var failed = TargetChangeSet(target: target.id, stage: target.stage, context: nil)
                failed.errors.append(String(describing: error))
                results.append(failed)
                continue
            }
            if client.skipsTLSVerification {
                progress("warning: \(target.id): TLS verification is off for context '\(client.connection.context)' because the kubeconfig says insecure-skip-tls-verify")
            }
            results.append(await body(target, client))
        }
        return results
    }
}
