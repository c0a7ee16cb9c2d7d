/// A Kubernetes DNS-1123 label: the names of namespaces, teams, clusters, and the Lease serve leads by.
public enum DNSLabel {
    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 63 else { return false }
        let bytes = Array(name.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) }
        guard alphanumeric(bytes.first!), alphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == 45 }
    }

    /// A nearby valid label: lower-cased, other characters turned into '-'.
    public static func suggestion(for name: String) -> String? {
        let mapped = String(name.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII ? $0 : "-" })
        let trimmed = String(mapped.drop(while: { $0 == "-" }).reversed().drop(while: { $0 == "-" }).reversed().prefix(63))
        return isValid(trimmed) && trimmed != name ? trimmed : nil
    }
}
