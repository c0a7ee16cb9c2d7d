import FleetModel
import FleetRender

/// The engine as every caller runs it, built in one place: the validated and rendered fleet with the fleet's
/// policies (version changes walked one minor at a time under the soak rule) and the run's options. `peng plan`,
/// `peng apply`, `peng status`, and serve's apply, drift pass and API plans all go through a session, so that for
/// the same commit and the same cluster state they decide the same changes.
public struct EngineSession: Sendable {
    public var fleet: ValidatedFleet
    public var rendered: RenderedFleet
    public var options: EngineOptions
    public var events: EngineEvents

    public init(fleet: ValidatedFleet, rendered: RenderedFleet, options: EngineOptions = EngineOptions(),
                events: @escaping EngineEvents = { _ in })
    {
        self.fleet = fleet
        self.rendered = rendered
        self.options = options
        self.events = events
    }

    var reconciler: Reconciler { Reconciler(options: options, events: events, upgrades: fleet) }

    /// What apply would do, stage by stage, decided by the API servers (server-side dry-run). Read-only.
    public func plan(connector: TargetConnector, scope: RolloutScope = .init()) async -> RolloutReport {
        await reconciler.plan(rendered, fleet: fleet.fleet, connector: connector, scope: scope)
    }

    /// Does the plan: stage by stage behind health gates, each cluster Supervisor first, then the cluster itself.
    public func apply(connector: TargetConnector, scope: RolloutScope = .init()) async -> RolloutReport {
        await reconciler.apply(rendered, fleet: fleet.fleet, connector: connector, scope: scope)
    }

    /// Every cluster's row of `peng status`: versions, health, extensions, pending changes, the next release and soak.
    public func status(connector: TargetConnector, scope: RolloutScope = .init(), parallel: Int = 32) async -> [ClusterStatus] {
        await StatusCollector(options: options, parallel: parallel, upgrades: fleet)
            .collect(rendered, fleet: fleet.fleet, connector: connector, scope: scope)
    }
}

/// Seconds since `start`, for reports and metrics.
public func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
