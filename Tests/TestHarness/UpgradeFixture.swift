import FleetLoader
import FleetModel
import FleetRepository
import Foundation
import Testing

/// A staged fleet whose catalog has 1.25 to 1.28 and two extensions that must move on the way: prometheus 2.43 stops
/// at 1.26 and 2.45 already runs on 1.26 (it moves before the step to 1.27); contour 1.24 stops at 1.26 and 1.26
/// needs 1.27 (it moves after that step).
public enum UpgradeFixture {
    public static let releases = """
        [{version: v1.28.8+vmware.1-tkg.1, state: preview},
           {version: v1.27.11+vmware.1-tkg.2, state: supported},
           {version: v1.27.5+vmware.1-tkg.1, state: supported},
           {version: v1.26.13+vmware.1-tkg.3, state: supported},
           {version: v1.25.13+vmware.1-tkg.1, state: supported},
           {version: v1.24.9+vmware.1-tkg.1, state: expired}]
        """

    public static let catalog = """
            - name: prometheus
              package: prometheus.tanzu.vmware.com
              versions:
                - {version: 2.43.0+vmware.1-tkg.1, kubernetes: ">=1.24 <1.27"}
                - {version: 2.45.0+vmware.1-tkg.2, kubernetes: ">=1.26 <1.30"}
            - name: contour
              package: contour.tanzu.vmware.com
              versions:
                - {version: 1.24.4+vmware.1-tkg.1, kubernetes: ">=1.24 <1.27"}
                - {version: 1.26.2+vmware.1-tkg.1, kubernetes: ">=1.27 <1.30"}
        """

    public static func fleet(_ name: String, kubernetes: [String: String], soak: String? = nil) -> StagedFleet {
        var fleet = StagedFleet(name, clusters: [("\(name)-int", "integration"), ("\(name)-prd", "production")])
        fleet.releases = releases
        fleet.extensionCatalog = catalog
        fleet.extensions = ["prometheus", "contour"]
        fleet.kubernetes = kubernetes
        fleet.soak = soak
        return fleet
    }

    public static func validated(_ fleet: StagedFleet, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ValidatedFleet {
        let root = try fleet.write()
        defer { try? FileManager.default.removeItem(at: root) }
        return try FleetPipeline.atFixtureDate.valid(root, sourceLocation: sourceLocation).0
    }
}
