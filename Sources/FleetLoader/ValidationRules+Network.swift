import FleetModel

extension ValidationRules {
    /// CIDRs parse; per cluster, pods and services overlap neither each other nor the Supervisor's ranges.
    /// Returns each cluster's networks, parsed.
    @discardableResult
    func checkNetworks() -> [String: ResolvedNetwork] {
        var networks: [String: ResolvedNetwork] = [:]
        var reserved: [String: [CIDR]] = [:]
        for supervisor in platform.supervisors {
            reserved[supervisor.name] = supervisor.reservedCIDRs.enumerated().compactMap { index, text in
                cidr(text, "reserved CIDR", at: supervisor.locations.item("reservedCIDRs", index))
            }
        }
        for cluster in fleet.clusters {
            let pods = cidr(cluster.network.pods, "pod CIDR", at: cluster.locations["network.pods"])
            let services = cidr(cluster.network.services, "service CIDR", at: cluster.locations["network.services"])
            if let pods, let services { networks[cluster.name] = ResolvedNetwork(pods: pods, services: services) }
            if let pods, let services, pods.overlaps(services) {
                sink.error(at: cluster.locations["network.services"],
                           "cluster '\(cluster.name)': services \(services) overlap pods \(pods)",
                           hint: "choose ranges that do not overlap, e.g. pods 192.168.0.0/16 and services 10.112.0.0/12")
            }
            if cluster.network.cni != .antrea, !cluster.network.antreaFeatures.isEmpty {
                sink.error(at: cluster.locations["network.antreaFeatures"], "cluster '\(cluster.name)': antreaFeatures are Antrea's, but the cluster's CNI is \(cluster.network.cni.rawValue)",
                           hint: "remove antreaFeatures, or use cni: antrea")
            }
            for ca in cluster.network.trustedCAs where !ca.pem.isEmpty {
                guard let problem = PEMCertificate.problem(in: ca.pem) else { continue }
                sink.error(at: ca.locations["pem"], "cluster '\(cluster.name)': trusted CA '\(ca.name)' is not a whole PEM certificate: \(problem)",
                           hint: "paste the whole certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- (e.g. the output of 'openssl x509 -in ca.crt')")
            }
            for range in reserved[cluster.supervisor] ?? [] {
                for (name, own, field) in [("pods", pods, "network.pods"), ("services", services, "network.services")] {
                    guard let own, own.overlaps(range) else { continue }
                    sink.error(at: cluster.locations[field],
                               "cluster '\(cluster.name)': \(name) \(own) overlap the Supervisor '\(cluster.supervisor)' reserved range \(range)",
                               hint: "the Supervisor uses \(range) itself; pick a \(name) range outside it")
                }
            }
        }
        for team in fleet.teams {
            for space in team.spaces {
                for (index, text) in space.network.egress.enumerated() {
                    _ = cidr(text, "egress CIDR", at: space.locations.item("network.egress", index))
                }
            }
        }
        return networks
    }

    private func cidr(_ text: String, _ what: String, at location: SourceLocation) -> CIDR? {
        guard !text.isEmpty else { return nil }
        guard let value = CIDR(text) else {
            sink.error(at: location, "\(what) '\(text)' is not a CIDR",
                       hint: "write an address and a prefix length, e.g. 10.20.0.0/16")
            return nil
        }
        if value.hasHostBits {
            sink.warning(at: location, "\(what) '\(text)' has bits set beyond its prefix",
                         hint: "did you mean '\(value.canonical.text)'?")
        }
        return value
    }

    /// Quantities parse; replicas and autoscaling bounds make sense.
    func checkQuantities() {
        for team in fleet.teams {
            for space in team.spaces {
                let fields: [(String, String?)] = [
                    ("quota.cpu", space.quota?.cpu), ("quota.memory", space.quota?.memory), ("quota.pods", space.quota?.pods),
                    ("limits.defaultCPU", space.limits?.defaultCPU), ("limits.defaultMemory", space.limits?.defaultMemory),
                ]
                for (field, value) in fields {
                    guard let value, !Quantity.isValid(value) else { continue }
                    sink.error(at: space.locations[field], "'\(field)' is '\(value)', which is not a Kubernetes quantity",
                               hint: field.lowercased().contains("memory") ? "write e.g. 512Mi or 64Gi"
                                   : field.hasSuffix("pods") ? "write a whole number, e.g. 200" : "write e.g. 500m or 16")
                }
            }
        }
        for cluster in fleet.clusters {
            if ![1, 3].contains(cluster.controlPlane.replicas) {
                sink.error(at: cluster.locations["controlPlane.replicas"],
                           "control plane replicas must be 1 or 3, found \(cluster.controlPlane.replicas)",
                           hint: "use 3 for production (etcd quorum survives one node), 1 for throw-away clusters")
            }
            for pool in cluster.nodePools {
                if pool.replicas < 0 {
                    sink.error(at: pool.locations["replicas"], "node pool '\(pool.name)' has negative replicas",
                               hint: "use 0 or more")
                }
                guard let scaling = pool.autoscaling else { continue }
                if !(scaling.min <= pool.replicas && pool.replicas <= scaling.max) || scaling.min < 0 {
                    sink.error(at: pool.locations["autoscaling"],
                               "node pool '\(pool.name)': autoscaling needs min <= replicas <= max, found min \(scaling.min), replicas \(pool.replicas), max \(scaling.max)",
                               hint: "set replicas between min and max, e.g. min: \(min(scaling.min, pool.replicas)), max: \(max(scaling.max, pool.replicas))")
                } else if platform.clusterAPI == .tanzu {
                    // TKGS runs the cluster autoscaler only for Cluster API (ClusterClass) clusters; a
                    // TanzuKubernetesCluster has nowhere to say min and max, so the pool stays at replicas.
                    sink.warning(at: pool.locations["autoscaling"],
                                 "node pool '\(pool.name)': a TanzuKubernetesCluster cannot autoscale; the pool stays at \(pool.replicas) replicas",
                                 hint: "set the Platform's clusterAPI: clusterclass to autoscale (min and max become the autoscaler's annotations), or remove autoscaling")
                }
            }
        }
    }
}
