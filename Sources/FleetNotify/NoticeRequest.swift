import Crypto
import FleetModel
import Foundation

/// One HTTP request a notice becomes for a receiver, as its platform documents it. Pure: no I/O, no secret kept.
public struct NoticeRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// GitLab's merge-request note: the request finds the merge request first (see Deliverer).
    public var isMergeRequestNote = false

    /// The requests `notice` becomes for `receiver`, with `secret` (token, signing secret or webhook URL). Empty when the
    /// receiver does not take this kind of notice (a commit status only says how a stage or a commit went).
    public static func requests(for notice: Notice, to receiver: NotificationReceiver, secret: String?) -> [NoticeRequest] {
        let secret = secret?.trimmingCharacters(in: .whitespacesAndNewlines)
        switch receiver.type {
        case .gitlab: return gitlab(notice, receiver, token: secret)
        case .github: return github(notice, receiver, token: secret)
        case .webhook: return [webhook(notice, receiver, secret: secret)]
        case .slack: return [slack(notice, url: secret ?? "")]
        case .teams: return [teams(notice, url: secret ?? "")]
        }
    }

    /// The status a commit gets: per stage (`peng/<stage>`), or for the whole commit (`peng`) when it is invalid.
    static func status(of notice: Notice) -> (context: String, state: Notice.Result, interrupted: Bool)? {
        switch notice.event {
        case .applied, .gateStopped, .interrupted:
            guard let stage = notice.stage else { return nil }
            return ("peng/\(stage)", notice.result, notice.event == .interrupted)
        case .invalid:
            return ("peng", .failed, false)
        default:
            return nil
        }
    }

    /// `POST /api/v4/projects/:id/statuses/:sha` (state pending, success, failed or canceled).
    static func gitlab(_ notice: Notice, _ receiver: NotificationReceiver, token: String?) -> [NoticeRequest] {
        guard let (context, state, interrupted) = status(of: notice), let base = receiver.endpoint else { return [] }
        let project = receiver.project.map(pathSegment) ?? ""
        let api = base.description.trimmingSuffix("/") + "/api/v4/projects/\(project)"
        var body: [String: String] = ["state": interrupted ? "canceled" : state == .pending ? "pending" : state == .success ? "success" : "failed",
                                      "name": context, "description": String(notice.summary.prefix(255))]
        body["target_url"] = notice.link
        let headers = [("PRIVATE-TOKEN", token ?? ""), ("Content-Type", "application/json")]
        var requests = [NoticeRequest(method: "POST", url: api + "/statuses/\(notice.revision)", headers: headers, body: json(body))]
        if receiver.mergeRequestNote, state != .pending {
            var note = NoticeRequest(method: "POST", url: api + "/repository/commits/\(notice.revision)/merge_requests", headers: headers,
                                     body: json(["body": notice.summary + (notice.link.map { "\n\n[Open in peng](\($0))" } ?? "")]))
            note.isMergeRequestNote = true
            requests.append(note)
        }
        return requests
    }

    /// `POST /repos/:owner/:repo/statuses/:sha` (state error, failure, pending or success; description at most 140).
    static func github(_ notice: Notice, _ receiver: NotificationReceiver, token: String?) -> [NoticeRequest] {
        guard let (context, state, interrupted) = status(of: notice), let base = receiver.endpoint, let repository = receiver.project else { return [] }
        var body: [String: String] = ["state": interrupted ? "error" : state == .pending ? "pending" : state == .success ? "success" : "failure",
                                      "context": context, "description": String(notice.summary.prefix(140))]
        body["target_url"] = notice.link
        return [NoticeRequest(method: "POST", url: base.description.trimmingSuffix("/") + "/repos/\(repository)/statuses/\(notice.revision)",
                              headers: [("Authorization", "Bearer \(token ?? "")"), ("Accept", "application/vnd.github+json"),
                                        ("X-GitHub-Api-Version", "2022-11-28"), ("User-Agent", "peng"), ("Content-Type", "application/json")],
                              body: json(body))]
    }

    /// The notice as JSON; with a secret, `X-Peng-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
    static func webhook(_ notice: Notice, _ receiver: NotificationReceiver, secret: String?) -> NoticeRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Array((try? encoder.encode(notice)) ?? Data())  // a Notice of strings and numbers always encodes
        var headers = [("Content-Type", "application/json"), ("X-Peng-Event", notice.event.rawValue)]
        if let secret, !secret.isEmpty { headers.append(("X-Peng-Signature-256", "sha256=" + signature(body, secret: secret))) }
        return NoticeRequest(method: "POST", url: receiver.endpoint?.description ?? "", headers: headers, body: body)
    }

    /// A Slack incoming webhook: `{"text": …}` with the link in Slack's `<url|text>` form.
    static func slack(_ notice: Notice, url: String) -> NoticeRequest {
        let text = escapeSlack(notice.summary) + (notice.link.map { " <\($0)|Open in peng>" } ?? "")
        return NoticeRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: json(["text": text]))
    }

    /// A Teams incoming webhook (Workflows): a message with one Adaptive Card.
    static func teams(_ notice: Notice, url: String) -> NoticeRequest {
        var content: [String: Any] = [
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
            "body": [["type": "TextBlock", "text": notice.summary, "wrap": true]],
        ]
        if let link = notice.link { content["actions"] = [["type": "Action.OpenUrl", "title": "Open in peng", "url": link]] }
        let message: [String: Any] = ["type": "message", "attachments": [["contentType": "application/vnd.microsoft.card.adaptive", "content": content]]]
        // Strings, numbers, booleans, arrays and dictionaries of them: always valid JSON.
        let body = (try? JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])) ?? Data()
        return NoticeRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: Array(body))
    }

    public static func signature(_ body: [UInt8], secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    static func json(_ object: [String: String]) -> [UInt8] {
        // A dictionary of strings always encodes.
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func escapeSlack(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
