import Foundation
import Testing
import TestHarness

/// Every command, every argument that names a file, folder, URL, context, name, duration, version, number or choice,
/// given the wrong thing, as a new user would: one clear error naming the argument (and the remedy where there is one),
/// exit 1 (64 for a usage error), no stack trace, no output file, nothing written to the fleet. One table, below; a
/// new argument without a row fails `everyArgumentHasARow`.
@Suite("bad input: every command, every argument")
struct BadInputMatrixTests {
    @Test("the wrong thing given: one clear error, the right exit status, nothing written", arguments: BadInput.rows)
    func refused(_ row: BadInput) async throws {
        let inputs = try BadInputFiles.shared.get()
        let out = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let fleetBefore = try inputs.fleetSnapshot()
        var arguments = row.arguments.map { inputs.resolve($0, out: out) }
        let environment = ["KUBECONFIG": inputs.path("kubeconfig"), "HOME": inputs.root.path]
        if row.asUnprivileged, getuid() == 0 {
            // root reads every file whatever its permissions: the unreadable cases run as nobody.
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", try PengBinary.url.path] + arguments
        }
        let run = try await BadInput.run(arguments, unprivileged: row.asUnprivileged && getuid() == 0, environment: environment)
        let said = run.stderr + run.stdout
        #expect(run.status == row.status, "exit status \(run.status), expected \(row.status): \(said)")
        #expect(said.contains(inputs.resolve(row.message, out: out)), "expected '\(row.message)' in: \(said)")
        for trace in ["Fatal error", "Stack dump", "Error Domain=", "NSCocoaErrorDomain", "Swift runtime failure"] {
            #expect(!said.contains(trace), "no stack trace or Foundation error code: \(said)")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(written.isEmpty, "no output file: \(written)")
        #expect(try inputs.fleetSnapshot() == fleetBefore, "the fleet is unchanged")
    }

    /// Every argument of every command (from the command line's own description) has a row, or is a flag that names
    /// nothing (its presence is its value).
    @Test("every argument of every command has a row in the table")
    func everyArgumentHasARow() async throws {
        let dump = try await PengBinary.run(["--experimental-dump-help"])
        #expect(dump.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var arguments: Set<String> = []
        func walk(_ command: [String: Any], _ path: [String]) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                let kind = argument["kind"] as? String
                let name = kind == "positional" ? "<\(argument["valueName"] as? String ?? "")>" : "--" + (names.first { $0.count > 1 } ?? names.first ?? "")
                arguments.insert((path + [name]).joined(separator: " "))
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                walk(sub, path + [sub["commandName"] as? String ?? ""])
            }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        let covered = Set(BadInput.rows.map(\.covers)).union(BadInput.namesNothing)
        let missing = arguments.subtracting(covered).sorted()
        #expect(missing.isEmpty, "arguments without a row in BadInput.rows (or BadInput.namesNothing): \(missing)")
        let unknown = covered.subtracting(arguments).sorted()
        #expect(unknown.isEmpty, "rows for arguments no command has: \(unknown)")
        #expect(BadInput.rows.count >= 150, "the table covers every argument with its cases: \(BadInput.rows.count) rows")
    }
}

/// One row: a command, the argument under test, the case, the whole command line, and what must come out.
struct BadInput: Sendable, CustomTestStringConvertible {
    var command: String
    var argument: String
    var name: String
    var arguments: [String]
    var status: Int32
    var message: String
    var asUnprivileged = false

    var covers: String { "\(command) \(argument)" }
    var testDescription: String { "\(command) \(argument): \(name)" }

    /// Flags whose presence is their value, and the help machinery: nothing to misname.
    static let namesNothing: Set<String> = {
        var names: Set<String> = ["--help", "--version", "help --help", "help --version", "help <subcommands>"]
        for command in ["validate", "render", "plan", "apply", "status", "upgrade", "upgrade plan", "upgrade write", "products", "order",
                        "serve", "insights", "insights jira", "insights board", "insights delivery"] {
            names.insert("\(command) --help")
            names.insert("\(command) --version")
        }
        for flag in ["plan --detailed-exitcode", "upgrade plan --detailed-exitcode", "upgrade plan --offline", "upgrade write --write"] {
            names.insert(flag)
        }
        for command in ["plan", "apply", "upgrade write"] { names.insert("\(command) --force") }
        for command in ["plan", "apply"] {
            for flag in ["--force-conflicts", "--allow-mass-prune", "--allow-cluster-deletion"] { names.insert("\(command) \(flag)") }
        }
        return names
    }()

