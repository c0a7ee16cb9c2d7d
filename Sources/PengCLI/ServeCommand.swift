import ArgumentParser
import FleetEngine
import FleetLoader
import FleetModel
import FleetRepository
import FleetServer
import FleetService
import Foundation
import Logging
import KubeClient

/// `peng serve`: the fleet reconciled continuously from Git, with an API, a dashboard, metrics and leader election.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Follow the fleet repository: apply every new commit stage by stage, check drift, serve an API and a dashboard.",
        discussion: """
            On every new commit of --branch: validate, then apply stage by stage with the usual gates and the soak rule; an \
            invalid commit applies nothing and the last good revision stays. Every --interval: fetch, and plan the last \
            good revision (drift); the Platform's reconcile.drift says whether drift is corrected or only reported. Run two \
            or more replicas: only the holder of the Lease --lease-namespace/--lease-name on the management cluster (the \
            kubeconfig's current context, or --management-context) applies. The history is kept in the ConfigMap \
            <lease-name>-history beside the Lease. Every page and API call needs a bearer token checked with the \
            management cluster's TokenReview; see docs/serve.md.

            \(ExitStatus.help("0 stopped by SIGTERM or Ctrl-C (the step in flight finished, the Lease handed over)", "1 it could not start (a file, the repository or the kubeconfig cannot be used)"))
            """)

    @Option(help: "The fleet repository: a path, or a file, ssh or https URL.")
    var repo: String

    @Option(help: "The branch to follow.")
    var branch = "main"

    @Option(help: "How often to fetch and check drift (Go-style duration: 30s, 1m, 5m).", transform: Self.positiveDuration)
    var interval = TimeSpan(seconds: 60)

    @Option(help: "Address and port to listen on (port 0: any free port).")
    var listen = "0.0.0.0:8080"

    @Option(help: "The kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config).", completion: .file())
    var kubeconfig: String?

    @Option(name: .customLong("context"), help: "Reach Supervisor or cluster NAME through kubeconfig context CONTEXT (NAME=CONTEXT, repeatable).")
    var contexts: [String] = []

    @Option(help: "The kubeconfig context of the management cluster (Lease, history, token and access reviews); default: the cluster serve runs in (its ServiceAccount), else the current context.")
    var managementContext: String?

    @Option(help: "Namespace of the Lease and the history ConfigMap on the management cluster.")
    var leaseNamespace = "peng-system"

    @Option(help: "Name of the Lease; the history ConfigMap is NAME-history.")
    var leaseName = "peng"

    @Option(help: "This replica's name in the Lease (default: host name and process id).")
    var identity: String?

    @Option(help: "Where the clone of the repository lives (default: a new temporary folder).", completion: .directory)
    var workdir: String?

    @Option(help: "A file holding the shared secret of GitLab (X-Gitlab-Token) and GitHub (HMAC) push webhooks.", completion: .file())
    var webhookSecretFile: String?

    @Option(help: "A private key file for ssh remotes.", completion: .file())
    var sshKeyFile: String?

    @Option(help: "A known_hosts file for ssh remotes.", completion: .file())
    var sshKnownHostsFile: String?

    @Option(help: "A git-credential-store file (https://user:token@host) for https remotes.", completion: .file())
    var gitCredentialsFile: String?

    @Option(help: "A folder of Jira exports (CSV or REST .json) for the dashboard's Insights page; read again when a file changes.", completion: .directory)
    var insightsDir: String?

    @Option(help: "insights.yaml for the tickets of --insights-dir or --insights-jira-url (see examples/insights/insights.yaml).", completion: .file())
    var insightsConfig: String?

    @OptionGroup(title: "Insights from Jira itself") var jira: ServeJiraOptions

    @Option(help: "How serve logs on standard error: text (one line per event) or json (time, level, event, message, fields).")
    var logFormat: ServeLogHandler.Format = .text

    @Option(help: "The lowest level logged: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @OptionGroup var waits: WaitLimits

    @Option(parsing: .unconditional, help: "Clusters of one stage worked on at the same time.")
    var parallel = 4

    @Option(name: .customLong("today"), help: .hidden, transform: CalendarDate.argument)
    var today: CalendarDate?

    /// `--interval`, parsed once.
    static func positiveDuration(_ text: String) throws -> TimeSpan { try positiveDuration(text, flag: "--interval") }

    static func positiveDuration(_ text: String, flag: String) throws -> TimeSpan {
        guard let span = TimeSpan(text), span.seconds > 0 else {
            throw ValidationError("\(flag) takes a positive duration such as 30s, 1m or 5m; got '\(text)'")
        }
        return span
    }

    func validate() throws {
        guard listenAddress != nil else { throw ValidationError("--listen takes HOST:PORT, e.g. 0.0.0.0:8080; got '\(listen)'") }
        try ClusterAccess.checkContexts(contexts)
        guard (1...ClusterAccess.most).contains(parallel) else { throw ValidationError("--parallel takes 1 to \(ClusterAccess.most) clusters; got \(parallel)") }
        try jira.validate(insightsDir: insightsDir)
        if insightsConfig != nil, insightsDir == nil, !jira.reads {
            throw ValidationError("--insights-config needs --insights-dir (a folder of exports) or --insights-jira-url (Jira itself), the tickets it reads")
        }
        for (flag, name, longest) in [("--lease-namespace", leaseNamespace, 63), ("--lease-name", leaseName, 55)] where !DNSLabel.isValid(name) || name.count > longest {
            throw ValidationError("\(flag) takes a Kubernetes name (at most \(longest) lower-case letters, digits and '-'); got '\(name)'")
        }
        if let identity, identity.isEmpty || identity.count > 128 || identity.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) {
            throw ValidationError("--identity takes this replica's name: 1 to 128 printable characters")
        }
        guard GitSource.isValidBranch(branch) else {
            throw ValidationError("--branch takes a git branch name (no spaces, '..', '~', '^', ':', '?', '*', '[' or '\\'); got '\(branch)'")
        }
        // The files and folders serve reads later, checked now: a wrong one stops serve before it starts, not at the
        // first fetch or webhook.
        do {
            for (what, file) in [("webhook secret file", webhookSecretFile), ("ssh key file", sshKeyFile), ("ssh known_hosts file", sshKnownHostsFile),
                                 ("git credentials file", gitCredentialsFile), ("insights config", insightsConfig), ("kubeconfig", kubeconfig)]
            {
                if let file { try InputFile.check(file, what: what) }
            }
            if let insightsDir { try InputFile.checkFolder(insightsDir, what: "insights folder") }
            // A remote may be away when serve starts or restarts (it retries and says so on its readiness): only a local
            // path that is there and is no folder is refused now.
            if !GitSource.isRemote(repo), FileManager.default.fileExists(atPath: repo) { try InputFile.checkFolder(repo, what: "repository") }
            if let workdir, FileManager.default.fileExists(atPath: workdir) { try InputFile.checkFolder(workdir, what: "work folder") }
        } catch { throw UserError("\(error)", hint: "pass a path peng can read (serve reads these files while it runs)") }
    }

    /// The kubeconfig for the Supervisors (and the management cluster outside a pod). In a pod with none given and
    /// none at the default places, an empty one: the management cluster is then reached with the pod's identity.
    static func kubeconfig(_ path: String?, inCluster: Bool) throws -> Kubeconfig {
        let environment = ProcessInfo.processInfo.environment
        let fallback = (environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"
        if path == nil, inCluster, (environment["KUBECONFIG"] ?? "").isEmpty, !FileManager.default.fileExists(atPath: fallback) {
            return Kubeconfig()
        }
        return try Kubeconfig.load(path: path)
    }

    var listenAddress: (String, Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        return (String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }

    func run() async throws {
        // Commits (dashboard orders) need an identity even where git has none configured.
        for (name, value) in ["GIT_AUTHOR_NAME": "peng serve", "GIT_AUTHOR_EMAIL": "peng-serve@localhost",
                              "GIT_COMMITTER_NAME": "peng serve", "GIT_COMMITTER_EMAIL": "peng-serve@localhost"] { setenv(name, value, 0) }
        // Jira's address and token file are checked before anything connects.
        let feed = try jira.feed()
        let inCluster = try Kubeconfig.inCluster()
        let config = try Self.kubeconfig(kubeconfig, inCluster: inCluster != nil)
        // The management cluster: the context named, else the cluster serve runs in, else the current context.
        let management = try managementContext.map { try config.connection(context: $0) } ?? inCluster ?? config.connection()
        var quick = KubeClient.Options()
        quick.requestTimeout = .seconds(5)
        quick.attempts = 1
        let replica = identity ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        let elector = LeaseElector(client: try KubeClient(connection: management, options: quick), namespace: leaseNamespace, name: leaseName, identity: replica)
        let managementClient = try KubeClient(connection: management)
        let store = HistoryStore(client: managementClient, namespace: leaseNamespace, name: "\(leaseName)-history")
        let folder = workdir.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("peng-serve-\(ProcessInfo.processInfo.processIdentifier)")
        let source = GitSource(remote: repo, branch: branch, checkout: folder.appendingPathComponent("repo"),
                               credentials: .init(sshKeyFile: sshKeyFile, sshKnownHostsFile: sshKnownHostsFile, httpsCredentialsFile: gitCredentialsFile))
        var settings = ServeLoop.Settings()
        settings.interval = .seconds(interval.seconds)
        waits.apply(to: &settings.engine)
        settings.engine.parallelClusters = parallel
        settings.engine.now = Clock.now
        let metrics = ServeMetrics()
        let log = Logger.serve(format: logFormat, level: logLevel)
        let loop = ServeLoop(source: RevisionSource(git: source, pipeline: FleetPipeline(today: today)), connector: TargetConnector(kubeconfig: config, overrides: ClusterAccess.overrides(contexts)), elector: elector,
                             store: store, metrics: metrics, settings: settings,
                             events: { event in if let line = ProgressLines.line(for: event) { log.event(.info, "engine", line) } }, log: log)
        let reviewer = AccessReviewer(client: managementClient) { loop.published.current?.fleet.platform.name ?? "" }
        let verifier: WebhookVerifier?
        do { verifier = try webhookSecretFile.map { WebhookVerifier(secret: try InputFile.text($0, what: "webhook secret file", limit: 64 << 10, allowEmpty: false)) } } catch {
            throw UserError("\(error)", hint: "write the webhook's shared secret (the same as in GitLab or GitHub) to the file")
        }
        let insights: InsightsSource
        let insightsConfigFile = insightsConfig.map { URL(fileURLWithPath: $0) }
        do {
            if let feed {
                insights = try InsightsSource(jira: feed, configFile: insightsConfigFile)
            } else {
                insights = try InsightsSource(folder: insightsDir.map { URL(fileURLWithPath: $0) }, configFile: insightsConfigFile)
            }
        } catch {
            throw UserError.insightsConfig(error)
        }
        let (host, port) = listenAddress!
        let server = PengServer(loop: loop, elector: elector, reviewer: reviewer, metrics: metrics, verifier: verifier, insights: insights,
                                host: host, port: port)
        try await server.run { bound in
            Output.standardOutput.write("peng serve: listening on http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(bound) as replica \(replica), following \(GitSource.redacted(source.remote)) \(branch)\n")
        }
    }
}

extension ServeLogHandler.Format: ExpressibleByArgument {}

extension Logger.Level: @retroactive ExpressibleByArgument {}
