import FleetEngine

/// The engine's events as the progress lines `peng apply` prints on stderr.
enum ProgressLines {
    static func line(for event: EngineEvent) -> String? {
        switch event {
        case .stageStarted(let stage, let clusters):
            return "stage \(stage): \(clusters) cluster\(clusters == 1 ? "" : "s")"
        case .stageHeld(let gate):
            return "stopping: \(gate)"
        case .stepStarted(let target, .cluster, let objects):
            return "\(target): planning \(objects) objects"
        case .stepStarted(let target, .supervisor, let objects):
            return "\(target): applying \(objects) object\(objects == 1 ? "" : "s") to the Supervisor"
        case .waiting(let target, let pending, let first, let reason):
            return "\(target): waiting for \(pending) object\(pending == 1 ? "" : "s") to become ready (\(first): \(reason))"
        case .upgradeStep(let target, let from, let to, let index, let count):
            return "\(target): upgrade step \(index) of \(count): \(from) -> \(to)"
        case .extensionsMoved(let target, let moves):
            return "\(target): extensions \(moves.joined(separator: ", "))"
        case .insecureTLS(let target, let context):
            return "warning: \(target): TLS verification is off for context '\(context)' because the kubeconfig says insecure-skip-tls-verify"
        case .interrupted:
            return "interrupted: stopped; everything applied so far is recorded, so running the same command again finishes the job"
        case .stageFinished, .stepFinished, .objectApplied, .pruned, .refused, .done:
            return nil
        }
    }

    /// Writes each event's line to stderr.
    static let printer: EngineEvents = { event in
        if let line = line(for: event) { Output.standardError.write(line + "\n") }
    }
}
