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
    public init(name: String = "plane") throws {
        let root = ProcessInfo.processInfo.environment["PENG_TEST_ROOT"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        directory = root.appendingPathComponent("peng-\(name)-\(UUID().uuidString.prefix(8))")
        context = name
        let output = try Self.run(["plane", "start", directory.path, name])
        kubeconfigPath = output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        stop()
    }

    /// Stops the plane and removes its files. Tests with a plane of their own call this at the end: Swift may
    /// release an object after its last use, so relying on deinit alone could stop a plane mid-test.
    public func stop() {
        _ = try? Self.run(["plane", "stop", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    public func kubeconfig() throws -> Kubeconfig { try Kubeconfig.load(path: kubeconfigPath) }

    /// A client as the admin (token) user, or through another context of the same kubeconfig.
    public func client(context: String? = nil, options: KubeClient.Options = .init()) throws -> KubeClient {
        try KubeClient(connection: kubeconfig().connection(context: context ?? self.context), options: options)
    }

    /// Stops only the API server; etcd keeps the data.
    public func stopAPIServer() throws { _ = try Self.run(["plane", "stop", directory.path, "--apiserver-only"]) }

    /// Starts the API server again on the same port.
    public func resumeAPIServer() throws { _ = try Self.run(["plane", "resume", directory.path]) }

    /// Installs kapp-controller's packaging CRDs (PackageRepository, PackageInstall) and waits until they are served.
    public func installPackagingCRDs() async throws {
        try await SimulatedCRDs.install(SimulatedCRDs.packaging, on: client())
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PENG_PLANE_OWNER"] = String(ProcessInfo.processInfo.processIdentifier)
        process.environment = environment
        // Files, not pipes: the servers and the watchdog the script leaves running inherit the script's
        // descriptors, so a pipe would never reach end-of-file.
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("peng-testenv-\(UUID().uuidString).out")
        let errURL = outURL.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = (try? Data(contentsOf: errURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw ControlPlaneError(message: "scripts/testenv \(arguments.joined(separator: " ")) failed:\n"
                + String(decoding: stderr, as: UTF8.self) + "\nrun 'scripts/testenv install' to install etcd and build kube-apiserver")
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}

public struct ControlPlaneError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
