/// An alert rule the Platform adds to the baseline rules every cluster gets.
public struct AlertRule: Sendable {
    /// The alert's name (`alert:` in Prometheus).
    public var alert: String
    /// A PromQL expression.
    public var expr: String
    /// How long the expression must hold before the alert fires (Prometheus duration, default `5m`).
    public var forDuration: String
    /// `critical`, `warning` or `info`.
    public var severity: String
    public var summary: String?
    public var locations: FieldLocations

    public init(alert: String, expr: String, forDuration: String = "5m", severity: String = "warning", summary: String? = nil,
                locations: FieldLocations)
    {
        self.alert = alert
        self.expr = expr
        self.forDuration = forDuration
        self.severity = severity
        self.summary = summary
        self.locations = locations
    }
}

/// Where a receiver's alerts are delivered by each cluster's Alertmanager: a webhook (the on-call tool's).
/// A receiver without a webhook only collects alerts on the cluster; the central Alertmanager gets every alert.
public struct AlertReceiver: Sendable {
    public var name: String
    public var webhook: String?
    public var locations: FieldLocations

    public init(name: String, webhook: String?, locations: FieldLocations) {
        self.name = name
        self.webhook = webhook
        self.locations = locations
    }
}

/// What external-dns needs on a cluster: which DNS provider, which zones it may write, and where its credentials
/// are — a Secret created outside Git, referenced by name, never its content.
public struct ExternalDNS: Sendable {
    /// An external-dns provider name (`rfc2136`, `aws`, `azure`, `infoblox`, ...).
    public var provider: String
    /// The zones external-dns may manage (`--domain-filter`).
    public var domainFilters: [String]
    /// Kubernetes objects external-dns reads names from (default: service and ingress).
    public var sources: [String]
    /// The Secret (in the external-dns namespace) holding the provider's credentials, and the keys to pass on
    /// as environment variables of the same names.
    public var credentialsSecret: String?
    public var credentialKeys: [String]
    public var locations: FieldLocations

    public init(provider: String, domainFilters: [String], sources: [String] = ["service", "ingress"], credentialsSecret: String? = nil,
                credentialKeys: [String] = [], locations: FieldLocations)
    {
        self.provider = provider
        self.domainFilters = domainFilters
        self.sources = sources
        self.credentialsSecret = credentialsSecret
        self.credentialKeys = credentialKeys
        self.locations = locations
    }
}
