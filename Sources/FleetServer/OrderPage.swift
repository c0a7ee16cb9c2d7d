import FleetLoader
import FleetModel
import FleetRepository
import FleetService

/// `/orders/new`: "Order a product" — a form built from the product's parameters (types, defaults, limits,
/// choices), its mandatory settings shown read-only; the teams offered are those the viewer owns.
struct OrderPage {
    var view: FleetView
    var fleet: Fleet
    var ownedTeams: [String]
    var product: Product?
    var entered: [String: String] = [:]
    var problems: [String] = []
    var filed: OrderFiling.Filed?

    func html() -> Markup {
        var body: Markup = "<h2>Order a product</h2>"
        if let filed {
            body += "<div class=\"banner info\" id=\"filed\">Filed: branch <code>\(filed.branch)</code>, commit <code>\(String(filed.commit.prefix(12)))</code>, file <code>\(filed.path)</code>. Open a merge request from the branch; once merged, peng applies it.</div>"
        }
        if !problems.isEmpty {
            body += "<div class=\"banner bad\" id=\"problems\">Nothing was filed:<ul>\(problems.map { "<li>\($0)</li>" as Markup }.joined())</ul></div>"
        }
        if ownedTeams.isEmpty {
            return HTML.page("Order a product", viewer: view.viewer, body + "<p>Only owners of a team may order; your groups own no team of this fleet.</p>")
        }
        body += "<p>Products: \(fleet.products.map { "<a href=\"/orders/new?product=\($0.name)\">\($0.name)</a>" as Markup }.joined(separator: " · "))</p>"
        guard let product else { return HTML.page("Order a product", viewer: view.viewer, body) }
        body += "<form method=\"post\" action=\"/orders\" id=\"order\"><input type=\"hidden\" name=\"product\" value=\"\(product.name)\">"
        body += "<h3>\(product.name)</h3><p>\(product.description ?? "")</p>"
        body += select("team", "Team", ownedTeams)
        body += select("stage", "Stage", product.stages.isEmpty ? fleet.platform.stages : product.stages)
        body += "<label for=\"namespace\">Namespace</label><input id=\"namespace\" name=\"namespace\" required value=\"\(entered["namespace"] ?? "")\">"
        let versions = product.versions.filter { $0.state == .supported || $0.state == .deprecated }.map(\.version)
        body += select("version", "Version", versions)
        for parameter in product.parameters { body += field(parameter) }
        let mandatory = product.mandatory?.leafPaths ?? []
        if !mandatory.isEmpty {
            body += "<h4>Set by the platform (mandatory)</h4>"
            for path in mandatory {
                body += "<label>\(path)</label><input readonly class=\"mandatory\" value=\"\(value(at: path, in: product.mandatory))\">"
            }
        }
        body += "<p><button type=\"submit\">Order</button></p></form>"
        return HTML.page("Order a product", viewer: view.viewer, body)
    }

    private func select(_ name: String, _ label: String, _ options: [String]) -> Markup {
        "<label for=\"\(name)\">\(label)</label><select id=\"\(name)\" name=\"\(name)\">\(optionList(options, selected: entered[name]))</select>"
    }

    private func optionList(_ options: [String], selected: String?) -> Markup {
        options.map { "<option\(selected == $0 ? " selected" : "")>\($0)</option>" as Markup }.joined()
    }

    private func field(_ parameter: ProductParameter) -> Markup {
        let name = "set." + parameter.name, id = "set-" + parameter.name
        let current = entered[name] ?? parameter.defaultValue.map(\.plainText) ?? ""
        let about: Markup = parameter.description.map { " <span class=\"muted\">— \($0)</span>" } ?? .empty
        var out: Markup = "<label for=\"\(id)\">\(parameter.name)\(about)</label>"
        if !parameter.choices.isEmpty {
            return out + "<select id=\"\(id)\" name=\"\(name)\">\(optionList(parameter.choices, selected: current))</select>"
        }
        switch parameter.type {
        case .boolean:
            out += "<select id=\"\(id)\" name=\"\(name)\">\(optionList(["true", "false"], selected: current))</select>"
        case .integer:
            let min: Markup = parameter.min.map { " min=\"\($0.plainText)\"" } ?? .empty, max: Markup = parameter.max.map { " max=\"\($0.plainText)\"" } ?? .empty
            out += "<input type=\"number\" id=\"\(id)\" name=\"\(name)\" value=\"\(current)\"\(min)\(max)>"
        case .string, .quantity:
            out += "<input id=\"\(id)\" name=\"\(name)\" value=\"\(current)\">"
            if parameter.min != nil || parameter.max != nil {
                out += " <span class=\"muted\">\(parameter.min.map { "from " + $0.plainText } ?? "") \(parameter.max.map { "up to " + $0.plainText } ?? "")</span>"
            }
        }
        return out
    }

    private func value(at path: String, in tree: JSONValue?) -> String {
        var node = tree
        for key in path.split(separator: ".") { node = node?[String(key)] }
        return node.map(\.plainText) ?? ""
    }

}
