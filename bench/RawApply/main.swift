// The API server's own limit for server-side apply: every object of a rendered folder sent as a raw
// SSA PATCH, namespaces first, then everything else with N requests in flight. No plan, no inventory,
// no readiness: what any client would have to pay at least.
// Usage: peng-bench-raw KUBECONFIG CONTEXT FOLDER [CONCURRENCY]
import FleetModel
import Foundation
import KubeClient

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: peng-bench-raw KUBECONFIG CONTEXT FOLDER [CONCURRENCY]\n".utf8))
    exit(2)
}
var options = KubeClient.Options()
options.concurrency = arguments.count > 4 ? Int(arguments[4]) ?? 16 : 16
let client = try KubeClient(connection: Kubeconfig.load(path: arguments[1]).connection(context: arguments[2]), options: options)
let folder = URL(fileURLWithPath: arguments[3])
let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
let objects = try files.map { KubeObject(try JSONValue(parsing: Array(try Data(contentsOf: folder.appendingPathComponent($0))))) }
let namespaces = objects.filter { $0.kind == "Namespace" }
let rest = objects.filter { $0.kind != "Namespace" }

func applyAll(_ batch: [KubeObject]) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for object in batch { group.addTask { _ = try await client.apply(object, fieldManager: "raw-bench") } }
        try await group.waitForAll()
    }
}

let clock = ContinuousClock()
let elapsed = try await clock.measure {
    try await applyAll(namespaces)
    try await applyAll(rest)
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "%d objects in %.2f s (%.0f objects/s)", objects.count, seconds, Double(objects.count) / seconds))
