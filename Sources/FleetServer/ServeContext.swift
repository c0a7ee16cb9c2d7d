import FleetModel
import FleetService
import Foundation
import Hummingbird

/// A request's context: who is asking and what they may see, set by `AuthMiddleware`.
public struct ServeContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var access: Access?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The checked access; the middleware guarantees it on every path that is not public.
    func requireAccess() throws -> Access {
        guard let access else { throw HTTPError(.unauthorized, message: "a bearer token is needed") }
        return access
    }
}

/// Small response builders shared by the API and the pages.
enum Reply {
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ page: Markup, status: HTTPResponse.Status = .ok) -> Response {
        text(page.html, status: status, type: "text/html; charset=utf-8")
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A JSON error body `{"error": ..., "status": ...}`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        // A dictionary of strings always encodes; the text reply is only there to satisfy the type.
        (try? json(["error": message, "status": String(status.code)], status: status)) ?? text(message, status: status)
    }
}

/// `application/x-www-form-urlencoded` into ordered pairs (a key may repeat).
enum FormBody {
    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func read(_ request: Request, limit: Int = 1 << 20) async throws -> [(String, String)] {
        var request = request
        return pairs(String(buffer: try await request.collectBody(upTo: limit)))
    }
}
