import ArgumentParser
import FleetEngine

/// How long an apply waits (`peng apply`, `peng serve`): for a phase's objects, a cluster on its Supervisor, and one
/// Kubernetes upgrade step. Each takes 1 second to 7 days; a negative value is read as a value, not as a flag.
struct WaitLimits: ParsableArguments {
    @Option(parsing: .unconditional, help: "Seconds to wait for the objects of one phase to become ready.")
    var timeout: Int = 300

    @Option(parsing: .unconditional, help: "Seconds to wait for a cluster on its Supervisor to become ready.")
    var clusterTimeout: Int = 1800

    @Option(parsing: .unconditional, help: "Seconds one Kubernetes upgrade step (one minor version) may take until the Supervisor reports it done.")
    var stepTimeout: Int = 3600

    static let longest = 7 * 24 * 3600

    func validate() throws {
        for (name, value) in [("--timeout", timeout), ("--cluster-timeout", clusterTimeout), ("--step-timeout", stepTimeout)]
            where !(1...Self.longest).contains(value)
        {
            throw ValidationError("\(name) takes 1 to \(Self.longest) seconds (7 days); got \(value)")
        }
    }

    func apply(to options: inout EngineOptions) {
        options.readinessTimeout = .seconds(timeout)
        options.clusterReadinessTimeout = .seconds(clusterTimeout)
        options.upgradeStepTimeout = .seconds(stepTimeout)
    }
}
