import FleetLoader
import FleetRepository
import FleetModel
import FleetRender
import Foundation
import Testing

/// With Pod Security enforced (TKRs from 1.26 on enforce `restricted`), an extension's node agents run only in a
/// namespace labelled for them: peng makes those namespaces before the packages, at the level each needs.
@Suite("the extensions' namespaces under Pod Security")
struct ExtensionPodSecurityTests {
    static func levels(_ object: KubeObject?) -> [String] {
        ["enforce", "audit", "warn"].map { object?.labels["pod-security.kubernetes.io/\($0)"] ?? "-" }
    }

    @Test("prometheus and fluent-bit get privileged namespaces by default, a catalog entry names its own; each is owned by peng and comes before the packages")
    func example() throws {
        let rendered = try RenderFixture.render(RenderFixture.exampleFleet)
        for id in ["workload/int-shared-01", "workload/prd-shared-01", "workload/prd-checkout-01"] {
            let objects = RenderFixture.objects(rendered, target: id)
            let monitoring = RenderFixture.object(rendered, target: id, kind: "Namespace", name: "tanzu-system-monitoring")
            #expect(Self.levels(monitoring) == ["privileged", "privileged", "privileged"], "node-exporter: host network, PID and paths")
            #expect(Self.levels(RenderFixture.object(rendered, target: id, kind: "Namespace", name: "tanzu-system-logging")) == ["privileged", "privileged", "privileged"])
            #expect(Self.levels(RenderFixture.object(rendered, target: id, kind: "Namespace", name: "tanzu-system-ingress")) == ["baseline", "baseline", "baseline"],
                    "the catalog's namespace and level for contour")
            #expect(monitoring?.labels[OwnershipLabels.managedBy] == "peng", "peng's own, recorded and pruned like any of its objects")
            let firstInstall = try #require(objects.firstIndex { $0.kind == "PackageInstall" })
            let namespace = try #require(objects.firstIndex { $0.kind == "Namespace" && $0.name == "tanzu-system-logging" })
            #expect(namespace < firstInstall)
        }
    }

    @Test("two extensions in one namespace: the more permissive level; a catalog level without a namespace peng knows, or a namespace of the cluster's own, is refused at the field")
    func rules() throws {
        let shared = try RenderFixture.exampleCopy([
            ("platform.yaml", "      namespace: tanzu-system-ingress ", "      namespace: tanzu-system-logging "),
        ])
        let rendered = try RenderFixture.render(shared)
        #expect(Self.levels(RenderFixture.object(rendered, target: "workload/int-shared-01", kind: "Namespace", name: "tanzu-system-logging"))
                == ["privileged", "privileged", "privileged"], "contour's baseline and fluent-bit's privileged share it: privileged")
        #expect(RenderFixture.object(rendered, target: "workload/int-shared-01", kind: "Namespace", name: "tanzu-system-ingress") == nil)

        let noNamespace = try RenderFixture.exampleCopy([("platform.yaml", "      namespace: tanzu-system-ingress ", "      # no namespace ")])
        let refused = FleetPipeline(today: CalendarDate(RenderFixture.today)).validate(noNamespace)
        #expect(refused.validated == nil)
        #expect(refused.diagnostics.contains { $0.message == "extension 'contour': podSecurity needs the namespace the package runs in" && $0.location.line == 44 },
                "\(refused.diagnostics)")

        let system = try RenderFixture.exampleCopy([("platform.yaml", "      namespace: tanzu-system-ingress ", "      namespace: kube-system ")])
        let own = FleetPipeline(today: CalendarDate(RenderFixture.today)).validate(system)
        #expect(own.diagnostics.contains { $0.message == "extension 'contour': namespace 'kube-system' belongs to the cluster or to peng" && $0.location.line == 43 },
                "\(own.diagnostics)")
    }
}
