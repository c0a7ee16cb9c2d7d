// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "peng",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "peng", targets: ["peng"]),
        .executable(name: "peng-simulator", targets: ["peng-simulator"]),
        .executable(name: "peng-insights-sample", targets: ["peng-insights-sample"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        // peng serve: the HTTP server, its lifecycle, its metrics, and HMAC for GitHub webhooks.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Plain values: the fleet kinds, KubeObject (a JSON tree), diagnostics, encoders.
        .target(name: "FleetModel"),
        // YAML -> model with source positions; the validator that collects every diagnostic.
        .target(name: "FleetLoader", dependencies: ["FleetModel", "Yams"]),
        // Validated model -> desired objects per target. Pure: no I/O.
        .target(name: "FleetRender", dependencies: ["FleetModel"]),
        // The fleet repository: load -> validate -> render over a folder (FleetPipeline, the one way into those stages),
        // git, the revision of a work tree, order filing as a branch and commit, and the off-thread helper for blocking work.
        .target(name: "FleetRepository", dependencies: ["FleetModel", "FleetLoader", "FleetRender", "ProcessRunner"]),
        // Upgrade paths one minor at a time, extension moves, the soak rule, in-place version edits. Pure: no I/O.
        .target(name: "FleetUpgrade", dependencies: ["FleetModel"]),
        // kubeconfig, discovery, get/list/apply/delete, typed API errors, retries.
        // A child process run to its end (git, exec credential plugins), off Swift's cooperative threads when awaited.
        .target(name: "ProcessRunner"),
        .target(name: "KubeClient", dependencies: [
            "FleetModel", "Yams", "ProcessRunner",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // Planner, Applier, Waiter, Inventory, Pruner, Reconciler.
        .target(name: "FleetEngine", dependencies: ["FleetModel", "FleetRender", "FleetUpgrade", "KubeClient"]),
        // An HTTP request retried as services document it (5xx, 429 with Retry-After, dropped connections).
        .target(name: "HTTPRetry", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Rollout notices to commit statuses, webhooks and chat: queued, retried, never holding up a rollout.
        .target(name: "FleetNotify", dependencies: [
            "FleetModel", "FleetEngine", "HTTPRetry",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // peng serve without HTTP: the Git source, leader election on a Lease, the history ConfigMap, the reconcile
        // loop, metrics, token and access reviews, webhook signatures.
        .target(name: "FleetService", dependencies: [
            "FleetModel", "FleetLoader", "FleetRepository", "FleetRender", "FleetEngine", "KubeClient", "Insights", "FleetNotify", "JiraLive",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // peng serve over HTTP: the JSON API, webhooks, /metrics and the server-rendered dashboard.
        .target(name: "FleetServer", dependencies: [
            "FleetService", "FleetModel", "FleetLoader", "FleetRepository", "FleetEngine", "FleetUpgrade", "Insights",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // peng insights: Jira exports read as streams, measures of the team's work. Pure: no network.
        .target(name: "Insights", dependencies: ["FleetModel", "Yams"]),
        // Tickets straight from Jira's REST and agile APIs, page by page through the Insights readers.
        .target(name: "JiraLive", dependencies: ["Insights", "FleetModel", "HTTPRetry"]),
        // One command type per verb; thin.
        .target(name: "PengCLI", dependencies: [
            "FleetModel", "FleetLoader", "FleetRepository", "FleetRender", "FleetUpgrade", "FleetEngine", "KubeClient", "FleetService",
            "FleetServer", "Insights", "FleetNotify", "JiraLive",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "peng", dependencies: ["PengCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // For tests and the local demo only: plays vSphere with Tanzu and kapp-controller, which cannot run here.
        // CRDs/: the upstream CustomResourceDefinitions the lab installs, each naming its source.
        .target(name: "SupervisorSimulator", dependencies: [
            "KubeClient", "FleetModel", "FleetLoader",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ], resources: [.copy("CRDs")]),
        .executableTarget(name: "peng-simulator", dependencies: ["SupervisorSimulator", "KubeClient", "FleetModel"]),
        // bench/apply.sh: the API server's raw server-side-apply limit, beside peng and kubectl.
        // Jira exports with known answers, for the insights tests and bench/insights.sh.
        .target(name: "InsightsSample", path: "Tests/InsightsSample"),
        .executableTarget(name: "peng-insights-sample", dependencies: ["InsightsSample"], path: "bench/InsightsSampleTool"),
        .executableTarget(name: "peng-bench-raw", dependencies: ["KubeClient", "FleetModel"], path: "bench/RawApply"),

        .testTarget(name: "FleetModelTests", dependencies: ["FleetModel", "Yams"]),
        .testTarget(name: "InsightsTests", dependencies: ["Insights", "InsightsSample", "FleetModel", "JiraLive"]),
        .testTarget(name: "FleetLoaderTests", dependencies: ["FleetModel", "FleetLoader", "FleetRepository"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "FleetRenderTests", dependencies: ["FleetModel", "FleetRender", "FleetLoader", "FleetRepository", "TestHarness", "Yams"],
                    exclude: ["Golden"]),
        .testTarget(name: "KubeClientTests", dependencies: ["FleetModel", "KubeClient", "TestHarness"]),
        .testTarget(name: "FleetEngineTests", dependencies: ["FleetModel", "KubeClient", "FleetEngine", "FleetLoader", "FleetRender", "FleetRepository", "FleetUpgrade", "TestHarness", "SupervisorSimulator"]),
        .testTarget(name: "FleetNotifyTests", dependencies: ["FleetNotify", "FleetEngine", "FleetModel", "TestHarness"]),
        .testTarget(name: "FleetUpgradeTests", dependencies: ["FleetModel", "FleetUpgrade", "FleetLoader", "FleetRepository", "TestHarness"]),
        .testTarget(name: "PengCLITests", dependencies: ["peng", "PengCLI", "FleetModel", "FleetRepository", "KubeClient", "TestHarness", "FleetEngine", "SupervisorSimulator", "InsightsSample"]),
        .testTarget(name: "ServeTests", dependencies: [
            "peng", "FleetService", "FleetServer", "FleetLoader", "FleetRepository", "TestHarness", "FleetEngine", "FleetModel", "KubeClient", "SupervisorSimulator", "InsightsSample", "Insights",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Local control planes for tests: starts and stops real etcd + kube-apiserver through scripts/testenv.
        .target(name: "TestHarness", dependencies: ["KubeClient", "FleetModel", "FleetLoader", "FleetRender", "FleetRepository", "SupervisorSimulator"],
                path: "Tests/TestHarness"),
    ]
)

// Every module says what it uses: a member of another module is visible only where that module is imported.
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}

// Fuzz targets. The suite's build (scripts/test) compiles peng-fuzz with libFuzzer on its own module only, so the
// short fixed-seed run needs no second build of the whole graph. bench/fuzz.sh sets PENG_FUZZ and builds it in
// .build-fuzz with -sanitize=fuzzer,address on every module (coverage-guided and sanitized: the real fuzzing).
let libFuzzerOnItsOwnModule = Context.environment["PENG_FUZZ"] == nil
package.targets.append(.target(name: "CFuzzDriver", path: "fuzz/Sources/CFuzzDriver"))
package.targets.append(.executableTarget(
    name: "peng-fuzz",
    dependencies: ["CFuzzDriver", "FleetModel", "FleetRepository", "KubeClient", "Insights", "JiraLive", "FleetService"],
    path: "fuzz/Sources/peng-fuzz",
    swiftSettings: libFuzzerOnItsOwnModule ? [.unsafeFlags(["-sanitize=fuzzer", "-parse-as-library"])] : [],
    linkerSettings: libFuzzerOnItsOwnModule ? [.unsafeFlags(["-sanitize=fuzzer"])] : []))
