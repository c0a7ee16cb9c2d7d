import FleetModel
import Foundation
import NIOHTTP1

extension KubeClient {
    public static let fieldManager = "peng"

    /// The URL path of one object, or of its collection when `name` is nil.
    public func path(apiVersion: String, kind: String, namespace: String?, name: String?) async throws -> String {
        let resource = try await resource(apiVersion: apiVersion, kind: kind)
        var path = apiVersion.contains("/") ? "/apis/\(apiVersion)" : "/api/\(apiVersion)"
        if resource.namespaced, let namespace { path += "/namespaces/\(namespace)" }
        path += "/\(resource.name)"
        if let name { path += "/\(name)" }
        return path
    }

    public func path(of ref: ObjectRef) async throws -> String {
        try await path(apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace, name: ref.name)
    }

    /// The live object, or nil when it does not exist.
    public func get(_ ref: ObjectRef) async throws -> KubeObject? {
        let response = try await send(.GET, try await path(of: ref), accepting: [404], object: ref)
        if response.status == 404 { return nil }
        return KubeObject(try JSONValue(parsing: response.body))
    }

    /// Every object of a kind (in one namespace, or all), filtered by a label selector; pages of 500.
    public func list(apiVersion: String, kind: String, namespace: String? = nil, labelSelector: String? = nil) async throws -> [KubeObject] {
        let base = try await path(apiVersion: apiVersion, kind: kind, namespace: namespace, name: nil)
        var objects: [KubeObject] = []
        var continueToken: String?
        repeat {
            var query = ["limit=500"]
            if let labelSelector { query.append("labelSelector=\(Self.queryEscape(labelSelector))") }
            if let token = continueToken { query.append("continue=\(Self.queryEscape(token))") }
            let response = try await send(.GET, base + "?" + query.joined(separator: "&"))
            let page = try JSONValue(parsing: response.body)
            for item in page["items"]?.arrayValue ?? [] {
                var object = KubeObject(item)
                object["apiVersion"] = .string(apiVersion)
                object["kind"] = .string(kind)
                objects.append(object)
            }
            continueToken = page[path: "metadata", "continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while continueToken != nil
        return objects
    }

    /// Server-side apply. `force` takes over fields other managers own; `dryRun` changes nothing. Every write asks
    /// for `fieldValidation=Strict`: a 1.25+ server refuses a field its schema lacks, naming its path (older servers
    /// ignore the parameter and drop the field, which the engine catches by comparing the answer).
    public func apply(_ object: KubeObject, force: Bool = false, dryRun: Bool = false,
                      fieldManager: String = KubeClient.fieldManager) async throws -> KubeObject
    {
        var query = "?fieldManager=\(Self.queryEscape(fieldManager))&fieldValidation=Strict"
        if force { query += "&force=true" }
        if dryRun { query += "&dryRun=All" }
        let body = Array(object.body.jsonString().utf8)
        let response = try await send(.PATCH, try await path(of: object.ref) + query, body: body,
                                      contentType: "application/apply-patch+yaml", object: object.ref)
        return KubeObject(try JSONValue(parsing: response.body))
    }

    /// Deletes an object; false when it was already gone.
    @discardableResult
    public func delete(_ ref: ObjectRef, propagation: String = "Background") async throws -> Bool {
        let body = Array(JSONValue.object(["kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": .string(propagation)])
            .jsonString().utf8)
        let response = try await send(.DELETE, try await path(of: ref), body: body, accepting: [404], object: ref)
        return response.status != 404
    }

    /// Replaces an object's status (the status subresource): for tests and the simulator.
    public func patchStatus(_ ref: ObjectRef, status: JSONValue) async throws -> KubeObject {
        let body = Array(JSONValue.object(["status": status]).jsonString().utf8)
        let response = try await send(.PATCH, try await path(of: ref) + "/status", body: body,
                                      contentType: "application/merge-patch+json", object: ref)
        return KubeObject(try JSONValue(parsing: response.body))
    }

    /// A plain update with another field manager: how tests play "someone else changed it".
    public func update(_ object: KubeObject, fieldManager: String) async throws -> KubeObject {
        let body = Array(object.body.jsonString().utf8)
        let response = try await send(.PUT, try await path(of: object.ref) + "?fieldManager=\(Self.queryEscape(fieldManager))&fieldValidation=Strict",
                                      body: body, object: object.ref)
        return KubeObject(try JSONValue(parsing: response.body))
    }

    /// Creates an object (POST), for tests and the simulator.
    public func create(_ object: KubeObject, fieldManager: String) async throws -> KubeObject {
        let path = try await path(apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: nil)
        let response = try await send(.POST, path + "?fieldManager=\(Self.queryEscape(fieldManager))&fieldValidation=Strict",
                                      body: Array(object.body.jsonString().utf8), object: object.ref)
        return KubeObject(try JSONValue(parsing: response.body))
    }

    /// POSTs a JSON body to a path and returns the answer: for subresources discovery does not name, such as a
    /// ServiceAccount's `token` (TokenRequest).
    public func post(_ path: String, body: JSONValue) async throws -> JSONValue {
        try JSONValue(parsing: try await send(.POST, path, body: Array(body.jsonString().utf8)).body)
    }

    /// A non-resource path as text, e.g. `/metrics` (Prometheus text format).
    public func text(_ path: String) async throws -> String {
        String(decoding: try await send(.GET, path).body, as: UTF8.self)
    }

    /// `GET /version`: whether the server answers at all, and which version it runs.
    public func serverVersion() async throws -> String {
        let response = try await send(.GET, "/version")
        return (try JSONValue(parsing: response.body))["gitVersion"]?.stringValue ?? "unknown"
    }

    static func queryEscape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
