import FleetModel

/// Where a set of objects goes: a Supervisor (TanzuKubernetesClusters) or one workload cluster.
public enum TargetKind: String, Sendable, CaseIterable {
    case supervisor
    case workload
}

/// The desired objects of one target, in apply order.
public struct RenderTarget: Sendable {
    public var kind: TargetKind
    /// The Supervisor's or the workload cluster's name.
    public var name: String
    /// The stage of a workload cluster; nil for a Supervisor, which serves every stage.
    public var stage: String?
    /// The kubeconfig context that reaches a Supervisor; workload clusters are reached through their Supervisor.
    public var context: String?
    public var objects: [KubeObject]
    /// On a Supervisor target: which cluster each object belongs to, as the renderer made it.
    public var cluster: [ObjectRef: String] = [:]
    /// On a workload target: the release the fleet gives the cluster, which its packages must install on.
    public var kubernetes: ReleaseVersion?

    /// `supervisor/muenster`, `workload/int-shared-01`: the folder name with `--out`.
    public var id: String { "\(kind.rawValue)/\(name)" }

    public init(kind: TargetKind, name: String, stage: String?, context: String?, objects: [KubeObject]) {
        self.kind = kind
        self.name = name
        self.stage = stage
        self.context = context
        self.objects = objects
    }
}

/// Everything a fleet means, target by target: Supervisors first, then workload clusters by stage and name.
public struct RenderedFleet: Sendable {
    public var targets: [RenderTarget]

    public var objectCount: Int { targets.reduce(0) { $0 + $1.objects.count } }

    public init(targets: [RenderTarget]) {
        self.targets = targets
    }
}
