/// A semver constraint as kapp-controller reads it in a Package's `kubernetesVersionSelection.constraints`
/// (Carvel's version selection, blang/semver ranges): comparisons joined by spaces must all hold, alternatives are
/// joined by `||`. `>=1.25.0 <1.29.0 || 2.x`. Versions may leave out parts (`1.25` is `1.25.0`) and use `x` or `*` for
/// one (`1.27.x` is `>=1.27.0 <1.28.0`). Only the numeric core is compared: a cluster's `v1.27.11+vmware.1` is 1.27.11.
public struct SemverConstraints: Sendable, CustomStringConvertible {
    enum Operator: String, CaseIterable { case ge = ">=", le = "<=", ne = "!=", eq2 = "==", gt = ">", lt = "<", eq = "=", not = "!" }

    /// Alternatives (any holds), each a list of comparisons (all hold).
    private let alternatives: [[(Operator, [Int])]]
    public let description: String

    /// nil when the text is not a constraint kapp-controller would read.
    public init?(_ text: String) {
        var alternatives: [[(Operator, [Int])]] = []
        for alternative in text.split(separator: "||", omittingEmptySubsequences: false) {
            var comparisons: [(Operator, [Int])] = []
            for word in alternative.split(whereSeparator: { $0 == " " || $0 == "," }) {
                guard let parsed = Self.comparisons(String(word)) else { return nil }
                comparisons += parsed
            }
            guard !comparisons.isEmpty else { return nil }
            alternatives.append(comparisons)
        }
        self.alternatives = alternatives
        description = text
    }

    public func contains(_ version: ReleaseVersion) -> Bool {
        let mine = Array((version.core + [0, 0, 0]).prefix(3))
        return alternatives.contains { comparisons in
            comparisons.allSatisfy { op, bound in
                switch op {
                case .ge: !mine.lexicographicallyPrecedes(bound)
                case .le: !bound.lexicographicallyPrecedes(mine)
                case .gt: bound.lexicographicallyPrecedes(mine)
                case .lt: mine.lexicographicallyPrecedes(bound)
                case .eq, .eq2: mine == bound
                case .ne, .not: mine != bound
                }
            }
        }
    }

    /// One word: an operator and a version; a wildcard version becomes its range.
    private static func comparisons(_ word: String) -> [(Operator, [Int])]? {
        let op = Operator.allCases.first { word.hasPrefix($0.rawValue) }
        var version = Substring(word.dropFirst(op?.rawValue.count ?? 0))
        if version.first == "v" { version = version.dropFirst() }
        version = version.prefix(while: { $0 != "+" && $0 != "-" })  // pre-release and build: only the core is compared
        let parts = version.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else { return nil }
        let numbers = parts.prefix(while: { Int($0) != nil }).map { Int($0)! }
        let wild = parts.dropFirst(numbers.count)
        guard wild.allSatisfy({ ["x", "X", "*"].contains($0) }), !(numbers.isEmpty && wild.isEmpty) else { return nil }
        let low = Array((numbers + [0, 0, 0]).prefix(3))
        guard !wild.isEmpty else { return [(op ?? .eq, low)] }
        guard let last = numbers.last else { return op == nil || op == .ge ? [(.ge, [0, 0, 0])] : nil }  // `*`: any version
        var high = Array(numbers.dropLast()) + [last + 1]
        high = Array((high + [0, 0, 0]).prefix(3))
        switch op {
        case nil, .eq, .eq2: return [(.ge, low), (.lt, high)]
        case .ge: return [(.ge, low)]
        case .lt: return [(.lt, low)]
        case .gt: return [(.ge, high)]
        case .le: return [(.lt, high)]
        case .ne, .not: return nil
        }
    }
}
