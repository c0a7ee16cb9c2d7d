import FleetEngine
import FleetModel
import Testing

/// Readiness decides from a status only when that status describes the object's current generation.
@Suite("readiness knows generations")
struct ReadinessTests {
    static func object(_ apiVersion: String, _ kind: String, generation: Int, status: JSONValue, annotations: [String: String] = [:]) -> KubeObject {
        var object = KubeObject(apiVersion: apiVersion, kind: kind, name: "x", namespace: "ns", annotations: annotations)
        object["metadata"]?["generation"] = .int(generation)
        object["status"] = status
        return object
    }

    static let succeeded: JSONValue = [["type": "ReconcileSucceeded", "status": "True"]]

    @Test("a PackageInstall reconciled for an older generation is not ready; for the current one it is")
    func packageInstall() {
        let stale = Self.object("packaging.carvel.dev/v1alpha1", "PackageInstall", generation: 3,
                                status: ["observedGeneration": 2, "conditions": Self.succeeded])
        guard case .progressing(let reason) = Readiness.of(stale) else { Issue.record("stale status counted as ready"); return }
        #expect(reason.contains("generation 2") && reason.contains("generation 3"))
        let current = Self.object("packaging.carvel.dev/v1alpha1", "PackageInstall", generation: 3,
                                  status: ["observedGeneration": 3, "conditions": Self.succeeded])
        #expect(Readiness.of(current) == .ready)
        let failedOld = Self.object("packaging.carvel.dev/v1alpha1", "PackageInstall", generation: 3,
                                    status: ["observedGeneration": 2, "conditions": [["type": "ReconcileFailed", "status": "True"]]])
        #expect(Readiness.of(failedOld) != .ready && Readiness.of(failedOld) != .failed("reconcile failed"),
                "a failure of the previous generation says nothing about the new one")
    }

    @Test("Deployment, StatefulSet and DaemonSet wait for their controller to observe the current generation")
    func workloads() {
        var deployment = Self.object("apps/v1", "Deployment", generation: 2,
                                     status: ["observedGeneration": 1, "availableReplicas": 2, "updatedReplicas": 2])
        deployment["spec"] = ["replicas": 2]
        #expect(Readiness.of(deployment) != .ready)
        deployment["status"]?["observedGeneration"] = 2
        #expect(Readiness.of(deployment) == .ready)
        var statefulSet = Self.object("apps/v1", "StatefulSet", generation: 5, status: ["observedGeneration": 5, "readyReplicas": 1, "updatedReplicas": 0])
        statefulSet["spec"] = ["replicas": 1]
        #expect(Readiness.of(statefulSet) != .ready, "pods of the old revision are not the new generation's")
        let daemonSet = Self.object("apps/v1", "DaemonSet", generation: 4,
                                    status: ["observedGeneration": 3, "desiredNumberScheduled": 3, "numberReady": 3, "updatedNumberScheduled": 3])
        #expect(Readiness.of(daemonSet) != .ready)
    }

    @Test("a TanzuKubernetesCluster is ready only at the release peng asked for; a Cluster API Cluster only for its generation")
    func clusters() {
        let ready: JSONValue = [["type": "Ready", "status": "True"]]
        let wanted = [ClusterKinds.releaseAnnotation: "v1.28.8+vmware.1-fips.1-tkg.2"]
        let upgrading = Self.object("run.tanzu.vmware.com/v1alpha3", "TanzuKubernetesCluster", generation: 2,
                                    status: ["phase": "running", "conditions": ready, "version": "v1.27.11+vmware.1-fips.1-tkg.2"], annotations: wanted)
        guard case .progressing(let reason) = Readiness.of(upgrading) else { Issue.record("the old release counted as ready"); return }
        #expect(reason.contains("v1.27.11") && reason.contains("not yet v1.28.8"))
        let upgraded = Self.object("run.tanzu.vmware.com/v1alpha3", "TanzuKubernetesCluster", generation: 2,
                                   status: ["phase": "running", "conditions": ready, "version": "v1.28.8+vmware.1-fips.1-tkg.2"], annotations: wanted)
        #expect(Readiness.of(upgraded) == .ready)
        let capi = Self.object("cluster.x-k8s.io/v1beta1", "Cluster", generation: 7,
                               status: ["phase": "Provisioned", "conditions": ready, "observedGeneration": 6])
        #expect(Readiness.of(capi) != .ready)
    }

    @Test("a v1alpha3 TanzuKubernetesCluster (no phase) is judged by its conditions and release; the older form by its phase too")
    func tanzuConditions() {
        let wanted = [ClusterKinds.releaseAnnotation: "v1.28.8+vmware.1-fips.1-tkg.2"]
        func tkc(_ status: JSONValue) -> KubeObject {
            Self.object("run.tanzu.vmware.com/v1alpha3", "TanzuKubernetesCluster", generation: 3, status: status, annotations: wanted)
        }
        let creating = tkc(["conditions": [["type": "Ready", "status": "False", "severity": "Info", "reason": "WaitingForControlPlane",
                                            "message": "control plane VMs are being created"]]])
        guard case .progressing(let why) = Readiness.of(creating) else { Issue.record("a cluster being created counted as done"); return }
        #expect(why.contains("WaitingForControlPlane") && why.contains("control plane VMs are being created"), "the reason is shown: \(why)")
        #expect(Readiness.clusterState(of: creating) == "WaitingForControlPlane")

        let running = tkc(["conditions": [["type": "Ready", "status": "True"]], "version": "v1.28.8+vmware.1-fips.1-tkg.2", "observedGeneration": 3])
        #expect(Readiness.of(running) == .ready, "no phase is needed")
        #expect(Readiness.clusterState(of: running) == "running")
        let noVersion = tkc(["conditions": [["type": "Ready", "status": "True"]], "observedGeneration": 3])
        #expect(Readiness.of(noVersion) == .ready, "Ready for the current generation, where no version is reported")
        let stale = tkc(["conditions": [["type": "Ready", "status": "True"]], "observedGeneration": 2])
        #expect(Readiness.of(stale) != .ready, "Ready for the previous generation says nothing about this one")

        let failed = tkc(["conditions": [["type": "Ready", "status": "False", "severity": "Error", "reason": "ControlPlaneUnavailable"]]])
        guard case .failed(let failure) = Readiness.of(failed) else { Issue.record("severity Error is a failure"); return }
        #expect(failure.contains("ControlPlaneUnavailable"))
        #expect(Readiness.clusterState(of: failed) == "failed")

        // The older form: a phase, where present, still counts.
        let olderUpdating = tkc(["phase": "updating", "conditions": [["type": "Ready", "status": "True"]], "version": "v1.28.8+vmware.1-fips.1-tkg.2"])
        #expect(Readiness.of(olderUpdating) != .ready)
        #expect(Readiness.clusterState(of: olderUpdating) == "updating")
        let olderFailed = tkc(["phase": "failed", "conditions": [["type": "Ready", "status": "False"]]])
        guard case .failed = Readiness.of(olderFailed) else { Issue.record("phase failed is final"); return }
    }
}
