import ArgumentParser
import FleetModel
import FleetRender
import FleetRepository
import Foundation

/// `peng render`: the desired objects of every target, as YAML or JSON, to stdout or a folder.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the objects the fleet means, per Supervisor and per workload cluster.",
        discussion: """
            Objects come in apply order, byte for byte the same for the same fleet. --out DIR writes \
            DIR/<kind>/<name>/NNNN-*.yaml and only ever replaces a folder it wrote itself.

            \(ExitStatus.help("0 rendered", "1 an invalid fleet, an unknown cluster, or a folder that cannot be written"))
            """)

    @OptionGroup var input: FleetInput

    @Option(name: .customLong("cluster"), help: "Only this cluster (repeatable): its workload objects and its Supervisor objects.")
    var clusters: [String] = []

    @Option(help: "Which targets: supervisor, workload or all.")
    var target: TargetSelection = .all

    @Option(name: .shortAndLong, help: "Output format: yaml or json.")
    var output: ObjectFormat = .yaml

    @Option(name: .customLong("out"), help: "Write one folder per target under this folder instead of printing.",
            completion: .directory)
    var outDirectory: String?

    func run() throws {
        let validated = try input.requireValid()
        let rendered = try RenderSelection(clusters: clusters, target: target).apply(to: input.pipeline.render(validated),
                                                                                 fleet: validated.fleet)
        if let outDirectory {
            try RenderWriter(root: URL(fileURLWithPath: outDirectory), format: output).write(rendered)
            // The folder as the user named it, so the line reads the same on every machine.
            Output.standardError.write("wrote \(rendered.objectCount) objects for \(rendered.targets.count) targets into \(outDirectory)\n")
        } else {
            Output.standardOutput.write(output == .json ? rendered.jsonDocument() : rendered.yamlStream())
        }
    }
}

enum TargetSelection: String, ExpressibleByArgument, CaseIterable {
    case supervisor, workload, all
}

/// `--cluster` and `--target` applied to a rendered fleet.
struct RenderSelection {
    var clusters: [String]
    var target: TargetSelection

    /// Every named cluster exists; else an error with a did-you-mean.
    func checkClusters(_ fleet: Fleet) throws {
        let known = fleet.clusters.map(\.name)
        for name in clusters where !known.contains(name) {
            throw UserError("no cluster named '\(name)' in the fleet", hint: closest(name, known))
        }
    }

    func apply(to rendered: RenderedFleet, fleet: Fleet) throws -> RenderedFleet {
        try checkClusters(fleet)
        var result = rendered
        result.targets = rendered.targets.compactMap { target in
            switch (self.target, target.kind) {
            case (.supervisor, .workload), (.workload, .supervisor): return nil
            default: break
            }
            guard !clusters.isEmpty else { return target }
            var filtered = target
            if target.kind == .workload {
                return clusters.contains(target.name) ? target : nil
            }
            filtered.objects = target.objects.filter { clusters.contains(target.cluster[$0.ref] ?? "") }
            return filtered.objects.isEmpty ? nil : filtered
        }
        return result
    }

    private func closest(_ name: String, _ known: [String]) -> String {
        guard !known.isEmpty else { return "the fleet has no clusters" }
        let clusters = "clusters: \(known.joined(separator: ", "))"
        return Suggestion.closest(to: name, in: known).map { "did you mean '\($0)'? \(clusters)" } ?? clusters
    }
}