    // MARK: The table

    /// Placeholders: `@name` is a file or folder of BadInputFiles (`@fleet` a valid fleet, `@kubeconfig` a kubeconfig
    /// whose API servers do not answer), `@out/…` a path in the row's own output folder (which must stay empty).
    static let rows: [BadInput] = {
        var rows: [BadInput] = []
        let fleetCommands = ["validate", "render", "plan", "apply", "status", "upgrade plan", "upgrade write", "products", "insights delivery"]
        let clusterCommands = ["plan", "apply", "status", "upgrade plan", "upgrade write", "insights delivery"]
        func add(_ command: String, _ argument: String, _ name: String, _ arguments: [String], _ status: Int32, _ message: String,
                 unprivileged: Bool = false)
        {
            rows.append(BadInput(command: command, argument: argument, name: name, arguments: command.split(separator: " ").map(String.init) + arguments,
                                 status: status, message: message, asUnprivileged: unprivileged))
        }

        // The fleet folder.
        for command in fleetCommands + ["order"] {
            let tail = command == "order" ? ["redis", "--team", "search", "--stage", "integration", "--namespace", "search"] : []
            for (name, fleet, message) in [
                ("missing", "@missing", "fleet folder '@missing' does not exist"),
                ("a symbolic link loop", "@loop", "fleet folder '@loop' is a symbolic link loop"),
                ("an empty folder", "@empty-folder", "no fleet files found"),
                ("an empty file", "@empty", "the fleet has no Platform document"),
                ("not UTF-8", "@not-utf8.yaml", "not a UTF-8 text file, so not YAML"),
                ("binary", "@binary.yaml", "not a UTF-8 text file, so not YAML"),
                ("JSON, not a fleet", "@object.json", "missing required field 'apiVersion'"),
                ("a kubeconfig, not a fleet", "@kubeconfig", "the fleet has no Platform document"),
                ("a 100 MB line", "@large-folder", "is 100 MB, larger than peng accepts for it (16 MB)"),
            ] {
                add(command, "<fleet>", name, [fleet] + tail, 1, message)
            }
            add(command, "<fleet>", "a folder peng may not read", ["@locked-folder"] + tail, 1, "cannot read this folder of the fleet", unprivileged: true)
            add(command, "--today", "not a day", ["@fleet", "--today", "2026-13-45"] + tail, 64, "--today takes a day as YYYY-MM-DD; got '2026-13-45'")
            add(command, "--today", "a word", ["@fleet", "--today", "yesterday"] + tail, 64, "--today takes a day as YYYY-MM-DD")
        }

        // The kubeconfig, and the ways to reach clusters.
        for command in clusterCommands {
            for (name, file, message) in kubeconfigCases {
                // upgrade write reads the clusters (the soak rule) once it knows the release.
                let base = command == "upgrade write" ? ["@fleet", "--to", "latest"] : ["@fleet"]
                add(command, "--kubeconfig", name, base + ["--kubeconfig", file], 1, message, unprivileged: name == "unreadable")
            }
            add(command, "--context", "no '='", ["@fleet", "--context", "frankfurt"], 64, "--context takes NAME=CONTEXT")
            add(command, "--context", "no name", ["@fleet", "--context", "=supervisor-frankfurt"], 64, "--context takes NAME=CONTEXT")
            add(command, "--context", "no context", ["@fleet", "--context", "frankfurt="], 64, "--context takes NAME=CONTEXT")
            add(command, "--context", "an unknown cluster", ["@fleet", "--context", "frankfrut=supervisor-frankfurt"], 1,
                "no cluster or Supervisor named 'frankfrut' in the fleet")
            add(command, "--cluster", "an unknown cluster", ["@fleet", "--cluster", "int-shared-1"], 1, "no cluster named 'int-shared-1'")
            add(command, "--stage", "an unknown stage", ["@fleet", "--stage", "prod"], 1, "no stage named 'prod'")
            add(command, "--target", "not a side", ["@fleet", "--target", "both"], 64, "Please provide one of 'all', 'supervisor' or 'workload'")
            for (flag, what) in [("--parallel", "clusters"), ("--concurrency", "requests")] {
                add(command, flag, "zero", ["@fleet", flag, "0"], 64, "\(flag) takes 1 to 1000 \(what); got 0")
                add(command, flag, "negative", ["@fleet", flag, "-3"], 64, "\(flag) takes 1 to 1000 \(what); got -3")
                add(command, flag, "too many", ["@fleet", flag, "100000"], 64, "\(flag) takes 1 to 1000 \(what); got 100000")
                add(command, flag, "not a number", ["@fleet", flag, "four"], 64, "The value 'four' is invalid for '\(flag) <\(flag.dropFirst(2))>'")
            }
        }
        for command in ["validate", "render", "plan", "apply", "status", "upgrade plan", "products", "insights jira", "insights board", "insights delivery"] {
            let input = ["insights jira", "insights board"].contains(command) ? ["@jira.csv"] : ["@fleet"]
            add(command, "--output", "not a format", input + ["--output", "pdf"], 64, "The value 'pdf' is invalid for '--output <output>'")
        }
        // A format another command prints is refused as a usage error, and the help lists only what is accepted.
        for command in ["apply", "status", "upgrade plan", "products"] {
            add(command, "--output", "another command's format", ["@fleet", "-o", "yaml"], 64, "Please provide one of 'text' and 'json'")
        }
        add("render", "--output", "another command's format", ["@fleet", "-o", "text"], 64, "Please provide one of 'yaml' and 'json'")
        add("render", "--cluster", "an unknown cluster", ["@fleet", "--cluster", "int-shared-1"], 1, "no cluster named 'int-shared-1'")
        add("render", "--target", "not a target kind", ["@fleet", "--target", "both"], 64, "The value 'both' is invalid for '--target <target>'")
        add("render", "--out", "an existing file", ["@fleet", "--out", "@object.json"], 1, "--out folder '@object.json' is a file, not a folder")
        add("render", "--out", "a folder peng did not write", ["@fleet", "--out", "@fleet"], 1, "is not empty and was not written by 'peng render --out'")

        // Safety flags.
        for command in ["plan", "apply", "upgrade write"] {
            add(command, "--reason", "without --force", ["@fleet", "--reason", "because"], 64, "--reason goes with --force")
            add(command, "--reason", "empty", ["@fleet", "--force", "--reason", ""], 64, "--force needs --reason TEXT")
        }

        // How long apply waits.
        for flag in ["--timeout", "--cluster-timeout", "--step-timeout"] {
            for command in ["apply", "serve"] {
                let base = command == "apply" ? ["@fleet"] : ["--repo", "@fleet", "--listen", "127.0.0.1:0"]
                add(command, flag, "zero", base + [flag, "0"], 64, "\(flag) takes 1 to 604800 seconds (7 days); got 0")
                add(command, flag, "negative", base + [flag, "-5"], 64, "\(flag) takes 1 to 604800 seconds (7 days); got -5")
                add(command, flag, "more than a week", base + [flag, "9999999"], 64, "\(flag) takes 1 to 604800 seconds (7 days); got 9999999")
                add(command, flag, "a duration, not seconds", base + [flag, "5m"], 64, "The value '5m' is invalid for '\(flag) <\(flag.dropFirst(2))>'")
            }
        }

        // Notifications.
        add("apply", "--notify", "a Platform without receivers", ["@fleet", "--notify"], 1, "--notify: the Platform names no notification receivers")
        add("apply", "--notify-wait", "zero", ["@fleet", "--notify", "--notify-wait", "0"], 64, "--notify-wait takes 1 to 3600 seconds; got 0")
        add("apply", "--notify-wait", "not a number", ["@fleet", "--notify", "--notify-wait", "soon"], 64, "The value 'soon' is invalid for '--notify-wait <notify-wait>'")

        // Upgrades.
        for command in ["upgrade plan", "upgrade write"] {
            add(command, "--to", "not a version", ["@fleet", "--to", "banana"], 1, "--to banana: no release in the catalog matches")
            add(command, "--to", "a release the catalog lacks", ["@fleet", "--to", "v9.99.0+vmware.1-tkg.1"], 1,
                "--to v9.99.0+vmware.1-tkg.1: no release in the catalog matches")
        }

        // Products and orders.
        add("products", "--team", "an unknown team", ["@fleet", "--team", "serach"], 1, "no team named 'serach' in the fleet")
        let order = ["@fleet", "redis", "--team", "search", "--stage", "integration", "--namespace", "search"]
        func orderRow(_ argument: String, _ name: String, replacing flag: String?, with value: String, _ status: Int32, _ message: String) {
            var arguments = order
            if let flag, let index = arguments.firstIndex(of: flag) { arguments[index + 1] = value } else if let flag { arguments += [flag, value] }
            if flag == nil { arguments[1] = value }
            add("order", argument, name, arguments, status, message)
        }
        orderRow("<product>", "an unknown product", replacing: nil, with: "reddis", 1, "unknown product 'reddis'")
        orderRow("--team", "an unknown team", replacing: "--team", with: "serach", 1, "unknown team 'serach'")
        orderRow("--stage", "an unknown stage", replacing: "--stage", with: "prod", 1, "unknown stage 'prod'")
        orderRow("--namespace", "not the team's", replacing: "--namespace", with: "checkout", 1, "is not a namespace of team 'search'")
        orderRow("--namespace", "not a Kubernetes name", replacing: "--namespace", with: "Search_NS", 1, "is not a namespace of team 'search'")
        orderRow("--product-version", "a version the product lacks", replacing: "--product-version", with: "0.1", 1, "product 'redis' has no version matching '0.1'")
        orderRow("--set", "no '='", replacing: "--set", with: "storage", 64, "--set takes NAME=VALUE")
        orderRow("--set", "an unknown setting", replacing: "--set", with: "colour=blue", 1, "colour")
        orderRow("--name", "not a Kubernetes name", replacing: "--name", with: "Search_Queue!", 1, "Search_Queue!")

        // Jira exports and insights.yaml, and Jira itself: the input of both commands that read tickets.
        for jiraCommand in ["insights jira", "insights board"] {
            for (name, file, message) in [
                ("missing", "@missing", "Jira export '@missing' does not exist"),
                ("a folder", "@empty-folder", "Jira export '@empty-folder' is a folder, not a file"),
                ("a symbolic link loop", "@loop", "Jira export '@loop' is a symbolic link loop"),
                ("empty", "@empty", "empty is not a Jira export: it is empty"),
                ("not UTF-8", "@not-utf8.yaml", "not-utf8.yaml is not a Jira export: its header has no 'Issue key' column"),
                ("binary", "@binary.yaml", "binary.yaml is not a Jira export: its header has no 'Issue key' column"),
                ("a fleet file, not CSV", "@platform.yaml", "platform.yaml is not a Jira export: its header has no 'Issue key' column"),
                ("/etc/passwd", "@passwd", "passwd is not a Jira export: its header has no 'Issue key' column (found: root:x:0:0:root:/root:/bin/bash)"),
                ("JSON, not a search page", "@object.json", "object.json is not a Jira export: it is neither a Jira search result (an 'issues' list) nor a board's sprints"),
                ("broken JSON", "@broken.json", "broken.json is not a Jira export: it is not JSON"),
                ("a 100 MB line", "@large.csv", "large.csv is not a Jira export: it starts with a record longer than 16 MiB"),
            ] {
                add(jiraCommand, "<files>", name, [file, "--out", "@out/report.txt"], 1, message)
            }
            add(jiraCommand, "<files>", "unreadable", ["@unreadable.csv", "--out", "@out/report.txt"], 1, "cannot be read: permission denied", unprivileged: true)
            for (name, file, message) in insightsConfigCases {
                add(jiraCommand, "--config", name, ["@jira.csv", "--config", file, "--out", "@out/report.txt"], 1, message, unprivileged: name == "unreadable")
            }
            // Jira itself: everything checked before the first request (port 1 answers nothing).
            let live = ["--url", "http://127.0.0.1:1", "--jql", "project = PLAT", "--out", "@out/report.txt"]
            func liveRow(_ argument: String, _ name: String, replacing: String? = nil, with value: String? = nil, adding: [String] = [], _ status: Int32, _ message: String) {
                var arguments = live + adding
                if let replacing, let index = arguments.firstIndex(of: replacing) {
                    if let value { arguments[index + 1] = value } else { arguments.removeSubrange(index...index + 1) }
                }
                add(jiraCommand, argument, name, arguments, status, message)
            }
            liveRow("--url", "not a URL", replacing: "--url", with: "jira.example.com", 1, "--url 'jira.example.com' is not a Jira site's address")
            liveRow("--url", "plain http to another machine", replacing: "--url", with: "http://jira.example.com", 1, "is plain http to another machine")
            liveRow("--url", "with exports as well", adding: ["@jira.csv"], 64, "give Jira exports or --url, not both")
            liveRow("--jql", "missing", replacing: "--jql", 64, "--url needs --jql")
            liveRow("--jql", "empty", replacing: "--jql", with: " ", 1, "--jql is empty")
            liveRow("--jql", "without --url", replacing: "--url", adding: ["@jira.csv"], 64, "--jql reads Jira itself: it needs --url")
            liveRow("--board", "not a board id", adding: ["--board", "0"], 1, "--board 0 is not a board id")
            liveRow("--user", "without a token file", adding: ["--user", "ops@example.com"], 1, "--user needs --token-file")
            liveRow("--token-file", "missing", adding: ["--token-file", "@missing"], 1, "Jira token file '@missing' does not exist")
            liveRow("--token-file", "empty", adding: ["--token-file", "@empty"], 1, "Jira token file '@empty' is empty")
            liveRow("--save", "a file, not a folder", adding: ["--save", "@jira.csv"], 1, "--save @jira.csv cannot be made")
            liveRow("--jira-timeout", "zero", adding: ["--jira-timeout", "0"], 64, "--jira-timeout takes 1...86400 seconds; got 0")
            add(jiraCommand, "--out", "a folder that does not exist", ["@jira.csv", "--out", "@out/nowhere/report.txt"], 1, "cannot write '@out/nowhere/report.txt'")
            add(jiraCommand, "--out", "a folder", ["@jira.csv", "--out", "@out"], 1, "cannot write '@out'")
        }
        add("insights board", "--as-of", "not a day", ["@jira.csv", "--as-of", "25.04.2026"], 64, "--as-of takes a day as YYYY-MM-DD; got '25.04.2026'")
        add("insights delivery", "--since", "not a day", ["@fleet", "--since", "last week"], 64, "--since takes a day as YYYY-MM-DD; got 'last week'")
        add("insights delivery", "--out", "a folder that does not exist", ["@fleet", "--out", "@out/nowhere/report.txt"], 1,
            "cannot write '@out/nowhere/report.txt'")

        // peng serve: everything it would read later, checked before it starts.
        let serve = ["--repo", "@fleet", "--listen", "127.0.0.1:0"]
        func serveRow(_ argument: String, _ name: String, _ extra: [String], _ status: Int32, _ message: String, unprivileged: Bool = false) {
            add("serve", argument, name, serve + extra, status, message, unprivileged: unprivileged)
        }
        for (name, file, message) in kubeconfigCases where !["a fleet file", "JSON", "empty", "passwd"].contains(where: name.hasPrefix) {
            serveRow("--kubeconfig", name, ["--kubeconfig", file], 1, message, unprivileged: name == "unreadable")
        }
        serveRow("--kubeconfig", "a fleet file", ["--kubeconfig", "@platform.yaml"], 1, "is not a kubeconfig: its kind is Platform, not Config")
        serveRow("--repo", "a file", ["--repo", "@object.json"], 1, "repository '@object.json' is a file, not a folder")
        serveRow("--branch", "not a branch name", ["--branch", "main..next"], 64, "--branch takes a git branch name")
        serveRow("--branch", "a space", ["--branch", "my branch"], 64, "--branch takes a git branch name")
        serveRow("--interval", "zero", ["--interval", "0s"], 64, "--interval takes a positive duration such as 30s, 1m or 5m; got '0s'")
        serveRow("--interval", "no unit", ["--interval", "soon"], 64, "--interval takes a positive duration such as 30s, 1m or 5m; got 'soon'")
        serveRow("--listen", "no port", ["--listen", "localhost"], 64, "--listen takes HOST:PORT")
        serveRow("--listen", "a port out of range", ["--listen", "127.0.0.1:70000"], 64, "--listen takes HOST:PORT")
        serveRow("--context", "no '='", ["--context", "frankfurt"], 64, "--context takes NAME=CONTEXT")
        serveRow("--management-context", "not in the kubeconfig", ["--kubeconfig", "@kubeconfig", "--management-context", "mgmt"], 1,
                 "context 'mgmt' is not in the kubeconfig")
        serveRow("--lease-namespace", "not a Kubernetes name", ["--lease-namespace", "Peng_System"], 64, "--lease-namespace takes a Kubernetes name")
        serveRow("--lease-name", "not a Kubernetes name", ["--lease-name", "peng.lease!"], 64, "--lease-name takes a Kubernetes name")
        serveRow("--lease-name", "too long for its history ConfigMap", ["--lease-name", String(repeating: "a", count: 60)], 64, "at most 55")
        serveRow("--identity", "empty", ["--identity", ""], 64, "--identity takes this replica's name")
        serveRow("--workdir", "a file", ["--workdir", "@object.json"], 1, "work folder '@object.json' is a file, not a folder")
        for (flag, what) in [("--webhook-secret-file", "webhook secret file"), ("--ssh-key-file", "ssh key file"),
                             ("--ssh-known-hosts-file", "ssh known_hosts file"), ("--git-credentials-file", "git credentials file")] {
            serveRow(flag, "missing", [flag, "@missing"], 1, "\(what) '@missing' does not exist")
            serveRow(flag, "a folder", [flag, "@empty-folder"], 1, "\(what) '@empty-folder' is a folder, not a file")
            serveRow(flag, "a symbolic link loop", [flag, "@loop"], 1, "\(what) '@loop' is a symbolic link loop")
            serveRow(flag, "unreadable", [flag, "@unreadable.csv"], 1, "\(what) '@unreadable.csv' cannot be read: permission denied", unprivileged: true)
        }
        serveRow("--webhook-secret-file", "empty", ["--webhook-secret-file", "@empty", "--kubeconfig", "@kubeconfig"], 1, "webhook secret file '@empty' is empty")
        serveRow("--webhook-secret-file", "a 100 MB line", ["--webhook-secret-file", "@large.csv", "--kubeconfig", "@kubeconfig"], 1,
                 "webhook secret file '@large.csv' is 100 MB, larger than peng accepts for it (64 KB)")
        serveRow("--insights-dir", "missing", ["--insights-dir", "@missing"], 1, "insights folder '@missing' does not exist")
        serveRow("--insights-dir", "a file", ["--insights-dir", "@jira.csv"], 1, "insights folder '@jira.csv' is a file, not a folder")
        serveRow("--insights-config", "without --insights-dir", ["--insights-config", "@insights.yaml"], 64, "--insights-config needs --insights-dir")
        let jira = ["--insights-jira-url", "https://jira.example.com", "--insights-jql", "project = PLAT"]
        serveRow("--insights-jira-url", "with --insights-dir", jira + ["--insights-dir", "@empty-folder"], 64,
                 "--insights-dir and --insights-jira-url are two sources for the same pages: give one")
        serveRow("--insights-jira-url", "without --insights-jql", ["--insights-jira-url", "https://jira.example.com"], 64, "--insights-jira-url needs --insights-jql")
        serveRow("--insights-jira-url", "not an address", ["--insights-jira-url", "jira", "--insights-jql", "project = PLAT"], 1,
                 "--insights-jira-url 'jira' is not a Jira site's address")
        serveRow("--insights-jira-url", "plain http to another machine", ["--insights-jira-url", "http://jira.example.com", "--insights-jql", "project = PLAT"], 1,
                 "--insights-jira-url 'http://jira.example.com' is plain http to another machine")
        serveRow("--insights-jql", "empty", ["--insights-jira-url", "https://jira.example.com", "--insights-jql", " "], 1, "--insights-jql is empty")
        serveRow("--insights-jql", "without --insights-jira-url", ["--insights-jql", "project = PLAT"], 64, "--insights-jql reads Jira itself: it needs --insights-jira-url")
        serveRow("--insights-jira-board", "zero", jira + ["--insights-jira-board", "0"], 1, "--insights-jira-board 0 is not a board id")
        serveRow("--insights-jira-board", "not a number", jira + ["--insights-jira-board", "twelve"], 64, "The value 'twelve' is invalid for '--insights-jira-board")
        serveRow("--insights-jira-user", "without a token file", jira + ["--insights-jira-user", "ops@example.com"], 1, "--insights-jira-user needs --insights-jira-token-file")
        serveRow("--insights-jira-token-file", "without --insights-jira-url", ["--insights-jira-token-file", "@empty"], 64,
                 "--insights-jira-token-file reads Jira itself: it needs --insights-jira-url")
        serveRow("--insights-jira-token-file", "missing", jira + ["--insights-jira-token-file", "@missing"], 1, "Jira token file '@missing' does not exist")
        serveRow("--insights-jira-token-file", "a folder", jira + ["--insights-jira-token-file", "@empty-folder"], 1, "Jira token file '@empty-folder' is a folder, not a file")
        serveRow("--insights-jira-interval", "zero", jira + ["--insights-jira-interval", "0s"], 64, "--insights-jira-interval takes a positive duration such as 30s, 1m or 5m; got '0s'")
        serveRow("--insights-jira-interval", "longer than a day", jira + ["--insights-jira-interval", "25h"], 64, "--insights-jira-interval takes 1s to 24h; got 90000 s")
        serveRow("--insights-jira-full-read", "no unit", jira + ["--insights-jira-full-read", "hourly"], 64, "--insights-jira-full-read takes a positive duration such as 30s, 1m or 5m; got 'hourly'")
        serveRow("--insights-jira-full-read", "longer than a week", jira + ["--insights-jira-full-read", "200h"], 64, "--insights-jira-full-read takes 1s to 168h; got 720000 s")
        for (name, file, problem) in [("missing", "@missing", "does not exist"), ("a folder", "@empty-folder", "is a folder, not a file"),
                                      ("a symbolic link loop", "@loop", "is a symbolic link loop"),
                                      ("unreadable", "@unreadable.csv", "cannot be read: permission denied")] {
            serveRow("--insights-config", name, ["--insights-dir", "@empty-folder", "--insights-config", file], 1, "insights config '\(file)' \(problem)",
                     unprivileged: name == "unreadable")
        }
        serveRow("--log-format", "not a format", ["--log-format", "xml"], 64, "The value 'xml' is invalid for '--log-format <log-format>'")
        serveRow("--log-level", "not a level", ["--log-level", "loud"], 64, "The value 'loud' is invalid for '--log-level <log-level>'")
        serveRow("--parallel", "zero", ["--parallel", "0"], 64, "--parallel takes 1 to 1000 clusters; got 0")
        serveRow("--parallel", "negative", ["--parallel", "-2"], 64, "--parallel takes 1 to 1000 clusters; got -2")
        serveRow("--today", "not a day", ["--today", "2026-02-30"], 64, "--today takes a day as YYYY-MM-DD; got '2026-02-30'")
        return rows
    }()

