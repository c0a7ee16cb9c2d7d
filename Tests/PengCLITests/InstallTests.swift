import Foundation
import Testing
import TestHarness

/// `scripts/install`: peng on PATH with completions that complete, as a user installs it.
@Suite("scripts/install")
struct InstallTests {
    static func install(_ arguments: [String]) async throws -> ChildProcess.Output {
        try await ChildProcess.run(PengBinary.repositoryRoot.appendingPathComponent("scripts/install"), arguments, directory: PengBinary.repositoryRoot)
    }

    /// What bash offers for a command line ending at the cursor, through the installed completion script.
    static func bashCompletions(_ script: URL, _ words: [String]) async throws -> [String] {
        let line = words.joined(separator: " ")
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source '\(script.path)'
            COMP_LINE="\(line)"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            _peng peng '\(words.last ?? "")' '\(words.dropLast().last ?? "")'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let output = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), ["-c", program])
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout.split(separator: "\n").map(String.init)
    }

    @Test("installs peng and completions for bash, zsh and fish under the prefix; bash completes commands, options and formats")
    func installsWithCompletions() async throws {
        let prefix = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let run = try await Self.install(["--prefix", prefix.path, "--binary", try PengBinary.url.path])
        try #require(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("installed peng 0.1.0 into \(prefix.path)/bin, with completions for bash, zsh and fish"))
        let version = try await ChildProcess.run(prefix.appendingPathComponent("bin/peng"), ["--version"])
        #expect(version.stdout == "0.1.0\n")
        let bash = prefix.appendingPathComponent("share/bash-completion/completions/peng")
        #expect(try await Self.bashCompletions(bash, ["peng", "pl"]) == ["plan"])
        #expect(try await Self.bashCompletions(bash, ["peng", "upgrade", ""]).contains("write"))
        #expect(try await Self.bashCompletions(bash, ["peng", "order", "--pro"]) == ["--product-version"])
        #expect(try await Self.bashCompletions(bash, ["peng", "render", "-o", ""]) == ["yaml", "json"])
        let zsh = try String(contentsOf: prefix.appendingPathComponent("share/zsh/site-functions/_peng"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef peng"))
        let fish = try String(contentsOf: prefix.appendingPathComponent("share/fish/vendor_completions.d/peng.fish"), encoding: .utf8)
        #expect(fish.contains("complete -c 'peng'"))
        #expect(fish.contains("-l 'product-version'"))
    }

    @Test("a binary that is not there, or a missing value, installs nothing")
    func badInput() async throws {
        let prefix = try PengBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let missing = try await Self.install(["--prefix", prefix.path, "--binary", prefix.appendingPathComponent("no-peng").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("is not an executable peng"))
        let noValue = try await Self.install(["--prefix"])
        #expect(noValue.status != 0)
        #expect(noValue.stderr.contains("--prefix takes a folder"))
        let unknown = try await Self.install(["--prefx", prefix.path])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("usage: scripts/install"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: prefix.path).isEmpty)
    }
}
