import FleetModel
import Foundation

/// Stage 2 of the pipeline: every rule of the fleet format, all problems reported at once.
public struct FleetValidator: Sendable {
    /// Deprecated releases whose expiry is before it are errors.
    public var today: CalendarDate

    /// Built by `FleetPipeline` (module FleetRepository), the one way into load -> validate -> render.
    public init(today: CalendarDate) {
        self.today = today
    }

    public func validate(_ loaded: LoadedFleet) -> ValidationResult {
        guard let fleet = loaded.fleet else {
            return ValidationResult(validated: nil, diagnostics: loaded.diagnostics.sortedByLocation(), files: loaded.files)
        }
        let sink = DiagnosticSink()
        let rules = ValidationRules(fleet: fleet, today: today, sink: sink)
        rules.checkNames()
        let endpoints = rules.checkPlatform()
        let webhooks = rules.checkAlerting()
        rules.checkReferences()
        rules.checkTenancy()
        let networks = rules.checkNetworks()
        rules.checkQuantities()
        rules.checkNodePools()
        rules.checkExtensionPodSecurity()
        let catalog = rules.checkedCatalog()
        let releases = rules.resolveReleases(in: catalog)
        let (extensions, offers) = rules.resolveExtensions(releases: releases)
        rules.checkExternalDNS(extensions)
        let soak = rules.checkedSoak()
        let orders = rules.resolveOrders(rules.checkProducts())
        let baseline = ResolvedBaseline(remoteWrite: endpoints.remoteWrite, alertmanager: endpoints.alertmanager, syslog: endpoints.syslog,
                                        receiverWebhooks: webhooks)
        let diagnostics = (loaded.diagnostics + sink.diagnostics).sortedByLocation()
        guard !diagnostics.hasErrors else { return ValidationResult(validated: nil, diagnostics: diagnostics, files: loaded.files) }
        let validated = ValidatedFleet(fleet: fleet, releases: releases, catalog: catalog.map(\.resolved), extensions: extensions,
                                       networks: networks, baseline: baseline, extensionOffers: offers, soak: soak, orders: orders,
                                       warnings: diagnostics.warnings)
        return ValidationResult(validated: validated, diagnostics: diagnostics, files: loaded.files)
    }
}

/// The rules, split by topic into `ValidationRules+*.swift`.
struct ValidationRules {
    let fleet: Fleet
    let today: CalendarDate
    let sink: DiagnosticSink

    var platform: Platform { fleet.platform }
}
