import ArgumentParser
import FleetModel

/// `peng products`: the catalog as a team sees it.
struct ProductsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "products",
        abstract: "Show the products the platform offers: versions, parameters with types and limits, what is mandatory.",
        discussion: """
            With --team: only what that team can order, with the namespaces it can order into per stage. Mandatory \
            settings are shown, not editable: an order cannot change them. Order with 'peng order'.

            \(ExitStatus.help("0 success", "1 an invalid fleet or an unknown team"))
            """)

    @OptionGroup var input: FleetInput

    @Option(help: "Only what this team can order, and where.")
    var team: String?

    @OptionGroup var format: ReportFormat

    func run() throws {
        let validated = try input.requireValid()
        let fleet = validated.fleet
        var where_: [String: [String]] = [:]
        var products = fleet.products
        if let team {
            guard let found = fleet.team(named: team) else {
                throw UserError("no team named '\(team)' in the fleet", hint: Suggestion.hint(for: team, in: fleet.teams.map(\.name)))
            }
            for space in found.spaces { where_[space.stage, default: []] += space.namespaces }
            products = products.filter { product in where_.keys.contains { product.offered(in: $0) } }
        }
        let catalog = ProductCatalog(products: products.sorted { $0.name < $1.name }.map { ProductCatalog.Entry($0, stages: fleet.platform.stages, team: where_) })
        Output.standardOutput.write(format.isJSON ? JSONOutput.encode(catalog) : catalog.text())
    }
}

/// The product catalog as data: what `peng products` prints and a service would serve.
struct ProductCatalog: Codable {
    struct Version: Codable {
        var version: String
        var state: String
        var expires: String?
        var notes: String?
    }

    struct Parameter: Codable {
        var name: String
        var type: String
        var defaultValue: JSONValue?
        var min: JSONValue?
        var max: JSONValue?
        var choices: [String]?
        var description: String?
    }

    struct Entry: Codable {
        var name: String
        var description: String?
        var package: String
        var stages: [String]
        var versions: [Version]
        var parameters: [Parameter]
        var bestPractice: [String: JSONValue]
        var mandatory: [String: JSONValue]
        /// With --team: stage -> the team's namespaces it can order into.
        var orderableIn: [String: [String]]?

        init(_ product: Product, stages: [String], team: [String: [String]]) {
            name = product.name
            description = product.description
            package = product.package
            self.stages = product.stages.isEmpty ? stages : product.stages
            versions = product.versions.map { Version(version: $0.version, state: $0.state.rawValue, expires: $0.expires, notes: $0.notes) }
            parameters = product.parameters.sorted { $0.name < $1.name }.map {
                Parameter(name: $0.name, type: $0.type.rawValue, defaultValue: $0.defaultValue, min: $0.min, max: $0.max,
                          choices: $0.choices.isEmpty ? nil : $0.choices, description: $0.description)
            }
            bestPractice = Self.flattened(product.bestPractice)
            mandatory = Self.flattened(product.mandatory)
            orderableIn = team.isEmpty ? nil : team.filter { product.offered(in: $0.key) }
        }

        /// `{tls: {required: true}}` -> `["tls.required": true]`.
        static func flattened(_ value: JSONValue?) -> [String: JSONValue] {
            guard let value else { return [:] }
            var out: [String: JSONValue] = [:]
            for path in value.leafPaths {
                var current: JSONValue? = value
                for key in path.split(separator: ".") { current = current?[String(key)] }
                out[path] = current
            }
            return out
        }
    }

    var products: [Entry]

    func text() -> String {
        var out = ""
        for product in products {
            out += "\(product.name)  (\(product.package); stages: \(product.stages.joined(separator: ", ")))\n"
            if let description = product.description { out += "  \(description)\n" }
            out += "  versions:\n"
            for version in product.versions {
                out += "    \(version.version)  \(version.state)\(version.expires.map { ", expires \($0)" } ?? "")\(version.notes.map { "  \($0)" } ?? "")\n"
            }
            if !product.parameters.isEmpty { out += "  parameters (--set NAME=VALUE):\n" }
            for parameter in product.parameters {
                var line = "    \(parameter.name): \(parameter.type)"
                if let value = parameter.defaultValue { line += ", default \(value.plainText)" }
                if let min = parameter.min { line += ", min \(min.plainText)" }
                if let max = parameter.max { line += ", max \(max.plainText)" }
                if let choices = parameter.choices { line += ", one of \(choices.joined(separator: "|"))" }
                if let description = parameter.description { line += "  — \(description)" }
                out += line + "\n"
            }
            if !product.mandatory.isEmpty {
                out += "  mandatory (set by the platform, an order cannot change them):\n"
                for (path, value) in product.mandatory.sorted(by: { $0.key < $1.key }) { out += "    \(path) = \(value.plainText)\n" }
            }
            if !product.bestPractice.isEmpty {
                out += "  best practice (applied unless the order says bestPractice: false; values may override):\n"
                for (path, value) in product.bestPractice.sorted(by: { $0.key < $1.key }) { out += "    \(path) = \(value.plainText)\n" }
            }
            if let places = product.orderableIn {
                out += "  you can order into:\n"
                for (stage, namespaces) in places.sorted(by: { $0.key < $1.key }) { out += "    \(stage): \(namespaces.joined(separator: ", "))\n" }
            }
            out += "\n"
        }
        return out.isEmpty ? "No products on offer.\n" : out
    }

}
