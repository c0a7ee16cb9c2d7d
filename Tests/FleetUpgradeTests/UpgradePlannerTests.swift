import FleetModel
@testable import FleetUpgrade
import Foundation
import Testing
import TestHarness

@Suite("Upgrade paths: one minor at a time, extensions before or after, blockers")
struct UpgradePlannerTests {
    let fleet: ValidatedFleet
    let planner: UpgradePlanner

    init() throws {
        fleet = try UpgradeFixture.validated(UpgradeFixture.fleet("path", kubernetes: ["path-int": "v1.27", "path-prd": "v1.27"]))
        planner = UpgradePlanner(fleet)
    }

    var cluster: Cluster { fleet.fleet.cluster(named: "path-prd")! }
    func release(_ text: String) -> ResolvedRelease { fleet.catalog.first { $0.version.description == text }! }

    @Test("two minors behind: two steps, each the newest supported patch of its minor, control plane first")
    func stepsOneMinorAtATime() throws {
        let running = try #require(ReleaseVersion("v1.25.13+vmware.1-tkg.1"))
        let upgrade = planner.upgrade(of: cluster, running: running, to: release("v1.27.11+vmware.1-tkg.2"))
        #expect(upgrade.steps.map(\.to.description) == ["v1.26.13+vmware.1-tkg.3", "v1.27.11+vmware.1-tkg.2"])
        #expect(upgrade.steps.map(\.from.description) == ["v1.25.13+vmware.1-tkg.1", "v1.26.13+vmware.1-tkg.3"])
        #expect(upgrade.steps[0].order == ["control plane (1 node)", "node pool workers (1 node)"])
        #expect(!upgrade.blocked)
    }

    @Test("an extension moves before the step when its new version runs on both sides, after it otherwise")
    func extensionMoves() throws {
        let running = try #require(ReleaseVersion("v1.25.13+vmware.1-tkg.1"))
        let upgrade = planner.upgrade(of: cluster, running: running, to: release("v1.27.11+vmware.1-tkg.2"))
        #expect(upgrade.steps[0].extensionsBefore.isEmpty && upgrade.steps[0].extensionsAfter.isEmpty)
        let toward127 = upgrade.steps[1]
        #expect(toward127.extensionsBefore == [ExtensionMove(name: "prometheus", from: "2.43.0+vmware.1-tkg.1", to: "2.45.0+vmware.1-tkg.2", when: .before)])
        #expect(toward127.extensionsAfter == [ExtensionMove(name: "contour", from: "1.24.4+vmware.1-tkg.1", to: "1.26.2+vmware.1-tkg.1", when: .after)])
    }

    @Test("a preview is a step only when it is the target; a patch upgrade is one step; the same release is none")
    func previewAndPatches() throws {
        let upgrade = planner.upgrade(of: cluster, running: ReleaseVersion("v1.26.13+vmware.1-tkg.3"), to: release("v1.28.8+vmware.1-tkg.1"))
        #expect(upgrade.steps.map(\.to.description) == ["v1.27.11+vmware.1-tkg.2", "v1.28.8+vmware.1-tkg.1"])
        #expect(upgrade.steps.map(\.state.rawValue) == ["supported", "preview"])
        let patch = planner.upgrade(of: cluster, running: ReleaseVersion("v1.27.5+vmware.1-tkg.1"), to: release("v1.27.11+vmware.1-tkg.2"))
        #expect(patch.steps.map(\.to.description) == ["v1.27.11+vmware.1-tkg.2"])
        #expect(!planner.upgrade(of: cluster, running: ReleaseVersion("v1.27.11+vmware.1-tkg.2"), to: release("v1.27.11+vmware.1-tkg.2")).pending)
    }

    @Test("no version of an extension for a step's Kubernetes: a blocker naming the extension and the ranges on offer")
    func extensionBlocker() throws {
        var staged = UpgradeFixture.fleet("noext", kubernetes: ["noext-int": "v1.26", "noext-prd": "v1.26"])
        staged.extensionCatalog = UpgradeFixture.catalog.replacingOccurrences(of: "\">=1.27 <1.30\"", with: "\">=1.28 <1.30\"")
        let fleet = try UpgradeFixture.validated(staged)
        let cluster = fleet.fleet.cluster(named: "noext-prd")!
        let target = fleet.catalog.first { $0.version.description == "v1.27.11+vmware.1-tkg.2" }!
        let upgrade = UpgradePlanner(fleet).upgrade(of: cluster, running: ReleaseVersion("v1.26.13+vmware.1-tkg.3"), to: target)
        let blocker = try #require(upgrade.steps.first?.blockers.first)
        #expect(blocker.kind == .extensionVersion)
        #expect(blocker.message.contains("'contour'") && blocker.message.contains("v1.27.11"))
        #expect(blocker.hint?.contains("1.26.2+vmware.1-tkg.1 (Kubernetes >=1.28 <1.30)") == true)
        #expect(upgrade.blocked)
    }

    @Test("the Supervisor's offer: a missing release and an incompatible one block the step and name the Supervisor")
    func supervisorOffer() throws {
        let running = ReleaseVersion("v1.25.13+vmware.1-tkg.1")
        let offer = [
            SupervisorRelease(name: "v1.26.13---vmware.1-tkg.3", version: ReleaseVersion("v1.26.13+vmware.1-tkg.3"), ready: true, compatible: false,
                              reason: "NotCompatibleWithSupervisor"),
        ]
        let upgrade = planner.upgrade(of: cluster, running: running, to: release("v1.27.11+vmware.1-tkg.2"), offer: offer)
        #expect(upgrade.steps[0].blockers.map(\.message) == ["Supervisor 'dc1' marks v1.26.13+vmware.1-tkg.3 incompatible: NotCompatibleWithSupervisor"])
        #expect(upgrade.steps[1].blockers.map(\.message) == ["Supervisor 'dc1' does not offer v1.27.11+vmware.1-tkg.2"])
        #expect(upgrade.steps[1].blockers.first?.hint?.contains("it offers: v1.26.13+vmware.1-tkg.3") == true)
    }