    static let kubeconfigCases: [(String, String, String)] = [
        ("missing", "@missing", "kubeconfig '@missing' does not exist"),
        ("a folder", "@empty-folder", "kubeconfig '@empty-folder' is a folder, not a file"),
        ("a symbolic link loop", "@loop", "kubeconfig '@loop' is a symbolic link loop"),
        ("empty", "@empty", "kubeconfig '@empty' is empty"),
        ("not UTF-8", "@not-utf8.yaml", "kubeconfig '@not-utf8.yaml' is not a text file (not UTF-8)"),
        ("binary", "@binary.yaml", "kubeconfig '@binary.yaml' is not a text file (not UTF-8)"),
        ("a fleet file", "@platform.yaml", "'@platform.yaml' is not a kubeconfig: its kind is Platform, not Config"),
        ("JSON, not a kubeconfig", "@object.json", "'@object.json' is not a kubeconfig: it has none of clusters, contexts and users"),
        ("passwd", "@passwd", "'@passwd' is not a kubeconfig: it is not a YAML mapping"),
        ("a 100 MB line", "@large.csv", "kubeconfig '@large.csv' is 100 MB, larger than peng accepts for it (16 MB)"),
        ("unreadable", "@unreadable.csv", "kubeconfig '@unreadable.csv' cannot be read: permission denied"),
    ]

