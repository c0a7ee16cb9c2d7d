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
