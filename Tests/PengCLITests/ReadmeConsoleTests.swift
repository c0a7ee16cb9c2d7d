import Foundation
import Testing
import TestHarness

/// The README's console examples are the binary's real output on the bundled example: the ones that read only the
/// fleet here, the ones that need Supervisors in `ReadmeLiveTests` (ServeTests).
@Suite("README console examples")
struct ReadmeConsoleTests {
    /// The day every example is judged on (the example's releases have support dates).
    static let today = "2026-12-01"
    static let offline: Set<String> = ["validate", "render", "products", "order"]
    static let live: Set<String> = ["plan", "status", "upgrade plan", "upgrade"]

    @Test("every console example in the README is checked by one of the two tests")
    func everyExampleChecked() throws {
        let examples = try ReadmeConsole().examples
        #expect(examples.count >= 10, "the README's console examples were not found: \(examples)")
        for example in examples {
            #expect(Self.offline.union(Self.live).contains(example.subcommand), "no test checks \(example)")
            #expect(example.command.hasPrefix("peng "), "\(example) is not a peng command")
        }
        #expect(Set(examples.map(\.subcommand)) == Self.offline.union(Self.live))
    }

    @Test("the README's validate, render, products and order examples print what the binary prints")
    func offlineExamples() async throws {
        let examples = try ReadmeConsole().examples.filter { Self.offline.contains($0.subcommand) }
        #expect(examples.count >= 6)
        // A copy of examples/ to run in: render --out writes, and nothing may be written into the checkout.
        let work = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: PengBinary.repositoryRoot.appendingPathComponent("examples"), to: work.appendingPathComponent("examples"))
        // `peng order .` runs in a git work tree of the example fleet.
        let fleet = work.appendingPathComponent("fleet")
        try FileManager.default.copyItem(at: PengBinary.repositoryRoot.appendingPathComponent("examples/fleet"), to: fleet)
        _ = try await TestGit.commitAll(fleet)
        for example in examples {
            let run = try await ReadmeConsole.run(example, in: example.subcommand == "order" ? fleet : work, today: Self.today)
            if let mismatch = ReadmeConsole.mismatch(example, actual: run.stdout) { Issue.record(Comment(rawValue: mismatch)) }
        }
    }

    @Test("a stale example is caught: a changed count, a missing line, lines out of order")
    func staleExampleCaught() {
        let example = ReadmeConsole.Example(command: "peng render x", expected: ["a", "...", "c", "d"], line: 1)
        #expect(ReadmeConsole.mismatch(example, actual: "a\nb\nc\nd\n") == nil)
        #expect(ReadmeConsole.mismatch(example, actual: "a\nc\nd\n") == nil)
        #expect(ReadmeConsole.mismatch(example, actual: "a\nb\nd\nc\n") != nil)
        #expect(ReadmeConsole.mismatch(example, actual: "x\nb\nc\nd\n") != nil)
        let exact = ReadmeConsole.Example(command: "peng render x --out y", expected: ["wrote 171 objects"], line: 1)
        #expect(ReadmeConsole.mismatch(exact, actual: "wrote 198 objects\n") != nil)
        #expect(ReadmeConsole.mismatch(exact, actual: "wrote 171 objects\nmore\n") != nil)
        let commit = ReadmeConsole.Example(command: "peng status", expected: ["none   6814193"], line: 1)
        #expect(ReadmeConsole.mismatch(commit, actual: "none   a1b2c3d\n") == nil)
    }
}
