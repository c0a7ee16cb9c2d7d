@testable import FleetEngine
import FleetModel
import Testing

/// The delivery log's rule: a new revision and every failure are news; a successful re-run at the same revision is not.
@Suite struct DeliveryLogTests {
    typealias Entry = DeliveryLog.Entry

    @Test("what is worth recording")
    func worthRecording() {
        let applied = Entry(revision: "a", time: 1, stage: "integration", result: .applied)
        #expect(DeliveryLog.worthRecording(applied, after: []))
        #expect(!DeliveryLog.worthRecording(applied, after: [applied]), "a re-run at the same revision")
        #expect(DeliveryLog.worthRecording(Entry(revision: "b", time: 2, stage: "integration", result: .applied), after: [applied]))
        let failed = Entry(revision: "a", time: 3, stage: "integration", result: .failed)
        #expect(DeliveryLog.worthRecording(failed, after: [applied]) && DeliveryLog.worthRecording(failed, after: [failed]), "every failure")
        #expect(DeliveryLog.worthRecording(applied, after: [failed]), "the same revision applied after a failure: restored")
    }

    @Test("entries are read from the inventory ConfigMap; an unreadable value is no entries, not an error")
    func entries() {
        var configMap = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "peng-inventory-shop-int-1", namespace: "ns")
        configMap["data"] = ["applies": #"[{"revision":"a","result":"failed","stage":"integration","time":5}]"#, "objects": "v1|Namespace||x"]
        #expect(DeliveryLog.entries(in: configMap) == [Entry(revision: "a", time: 5, stage: "integration", result: .failed)])
        configMap["data"] = ["applies": "not json"]
        #expect(DeliveryLog.entries(in: configMap).isEmpty)
    }
}
