import Foundation
import Testing
import TestHarness

/// `peng upgrade` as a user runs it: on a copy of the example offline, and against a real local Supervisor with the
/// simulator (its admission webhook included) for the soak rule.
@Suite("peng upgrade: plan, write, soak")
struct UpgradeCommandTests {
    static let preview = "v1.28.8+vmware.1-fips.1-tkg.2"

    /// A copy of the example fleet.
    static func exampleCopy() throws -> URL {
        let folder = try PengBinary.temporaryFolder().appendingPathComponent("fleet")
        try FileManager.default.copyItem(at: PengBinary.repositoryRoot.appendingPathComponent("examples/fleet"), to: folder)
        return folder
    }

    /// Every file of a fleet folder, by relative path.
    static func contents(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            files[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test("--write on the example changes only the version scalar of the integration cluster; every other byte stays")
    func writeChangesOnlyVersionLines() async throws {
        let folder = try Self.exampleCopy()
        let before = try Self.contents(folder)
        let run = try await PengBinary.run(["upgrade", folder.path, "--to", Self.preview, "--stage", "integration", "--write", "--today", "2026-11-27"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("clusters/integration.yaml:10: kubernetes: v1.27 -> \(Self.preview)   (int-shared-01, integration)"))
        #expect(run.stdout.contains("git -C \(folder.path) commit -m 'Upgrade integration to \(Self.preview)'"))
        let after = try Self.contents(folder)
        #expect(Set(after.keys) == Set(before.keys))
        for (file, data) in before where file != "clusters/integration.yaml" { #expect(after[file] == data, "\(file) changed") }
        let old = String(decoding: before["clusters/integration.yaml"]!, as: UTF8.self).components(separatedBy: "\n")
        let new = String(decoding: after["clusters/integration.yaml"]!, as: UTF8.self).components(separatedBy: "\n")
        #expect(old.count == new.count)
        let changed = old.indices.filter { old[$0] != new[$0] }
        #expect(changed == [9])
        #expect(new[9] == old[9].replacingOccurrences(of: "kubernetes: v1.27 ", with: "kubernetes: \(Self.preview) "))
        let validate = try await PengBinary.run(["validate", folder.path, "--today", "2026-11-27"])
        #expect(validate.status == 0)
    }

    @Test("an unknown, preview-only or expired target is an error with a remedy, and nothing is written")
    func invalidTargets() async throws {
        let folder = try Self.exampleCopy()
        let before = try Self.contents(folder)
        let unknown = try await PengBinary.run(["upgrade", folder.path, "--to", "v1.72", "--write", "--today", "2026-11-27"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("--to v1.72: no release in the catalog matches"))
        #expect(unknown.stderr.contains("did you mean 'v1.27'?"))
        let preview = try await PengBinary.run(["upgrade", folder.path, "--to", "v1.28", "--write", "--today", "2026-11-27"])
        #expect(preview.status == 1)
        #expect(preview.stderr.contains("matches only the preview release \(Self.preview)") && preview.stderr.contains("pin it: --to \(Self.preview)"))
        let expired = try await PengBinary.run(["upgrade", folder.path, "--to", "v1.25", "--write", "--today", "2026-11-27"])
        #expect(expired.status == 1 && expired.stderr.contains("is expired"))
        let dry = try await PengBinary.run(["upgrade", folder.path, "--to", Self.preview, "--stage", "integration", "--today", "2026-11-27"])
        #expect(dry.status == 0 && dry.stdout.contains("Not written: run again with --write"))
        #expect(try Self.contents(folder) == before)
    }

    @Test("an edit that would make the fleet invalid writes nothing and says why")
    func invalidAfterEdit() async throws {
        var fleet = UpgradeFixture.fleet("cliinv", kubernetes: [:])
        fleet.extensionCatalog = UpgradeFixture.catalog.replacingOccurrences(of: "\">=1.26 <1.30\"", with: "\">=1.26 <1.28\"")
        let folder = try fleet.write()
        let before = try Self.contents(folder)
        let run = try await PengBinary.run(["upgrade", folder.path, "--to", "v1.28.8+vmware.1-tkg.1", "--stage", "integration", "--write",
                                            "--today", "2026-11-27"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("extension 'prometheus' has no catalog version for Kubernetes v1.28.8+vmware.1-tkg.1"))
        #expect(run.stderr.contains("nothing written: the fleet would not be valid with this change"))
        #expect(try Self.contents(folder) == before)
    }

    @Test("production is refused while integration soaks and allowed after it (time injected); plan, status and apply show the path")
    func soakThroughTheCLI() async throws {
        let setup = try await SupervisorSetup(pool: 2, delay: .milliseconds(500), releases: [
            ("v1.25.13+vmware.1-tkg.1", true), ("v1.26.13+vmware.1-tkg.3", true), ("v1.27.11+vmware.1-tkg.2", true),
        ], webhook: true)
        defer { Task { await setup.stop() } }
        let fleet = UpgradeFixture.fleet("clisoak", kubernetes: ["clisoak-int": "v1.25", "clisoak-prd": "v1.25"], soak: "72h")
        try await setup.createVSphereNamespace(fleet.vsphereNamespace)
        let folder = try fleet.write()
        let access = ["--kubeconfig", setup.planes.kubeconfigPath, "--context", "dc1=\(setup.supervisorContext)", "--today", "2026-11-27"]
        let created = try await PengBinary.run(["apply", folder.path, "--timeout", "600"] + access)
        #expect(created.status == 0, "\(created.stdout)\(created.stderr)")

        let plan = try await PengBinary.run(["upgrade", "plan", folder.path, "--to", "v1.27", "--detailed-exitcode"] + access)
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("clisoak-prd (Supervisor dc1): runs v1.25.13+vmware.1-tkg.1, wants v1.27.11+vmware.1-tkg.2: 2 steps"))
        #expect(plan.stdout.contains("before: extension prometheus 2.43.0+vmware.1-tkg.1 -> 2.45.0+vmware.1-tkg.2"))
        #expect(plan.stdout.contains("soak: production may not take v1.27.11+vmware.1-tkg.2 yet"))
        let integration = try await PengBinary.run(["upgrade", folder.path, "--to", "v1.26", "--stage", "integration", "--write"] + access)
        #expect(integration.status == 0, "\(integration.stderr)")
        let applied = try await PengBinary.run(["apply", folder.path, "--timeout", "600", "--step-timeout", "900"] + access)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("upgrade v1.25.13+vmware.1-tkg.1 -> v1.26.13+vmware.1-tkg.3: done in"))

        let status = try await PengBinary.run(["status", folder.path] + access)
        let intRow = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("integration") })
        #expect(intRow.contains("soaking, 72h left"), "\(status.stdout)")
        let prdRow = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("production") })
        #expect(prdRow.contains("v1.27.11 (2 steps, 2 ext)"), "\(status.stdout)")

        let production = folder.appendingPathComponent("fleet.yaml")
        let before = try Data(contentsOf: production)
        let refused = try await PengBinary.run(["upgrade", folder.path, "--to", "v1.26", "--stage", "production", "--write"] + access)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("production: soaking, 72h left: integration cluster 'clisoak-int' has run v1.26.13+vmware.1-tkg.3 for less than 72h"))
        #expect(try Data(contentsOf: production) == before)

