import FleetLoader
import FleetModel
import Foundation

/// A team's order, filed as a Git change: the Order document written at its documented place in the fleet
/// (`orders/<team>/<name>-<stage>.yaml`), the whole fleet validated with it, and — only when it is valid — a commit
/// on a new branch. The work tree, the index and the current branch are never touched. The CLI and a future
/// service's order form use the same filing.
public struct OrderFiling: Sendable {
    public struct Request: Sendable {
        public var product: String
        public var team: String
        public var stage: String
        public var namespace: String
        /// A version prefix or a full version; nil: the newest supported version's major.minor.
        public var version: String?
        /// NAME=VALUE, typed by the product's parameter types.
        public var settings: [(String, String)]
        /// nil: `<namespace>-<product>`.
        public var name: String?

        public init(product: String, team: String, stage: String, namespace: String, version: String?, settings: [(String, String)], name: String?) {
            self.product = product
            self.team = team
            self.stage = stage
            self.namespace = namespace
            self.version = version
            self.settings = settings
            self.name = name
        }
    }

    public struct Filed: Sendable {
        public var branch: String
        public var commit: String
        /// Relative to the repository root.
        public var path: String
        public var version: String
        public var message: String
    }

    public enum Outcome: Sendable {
        case filed(Filed)
        /// The fleet would not be valid with this order: nothing was written or committed.
        case invalid([Diagnostic])
    }

    public var root: URL
    /// How the fleet with the order is checked before anything is written.
    public var pipeline: FleetPipeline

    public init(root: URL, pipeline: FleetPipeline) {
        self.root = root
        self.pipeline = pipeline
    }

    /// `orderedBy`: who asked, for the commit message (the dashboard's signed-in user).
    public func file(_ request: Request, in fleet: Fleet, orderedBy: String? = nil) throws -> Outcome {
        let name = request.name ?? "\(request.namespace)-\(request.product)"
        let version = request.version ?? defaultVersion(of: fleet.product(named: request.product))
        let relative = "orders/\(request.team)/\(name)-\(request.stage).yaml"
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path) {
            throw Git.Failure(description: "\(relative) exists already in the fleet; choose another name with --name")
        }
        let text = document(request, name: name, version: version, product: fleet.product(named: request.product))
        let diagnostics = try validate(with: relative, text: text)
        if diagnostics.hasErrors { return .invalid(diagnostics) }
        let prefix = try Git.require(["rev-parse", "--show-prefix"], in: root)
        let path = prefix + relative
        let branch = "order/\(request.team)/\(name)-\(request.stage)"
        let message = "Order \(request.product) \(version) for team \(request.team) (\(request.stage), namespace \(request.namespace))\n\nFiled with peng order: \(relative)\(orderedBy.map { "\nOrdered by: \($0)" } ?? "")"
        let commit = try Git.commitOnNewBranch(branch, files: [path: text], message: message, in: root)
        return .filed(Filed(branch: branch, commit: commit, path: path, version: version, message: message))
    }

    /// The newest supported version's `major.minor`, so the order follows its patches.
    private func defaultVersion(of product: Product?) -> String {
        let supported = (product?.versions ?? []).filter { $0.state == .supported }.compactMap { ReleaseVersion($0.version) }.sorted(by: >)
        guard let newest = supported.first else { return "" }
        return "\(newest.major).\(newest.minor)"
    }

    /// The Order document; parameter values typed as the product declares them.
    func document(_ request: Request, name: String, version: String, product: Product?) -> String {
        var text = """
            apiVersion: peng.dev/v1alpha1
            kind: Order
            metadata:
              name: \(name)
            spec:
              team: \(request.team)
              product: \(request.product)
              version: \(quoted(version))
              stage: \(request.stage)
              namespace: \(request.namespace)

            """
        if !request.settings.isEmpty {
            text += "  parameters:\n"
            for (key, value) in request.settings {
                let type = product?.parameter(named: key)?.type
                let written: String
                switch type {
                case .integer where Int(value) != nil: written = value
                case .boolean where value == "true" || value == "false": written = value
                default: written = quoted(value)
                }
                text += "    \(quoted(key)): \(written)\n"
            }
        }
        return text
    }

    private func quoted(_ text: String) -> String { JSONValue.string(text).jsonString() }

    /// The fleet with the new file, validated without writing it.
    private func validate(with relative: String, text: String) throws -> [Diagnostic] {
        pipeline.validate(root, overlay: [relative: text]).diagnostics
    }
}
