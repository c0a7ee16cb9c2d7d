import FleetModel

/// An error from talking to a Kubernetes API server: what happened, to which object, and how to fix it.
public struct KubeError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case notFound, alreadyExists, conflict, invalid, forbidden, unauthorized, tooManyRequests
        case serverError, badRequest, methodNotAllowed, gone, unsupportedMediaType
        /// No route to a server, refused or reset connections, timeouts.
        case unreachable
        /// The server's certificate could not be verified, or the client certificate was refused.
        case tls
        /// A kubeconfig that cannot be used as it is.
        case configuration
        /// The API server does not serve this kind (a missing CRD, an old server).
        case kindNotServed
        /// Anything else the server answered.
        case unexpected
    }

    public var code: Code
    public var message: String
    /// The HTTP status, where the server answered.
    public var status: Int?
    /// The `reason` of the server's Status object (e.g. `Conflict`).
    public var reason: String?
    /// The object the request was about.
    public var object: ObjectRef?
    /// For field conflicts: the other field managers, from the Status causes.
    public var conflictingManagers: [String] = []
    public var hint: String?

    public init(_ code: Code, _ message: String, status: Int? = nil, reason: String? = nil, object: ObjectRef? = nil,
                hint: String? = nil)
    {
        self.code = code
        self.message = message
        self.status = status
        self.reason = reason
        self.object = object
        self.hint = hint
    }

    public var description: String {
        var text = object.map { "\($0): \(message)" } ?? message
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }

    /// Worth another try: overload, server errors, lost connections.
    public var isRetryable: Bool {
        switch code {
        case .tooManyRequests, .serverError, .unreachable: return true
        default: return false
        }
    }

    /// The error an API server's answer describes (a Status object, or any body), for the status code it came with.
    public static func from(status: Int, body: [UInt8], object: ObjectRef?) -> KubeError {
        let parsed = try? JSONValue(parsing: body)
        let message = parsed?["message"]?.stringValue ?? String(decoding: body.prefix(300), as: UTF8.self)
        let reason = parsed?["reason"]?.stringValue
        var error = KubeError(code(for: status), message.isEmpty ? "HTTP \(status)" : message,
                              status: status, reason: reason, object: object)
        if status == 409, reason == "Conflict" || message.contains("conflict") {
            let causes = parsed?[path: "details", "causes"]?.arrayValue ?? []
            error.conflictingManagers = Array(Set(causes.compactMap { cause -> String? in
                guard let text = cause["message"]?.stringValue else { return nil }
                return managerName(in: text)
            })).sorted()
            if error.conflictingManagers.isEmpty, let name = managerName(in: message) { error.conflictingManagers = [name] }
            if !error.conflictingManagers.isEmpty {
                error.hint = "another field manager (\(error.conflictingManagers.joined(separator: ", "))) owns these fields; "
                    + "change them through that manager, or take them over with --force-conflicts"
            }
        }
        if message.contains("strict decoding error") || message.contains("field not declared in schema") {
            // fieldValidation=Strict on a 1.25+ server, or a server-side apply to an existing object on 1.20: the
            // schema lacks a field that was sent.
            error.hint = "the server's schema for this kind has no such field: check the API version and the field's name"
        }
        if status == 401 {
            error.hint = "the credentials in the kubeconfig were refused; log in again or check the token"
        } else if status == 403 {
            error.hint = "the kubeconfig user lacks the permission for this; ask for RBAC that allows it"
        }
        return error
    }

    /// `conflict with "kubectl-client-side-apply" using v1: .data.key` -> `kubectl-client-side-apply`.
    private static func managerName(in text: String) -> String? {
        guard let start = text.firstRange(of: "conflict with \"") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private static func code(for status: Int) -> Code {
        switch status {
        case 400: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 410: .gone
        case 415: .unsupportedMediaType
        case 422: .invalid
        case 429: .tooManyRequests
        case 500...599: .serverError
        default: .unexpected
        }
    }
}
