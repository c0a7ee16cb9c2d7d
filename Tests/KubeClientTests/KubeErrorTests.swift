@testable import KubeClient
import FleetModel
import Testing

@Suite("API errors")
struct KubeErrorTests {
    @Test("a Status body becomes a typed error; a conflict names the other field managers")
    func conflict() {
        let body = #"""
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409,
             "message":"Apply failed with 1 conflict: conflict with \"helm\" using v1: .data.mode",
             "details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"helm\" using v1","field":".data.mode"}]}}
            """#
        let ref = ObjectRef(apiVersion: "v1", kind: "ConfigMap", namespace: "ns", name: "settings")
        let error = KubeError.from(status: 409, body: Array(body.utf8), object: ref)
        #expect(error.code == .conflict)
        #expect(error.reason == "Conflict")
        #expect(error.conflictingManagers == ["helm"])
        #expect(error.hint?.contains("--force-conflicts") == true)
        #expect(error.description.hasPrefix("ConfigMap/ns/settings: Apply failed"))
        #expect(!error.isRetryable)
    }

    @Test("overload and server errors are retried; client errors are not")
    func retryable() {
        #expect(KubeError.from(status: 429, body: [], object: nil).isRetryable)
        #expect(KubeError.from(status: 503, body: Array("not json".utf8), object: nil).isRetryable)
        #expect(!KubeError.from(status: 422, body: [], object: nil).isRetryable)
        #expect(!KubeError.from(status: 403, body: [], object: nil).isRetryable)
        #expect(KubeError.from(status: 403, body: [], object: nil).hint?.contains("RBAC") == true)
    }
}
