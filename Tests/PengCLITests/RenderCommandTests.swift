import Foundation
import Testing
import TestHarness

@Suite("peng render")
struct RenderCommandTests {
    @Test("YAML to stdout, one document per object, each naming its target")
    func yaml() async throws {
        let run = try await PengBinary.run("render", "examples/fleet")
        #expect(run.status == 0, "\(run.stderr)")
        let documents = run.stdout.components(separatedBy: "---\n").dropFirst()
        #expect(documents.count > 100)
        #expect(documents.allSatisfy { $0.hasPrefix("# target: supervisor/") || $0.hasPrefix("# target: workload/") })
        let golden = try String(contentsOf: PengBinary.repositoryRoot.appendingPathComponent("Tests/FleetRenderTests/Golden/example-tanzu.yaml"),
                                encoding: .utf8)
        #expect(run.stdout == golden)
    }

    @Test("-o json parses, with every target and its objects")
    func json() async throws {
        let run = try await PengBinary.run("render", "examples/fleet", "-o", "json")
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(targets.map { "\($0["kind"]!)/\($0["name"]!)" } == [
            "supervisor/frankfurt", "supervisor/muenster", "workload/int-shared-01", "workload/prd-checkout-01", "workload/prd-shared-01",
        ])
        #expect(targets[0]["context"] as? String == "supervisor-frankfurt")
        #expect(targets[2]["stage"] as? String == "integration")
        #expect((targets[2]["objects"] as? [Any])?.isEmpty == false)
    }

    @Test("--cluster and --target narrow the output")
    func selection() async throws {
        let run = try await PengBinary.run("render", "examples/fleet", "--cluster", "prd-checkout-01", "-o", "json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let targets = try #require(document["targets"] as? [[String: Any]])
        #expect(targets.map { $0["name"] as? String } == ["muenster", "prd-checkout-01"])
        // Only that cluster's objects on its Supervisor: its Antrea settings, then the cluster.
        let supervisorObjects = try #require(targets[0]["objects"] as? [[String: Any]])
        #expect(supervisorObjects.compactMap { $0["kind"] as? String } == ["AntreaConfig", "TanzuKubernetesCluster"])
        #expect(supervisorObjects.allSatisfy { (($0["metadata"] as? [String: Any])?["name"] as? String)?.hasPrefix("prd-checkout-01") == true })

        let onlySupervisors = try await PengBinary.run("render", "examples/fleet", "--target", "supervisor")
        #expect(!onlySupervisors.stdout.contains("# target: workload/"))
        #expect(onlySupervisors.stdout.contains("kind: TanzuKubernetesCluster"))
    }

    @Test("an unknown --cluster is an error with a suggestion")
    func unknownCluster() async throws {
        let run = try await PengBinary.run("render", "examples/fleet", "--cluster", "prd-shared-1")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no cluster named 'prd-shared-1'"))
        #expect(run.stderr.contains("did you mean 'prd-shared-01'?"))
    }

    @Test("an invalid fleet renders nothing: exit 1, diagnostics on stderr, empty stdout")
    func invalidFleet() async throws {
        let run = try await PengBinary.run("render", "examples/broken")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("clusters.yaml:7:10: error: unknown stage 'integraton'"))
        #expect(run.stderr.contains("nothing was done"))
    }

    @Test("--out writes one folder per target, numbered in apply order, and replaces its own earlier output")
    func outFolder() async throws {
        let out = try PengBinary.temporaryFolder().appendingPathComponent("rendered")
        let first = try await PengBinary.run("render", "examples/fleet", "--out", out.path)
        #expect(first.status == 0, "\(first.stderr)")
        let files = FileManager.default
        let workload = out.appendingPathComponent("workload/int-shared-01")
        let names = try files.contentsOfDirectory(atPath: workload.path).sorted()
        #expect(names.first?.hasPrefix("0001-namespace-") == true)
        #expect(names.last?.contains("packageinstall-search-search-cache") == true, "an order's PackageInstall, last in the custom resources")
        // Package repositories (the platform's and the products') come before every package install.
        let lastRepository = try #require(names.lastIndex { $0.contains("packagerepository") })
        let firstInstall = try #require(names.firstIndex { $0.contains("packageinstall") })
        #expect(lastRepository < firstInstall)
        #expect(names[lastRepository].contains("packagerepository-tkg-system-platform-products"))
        #expect(names.contains { $0.contains("packageinstall-peng-packages-cert-manager") })
        #expect(files.fileExists(atPath: out.appendingPathComponent("supervisor/muenster").path))

        // A stale file from an earlier render disappears; the second run succeeds.
        try Data("stale".utf8).write(to: workload.appendingPathComponent("9999-stale.yaml"))
        let second = try await PengBinary.run("render", "examples/fleet", "--out", out.path, "--cluster", "int-shared-01")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!files.fileExists(atPath: workload.appendingPathComponent("9999-stale.yaml").path))
        #expect(!files.fileExists(atPath: out.appendingPathComponent("workload/prd-shared-01").path))
    }

    @Test("--out refuses a non-empty folder peng did not write, and leaves it untouched")
    func outRefusesForeignFolder() async throws {
        let folder = try PengBinary.temporaryFolder()
        let precious = folder.appendingPathComponent("precious.txt")
        try Data("keep me".utf8).write(to: precious)
        let run = try await PengBinary.run("render", "examples/fleet", "--out", folder.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("was not written by 'peng render --out'"))
        #expect(try String(contentsOf: precious, encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["precious.txt"])
    }
}
