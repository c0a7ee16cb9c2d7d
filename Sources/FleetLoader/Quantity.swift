/// Kubernetes resource quantities (`500m`, `64Gi`, `1.5`, `2e3`), as the API server accepts them.
enum Quantity {
    static let suffixes: Set<String> = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"]

    static func isValid(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.first == "+" { rest = rest.dropFirst() }
        let number = rest.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
        guard number.contains(where: \.isNumber), number.filter({ $0 == "." }).count <= 1 else { return false }
        let suffix = rest.dropFirst(number.count)
        if suffixes.contains(String(suffix)) { return true }
        // Decimal exponent: e or E, an optional sign, digits.
        guard let first = suffix.first, first == "e" || first == "E" else { return false }
        var exponent = suffix.dropFirst()
        if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension Quantity {
    private static let multipliers: [String: Double] = [
        "": 1, "Ki": 1024, "Mi": 1_048_576, "Gi": 1_073_741_824, "Ti": 1_099_511_627_776, "Pi": 1_125_899_906_842_624,
        "Ei": 1_152_921_504_606_846_976, "n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
    ]

    /// The amount a valid quantity stands for (`5Gi` -> 5368709120), to compare against limits.
    static func amount(_ text: String) -> Double? {
        guard isValid(text) else { return nil }
        var rest = Substring(text)
        if rest.first == "+" { rest = rest.dropFirst() }
        let number = rest.prefix(while: { $0.isASCII && ($0.isNumber || $0 == ".") })
        guard let value = Double(number) else { return nil }
        let suffix = String(rest.dropFirst(number.count))
        if let multiplier = multipliers[suffix] { return value * multiplier }
        return Double(text)  // a decimal exponent: 2e3
    }
}
