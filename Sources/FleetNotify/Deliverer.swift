import FleetModel
import Foundation
import HTTPRetry

/// Sends one notice's requests to one receiver, retrying what a receiver's documentation says may be retried.
struct Deliverer: Sendable {
    let receiver: NotificationReceiver
    let settings: Notifier.Settings
    let environment: [String: String]

    /// How it went, and why not, without the secret (it is never part of a message: only the source is named).
    func deliver(_ notice: Notice) async -> (Notifier.Result, String?) {
        var secret: String?
        if let source = receiver.credential {
            switch read(source) {
            case .success(let value): secret = value
            case .failure(let problem): return (.failed, problem.description)
            }
        }
        let requests = NoticeRequest.requests(for: notice, to: receiver, secret: secret)
        guard !requests.isEmpty else { return (.sent, nil) }
        let clock = ContinuousClock(), deadline = clock.now + settings.giveUpAfter
        for request in requests {
            var request = request
            if request.isMergeRequestNote {
                switch await mergeRequestNoteURL(request, until: deadline, secret: secret) {
                case .success(let url?): request.url = url; request.method = "POST"
                case .success(nil): continue  // the commit came by no merge request: nothing to note
                case .failure(let problem): return (.failed, problem.description)
                }
            }
            if case .failure(let problem) = await send(request, until: deadline, secret: secret) { return (.failed, problem.description) }
        }
        return (.sent, nil)
    }

    /// GitLab: the merge requests of the commit; the note goes to the first.
    private func mergeRequestNoteURL(_ note: NoticeRequest, until deadline: ContinuousClock.Instant, secret: String?) async -> Swift.Result<String?, Problem> {
        var lookup = note
        lookup.method = "GET"
        lookup.body = []
        switch await send(lookup, until: deadline, secret: secret) {
        case .failure(let problem): return .failure(problem)
        case .success(let body):
            guard let list = try? JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else {
                return .failure(Problem("GitLab's list of the commit's merge requests was not a JSON list"))
            }
            guard let iid = list.first?["iid"] as? Int else { return .success(nil) }
            let projects = note.url.components(separatedBy: "/repository/commits/")[0]
            return .success("\(projects)/merge_requests/\(iid)/notes")
        }
    }

    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// One request until it is answered 2xx, refused (4xx but 429), or the deadline passes; the answer's body.
    private func send(_ request: NoticeRequest, until deadline: ContinuousClock.Instant, secret: String?) async -> Swift.Result<[UInt8], Problem> {
        var policy = RetryingHTTP.Policy()
        policy.attemptTimeout = settings.attemptTimeout
        policy.firstBackoff = settings.firstBackoff
        policy.longestBackoff = settings.longestBackoff
        let credential = receiver.credential
        let http = RetryingHTTP(service: receiver.name, policy: policy, secret: secret) { status in
            switch status {
            case 401: ": the \(credential.map { "token in \($0)" } ?? "credential") is not accepted; renew it"
            case 403: ": the token lacks the right to post commit statuses (GitLab: Developer and the api scope; GitHub: repo:status)"
            case 404: ": check the receiver's endpoint and project"
            default: ""
            }
        }
        let answer = await http.send(RetryingHTTP.Request(method: request.method, url: request.url, headers: request.headers, body: request.body), until: deadline)
        return answer.mapError { Problem($0.description) }
    }

    private func read(_ source: CredentialSource) -> Swift.Result<String, Problem> {
        switch source {
        case .environment(let name):
            guard let value = environment[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .failure(Problem("\(receiver.name)'s credential is not set: environment variable \(name) is missing or empty"))
            }
            return .success(value.trimmingCharacters(in: .whitespacesAndNewlines))
        case .file(let path):
            do {
                return .success(try InputFile.text(path, what: "\(receiver.name)'s credential", limit: 64 * 1024, allowEmpty: false).trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                return .failure(Problem(String(describing: error)))
            }
        }
    }
}
