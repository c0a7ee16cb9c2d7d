import FleetModel
import Foundation
import Testing
import Yams

/// The YAML peng prints must read back as exactly the values it rendered, whatever the strings hold.
@Suite("YAML and JSON encoding")
struct YAMLEncodingTests {
    static let trickyStrings: [String] = [
        "", " ", "plain", "yes", "no", "on", "off", "true", "False", "null", "~", "y", "N",
        "1", "0.5", "1e3", "0x1F", "0o17", "+1", "-1", ".5", "1_000", "12:30", "1.2.3", "v1.27", "500m", "64Gi", "007",
        "a: b", "a #b", "#comment", "- item", "? key", "[list]", "{map}", "&anchor", "*alias", "!tag", "|block", ">fold",
        "'single'", "\"double\"", "back\\slash", "tab\there", "trailing ", " leading", "colon:", "percent%", "@at", "`tick`",
        "one\ntwo", "one\ntwo\n", "one\n\ntwo\n", "trailing newlines\n\n", "\n", "  indented\nfirst", "crlf\r\nline",
        "unicode ü ß 日本", "emoji 🚀", "control \u{07} bell", ">=1.25 <1.29", "https://example.internal/a?b=c#d",
        "key: value\nnested:\n  - x\n",
    ]

    static func decode(_ node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            var fields: [String: JSONValue] = [:]
            for (key, value) in mapping { fields[key.string!] = decode(value) }
            return .object(fields)
        case .sequence(let sequence):
            return .array(sequence.map(decode))
        case .scalar:
            if node.tag == Tag(.null) { return .null }
            if node.tag == Tag(.bool) { return .bool(node.bool!) }
            if node.tag == Tag(.int) { return .int(node.int!) }
            if node.tag == Tag(.float) { return .double(node.float!) }
            return .string(node.string!)
        case .alias:
            return .null
        }
    }

    static func roundTrip(_ value: JSONValue) throws -> JSONValue {
        let text = value.yamlString()
        let node = try #require(try Yams.compose(yaml: text), "no YAML document in:\n\(text)")
        return decode(node)
    }

    @Test("every tricky string survives as a mapping value, a list item and a key", arguments: trickyStrings)
    func strings(_ text: String) throws {
        let value: JSONValue = ["value": .string(text), "list": [.string(text), "after"], "nested": .object([text: "x"])]
        #expect(try Self.roundTrip(value) == value, "YAML was:\n\(value.yamlString())")
    }

    @Test("numbers, booleans, null, empty collections and nesting survive")
    func structure() throws {
        let value: JSONValue = [
            "int": 3, "negative": -7, "bool": true, "null": .null, "emptyList": [], "emptyMap": [:],
            "listOfLists": [[1, 2], [], ["a"]], "listOfMaps": [["a": 1, "b": ["c": "d"]], ["e": []]],
            "deep": ["a": ["b": ["c": ["d": "e"]]]],
        ]
        #expect(try Self.roundTrip(value) == value)
    }

    @Test("keys are written sorted, so equal values give identical bytes")
    func sortedKeys() {
        let a: JSONValue = ["b": 1, "a": 2, "c": ["z": 1, "w": 2]]
        #expect(a.yamlString() == "a: 2\nb: 1\nc:\n  w: 2\n  z: 1\n")
        #expect(a.jsonString() == #"{"a":2,"b":1,"c":{"w":2,"z":1}}"#)
    }

    @Test("JSON output parses back to the same values")
    func jsonRoundTrip() throws {
        let value: JSONValue = ["s": .string(Self.trickyStrings.joined(separator: "|")), "n": 42, "l": [true, false, .null]]
        let parsed = try JSONSerialization.jsonObject(with: Data(value.jsonString(pretty: true).utf8)) as? [String: Any]
        #expect(parsed?["s"] as? String == Self.trickyStrings.joined(separator: "|"))
        #expect(parsed?["n"] as? Int == 42)
    }

    @Test("a deep merge keeps nested keys from both sides, the second winning")
    func merge() {
        let platform: JSONValue = ["envoy": ["service": ["type": "LoadBalancer"], "replicas": 2]]
        let wired: JSONValue = ["envoy": ["replicas": 3], "namespace": "x"]
        #expect(platform.merging(wired) == ["envoy": ["service": ["type": "LoadBalancer"], "replicas": 3], "namespace": "x"])
    }

    @Test("apply order puts definitions and namespaces before what uses them")
    func applyOrder() {
        let objects = [
            KubeObject(apiVersion: "packaging.carvel.dev/v1alpha1", kind: "PackageRepository", name: "r", namespace: "p"),
            KubeObject(apiVersion: "packaging.carvel.dev/v1alpha1", kind: "PackageInstall", name: "a", namespace: "p"),
            KubeObject(apiVersion: "apps/v1", kind: "Deployment", name: "d", namespace: "n"),
            KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "c", namespace: "n"),
            KubeObject(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", name: "r"),
            KubeObject(apiVersion: "v1", kind: "Namespace", name: "n"),
            KubeObject(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "x.example.com"),
        ]
        #expect(objects.sortedForApply().map(\.kind) == [
            "CustomResourceDefinition", "Namespace", "ClusterRole", "ConfigMap", "Deployment", "PackageRepository", "PackageInstall",
        ])
    }
}
