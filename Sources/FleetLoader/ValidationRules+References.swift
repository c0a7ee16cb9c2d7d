import FleetModel

extension ValidationRules {
    /// Every name that points at something else must resolve.
    func checkReferences() {
        let stages = platform.stages
        let supervisors = platform.supervisors.map(\.name)
        let clusters = fleet.clusters.map(\.name)
        let teams = fleet.teams.map(\.name)
        let catalog = platform.extensions.map(\.name)

        for (index, name) in platform.baseline.extensions.enumerated() {
            reference(name, to: catalog, "extension", in: "the Platform's extension catalog",
                      at: platform.baseline.locations.item("extensions", index))
        }
        for cluster in fleet.clusters {
            reference(cluster.stage, to: stages, "stage", in: "the Platform's stages", at: cluster.locations["stage"])
            reference(cluster.supervisor, to: supervisors, "Supervisor", in: "the Platform's supervisors",
                      at: cluster.locations["supervisor"])
            for (index, name) in cluster.extensions.enumerated() {
                reference(name, to: catalog, "extension", in: "the Platform's extension catalog",
                          at: cluster.locations.item("extensions", index))
                if platform.baseline.extensions.contains(name) {
                    sink.warning(at: cluster.locations.item("extensions", index),
                                 "extension '\(name)' is already in the baseline every cluster gets",
                                 hint: "remove it from this cluster's extensions")
                }
            }
            if let team = cluster.team {
                reference(team, to: teams, "team", in: "the fleet's Teams", at: cluster.locations["team"])
            }
        }
        for team in fleet.teams {
            for space in team.spaces {
                reference(space.stage, to: stages, "stage", in: "the Platform's stages", at: space.locations["stage"])
                reference(space.cluster, to: clusters, "cluster", in: "the fleet's Clusters", at: space.locations["cluster"])
                for (index, other) in space.network.allowFrom.enumerated() {
                    let location = space.locations.item("network.allowFrom", index)
                    guard reference(other, to: teams, "team", in: "the fleet's Teams", at: location) else { continue }
                    if other == team.name {
                        sink.warning(at: location, "a team need not allow itself: its namespaces on a cluster already reach each other",
                                     hint: "remove '\(other)' from allowFrom")
                    } else if let otherTeam = fleet.team(named: other),
                              !otherTeam.spaces.contains(where: { $0.cluster == space.cluster })
                    {
                        sink.warning(at: location, "team '\(other)' has no namespaces on cluster '\(space.cluster)', so this allow has no effect",
                                     hint: "allowFrom opens this team's namespaces to the other team's namespaces on the same cluster")
                    }
                }
            }
        }
    }

    /// Reports an unresolved reference with "did you mean"; true when it resolves (or is empty, reported elsewhere).
    @discardableResult
    func reference(_ name: String, to candidates: [String], _ what: String, in place: String, at location: SourceLocation) -> Bool {
        guard !name.isEmpty, !candidates.contains(name) else { return true }
        let hint = candidates.isEmpty ? "declare it in \(place) first" : Suggestion.hint(for: name, in: candidates, noun: "one of \(place)")
        sink.error(at: location, "unknown \(what) '\(name)': it is not in \(place)", hint: hint)
        return false
    }

    /// Stage separation and dedicated clusters.
    func checkTenancy() {
        for cluster in fleet.clusters {
            switch cluster.tenancy {
            case .dedicated where cluster.team == nil:
                sink.error(at: cluster.locations["tenancy"], "dedicated cluster '\(cluster.name)' names no team",
                           hint: "add 'team: <name>' for the team that owns this cluster, or make it 'tenancy: shared'")
            case .shared where cluster.team != nil:
                sink.error(at: cluster.locations["team"], "'team' is only for dedicated clusters, and '\(cluster.name)' is shared",
                           hint: "set 'tenancy: dedicated', or remove 'team'")
            default: break
            }
        }
        for team in fleet.teams {
            for space in team.spaces {
                guard let cluster = fleet.cluster(named: space.cluster) else { continue }
                let stages = platform.stages
                if stages.contains(space.stage), stages.contains(cluster.stage), space.stage != cluster.stage {
                    sink.error(at: space.locations["cluster"],
                               "a space of stage '\(space.stage)' cannot land on cluster '\(cluster.name)' of stage '\(cluster.stage)'",
                               hint: "stages stay separate: choose a cluster of stage '\(space.stage)'"
                                   + candidates(stage: space.stage).map { " (\($0))" }.joined())
                }
                if cluster.tenancy == .dedicated, let owner = cluster.team, owner != team.name {
                    sink.error(at: space.locations["cluster"],
                               "cluster '\(cluster.name)' is dedicated to team '\(owner)' and cannot host team '\(team.name)'",
                               hint: "place this space on a shared cluster of the same stage")
                }
            }
        }
    }

    private func candidates(stage: String) -> [String] {
        let names = fleet.clusters.filter { $0.stage == stage && $0.tenancy == .shared }.map(\.name)
        return names.isEmpty ? [] : ["e.g. " + names.joined(separator: ", ")]
    }

    /// The Platform's own fields; returns the baseline's endpoints, parsed.
    @discardableResult
    func checkPlatform() -> ResolvedBaseline {
        if platform.stages.isEmpty {
            sink.error(at: platform.locations["stages"], "the Platform declares no stages",
                       hint: "list the stages in rollout order, e.g. stages: [integration, production]")
        }
        if let repository = platform.packageRepository {
            if let secret = repository.pullSecret, !ValidationRules.isDNSName(secret) {
                sink.error(at: repository.locations["pullSecret"], "'packageRepository.pullSecret' is '\(secret)', which is not a Secret name",
                           hint: "name the registry's pull secret in each vSphere Namespace, e.g. registry-pull")
            }
            if let pem = repository.caCertificate, let problem = PEMCertificate.problem(in: pem) {
                sink.error(at: repository.locations["caCertificate"], "'packageRepository.caCertificate' is not a whole PEM certificate: \(problem)",
                           hint: "paste the registry's CA certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----")
            }
        }
        let baseline = platform.baseline
        func url(_ field: String, _ value: String?) -> EndpointURL? {
            guard let value else { return nil }
            guard let url = EndpointURL(value) else {
                sink.error(at: baseline.locations[field], "'baseline.\(field)' must be an http(s) URL, found '\(value)'",
                           hint: "write the full URL, e.g. https://metrics.example.internal/api/v1/write")
                return nil
            }
            return url
        }
        let remoteWrite = url("monitoring.remoteWrite", baseline.monitoringRemoteWrite)
        let alertmanager = url("alerting.alertmanager", baseline.alertmanager)
        var syslog: HostPort?
        if let text = baseline.loggingSyslog {
            syslog = HostPort(text)
            if syslog == nil {
                sink.error(at: baseline.locations["logging.syslog"], "'baseline.logging.syslog' must be host:port, found '\(text)'",
                           hint: "e.g. logs.example.internal:514")
            }
        }
        return ResolvedBaseline(remoteWrite: remoteWrite, alertmanager: alertmanager, syslog: syslog)
    }
}