    static let insightsConfigCases: [(String, String, String)] = [
        ("missing", "@missing", "@missing: does not exist"),
        ("a folder", "@empty-folder", "@empty-folder: is a folder, not a file"),
        ("a symbolic link loop", "@loop", "@loop: is a symbolic link loop"),
        ("not UTF-8", "@not-utf8.yaml", "@not-utf8.yaml: is not a text file (not UTF-8)"),
        ("a 100 MB line", "@large.csv", "@large.csv: is 100 MB, larger than peng accepts for it (1 MB)"),
        ("passwd", "@passwd", "passwd: expected a mapping"),
        ("JSON with unknown keys", "@object.json", "object.json: a: unknown key"),
        ("unreadable", "@unreadable.csv", "@unreadable.csv: cannot be read: permission denied"),
    ]

    /// Runs peng (or, for the unprivileged cases as root, setpriv running peng as nobody); a run that does not end is a
    /// failure (a serve that started when it should have refused), bounded for a hang only.
    static func run(_ arguments: [String], unprivileged: Bool, environment: [String: String]) async throws -> ChildProcess.Output {
        let executable = unprivileged ? URL(fileURLWithPath: "/usr/bin/setpriv") : try PengBinary.url
        let running = try ChildProcess.Running(executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
                                               directory: PengBinary.repositoryRoot)
        let watch = Task {
            try await Task.sleep(for: .seconds(300))
            Issue.record("peng \(arguments.joined(separator: " ")) did not end within 300 s: it should have refused its input")
            running.process.terminate()
        }
        let output = await running.finished()
        watch.cancel()
        return output
    }
}

