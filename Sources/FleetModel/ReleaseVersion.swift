/// A version like `v1.27.11+vmware.1-fips.1-tkg.2` or `1.12.2+vmware.2-tkg.2`: numeric core, then a build suffix.
public struct ReleaseVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let core: [Int]
    public let build: String
    /// As written in the fleet.
    public let description: String

    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.first == "v" { rest = rest.dropFirst() }
        let coreText = rest.prefix(while: { $0 != "+" && $0 != "-" })
        let numbers = coreText.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !numbers.isEmpty, numbers.count <= 3, numbers.allSatisfy({ $0 != nil }) else { return nil }
        core = numbers.map { $0! }
        build = String(rest.dropFirst(coreText.count))
        description = text
    }

    public var major: Int { core[0] }
    public var minor: Int { core.count > 1 ? core[1] : 0 }

    public static func < (lhs: ReleaseVersion, rhs: ReleaseVersion) -> Bool {
        if lhs.core != rhs.core { return lhs.core.lexicographicallyPrecedes(rhs.core) }
        return NaturalOrder.precedes(lhs.build, rhs.build)
    }

    public static func == (lhs: ReleaseVersion, rhs: ReleaseVersion) -> Bool {
        lhs.core == rhs.core && lhs.build == rhs.build
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(core)
        hasher.combine(build)
    }

    /// The name of the TanzuKubernetesRelease object for this version: `+` becomes `---`. Made here, and only
    /// here; nothing parses it back.
    public var tkrName: String { description.split(separator: "+", omittingEmptySubsequences: false).joined(separator: "---") }

    /// `v1.27` matches `v1.27.11+vmware.1`, not `v1.270.0`.
    public func matches(prefix: String) -> Bool {
        let wanted = prefix.hasPrefix("v") ? String(prefix.dropFirst()) : prefix
        let mine = description.hasPrefix("v") ? String(description.dropFirst()) : description
        guard mine.hasPrefix(wanted) else { return false }
        let next = mine.dropFirst(wanted.count).first
        return next == nil || next == "." || next == "+" || next == "-"
    }
}

/// Encoded as written (`"v1.27.11+vmware.1-tkg.2"`): reports and records read the same as before versions were typed.
extension ReleaseVersion: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let version = ReleaseVersion(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a release version")
        }
        self = version
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Compares strings with embedded numbers by value: `tkg.10` after `tkg.9`.
public enum NaturalOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var left = Substring(a), right = Substring(b)
        while let l = left.first, let r = right.first {
            if l.isNumber && r.isNumber {
                let ln = left.prefix(while: \.isNumber), rn = right.prefix(while: \.isNumber)
                let lv = Int(ln) ?? 0, rv = Int(rn) ?? 0
                if lv != rv { return lv < rv }
                left = left.dropFirst(ln.count)
                right = right.dropFirst(rn.count)
            } else {
                if l != r { return l < r }
                left = left.dropFirst()
                right = right.dropFirst()
            }
        }
        return left.isEmpty && !right.isEmpty
    }
}

/// `>=1.25 <1.29`: space-separated comparisons, all of which must hold; a bare version means equal.
public struct VersionRange: Sendable, CustomStringConvertible {
    public enum Operator: String, CaseIterable, Sendable { case ge = ">=", le = "<=", gt = ">", lt = "<", eq = "=" }

    public let terms: [(Operator, [Int])]
    /// As written in the fleet.
    public let description: String

    public init?(_ text: String) {
        var terms: [(Operator, [Int])] = []
        for word in text.split(separator: " ") {
            let op = Operator.allCases.first { word.hasPrefix($0.rawValue) } ?? .eq
            var version = word.dropFirst(word.hasPrefix(op.rawValue) ? op.rawValue.count : 0)
            if version.first == "v" { version = version.dropFirst() }
            let numbers = version.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            guard !numbers.isEmpty, numbers.count <= 3, numbers.allSatisfy({ $0 != nil }) else { return nil }
            terms.append((op, numbers.map { $0! }))
        }
        guard !terms.isEmpty else { return nil }
        self.terms = terms
        description = text
    }

    /// Compares only as many components as each term names: `<1.29` holds for 1.28.15.
    public func contains(_ version: ReleaseVersion) -> Bool {
        terms.allSatisfy { op, bound in
            let mine = Array((version.core + [0, 0, 0]).prefix(bound.count))
            switch op {
            case .ge: return !mine.lexicographicallyPrecedes(bound)
            case .le: return !bound.lexicographicallyPrecedes(mine)
            case .gt: return bound.lexicographicallyPrecedes(mine)
            case .lt: return mine.lexicographicallyPrecedes(bound)
            case .eq: return mine == bound
            }
        }
    }
}
