import FleetModel

/// The values of the external-dns package: the provider and zones the Cluster's `dns` names, a TXT registry owned by
/// this cluster, and the provider's credentials as environment variables read from a Secret that is made outside
/// Git — peng renders only its name and keys.
struct ExternalDNSValues {
    let fleet: Fleet
    let cluster: Cluster
    let dns: ExternalDNS

    static let namespace = "tanzu-system-service-discovery"

    func values() -> JSONValue {
        var args = dns.sources.map { "--source=\($0)" }
        args += dns.domainFilters.map { "--domain-filter=\($0)" }
        args += ["--provider=\(dns.provider)", "--registry=txt", "--txt-owner-id=\(fleet.platform.name)-\(cluster.name)", "--policy=upsert-only"]
        var deployment: JSONValue = ["args": .strings(args)]
        if let secret = dns.credentialsSecret {
            deployment["env"] = .array(dns.credentialKeys.map { key in
                ["name": .string(key), "valueFrom": ["secretKeyRef": ["name": .string(secret), "key": .string(key)]]]
            })
        }
        return ["namespace": .string(Self.namespace), "deployment": deployment]
    }
}