/// The wrong things, made once per test process in a folder every user may read (the unreadable cases run as nobody).
final class BadInputFiles: Sendable {
    static let shared = Result { try BadInputFiles() }

    let root: URL

    /// Where this test process keeps them; removed when the process exits, however its tests ended.
    static let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("peng-bad-input-\(getpid())")

    init() throws {
        root = Self.folder
        let files = FileManager.default
        try? files.removeItem(at: root)  // a folder left by an earlier process with the same id (killed before its exit)
        try files.createDirectory(at: root, withIntermediateDirectories: true)
        atexit {
            chmod(BadInputFiles.folder.appendingPathComponent("locked-folder/teams").path, 0o755)
            try? FileManager.default.removeItem(at: BadInputFiles.folder)  // at exit nothing is left to report to
        }
        chmod(root.path, 0o755)
        try files.copyItem(at: PengBinary.repositoryRoot.appendingPathComponent("examples/fleet"), to: root.appendingPathComponent("fleet"))
        try files.createDirectory(at: root.appendingPathComponent("empty-folder"), withIntermediateDirectories: true)
        try files.createSymbolicLink(atPath: path("loop"), withDestinationPath: path("loop-back"))
        try files.createSymbolicLink(atPath: path("loop-back"), withDestinationPath: path("loop"))
        try Data().write(to: root.appendingPathComponent("empty"))
        try Data([0xff, 0xfe, 0x61, 0x3a, 0x20, 0x62, 0x0a]).write(to: root.appendingPathComponent("not-utf8.yaml"))
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }).write(to: root.appendingPathComponent("binary.yaml"))
        try Data(#"{"a": 1, "b": [true, null]}"#.utf8).write(to: root.appendingPathComponent("object.json"))
        try Data(#"{"issues": [1, 2"#.utf8).write(to: root.appendingPathComponent("broken.json"))
        try Data("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n".utf8).write(to: root.appendingPathComponent("passwd"))
        try files.copyItem(at: root.appendingPathComponent("fleet/platform.yaml"), to: root.appendingPathComponent("platform.yaml"))
        try Data("development:\n  label: development\n".utf8).write(to: root.appendingPathComponent("insights.yaml"))
        try Data("Issue key,Issue Type,Status,Created,Resolved,Labels,Sprint\nPLAT-1,Story,Done,2026-11-02 09:00,2026-11-05 17:00,development,Sprint 1\n".utf8)
            .write(to: root.appendingPathComponent("jira.csv"))
        try Data("""
            apiVersion: v1
            kind: Config
            clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: nobody, user: {token: not-a-token}}]
            contexts: [{name: supervisor-muenster, context: {cluster: nowhere, user: nobody}}, {name: supervisor-frankfurt, context: {cluster: nowhere, user: nobody}}]
            current-context: supervisor-muenster

            """.utf8).write(to: root.appendingPathComponent("kubeconfig"))
        // A 100 MB line, written once; as a fleet file it sits in a folder of its own.
        let large = Data(repeating: UInt8(ascii: "a"), count: 100 << 20)
        try large.write(to: root.appendingPathComponent("large.csv"))
        try files.createDirectory(at: root.appendingPathComponent("large-folder"), withIntermediateDirectories: true)
        try files.linkItem(atPath: path("large.csv"), toPath: path("large-folder/large.yaml"))
        try Data("Issue key\nPLAT-1\n".utf8).write(to: root.appendingPathComponent("unreadable.csv"))
        chmod(path("unreadable.csv"), 0o000)
        try files.createDirectory(at: root.appendingPathComponent("locked-folder/teams"), withIntermediateDirectories: true)
        try files.copyItem(at: root.appendingPathComponent("fleet/platform.yaml"), to: root.appendingPathComponent("locked-folder/platform.yaml"))
        chmod(path("locked-folder/teams"), 0o000)
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// `@name` -> the file's path; `@out` -> the row's output folder.
    func resolve(_ text: String, out: URL) -> String {
        guard text.contains("@") else { return text }
        var result = text.replacingOccurrences(of: "@out", with: out.path)
        let names = ["missing", "loop", "empty-folder", "empty", "not-utf8.yaml", "binary.yaml", "object.json", "broken.json", "passwd",
                     "platform.yaml", "insights.yaml", "jira.csv", "kubeconfig", "large-folder", "large.csv", "unreadable.csv", "locked-folder", "fleet"]
        for name in names { result = result.replacingOccurrences(of: "@" + name, with: path(name)) }
        return result
    }

    /// Every file of the fleet copy with its size and modification time: a row that wrote to the fleet changes it.
    func fleetSnapshot() throws -> [String] {
        let fleet = root.appendingPathComponent("fleet")
        let enumerator = FileManager.default.enumerator(at: fleet, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])
        var entries: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            entries.append("\(url.path) \(values.fileSize ?? -1) \(values.contentModificationDate?.timeIntervalSince1970 ?? 0)")
        }
        return entries.sorted()
    }
}
