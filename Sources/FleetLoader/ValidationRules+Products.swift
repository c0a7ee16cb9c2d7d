import FleetModel

extension ValidationRules {
    /// Every product's own rules; its versions, parsed, by product name.
    func checkProducts() -> [String: [ResolvedRelease]] {
        unique(fleet.products.map { ($0.name, $0.locations["metadata.name"]) }, "product")
        var catalogs: [String: [ResolvedRelease]] = [:]
        for product in fleet.products {
            label(product.name, "product", at: product.locations["metadata.name"])
            for (index, stage) in product.stages.enumerated() where !platform.stages.contains(stage) {
                sink.error(at: product.locations.item("stages", index), "product '\(product.name)': unknown stage '\(stage)'",
                           hint: Suggestion.hint(for: stage, in: platform.stages, noun: "one of the Platform's stages"))
            }
            unique(product.versions.map { ($0.version, $0.locations["version"]) }, "version of product '\(product.name)'")
            catalogs[product.name] = product.versions.compactMap { checkedVersion($0, of: product) }
            for parameter in product.parameters { checkParameterDefinition(parameter, of: product) }
        }
        return catalogs
    }

    private func checkedVersion(_ version: ProductVersion, of product: Product) -> ResolvedRelease? {
        guard !version.version.isEmpty else { return nil }
        guard let parsed = ReleaseVersion(version.version) else {
            sink.error(at: version.locations["version"], "product '\(product.name)': '\(version.version)' is not a version",
                       hint: "write it as numbers with dots, e.g. 8.4.3")
            return nil
        }
        var expires: CalendarDate?
        if let text = version.expires {
            expires = CalendarDate(text)
            if expires == nil {
                sink.error(at: version.locations["expires"], "'expires' is '\(text)', which is not a date", hint: "write the date as YYYY-MM-DD, e.g. 2027-04-30")
            }
        }
        if version.state == .deprecated, version.expires == nil {
            sink.error(at: version.locations["state"], "deprecated version \(version.version) of product '\(product.name)' has no expiry date",
                       hint: "add 'expires: YYYY-MM-DD' so that orders on it get a warning that names the date")
        }
        return ResolvedRelease(version: parsed, state: version.state, expires: expires)
    }

    private func checkParameterDefinition(_ parameter: ProductParameter, of product: Product) {
        let what = "product '\(product.name)', parameter '\(parameter.name)'"
        if !parameter.choices.isEmpty, parameter.type != .string {
            sink.error(at: parameter.locations["enum"], "\(what): 'enum' is for string parameters only", hint: "remove 'enum' or make the type string")
        }
        for key in ["min", "max"] {
            guard let bound = key == "min" ? parameter.min : parameter.max else { continue }
            if parameter.type != .integer, parameter.type != .quantity {
                sink.error(at: parameter.locations[key], "\(what): '\(key)' is for integer and quantity parameters only", hint: "remove '\(key)'")
            } else if Self.number(bound, type: parameter.type) == nil {
                sink.error(at: parameter.locations[key], "\(what): '\(key)' must be \(parameter.type == .integer ? "a whole number" : "a quantity such as 5Gi")",
                           hint: "write e.g. \(key): \(parameter.type == .integer ? "1" : "5Gi")")
            }
        }
        if let value = parameter.defaultValue, let problem = Self.problem(with: value, for: parameter) {
            sink.error(at: parameter.locations["default"], "\(what): the default \(problem.message)", hint: problem.hint)
        }
    }

