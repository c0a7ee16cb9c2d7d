// peng-simulator — FOR TESTS AND THE LOCAL DEMO ONLY. It plays the controllers a real platform runs and that cannot
// run here, against real local API servers:
//
//   peng-simulator supervisor --kubeconfig PATH --supervisor CONTEXT... --pool CONTEXT... [--vsphere-namespace NS...]
//                             [--delay SECONDS] [--fail CLUSTER...] [--fail-package NAME...] [--fail-upgrade CLUSTER...]
//                             [--tkr VERSION...] [--tkr-incompatible VERSION...] [--webhook-tls DIR] [--tanzu-phase]
//                             [--packages FILE]
//       vSphere with Tanzu: TanzuKubernetesClusters on the Supervisors become real workload clusters from the pool,
//       with their kubeconfig published as TKGS does; upgrades roll node by node; the Supervisors offer the given
//       TanzuKubernetesReleases; each --vsphere-namespace is made as vCenter makes it, with vSphere's default VM classes
//       and the storage classes vsan-default and vsan-gold bound to it; with --webhook-tls (scripts/testenv
//       webhook-cert DIR) the API servers reject an upgrade that skips a minor version, as TKGS's admission webhook
//       does; kapp-controller on those clusters.
//       TanzuKubernetesCluster status as v1alpha3 reports it (conditions, no phase); --tanzu-phase adds the older phase.
//       With --packages (a file of data.packaging.carvel.dev Package documents) every PackageRepository offers those,
//       and a PackageInstall of a version not on offer ends in ReconcileFailed, as kapp-controller's does.
//   peng-simulator kapp --kubeconfig PATH --context CONTEXT... [--fail NAME...] [--once]
//       kapp-controller only: PackageRepositories and PackageInstalls are marked reconciled (or failed).
import FleetModel
import Foundation
import KubeClient
import SupervisorSimulator

struct Arguments {
    var mode: String
    var kubeconfig: String?
    var values: [String: [String]] = [:]
    var once = false
    var tanzuPhase = false

    static let options: [String: Set<String>] = [
        "supervisor": ["--supervisor", "--pool", "--vsphere-namespace", "--delay", "--fail", "--fail-package", "--fail-upgrade",
                       "--tkr", "--tkr-incompatible", "--webhook-tls", "--packages"],
        "kapp": ["--context", "--fail"],
    ]

    init(_ words: [String]) throws {
        guard let mode = words.first, let allowed = Self.options[mode] else { throw Usage() }
        self.mode = mode
        var iterator = words.dropFirst().makeIterator()
        while let word = iterator.next() {
            if word == "--once", mode == "kapp" { once = true; continue }
            if word == "--tanzu-phase", mode == "supervisor" { tanzuPhase = true; continue }
            guard word == "--kubeconfig" || allowed.contains(word), let value = iterator.next() else {
                throw KubeError(.configuration, "unknown or incomplete argument '\(word)'")
            }
            if word == "--kubeconfig" { kubeconfig = value } else { values[word, default: []].append(value) }
        }
    }

    subscript(name: String) -> [String] { values[name] ?? [] }
}

struct Usage: Error {
    static let text = """
        usage: peng-simulator supervisor --kubeconfig PATH --supervisor CONTEXT... --pool CONTEXT... [--vsphere-namespace NS...]
                                         [--delay SECONDS] [--fail CLUSTER...] [--fail-package NAME...] [--fail-upgrade CLUSTER...]
                                         [--tkr VERSION...] [--tkr-incompatible VERSION...] [--webhook-tls DIR] [--tanzu-phase]
                                         [--packages FILE]
               peng-simulator kapp --kubeconfig PATH --context CONTEXT... [--fail NAME...] [--once]

        """
}

func runSupervisor(_ arguments: Arguments, kubeconfig: Kubeconfig) async throws {
    guard !arguments["--supervisor"].isEmpty, !arguments["--pool"].isEmpty else { throw Usage() }
    let supervisors = try arguments["--supervisor"].map { try KubeClient(connection: kubeconfig.connection(context: $0)) }
    for supervisor in supervisors {
        try await SimulatedCRDs.install(try SimulatedCRDs.supervisor, on: supervisor)
        for name in arguments["--vsphere-namespace"] {  // what vCenter does when a vSphere Namespace is created
            try await VSphereNamespace(name).create(on: supervisor)
        }
    }
    let delay = Double(arguments["--delay"].last ?? "2") ?? 2
    let simulator = SupervisorSimulator(.init(
        supervisors: supervisors, pool: try arguments["--pool"].map { try kubeconfig.connection(context: $0) },
        delay: .milliseconds(Int(delay * 1000)), failing: Set(arguments["--fail"]), failingPackages: Set(arguments["--fail-package"]),
        releases: arguments["--tkr"].map { ($0, true) } + arguments["--tkr-incompatible"].map { ($0, false) },
        failingUpgrades: Set(arguments["--fail-upgrade"]),
        webhook: try arguments["--webhook-tls"].last.map(VersionSkewWebhook.TLSFiles.load(from:)), tanzuPhase: arguments.tanzuPhase,
        packages: try arguments["--packages"].last.map(RepositoryOfferFile.load)))
    FileHandle.standardError.write(Data("peng-simulator: watching \(supervisors.count) Supervisor(s), \(arguments["--pool"].count) workload plane(s) to hand out\n".utf8))
    try await simulator.run()
}

func runKapp(_ arguments: Arguments, kubeconfig: Kubeconfig) async throws {
    guard !arguments["--context"].isEmpty else { throw Usage() }
    let clients = try arguments["--context"].map { try KubeClient(connection: kubeconfig.connection(context: $0)) }
    let kapp = KappSimulator(failing: Set(arguments["--fail"]))
    repeat {
        for client in clients { await kapp.reconcile(client) }
        if !arguments.once { try await Task.sleep(for: .milliseconds(500)) }
    } while !arguments.once
}

do {
    let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
    let kubeconfig = try Kubeconfig.load(path: arguments.kubeconfig)
    if arguments.mode == "supervisor" { try await runSupervisor(arguments, kubeconfig: kubeconfig) } else { try await runKapp(arguments, kubeconfig: kubeconfig) }
} catch is Usage {
    FileHandle.standardError.write(Data(Usage.text.utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("peng-simulator: \(error)\n".utf8))
    exit(1)
}
