// peng-simulator — FOR TESTS AND THE LOCAL DEMO ONLY. It plays the controllers a real platform runs and that
// cannot run here: for now kapp-controller, marking PackageRepositories and PackageInstalls reconciled (or failed,
// for names listed in --fail) on real local API servers, so that `peng apply` can wait for them as it would on
// a TKGS cluster. It never touches anything else.
//
// Usage: peng-simulator kapp --kubeconfig PATH --context NAME [--context NAME...] [--fail NAME...] [--once]
import FleetModel
import Foundation
import KubeClient

struct Arguments {
    var kubeconfig: String?
    var contexts: [String] = []
    var failing: Set<String> = []
    var once = false

    init(_ words: [String]) throws {
        var iterator = words.makeIterator()
        while let word = iterator.next() {
            switch word {
            case "--kubeconfig": kubeconfig = iterator.next()
            case "--context": if let value = iterator.next() { contexts.append(value) }
            case "--fail": if let value = iterator.next() { failing.insert(value) }
            case "--once": once = true
            default: throw KubeError(.configuration, "unknown argument '\(word)'")
            }
        }
        guard !contexts.isEmpty else { throw KubeError(.configuration, "give at least one --context") }
    }
}

/// Marks every packaging object without a final condition as reconciled (or failed when its name is in `failing`).
func reconcile(_ client: KubeClient, failing: Set<String>) async {
    for kind in ["PackageRepository", "PackageInstall"] {
        guard let objects = try? await client.list(apiVersion: "packaging.carvel.dev/v1alpha1", kind: kind) else { continue }
        for object in objects {
            let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
            let generation = object[path: "metadata", "generation"]?.intValue ?? 1
            let observed = object[path: "status", "observedGeneration"]?.intValue ?? 0
            if observed == generation, conditions.contains(where: { $0["status"]?.stringValue == "True" }) { continue }
            let fails = failing.contains(object.name)
            let status: JSONValue = [
                "observedGeneration": .int(generation),
                "conditions": [[
                    "type": fails ? "ReconcileFailed" : "ReconcileSucceeded", "status": "True",
                ]],
                "friendlyDescription": fails ? "Reconcile failed (simulated)" : "Reconcile succeeded (simulated)",
                "usefulErrorMessage": fails ? "simulated failure: the package could not be installed" : "",
            ]
            _ = try? await client.patchStatus(object.ref, status: status)
        }
    }
}

let words = Array(CommandLine.arguments.dropFirst())
guard words.first == "kapp" else {
    FileHandle.standardError.write(Data("usage: peng-simulator kapp --kubeconfig PATH --context NAME... [--fail NAME...] [--once]\n".utf8))
    exit(2)
}
do {
    let arguments = try Arguments(Array(words.dropFirst()))
    let kubeconfig = try Kubeconfig.load(path: arguments.kubeconfig)
    let clients = try arguments.contexts.map { try KubeClient(connection: kubeconfig.connection(context: $0)) }
    repeat {
        for client in clients { await reconcile(client, failing: arguments.failing) }
        if !arguments.once { try await Task.sleep(for: .milliseconds(500)) }
    } while !arguments.once
} catch {
    FileHandle.standardError.write(Data("peng-simulator: \(error)\n".utf8))
    exit(1)
}
