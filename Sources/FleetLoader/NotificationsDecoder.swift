import FleetModel
internal import Yams

/// `spec.notifications` -> Notifications: each receiver's type decides which fields it needs, and a secret is only
/// ever named (a file or an environment variable), never written in the fleet.
struct NotificationsDecoder {
    let file: String
    let sink: DiagnosticSink

    static let receiverFields = ["name", "type", "endpoint", "project", "mergeRequestNote", "credential", "events"]

    func decode(_ reader: MappingReader) -> Notifications {
        var notifications = Notifications()
        notifications.dashboard = url(reader, "dashboard", example: "https://peng.example.com")
        var seen: Set<String> = []
        for receiver in reader.mappings("receivers", allowed: Self.receiverFields, required: true,
                                         hint: "list where notices go, e.g. a GitLab project's commit statuses") {
            guard let decoded = decodeReceiver(receiver) else { continue }
            if !seen.insert(decoded.name).inserted {
                sink.error(at: receiver.locations["name"], "two notification receivers are named '\(decoded.name)'",
                           hint: "give each receiver its own name: it labels the metric and the history")
            }
            notifications.receivers.append(decoded)
        }
        return notifications
    }

    private func decodeReceiver(_ reader: MappingReader) -> NotificationReceiver? {
        let name = reader.string("name", required: true, hint: "a short name, e.g. gitlab-statuses") ?? ""
        if !name.isEmpty, !DNSLabel.isValid(name) {
            sink.error(at: reader.locations["name"], "'\(reader.path).name' is '\(name)', which is not a lowercase name of letters, digits and '-'",
                       hint: "e.g. gitlab-statuses")
        }
        guard let type: ReceiverType = reader.choice("type", required: true, hint: "one of: " + ReceiverType.allCases.map(\.rawValue).joined(separator: ", "))
        else { return nil }
        var endpoint: EndpointURL?
        if type.hasEndpoint {
            endpoint = url(reader, "endpoint", required: true, example: type == .github ? "https://api.github.com"
                : type == .gitlab ? "https://gitlab.example.com" : "https://hooks.example.com/peng")
        } else if reader.has("endpoint") {
            _ = reader.node("endpoint")
            sink.error(at: reader.locations["endpoint"], "'\(reader.path).endpoint' is not written for a \(type.rawValue) receiver: its webhook URL is a secret",
                       hint: "remove it and name where the URL is read instead, e.g. credential: {fromEnv: PENG_\(type.rawValue.uppercased())_URL}")
        }
        var project: String?
        if type.hasProject {
            project = reader.string("project", required: true,
                                    hint: type == .github ? "the repository as owner/name, e.g. platform/fleet" : "the project's id or path, e.g. platform/fleet")
            if type == .github, let text = project, text.split(separator: "/", omittingEmptySubsequences: false).count != 2 || text.contains(" ") || text.hasPrefix("/") || text.hasSuffix("/") {
                sink.error(at: reader.locations["project"], "'\(reader.path).project' is '\(text)', not owner/repository",
                           hint: "e.g. project: platform/fleet")
            }
        } else if reader.has("project") {
            _ = reader.node("project")
            sink.error(at: reader.locations["project"], "'\(reader.path).project' applies only to gitlab and github receivers",
                       hint: "remove it")
        }
        let note = reader.bool("mergeRequestNote") ?? false
        if note, type != .gitlab {
            sink.error(at: reader.locations["mergeRequestNote"], "'\(reader.path).mergeRequestNote' applies only to a gitlab receiver",
                       hint: "remove it")
        }
        let credential = decodeCredential(reader, type: type)
        let events: [NotificationEvent] = reader.items("events").enumerated().compactMap { index, item in
            guard case .scalar = item, let text = item.string else {
                sink.error(at: item.location(in: file), "'\(reader.path).events[\(index)]' must be an event name, found \(item.shapeName)",
                           hint: "one of: " + NotificationEvent.allCases.map(\.rawValue).joined(separator: ", "))
                return nil
            }
            guard let event = NotificationEvent(rawValue: text) else {
                let allowed = NotificationEvent.allCases.map(\.rawValue)
                sink.error(at: item.location(in: file), "'\(reader.path).events[\(index)]' is '\(text)', which is not one of: \(allowed.joined(separator: ", "))",
                           hint: Suggestion.hint(for: text, in: allowed))
                return nil
            }
            return event
        }
        return NotificationReceiver(name: name, type: type, endpoint: endpoint, project: project, mergeRequestNote: note,
                                    credential: credential, events: events.isEmpty && !reader.has("events") ? Set(NotificationEvent.allCases) : Set(events),
                                    locations: reader.locations)
    }

    /// `credential: {fromFile: PATH}` or `{fromEnv: NAME}`; a scalar there is a secret written in Git and refused.
    private func decodeCredential(_ reader: MappingReader, type: ReceiverType) -> CredentialSource? {
        let what = type == .webhook ? "signing secret" : type.hasEndpoint ? "token" : "webhook URL"
        let field = "\(reader.path).credential"
        guard let node = reader.node("credential", required: type.needsCredential,
                                     hint: "name where the \(what) is read: credential: {fromEnv: NAME} or {fromFile: /path}")
        else { return nil }
        guard case .mapping = node else {
            sink.error(at: node.location(in: file), "'\(field)' is written in the fleet: a \(what) is never kept in Git",
                       hint: "remove it from the file (and rotate it), then name where peng reads it: credential: {fromEnv: NAME} or {fromFile: /path}")
            return nil
        }
        guard let source = MappingReader(node, file: file, path: field, allowed: ["fromFile", "fromEnv"], sink: sink) else { return nil }
        let path = source.string("fromFile"), variable = source.string("fromEnv")
        switch (path, variable) {
        case (let path?, nil):
            guard path.hasPrefix("/") else {
                sink.error(at: position(source, "fromFile"), "'\(field).fromFile' is '\(path)', not an absolute path",
                           hint: "name the file as serve's container sees it, e.g. /var/run/secrets/peng/gitlab-token")
                return nil
            }
            return .file(path)
        case (nil, let variable?):
            guard !variable.isEmpty, variable.allSatisfy({ $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }), !(variable.first?.isNumber ?? true) else {
                sink.error(at: position(source, "fromEnv"), "'\(field).fromEnv' is '\(variable)', not an environment variable's name",
                           hint: "letters, digits and '_', e.g. PENG_GITLAB_TOKEN")
                return nil
            }
            return .environment(variable)
        default:
            sink.error(at: source.location, "'\(field)' must name exactly one of fromFile and fromEnv",
                       hint: "e.g. credential: {fromEnv: PENG_GITLAB_TOKEN}")
            return nil
        }
    }

    /// Where a field's value was written (the mapping's start when it is missing).
    private func position(_ reader: MappingReader, _ key: String) -> SourceLocation {
        reader.node(key)?.location(in: file) ?? reader.location
    }

    private func url(_ reader: MappingReader, _ key: String, required: Bool = false, example: String) -> EndpointURL? {
        guard let text = reader.string(key, required: required, hint: "the full URL, e.g. \(example)") else { return nil }
        guard let url = EndpointURL(text) else {
            sink.error(at: position(reader, key), "'\(reader.path).\(key)' must be an http(s) URL, found '\(text)'", hint: "e.g. \(example)")
            return nil
        }
        return url
    }
}
