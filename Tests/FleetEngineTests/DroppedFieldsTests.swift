@testable import FleetEngine
import FleetModel
import KubeClient
import Testing

/// What an API server kept of an object, compared with what peng sent: pure logic, on objects as servers answer.
struct DroppedFieldsTests {
    static func object(_ spec: JSONValue, metadata: JSONValue = ["name": "c1"]) -> KubeObject {
        KubeObject(["apiVersion": "run.tanzu.vmware.com/v1alpha3", "kind": "TanzuKubernetesCluster", "metadata": metadata, "spec": spec])
    }

    @Test("a field the server pruned is named by its path; list items by their name, else by their index")
    func pathsNamed() {
        let sent = Self.object([
            "settings": ["network": ["cni": ["name": "antrea"], "foo": "bar"]],
            "topology": ["nodePools": [["name": "workers", "replicas": 3, "labels": ["tier": "web"]]]],
            "ports": [["port": 80, "endPort": 90]],
        ])
        let kept = Self.object([
            "settings": ["network": ["cni": ["name": "antrea"]]],
            "topology": ["nodePools": [["name": "other"], ["name": "workers", "replicas": 3]]],
            "ports": [["port": 80]],
        ])
        let dropped = DroppedFields(sent: sent, kept: kept)
        #expect(dropped.paths == ["spec.ports[0].endPort", "spec.settings.network.foo", "spec.topology.nodePools[workers].labels"])
        let error = dropped.error(for: sent.ref)
        #expect(error.code == .fieldsDropped)
        #expect(error.message.contains("spec.settings.network.foo") && error.message.contains("TanzuKubernetesCluster schema (run.tanzu.vmware.com/v1alpha3)"))
        #expect(error.hint?.contains("check the API version") == true)
    }

    @Test("what the server kept, defaulted or normalised is not dropped; zero values and metadata are not looked for")
    func keptIsNotDropped() {
        let sent = Self.object(["replicas": 3, "cpu": "1000m", "paused": false, "extra": [:], "list": [],
                                "items": [["name": "a"]]],
                               metadata: ["name": "c1", "annotations": ["x": "y"]])
        let kept = Self.object(["replicas": 3, "cpu": "1", "items": [["name": "a", "defaulted": true]], "added": "by the server"],
                               metadata: ["name": "c1", "uid": "u"])
        #expect(DroppedFields(sent: sent, kept: kept).isEmpty)
        #expect(DroppedFields(sent: sent, kept: sent).isEmpty)
    }

    @Test("a whole list item or a whole section gone is named once, at its top")
    func wholeSections() {
        let sent = Self.object(["topology": ["nodePools": [["name": "workers", "replicas": 2]]], "unknown": ["deep": ["x": 1]]])
        let kept = Self.object(["topology": ["nodePools": []]])
        #expect(DroppedFields(sent: sent, kept: kept).paths == ["spec.topology.nodePools[workers]", "spec.unknown"])
    }

    @Test("fields a server refused are read from its error: server-side apply on 1.20, fieldValidation=Strict on 1.25+")
    func refusedFields() throws {
        let ssa = KubeError(.serverError, "failed to create typed patch object: .spec.sycnPeriod: field not declared in schema")
        #expect(DroppedFields(refusedBy: ssa)?.paths == ["spec.sycnPeriod"])
        let strict = KubeError(.badRequest, #"PackageInstall in version "v1alpha1" cannot be handled as a PackageInstall: strict decoding error: unknown field "spec.foo", unknown field "spec.bar.baz""#)
        let unknown = try #require(DroppedFields(refusedBy: strict))
        #expect(unknown.paths == ["spec.foo", "spec.bar.baz"])
        #expect(unknown.error(for: Self.object([:]).ref).message.hasPrefix("the API server refused spec.foo, spec.bar.baz: its TanzuKubernetesCluster schema"))
        #expect(DroppedFields(refusedBy: KubeError(.invalid, "spec.replicas: Invalid value: \"string\": must be of type integer")) == nil)
    }
}
