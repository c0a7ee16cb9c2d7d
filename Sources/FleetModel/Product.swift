/// What the platform offers product teams: a kapp-controller package in versions the platform tested, the knobs a
/// team may turn, the settings it recommends and the settings it enforces.
public struct Product: Sendable {
    public var name: String
    public var description: String?
    /// The kapp-controller Package that installs it.
    public var package: String
    public var repository: PackageRepositorySource?
    /// Where it may be ordered; empty: every stage.
    public var stages: [String]
    public var versions: [ProductVersion]
    public var parameters: [ProductParameter]
    /// Recommended values; an order may override any of them.
    public var bestPractice: JSONValue?
    /// Enforced values, applied last; no order may set anything at or below these paths.
    public var mandatory: JSONValue?
    /// Dotted path of every node under `mandatory` -> where it is written.
    public var mandatoryLocations: [String: SourceLocation]
    public var locations: FieldLocations

    public init(name: String, description: String?, package: String, repository: PackageRepositorySource?, stages: [String],
                versions: [ProductVersion], parameters: [ProductParameter], bestPractice: JSONValue?, mandatory: JSONValue?,
                mandatoryLocations: [String: SourceLocation], locations: FieldLocations)
    {
        self.name = name
        self.description = description
        self.package = package
        self.repository = repository
        self.stages = stages
        self.versions = versions
        self.parameters = parameters
        self.bestPractice = bestPractice
        self.mandatory = mandatory
        self.mandatoryLocations = mandatoryLocations
        self.locations = locations
    }

    public func parameter(named name: String) -> ProductParameter? { parameters.first { $0.name == name } }
    public func offered(in stage: String) -> Bool { stages.isEmpty || stages.contains(stage) }
}

/// One tested version of a product, with its state in the platform's lifecycle and where its notes are.
public struct ProductVersion: Sendable {
    public var version: String
    public var state: ReleaseState
    public var expires: String?
    public var notes: String?
    public var locations: FieldLocations

    public init(version: String, state: ReleaseState, expires: String?, notes: String?, locations: FieldLocations) {
        self.version = version
        self.state = state
        self.expires = expires
        self.notes = notes
        self.locations = locations
    }
}

public enum ParameterType: String, CaseIterable, Sendable, Codable {
    case string, integer, boolean, quantity
}

/// A knob a team may turn: its type, default and limits, as written.
public struct ProductParameter: Sendable {
    public var name: String
    public var type: ParameterType
    public var defaultValue: JSONValue?
    public var min: JSONValue?
    public var max: JSONValue?
    public var choices: [String]
    public var description: String?
    public var locations: FieldLocations

    public init(name: String, type: ParameterType, defaultValue: JSONValue?, min: JSONValue?, max: JSONValue?, choices: [String],
                description: String?, locations: FieldLocations)
    {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.min = min
        self.max = max
        self.choices = choices
        self.description = description
        self.locations = locations
    }
}

/// What a team asks for: an instance of a product, in one of its namespaces, in one stage.
public struct Order: Sendable {
    public var name: String
    public var team: String
    public var product: String
    public var version: String
    public var stage: String
    public var namespace: String
    /// Parameter name -> value, as written (typed by the YAML).
    public var parameters: [String: JSONValue]
    public var bestPractice: Bool
    public var values: JSONValue?
    /// Dotted path of every node under `values` -> where it is written.
    public var valuesLocations: [String: SourceLocation]
    public var locations: FieldLocations

    public init(name: String, team: String, product: String, version: String, stage: String, namespace: String,
                parameters: [String: JSONValue], bestPractice: Bool, values: JSONValue?, valuesLocations: [String: SourceLocation],
                locations: FieldLocations)
    {
        self.name = name
        self.team = team
        self.product = product
        self.version = version
        self.stage = stage
        self.namespace = namespace
        self.parameters = parameters
        self.bestPractice = bestPractice
        self.values = values
        self.valuesLocations = valuesLocations
        self.locations = locations
    }
}

/// An order that passed validation: where it lands, at which product version, and the values its package gets.
public struct ResolvedOrder: Sendable {
    public let order: Order
    public let team: Team
    public let product: Product
    public let version: ResolvedRelease
    /// The team's cluster of the order's stage that holds the order's namespace.
    public let cluster: String
    /// Best practice (unless turned off) -> parameters (defaults filled in) -> the order's values -> mandatory.
    public let values: JSONValue
    /// The mandatory paths (dotted), which no order can change.
    public let lockedPaths: [String]

    package init(order: Order, team: Team, product: Product, version: ResolvedRelease, cluster: String, values: JSONValue, lockedPaths: [String]) {
        self.order = order
        self.team = team
        self.product = product
        self.version = version
        self.cluster = cluster
        self.values = values
        self.lockedPaths = lockedPaths
    }
}

extension JSONValue {
    /// The dotted paths of every leaf (a value that is not a non-empty mapping), sorted.
    public var leafPaths: [String] {
        func walk(_ value: JSONValue, _ prefix: String, _ out: inout [String]) {
            if case .object(let fields) = value, !fields.isEmpty {
                for (key, child) in fields { walk(child, prefix.isEmpty ? key : "\(prefix).\(key)", &out) }
            } else if !prefix.isEmpty {
                out.append(prefix)
            }
        }
        var out: [String] = []
        walk(self, "", &out)
        return out.sorted()
    }
}
