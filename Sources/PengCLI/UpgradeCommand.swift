import ArgumentParser
import FleetEngine
import FleetLoader
import FleetModel
import FleetRepository
import FleetUpgrade
import Foundation

/// `peng upgrade`: `plan` shows the paths; without a subcommand, the version change as a reviewed Git change.
struct UpgradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Plan upgrades (peng upgrade plan) and write them into the fleet (peng upgrade FLEET --to VERSION --write).",
        subcommands: [UpgradePlanCommand.self, UpgradeWriteCommand.self],
        defaultSubcommand: UpgradeWriteCommand.self)
}

/// `peng upgrade FLEET --to VERSION [--stage S] --write`: the version change as a reviewed Git change.
struct UpgradeWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Move clusters to a Kubernetes release by editing the fleet: only the version lines change.",
        discussion: """
            Without --write it shows the lines it would change. With --write it edits the fleet files in place: only \
            the 'kubernetes' values of the selected clusters change; comments, key order, quoting and every other byte \
            stay. It refuses to move a stage ahead of the one before it: a stage takes a release only when every \
            cluster of the stage before has run it healthy for the Platform's upgrades.soak (read from the \
            Supervisors); --force --reason TEXT overrides. The edited fleet is validated before anything is written. \
            It prints the git commands to commit and open a merge request; it never commits or pushes. 'peng apply' \
            then walks the steps one minor version at a time. 'write' is the default subcommand: 'peng upgrade FLEET \
            --to V' is 'peng upgrade write FLEET --to V'.

            \(ExitStatus.help("0 shown or written", "1 not written (the soak rule, an unknown release, an edit that would make the fleet invalid)"))
            """)

    @OptionGroup var input: FleetInput
    @OptionGroup var access: ClusterAccess
    @OptionGroup var to: UpgradeTarget

    @Flag(help: "Edit the fleet files in place.")
    var write = false

    @OptionGroup var soak: SoakOverride

    func run() async throws {
        let validated = try input.requireValid()
        let selected = try access.selection(validated).map(\.cluster)
        guard let target = try to.resolve(validated, clusters: selected) else {
            throw UserError("peng upgrade needs --to VERSION", hint: "e.g. --to v1.28 or --to latest; 'peng upgrade plan' shows the paths")
        }
        let moving = selected.filter { validated.release(of: $0) != target.release }
        guard !moving.isEmpty else {
            Output.standardOutput.write("Nothing to change: every selected cluster already gets \(target.release.version).\n")
            return
        }
        try await checkSoak(moving, release: target.release, validated: validated)
        let edits = moving.map { VersionScalarEditor.Edit(location: $0.locations["kubernetes"], old: $0.kubernetes, new: target.written) }
        let files = try FleetFileEdit(root: input.rootURL, pipeline: input.pipeline).edited(edits)
        for (cluster, edit) in zip(moving, edits) {
            Output.standardOutput.write("\(edit.location.file):\(edit.location.line): kubernetes: \(edit.old) -> \(edit.new)   (\(cluster.name), \(cluster.stage))\n")
        }
        guard write else {
            Output.standardOutput.write("Not written: run again with --write to change these lines.\n")
            return
        }
        try files.write()
        let stages = validated.fleet.platform.stages.filter { stage in moving.contains { $0.stage == stage } }
        Output.standardOutput.write(gitCommands(files: files.changedFiles, stages: stages, release: target.release))
    }

    /// A stage moves only when the stage before it has soaked at the release (unless forced).
    private func checkSoak(_ moving: [Cluster], release: ResolvedRelease, validated: ValidatedFleet) async throws {
        let rule = SoakRule(validated)
        let stages = validated.fleet.platform.stages.filter { stage in moving.contains { $0.stage == stage } }
        let needing = stages.filter { rule.previousStage(of: $0) != nil }
        guard !needing.isEmpty else { return }
        let records: ReleaseRecords
        do { records = ReleaseRecords(fleet: validated.fleet, connector: try access.connector()) } catch {
            if soak.forcedReason != nil { return }
            throw UserError("cannot check the soak rule for \(needing.joined(separator: ", ")): \(error)",
                            hint: "pass --kubeconfig that reaches the Supervisors, or --force --reason TEXT")
        }
        var refusals: [String] = []
        for stage in needing {
            let verdict = await records.soakVerdict(stage: stage, release: release.version, rule: rule, now: Clock.now())
            if !verdict.clear { refusals.append("\(stage): \(verdict.explanation(release: release.version, soak: validated.soak))") }
        }
        guard !refusals.isEmpty else { return }
        if let reason = soak.forcedReason {
            Output.standardError.write("warning: moving past the soak rule (--force): \(reason)\n" + refusals.map { "  \($0)\n" }.joined())
            return
        }
        throw UserError("not written: a stage would move ahead of the one before it\n" + refusals.map { "    \($0)" }.joined(separator: "\n"),
                        hint: "upgrade the earlier stage first and let it soak (\(validated.soak)); or --force --reason TEXT")
    }

    private func gitCommands(files: [String], stages: [String], release: ResolvedRelease) -> String {
        let short = release.version.description.split(separator: "+").first.map(String.init) ?? release.version.description
        let branch = "upgrade-\(stages.joined(separator: "-"))-\(short)"
        var message = "Upgrade \(stages.joined(separator: " and ")) to \(release.version)"
        if let reason = soak.forcedReason { message += "\n\nForced past the soak rule: \(reason)" }
        let git = input.fleet == "." ? "git" : "git -C \(Shell.quote(input.fleet))"
        var out = "Written: \(files.count) file\(files.count == 1 ? "" : "s"). Review the change, then commit it and open a merge request:\n"
        out += "  \(git) checkout -b \(branch)\n"
        out += "  \(git) add \(files.map(Shell.quote).joined(separator: " "))\n"
        out += "  \(git) commit -m \(Shell.quote(message))\n"
        out += "  \(git) push -u origin \(branch)   # then open the merge request; 'peng plan' shows what apply will do\n"
        if soak.forcedReason != nil {
            out += "The stage has not soaked: apply it with --force --reason \(Shell.quote(soak.forcedReason ?? "")) (recorded on each cluster).\n"
        }
        return out
    }
}