    @Test("the package repository's offer: a move to a version it lacks, and one whose Kubernetes constraints exclude the step, block that step with the versions on offer")
    func packageOffer() throws {
        let running = ReleaseVersion("v1.25.13+vmware.1-tkg.1")
        let offer = PackageOffer(repositories: ["tanzu-standard"], packages: [
            OfferedPackage(refName: "prometheus.tanzu.vmware.com", version: "2.43.0+vmware.1-tkg.1", kubernetes: ">=1.24.0 <1.27.0"),
            OfferedPackage(refName: "prometheus.tanzu.vmware.com", version: "2.45.0+vmware.1-tkg.2", kubernetes: ">=1.27.0"),
            OfferedPackage(refName: "contour.tanzu.vmware.com", version: "1.24.4+vmware.1-tkg.1"),
        ])
        let upgrade = planner.upgrade(of: cluster, running: running, to: release("v1.27.11+vmware.1-tkg.2"), packages: offer)
        #expect(upgrade.steps[0].blockers.isEmpty, "1.26: the versions installed are on offer: \(upgrade.steps[0].blockers)")
        let toward127 = upgrade.steps[1].blockers
        #expect(toward127.map(\.kind) == [.packageOffer, .packageOffer])
        #expect(toward127[0].message == "extension 'prometheus': prometheus.tanzu.vmware.com 2.45.0+vmware.1-tkg.2 does not install on Kubernetes v1.26.13+vmware.1-tkg.3: the package asks for Kubernetes >=1.27.0",
                "a move before the step installs on the old version")
        #expect(toward127[1].message == "extension 'contour': contour.tanzu.vmware.com 1.26.2+vmware.1-tkg.1 is not offered by package repository 'tanzu-standard'")
        #expect(toward127[1].hint == "it offers 1.24.4+vmware.1-tkg.1; pin one of them in the Platform's extension catalog, or update the repository")
        #expect(upgrade.blocked)
        let to126 = planner.upgrade(of: cluster, running: running, to: release("v1.26.13+vmware.1-tkg.3"), packages: offer)
        #expect(to126.steps.map { $0.blockers.map(\.message) } == [[
            "extension 'prometheus': prometheus.tanzu.vmware.com 2.45.0+vmware.1-tkg.2 does not install on Kubernetes v1.26.13+vmware.1-tkg.3: the package asks for Kubernetes >=1.27.0",
        ]], "the version the fleet gives a cluster at its target is checked too")
        #expect(!planner.upgrade(of: cluster, running: running, to: release("v1.26.13+vmware.1-tkg.3")).blocked, "without an offer, nothing of it is checked")
    }

    @Test("a removed API in use lands on the step that removes it")
    func removedAPIs() throws {
        let use = RemovedAPIUse(apiVersion: "batch/v1beta1", object: "CronJob shop/nightly", manager: "kubectl", removedRelease: "1.25",
                                replacement: "batch/v1", source: "managedFields")
        let upgrade = planner.upgrade(of: cluster, running: ReleaseVersion("v1.24.9+vmware.1-tkg.1"), to: release("v1.26.13+vmware.1-tkg.3"),
                                      removedAPIUses: [use])
        #expect(upgrade.steps.map(\.to.description) == ["v1.25.13+vmware.1-tkg.1", "v1.26.13+vmware.1-tkg.3"])
        #expect(upgrade.steps[0].removedAPIs == [use])
        #expect(upgrade.steps[0].blockers.map(\.kind) == [.removedAPI])
        #expect(upgrade.steps[1].removedAPIs.isEmpty)
    }

    @Test("a downgrade, and a gap in the catalog, are blockers of the whole path")
    func pathBlockers() throws {
        let down = planner.upgrade(of: cluster, running: ReleaseVersion("v1.28.8+vmware.1-tkg.1"), to: release("v1.27.11+vmware.1-tkg.2"))
        #expect(down.blockers.map(\.kind) == [.downgrade])
        let staged = UpgradeFixture.fleet("gap", kubernetes: ["gap-int": "v1.27", "gap-prd": "v1.27"])
        var gap = staged
        gap.releases = UpgradeFixture.releases.replacingOccurrences(of: "{version: v1.26.13+vmware.1-tkg.3, state: supported},", with: "")
        let fleet = try UpgradeFixture.validated(gap)
        let target = fleet.catalog.first { $0.version.description == "v1.27.11+vmware.1-tkg.2" }!
        let upgrade = UpgradePlanner(fleet).upgrade(of: fleet.fleet.cluster(named: "gap-prd")!, running: ReleaseVersion("v1.25.13+vmware.1-tkg.1"), to: target)
        #expect(upgrade.blockers.map(\.kind) == [.catalog])
        #expect(upgrade.blockers.first?.message.contains("1.26") == true)
    }

    @Test("RemovedAPIs lists what goes between two releases, by minor")
    func removedTable() throws {
        let removed = RemovedAPIs.removed(from: try #require(ReleaseVersion("v1.24.9")), to: try #require(ReleaseVersion("v1.26.1")))
        #expect(removed.contains { $0.apiVersion == "batch/v1beta1" && $0.kind == "CronJob" })
        #expect(removed.contains { $0.apiVersion == "autoscaling/v2beta2" })
        #expect(!removed.contains { $0.removedIn <= 24 || $0.removedIn > 26 })
    }
}
