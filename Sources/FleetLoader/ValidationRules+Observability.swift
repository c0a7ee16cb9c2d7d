import FleetModel

extension ValidationRules {
    static let severities = ["critical", "warning", "info"]

    /// The Platform's alert rules and receivers; returns each receiver's webhook, parsed.
    func checkAlerting() -> [String: EndpointURL] {
        let baseline = platform.baseline
        for rule in baseline.alertRules {
            if !rule.alert.isEmpty, !Self.isMetricName(rule.alert) {
                sink.error(at: rule.locations["alert"], "alert name '\(rule.alert)' is not a valid Prometheus alert name",
                           hint: "use letters, digits and underscores, starting with a letter, e.g. QueueBacklogHigh")
            }
            if !Self.isPrometheusDuration(rule.forDuration) {
                sink.error(at: rule.locations["for"], "'for' is '\(rule.forDuration)', which is not a Prometheus duration",
                           hint: "e.g. 0s, 30s, 5m, 1h")
            }
            if !Self.severities.contains(rule.severity) {
                sink.error(at: rule.locations["severity"], "severity '\(rule.severity)' is not one of \(Self.severities.joined(separator: ", "))",
                           hint: Suggestion.closest(to: rule.severity, in: Self.severities).map { "did you mean '\($0)'?" })
            }
        }
        var webhooks: [String: EndpointURL] = [:]
        var seen: Set<String> = []
        for receiver in baseline.receivers where !receiver.name.isEmpty {
            if !seen.insert(receiver.name).inserted {
                sink.error(at: receiver.locations["name"], "receiver '\(receiver.name)' is declared twice", hint: "keep one entry per receiver")
            }
            guard let text = receiver.webhook else { continue }
            guard let url = EndpointURL(text) else {
                sink.error(at: receiver.locations["webhook"], "receiver '\(receiver.name)': webhook must be an http(s) URL, found '\(text)'",
                           hint: "the on-call tool's webhook, e.g. https://oncall.example.internal/hooks/checkout")
                continue
            }
            webhooks[receiver.name] = url
        }
        // When receivers are declared, every receiver an alert can be routed to must be one of them.
        if !seen.isEmpty {
            let known = Array(seen).sorted()
            for team in fleet.teams {
                guard let onCall = team.onCall, !seen.contains(onCall) else { continue }
                sink.error(at: team.locations["onCall"], "team '\(team.name)': onCall '\(onCall)' is not a receiver of the Platform's alerting",
                           hint: Suggestion.closest(to: onCall, in: known).map { "did you mean '\($0)'?" }
                               ?? "add it to baseline.alerting.receivers, or use one of: \(known.joined(separator: ", "))")
            }
            if let fallback = baseline.defaultReceiver, !seen.contains(fallback) {
                sink.error(at: baseline.locations["alerting.defaultReceiver"], "defaultReceiver '\(fallback)' is not a receiver of the Platform's alerting",
                           hint: "add it to baseline.alerting.receivers")
            }
        }
        return webhooks
    }

    /// A cluster that gets external-dns says which DNS it may write.
    func checkExternalDNS(_ extensions: [String: [ResolvedExtension]]) {
        for cluster in fleet.clusters {
            guard extensions[cluster.name]?.contains(where: { $0.package == Packaging.externalDNS }) == true else { continue }
            guard let dns = cluster.dns else {
                let index = cluster.extensions.firstIndex { platform.catalogExtension(named: $0)?.package == Packaging.externalDNS }
                sink.error(at: index.map { cluster.locations.item("extensions", $0) } ?? cluster.locations["kubernetes"],
                           "cluster '\(cluster.name)' gets external-dns, but nothing says which DNS zones it may write",
                           hint: "add 'dns: {provider: rfc2136, domainFilters: [int.shop.example.internal], credentials: {secret: NAME, keys: [...]}}' "
                               + "to the Cluster (the Secret is created outside Git), or remove external-dns from its extensions")
                continue
            }
            if dns.credentialsSecret != nil, dns.credentialKeys.isEmpty {
                sink.error(at: dns.locations["credentials"], "cluster '\(cluster.name)': dns.credentials names a Secret but none of its keys",
                           hint: "list the keys external-dns reads as environment variables, e.g. keys: [AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY]")
            }
        }
    }

    static func isMetricName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else { return false }
        return text.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
    }

    /// `0s`, `30s`, `5m`, `1h30m`: one or more number-unit pairs of ms, s, m, h, d, w, y.
    static func isPrometheusDuration(_ text: String) -> Bool {
        var rest = Substring(text)
        guard !rest.isEmpty else { return false }
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isNumber)
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(digits.count)
            let unit = rest.hasPrefix("ms") ? "ms" : String(rest.prefix(1))
            guard ["ms", "s", "m", "h", "d", "w", "y"].contains(unit) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}
