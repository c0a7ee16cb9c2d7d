import FleetModel
import KubeClient

/// API server answers: any bytes as a response body. Properties: no crash or hang; JSON that parses prints as JSON that
/// parses to the same value; an error answer of any body becomes a KubeError with a message; objects read from it
/// answer their accessors.
enum APIAnswerFuzz {
    static func run(_ bytes: [UInt8]) {
        for status in [404, 409, 422, 500] {
            if KubeError.from(status: status, body: bytes, object: nil).message.isEmpty { FuzzTarget.fail("a KubeError without a message") }
        }
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch { return }
        let printed = value.jsonString()
        guard let again = try? JSONValue(parsing: printed) else { FuzzTarget.fail("printed JSON does not parse: \(printed.prefix(200))") }
        if again != value { FuzzTarget.fail("printed JSON parses to another value: \(printed.prefix(200))") }
        let object = KubeObject(value)
        _ = (object.ref, object.name, object.namespace, object[path: "status", "conditions"])
        for item in value["items"]?.arrayValue?.prefix(16) ?? [] { _ = KubeObject(item).ref }
        _ = OfferedPackage(object)
    }
}
