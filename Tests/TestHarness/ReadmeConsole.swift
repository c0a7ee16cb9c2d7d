import Foundation
import Testing

/// The README's ```console blocks: each `$ peng …` line and the output shown under it. Tests run each command with
/// the built binary and compare, so the README cannot go stale.
public struct ReadmeConsole: Sendable {
    public struct Example: Sendable, CustomStringConvertible {
        /// The command as the README shows it, without the `$ `.
        public var command: String
        /// The lines shown under it; a line `...` (indented or not) stands for any number of lines.
        public var expected: [String]
        /// The README's line of the command.
        public var line: Int

        public init(command: String, expected: [String], line: Int) {
            self.command = command
            self.expected = expected
            self.line = line
        }

        /// `validate`, `upgrade plan`, …: the words after `peng` up to the first argument that is not a subcommand.
        public var subcommand: String {
            let words = command.split(separator: " ").dropFirst().map(String.init)
            guard let first = words.first else { return "" }
            if ["upgrade", "insights"].contains(first), words.count > 1, ["plan", "write", "jira", "board", "delivery"].contains(words[1]) {
                return "\(first) \(words[1])"
            }
            return first
        }

        public var description: String { "README.md:\(line): $ \(command)" }
    }

    public var examples: [Example]

    public init(readme: URL = PengBinary.repositoryRoot.appendingPathComponent("README.md")) throws {
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        var examples: [Example] = []
        var inConsole = false
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("```") {
                inConsole = line == "```console"
                continue
            }
            guard inConsole else { continue }
            if line.hasPrefix("$ ") {
                examples.append(Example(command: String(line.dropFirst(2)), expected: [], line: index + 1))
            } else if !examples.isEmpty {
                examples[examples.count - 1].expected.append(line)
            }
        }
        // A blank line before the next command only separates examples.
        self.examples = examples.map { example in
            var example = example
            while example.expected.last == "" { example.expected.removeLast() }
            return example
        }
    }

    /// Where `actual` differs from what the example shows, or nil. `...` matches any number of lines; commit ids
    /// (7 or 12 hex digits) match any commit id.
    public static func mismatch(_ example: Example, actual: String) -> String? {
        let actualLines = actual.components(separatedBy: "\n").reversed().drop { $0.isEmpty }.reversed().map(normalised)
        let expected = example.expected.map(normalised)
        // Segments between `...` lines; each must come in order, the first at the start and the last at the end
        // unless a `...` stands there.
        var segments: [[String]] = [[]]
        for line in expected {
            if line.trimmingCharacters(in: .whitespaces) == "..." { segments.append([]) } else { segments[segments.count - 1].append(line) }
        }
        var position = 0
        for (index, segment) in segments.enumerated() {
            let isFirst = index == 0, isLast = index == segments.count - 1
            if segment.isEmpty { continue }
            var found: Int?
            if isLast {
                let start = actualLines.count - segment.count
                if start >= position, Array(actualLines[start...]) == segment { found = start }
            } else if isFirst {
                if actualLines.count >= segment.count, Array(actualLines[0..<segment.count]) == segment { found = 0 }
            } else if actualLines.count >= segment.count {
                found = (position...max(position, actualLines.count - segment.count)).first { start in
                    start + segment.count <= actualLines.count && Array(actualLines[start..<start + segment.count]) == segment
                }
            }
            guard let start = found else {
                return """
                    \(example): these lines are not in the output \(isFirst ? "at its start" : isLast ? "at its end" : "in this order"):
                    \(segment.joined(separator: "\n"))
                    --- the real output:
                    \(actualLines.joined(separator: "\n"))
                    """
            }
            position = start + segment.count
        }
        if segments.count == 1, actualLines.count != expected.count {
            return "\(example): the output has \(actualLines.count) lines, the README shows \(expected.count):\n\(actualLines.joined(separator: "\n"))"
        }
        return nil
    }

    private static func normalised(_ line: String) -> String {
        line.replacing(/\b[0-9a-f]{12}\b/, with: "<commit>").replacing(/\b[0-9a-f]{7}\b/, with: "<commit>")
    }

    /// Runs an example's command through `sh` in `directory`, with the built `peng` first on PATH and every peng
    /// command judged as on `today` (so a release's support dates do not change the output from one day to the next).
    /// Standard error follows standard output as a terminal shows them.
    public static func run(_ example: Example, in directory: URL, today: String, environment extra: [String: String] = [:]) async throws -> PengBinary.Run {
        let binaryFolder = try PengBinary.url.deletingLastPathComponent().path
        var environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        environment["PATH"] = binaryFolder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        // `--today` goes at the end of the peng command, before any pipe.
        var parts = example.command.split(separator: "|", maxSplits: 1).map(String.init)
        parts[0] = parts[0].trimmingCharacters(in: .whitespaces) + " --today \(today) "
        let script = "{ \(parts.joined(separator: "|")) ; } 2>&1"
        let output = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: environment, directory: directory)
        return PengBinary.Run(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }
}
