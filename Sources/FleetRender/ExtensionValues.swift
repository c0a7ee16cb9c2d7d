import FleetModel

/// The values peng wires into well-known Tanzu packages, over the platform's own catalog values: Prometheus
/// (`PrometheusValues`), fluent-bit (`FluentBitValues`) and external-dns (`ExternalDNSValues`).
struct ExtensionValues {
    let fleet: Fleet
    let cluster: Cluster
    /// Where metrics, alerts and logs go, parsed by the validator.
    let endpoints: ResolvedBaseline

    /// nil when the package gets no values at all.
    func values(for resolved: ResolvedExtension) -> JSONValue? {
        let wired: JSONValue?
        switch resolved.package {
        case Packaging.prometheus:
            let routing = AlertRouting(fleet: fleet, cluster: cluster, webhooks: endpoints.receiverWebhooks)
            wired = PrometheusValues(fleet: fleet, cluster: cluster, endpoints: endpoints, routing: routing).values()
        case Packaging.fluentBit: wired = endpoints.syslog.map { FluentBitValues(cluster: cluster, syslog: $0).values() }
        case Packaging.externalDNS: wired = cluster.dns.map { ExternalDNSValues(fleet: fleet, cluster: cluster, dns: $0).values() }
        default: wired = nil
        }
        switch (resolved.values, wired) {
        case (nil, nil): return nil
        case (let own?, nil): return own
        case (nil, let wired?): return wired
        case (let own?, let wired?): return own.merging(wired)
        }
    }
}