        let later = ["PENG_NOW": String(Int(Date().timeIntervalSince1970) + 73 * 3600)]
        let allowed = try await PengBinary.run(["upgrade", folder.path, "--to", "v1.26", "--stage", "production", "--write"] + access,
                                               environment: later)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let pending = try await PengBinary.run(["upgrade", "plan", folder.path, "-o", "json", "--detailed-exitcode"] + access, environment: later)
        #expect(pending.status == 2, "\(pending.stdout)\(pending.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(pending.stdout.utf8)) as? [String: Any])
        let clusters = try #require(report["clusters"] as? [[String: Any]])
        let prd = try #require(clusters.first { $0["cluster"] as? String == "clisoak-prd" })
        #expect((prd["steps"] as? [[String: Any]])?.map { $0["to"] as? String } == ["v1.26.13+vmware.1-tkg.3"])
        #expect((report["stages"] as? [[String: Any]])?.allSatisfy { $0["clear"] as? Bool == true } == true)
        let finished = try await PengBinary.run(["apply", folder.path, "--timeout", "600"] + access, environment: later)
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")
        #expect(finished.stdout.contains("clisoak-prd") && finished.stdout.contains("upgrade v1.25.13+vmware.1-tkg.1 -> v1.26.13+vmware.1-tkg.3: done in"))
    }
}
