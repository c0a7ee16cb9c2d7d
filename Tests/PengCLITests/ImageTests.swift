import Foundation
import Testing
import TestHarness

/// `scripts/image`: the container image deploy/ names, built here without a base image, read back with skopeo and
/// umoci (OCI tools from Debian), and run from its own root file system.
@Suite("scripts/image")
struct ImageTests {
    static func run(_ executable: String, _ arguments: [String]) async throws -> ChildProcess.Output {
        try await ChildProcess.run(URL(fileURLWithPath: executable), arguments, directory: PengBinary.repositoryRoot)
    }

    @Test("an OCI layout with peng as entrypoint, run as user 65532, complete: every program it holds finds its libraries inside it")
    func imageRunsFromItsOwnRoot() async throws {
        let work = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let layout = work.appendingPathComponent("image").path
        let version = try await Self.run(try PengBinary.url.path, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let build = try await Self.run(PengBinary.repositoryRoot.appendingPathComponent("scripts/image").path,
                                       ["--binary", try PengBinary.url.path, "--out", layout])
        try #require(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(build.stdout.contains("image \(layout):\(version) (peng \(version), "))

        // skopeo reads the layout as a registry would get it.
        let inspect = try await Self.run("/usr/bin/skopeo", ["inspect", "--config", "oci:\(layout):\(version)"])
        try #require(inspect.status == 0, "\(inspect.stderr)")
        let image = try #require(try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any])
        let config = try #require(image["config"] as? [String: Any])
        #expect(config["Entrypoint"] as? [String] == ["/usr/local/bin/peng"])
        #expect(config["User"] as? String == "65532:65532")
        #expect((config["Labels"] as? [String: String])?["org.opencontainers.image.version"] == version)
        #expect(image["os"] as? String == "linux")

        // deploy/ runs this version of the image.
        let deployment = try String(contentsOf: PengBinary.repositoryRoot.appendingPathComponent("deploy/deployment.yaml"), encoding: .utf8)
        #expect(deployment.contains("image: registry.example.internal/platform/peng:\(version)\n"))

        // Unpacked as a runtime does, every program finds every library inside the image (the loader lists them
        // from the image's own root) and runs there.
        let bundle = work.appendingPathComponent("bundle").path
        let unpack = try await Self.run("/usr/bin/umoci", ["unpack", "--image", "\(layout):\(version)", bundle])
        try #require(unpack.status == 0, "\(unpack.stderr)")
        let root = bundle + "/rootfs"
        for program in ["/usr/local/bin/peng", "/usr/bin/git", "/usr/lib/git-core/git-remote-https", "/usr/bin/ssh", "/bin/sh"] {
            let list = try await Self.run("/usr/sbin/chroot", [root, "/lib64/ld-linux-x86-64.so.2", "--list", program])
            #expect(list.status == 0 && !list.stdout.contains("not found"), "\(program) in the image: \(list.stdout)\(list.stderr)")
        }
        let peng = try await Self.run("/usr/sbin/chroot", ["--userspec=65532:65532", root, "/usr/local/bin/peng"])
        #expect(peng.status == 0, "\(peng.stderr)")
        #expect(peng.stdout.contains("USAGE: peng <subcommand>"))
        // git opens /dev/null, which a container runtime provides in every container.
        try FileManager.default.createDirectory(atPath: root + "/dev", withIntermediateDirectories: true)
        let null = try await Self.run("/usr/bin/mknod", ["-m", "666", root + "/dev/null", "c", "1", "3"])
        try #require(null.status == 0, "\(null.stderr)")
        let git = try await Self.run("/usr/sbin/chroot", ["--userspec=65532:65532", root, "/usr/bin/git", "--version"])
        #expect(git.stdout.hasPrefix("git version "), "\(git.stderr)")
        let home = try FileManager.default.attributesOfItem(atPath: root + "/home/peng")
        #expect(home[.ownerAccountID] as? Int == 65532)
        #expect(FileManager.default.fileExists(atPath: root + "/etc/ssl/certs/ca-certificates.crt"))
    }

    @Test("a binary that is not there, or an unknown option, writes no image")
    func badInput() async throws {
        let work = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let layout = work.appendingPathComponent("image").path
        let script = PengBinary.repositoryRoot.appendingPathComponent("scripts/image").path
        let missing = try await Self.run(script, ["--binary", work.appendingPathComponent("no-peng").path, "--out", layout])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("is not an executable peng"))
        let unknown = try await Self.run(script, ["--output", layout])
        #expect(unknown.status == 64)
        #expect(!FileManager.default.fileExists(atPath: layout))
    }
}
