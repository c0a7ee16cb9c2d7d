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

    func html() -> String {
        var body = "<h2>Order a product</h2>"
        if let filed {
            body += "<div class=\"banner info\" id=\"filed\">Filed: branch <code>\(HTML.escape(filed.branch))</code>, commit <code>\(String(filed.commit.prefix(12)))</code>, file <code>\(HTML.escape(filed.path))</code>. Open a merge request from the branch; once merged, peng applies it.</div>"
        }
        if !problems.isEmpty {
            body += "<div class=\"banner bad\" id=\"problems\">Nothing was filed:<ul>" + problems.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></div>"
        }
        if ownedTeams.isEmpty {
            return HTML.page("Order a product", viewer: view.viewer, body + "<p>Only owners of a team may order; your groups own no team of this fleet.</p>")
        }
        body += "<p>Products: " + fleet.products.map { "<a href=\"/orders/new?product=\(HTML.escape($0.name))\">\(HTML.escape($0.name))</a>" }.joined(separator: " · ") + "</p>"
        guard let product else { return HTML.page("Order a product", viewer: view.viewer, body) }
        body += "<form method=\"post\" action=\"/orders\" id=\"order\"><input type=\"hidden\" name=\"product\" value=\"\(HTML.escape(product.name))\">"
        body += "<h3>\(HTML.escape(product.name))</h3><p>\(HTML.escape(product.description ?? ""))</p>"
        body += select("team", "Team", ownedTeams)
        body += select("stage", "Stage", product.stages.isEmpty ? fleet.platform.stages : product.stages)
        body += "<label for=\"namespace\">Namespace</label><input id=\"namespace\" name=\"namespace\" required value=\"\(HTML.escape(entered["namespace"] ?? ""))\">"
        let versions = product.versions.filter { $0.state == .supported || $0.state == .deprecated }.map(\.version)
        body += select("version", "Version", versions)
        for parameter in product.parameters { body += field(parameter) }
        let mandatory = product.mandatory?.leafPaths ?? []
        if !mandatory.isEmpty {
            body += "<h4>Set by the platform (mandatory)</h4>"
            for path in mandatory {
                body += "<label>\(HTML.escape(path))</label><input readonly class=\"mandatory\" value=\"\(HTML.escape(value(at: path, in: product.mandatory)))\">"
            }
        }
        body += "<p><button type=\"submit\">Order</button></p></form>"
        return HTML.page("Order a product", viewer: view.viewer, body)
    }

    private func select(_ name: String, _ label: String, _ options: [String]) -> String {
        "<label for=\"\(name)\">\(label)</label><select id=\"\(name)\" name=\"\(name)\">"
            + options.map { "<option\(entered[name] == $0 ? " selected" : "")>\(HTML.escape($0))</option>" }.joined() + "</select>"
    }

    private func field(_ parameter: ProductParameter) -> String {
        let name = "set." + parameter.name, id = "set-" + parameter.name
        let current = entered[name] ?? parameter.defaultValue.map(\.plainText) ?? ""
        var out = "<label for=\"\(HTML.escape(id))\">\(HTML.escape(parameter.name))\(parameter.description.map { " <span class=\"muted\">— \(HTML.escape($0))</span>" } ?? "")</label>"
        if !parameter.choices.isEmpty {
            return out + "<select id=\"\(HTML.escape(id))\" name=\"\(HTML.escape(name))\">" + parameter.choices.map { "<option\(current == $0 ? " selected" : "")>\(HTML.escape($0))</option>" }.joined() + "</select>"
        }
        switch parameter.type {
        case .boolean:
            out += "<select id=\"\(HTML.escape(id))\" name=\"\(HTML.escape(name))\">" + ["true", "false"].map { "<option\(current == $0 ? " selected" : "")>\($0)</option>" }.joined() + "</select>"
        case .integer:
            out += "<input type=\"number\" id=\"\(HTML.escape(id))\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(current))\""
                + (parameter.min.map { " min=\"\(HTML.escape($0.plainText))\"" } ?? "") + (parameter.max.map { " max=\"\(HTML.escape($0.plainText))\"" } ?? "") + ">"
        case .string, .quantity:
            out += "<input id=\"\(HTML.escape(id))\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(current))\">"
            if parameter.min != nil || parameter.max != nil {
                out += " <span class=\"muted\">\(parameter.min.map { "from " + HTML.escape($0.plainText) } ?? "") \(parameter.max.map { "up to " + HTML.escape($0.plainText) } ?? "")</span>"
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