    /// Every order's rules; the valid ones resolved (product version, cluster, values).
    func resolveOrders(_ catalogs: [String: [ResolvedRelease]]) -> [ResolvedOrder] {
        var seen: [String: SourceLocation] = [:]
        // Looked up once per order: thousands of orders over thousands of teams stay linear.
        let teams = Dictionary(fleet.teams.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let products = Dictionary(fleet.products.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let stages = Set(platform.stages)
        return fleet.orders.compactMap { order in
            let at = order.locations
            label(order.name, "order", at: at["metadata.name"])
            let team = teams[order.team] ?? known(order.team, in: teams.keys.sorted(), "team", at: at["team"]).flatMap { teams[$0] }
            let product = products[order.product] ?? known(order.product, in: products.keys.sorted(), "product", at: at["product"]).flatMap { products[$0] }
            let stage = stages.contains(order.stage) ? order.stage : known(order.stage, in: platform.stages, "stage", at: at["stage"])
            // What depends on the product alone is checked whatever else is wrong: every problem at once.
            guard let product else { return nil }
            let version = resolveVersion(order, of: product, in: catalogs[product.name] ?? [])
            let parametersValid = checkParameters(order, of: product)
            let valuesValid = checkValues(order, of: product)
            guard let team, stage != nil else { return nil }
            guard product.offered(in: order.stage) else {
                sink.error(at: at["stage"], "order '\(order.name)': product '\(product.name)' is not offered in stage '\(order.stage)'",
                           hint: "it is offered in: \(product.stages.joined(separator: ", "))")
                return nil
            }
            let spaces = team.spaces.filter { $0.stage == order.stage }
            guard let space = spaces.first(where: { $0.namespaces.contains(order.namespace) }) else {
                let namespaces = spaces.flatMap(\.namespaces)
                sink.error(at: at["namespace"], "order '\(order.name)': '\(order.namespace)' is not a namespace of team '\(team.name)' in stage '\(order.stage)'",
                           hint: namespaces.isEmpty ? "team '\(team.name)' has no space in stage '\(order.stage)'; add one to the Team first"
                               : Suggestion.hint(for: order.namespace, in: namespaces, noun: "one of its namespaces there"))
                return nil
            }
            let key = "\(space.cluster)/\(order.namespace)/\(order.name)"
            if let earlier = seen[key] {
                sink.error(at: at["metadata.name"], "duplicate order '\(order.name)' in namespace '\(order.namespace)'; it is already declared at \(earlier)",
                           hint: "order names are unique per namespace; rename one of them")
                return nil
            }
            seen[key] = at["metadata.name"]
            guard let version, parametersValid, valuesValid else { return nil }
            return ResolvedOrder(order: order, team: team, product: product, version: version, cluster: space.cluster,
                                 values: values(order, of: product), lockedPaths: product.mandatory?.leafPaths ?? [])
        }
    }

    /// The name if it is known; else an error with a did-you-mean.
    private func known(_ name: String, in names: [String], _ what: String, at location: SourceLocation) -> String? {
        guard !name.isEmpty else { return nil }
        if names.contains(name) { return name }
        sink.error(at: location, "unknown \(what) '\(name)'", hint: Suggestion.hint(for: name, in: names, noun: "one of the fleet's \(what)s"))
        return nil
    }

    /// As Kubernetes releases resolve: prefix -> newest supported; expired is an error; deprecated a warning with its
    /// date (an error once past); preview only when pinned.
    private func resolveVersion(_ order: Order, of product: Product, in catalog: [ResolvedRelease]) -> ResolvedRelease? {
        let location = order.locations["version"]
        let releases = ReleaseCatalog(catalog)
        let offered = releases.offered
        switch releases.choose(order.version, today: today) {
        case .use(let release):
            return release
        case .deprecated(let release):
            sink.warning(at: location, "order '\(order.name)': \(product.name) \(release.version) is deprecated and expires on \(release.expires?.description ?? "an unknown date")",
                         hint: "team '\(order.team)': move to a supported version: \(offered)")
            return release
        case .pastExpiry(let release, let date):
            sink.error(at: location, "order '\(order.name)': \(product.name) \(release.version) is deprecated and expired on \(date)",
                       hint: "order a supported version: \(offered)")
        case .expired(let release, pinned: true):
            sink.error(at: location, "order '\(order.name)': \(product.name) \(release.version) is expired", hint: "order a supported version: \(offered)")
        case .expired(let expired, pinned: false):
            sink.error(at: location, "order '\(order.name)': '\(order.version)' matches only the expired \(product.name) \(expired.version)",
                       hint: "order a supported version: \(offered)")
        case .previewOnly(let preview):
            sink.error(at: location, "order '\(order.name)': '\(order.version)' matches only the preview \(preview.version) of \(product.name); a preview is used only when pinned in full",
                       hint: "pin it: version: \"\(preview.version)\", or order a supported version: \(offered)")
        case .none:
            sink.error(at: location, "order '\(order.name)': product '\(product.name)' has no version matching '\(order.version)'",
                       hint: "available: \(offered)")
        }
        return nil
    }

    /// Known names (did you mean), values of the parameter's type, in its enum, within min and max.
    private func checkParameters(_ order: Order, of product: Product) -> Bool {
        var valid = true
        for (name, value) in order.parameters.sorted(by: { $0.key < $1.key }) {
            guard let parameter = product.parameter(named: name) else {
                sink.error(at: order.locations["parameters.\(name).key"], "order '\(order.name)': product '\(product.name)' has no parameter '\(name)'",
                           hint: Suggestion.hint(for: name, in: product.parameters.map(\.name).sorted(), noun: "one of its parameters"))
                valid = false
                continue
            }
            if let problem = Self.problem(with: value, for: parameter) {
                sink.error(at: order.locations["parameters.\(name)"], "order '\(order.name)': parameter '\(name)' \(problem.message)", hint: problem.hint)
                valid = false
            }
        }
        return valid
    }

    /// No path of `values` at or below a mandatory path, and no value that would replace one.
    private func checkValues(_ order: Order, of product: Product) -> Bool {
        guard let values = order.values, let mandatory = product.mandatory else { return true }
        let locked = mandatory.leafPaths
        let written = Set(values.leafPaths)
        var valid = true
        for path in order.valuesLocations.keys.sorted() {
            let conflict = locked.first { path == $0 || path.hasPrefix($0 + ".") }
                ?? (written.contains(path) ? locked.first { $0.hasPrefix(path + ".") } : nil)
            guard let conflict else { continue }
            let source = product.mandatoryLocations[conflict].map { " at \($0)" } ?? ""
            sink.error(at: order.valuesLocations[path] ?? order.locations["values"],
                       "order '\(order.name)': values path '\(path)' would change '\(conflict)', which product '\(product.name)' makes mandatory",
                       hint: "remove '\(path)' from the order's values: the platform sets '\(conflict)'\(source) for every \(product.name)")
            valid = false
        }
        return valid
    }

    /// Best practice (unless off) -> parameters at their names (defaults filled in) -> the order's values -> mandatory.
    private func values(_ order: Order, of product: Product) -> JSONValue {
        var merged: JSONValue = order.bestPractice ? (product.bestPractice ?? [:]) : [:]
        var parameters: [String: JSONValue] = [:]
        for parameter in product.parameters {
            if let value = order.parameters[parameter.name] ?? parameter.defaultValue { parameters[parameter.name] = value }
        }
        merged = merged.merging(.object(parameters))
        if let values = order.values { merged = merged.merging(values) }
        if let mandatory = product.mandatory { merged = merged.merging(mandatory) }
        return merged
    }

    /// Why a value does not fit a parameter, with a remedy; nil when it fits.
    static func problem(with value: JSONValue, for parameter: ProductParameter) -> (message: String, hint: String)? {
        switch parameter.type {
        case .string:
            guard let text = value.stringValue else { return ("must be a string, found \(describe(value))", "quote it, e.g. \"\(describe(value))\"") }
            if !parameter.choices.isEmpty, !parameter.choices.contains(text) {
                return ("is '\(text)', which is not one of: \(parameter.choices.joined(separator: ", "))",
                        Suggestion.hint(for: text, in: parameter.choices, noun: "one of"))
            }
        case .boolean:
            guard value.boolValue != nil else { return ("must be true or false, found \(describe(value))", "write true or false without quotes") }
        case .integer, .quantity:
            guard let number = number(value, type: parameter.type) else {
                return parameter.type == .integer ? ("must be a whole number, found \(describe(value))", "write a number without quotes, e.g. 3")
                    : ("must be a quantity such as 20Gi, found \(describe(value))", "write a Kubernetes quantity, e.g. 50Gi")
            }
            if let min = parameter.min.flatMap({ self.number($0, type: parameter.type) }), number < min {
                return ("is \(describe(value)), below the minimum \(describe(parameter.min!))", "choose at least \(describe(parameter.min!))")
            }
            if let max = parameter.max.flatMap({ self.number($0, type: parameter.type) }), number > max {
                return ("is \(describe(value)), above the maximum \(describe(parameter.max!))", "choose at most \(describe(parameter.max!)), or ask the platform team for more")
            }
        }
        return nil
    }

    static func number(_ value: JSONValue, type: ParameterType) -> Double? {
        if let integer = value.intValue { return Double(integer) }
        if type == .quantity, let text = value.stringValue { return Quantity.amount(text) }
        return nil
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: "nothing"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
