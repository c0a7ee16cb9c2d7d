import FleetLoader
import FleetModel
import Foundation
import KubeClient
import SupervisorSimulator
import Testing

/// A real etcd + kube-apiserver for one test suite, started and stopped through `scripts/testenv`.
/// When the binaries are missing the test fails with the command that installs them — it never skips.
public final class LocalControlPlane: @unchecked Sendable {
    public let directory: URL
    public let kubeconfigPath: String
    public let context: String

    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var script: String { repositoryRoot.appendingPathComponent("scripts/testenv").path }

    /// Starts a fresh control plane (about 5 s).
    public static func start(name: String = "plane") async throws -> LocalControlPlane {
        let directory = testRoot.appendingPathComponent("peng-\(name)-\(UUID().uuidString.prefix(8))")
        let output = try await run(["plane", "start", directory.path, name])
        return LocalControlPlane(directory: directory, context: name, kubeconfigPath: output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    init(directory: URL, context: String, kubeconfigPath: String) {
        self.directory = directory
        self.context = context
        self.kubeconfigPath = kubeconfigPath
    }

    /// Where the planes of this test run live (`scripts/test` sets PENG_TEST_ROOT and removes it at the end).
    static var testRoot: URL {
        ProcessInfo.processInfo.environment["PENG_TEST_ROOT"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
    }

    /// Stops the plane and removes its files. Tests with a plane of their own call this at the end; the plane's
    /// watchdog stops it anyway when the test process ends.
    public func stop() async {
        _ = try? await Self.run(["plane", "stop", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    public func kubeconfig() throws -> Kubeconfig { try Kubeconfig.load(path: kubeconfigPath) }

    /// A client as the admin (token) user, or through another context of the same kubeconfig.
    public func client(context: String? = nil, options: KubeClient.Options = .init()) throws -> KubeClient {
        try KubeClient(connection: kubeconfig().connection(context: context ?? self.context), options: options)
    }

    /// Stops only the API server; etcd keeps the data.
    public func stopAPIServer() async throws { _ = try await Self.run(["plane", "stop", directory.path, "--apiserver-only"]) }

    /// Starts the API server again on the same port.
    public func resumeAPIServer() async throws { _ = try await Self.run(["plane", "resume", directory.path]) }

    /// Installs kapp-controller's packaging CRDs (PackageRepository, PackageInstall), waits until they are served, and
    /// creates its global packaging namespace, as a TKGS cluster has them.
    public func installPackagingCRDs() async throws {
        try await SimulatedCRDs.prepareWorkload(client())
    }

    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["PENG_PLANE_OWNER"] = String(ProcessInfo.processInfo.processIdentifier)
        let output = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [script] + arguments, environment: environment)
        guard output.status == 0 else {
            throw ControlPlaneError(message: "scripts/testenv \(arguments.joined(separator: " ")) failed:\n"
                + output.stderr + "\nrun 'scripts/testenv install' to install etcd and build kube-apiserver")
        }
        return output.stdout
    }
}

public struct ControlPlaneError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