/// The fleet's files with version scalars edited, validated as a whole before anything is written.
struct FleetFileEdit {
    var root: URL
    var pipeline: FleetPipeline

    struct Edited {
        var root: URL
        var texts: [String: String]
        var changedFiles: [String] { texts.keys.sorted() }

        func write() throws {
            for (file, text) in texts {
                try Data(text.utf8).write(to: root.appendingPathComponent(file), options: .atomic)
            }
        }
    }

    /// The files' new texts; throws (writing nothing) when an edit does not apply or the edited fleet is invalid.
    func edited(_ edits: [VersionScalarEditor.Edit]) throws -> Edited {
        var isDirectory: ObjCBool = false
        let base = FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            ? root.deletingLastPathComponent() : root
        var texts: [String: String] = [:]
        for file in Set(edits.map(\.location.file)).sorted() {
            let original = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
            do { texts[file] = try VersionScalarEditor().apply(edits, to: original, file: file) } catch let error as VersionScalarEditor.EditError {
                throw UserError("nothing written: \(error.description)")
            }
        }
        try check(texts)
        return Edited(root: base, texts: texts)
    }

    /// Loads and validates the fleet as it would be with the new texts, before anything is written.
    private func check(_ texts: [String: String]) throws {
        let result = pipeline.validate(root, overlay: texts)
        guard result.validated == nil else { return }
        DiagnosticPrinter(stream: .standardError).print(result.diagnostics)
        throw UserError("nothing written: the fleet would not be valid with this change", hint: "fix what the diagnostics above name, or choose another --to")
    }
}
