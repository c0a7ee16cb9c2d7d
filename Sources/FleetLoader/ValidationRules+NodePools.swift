import FleetModel

extension ValidationRules {
    /// Node pool labels and taints as the kubelet registers them: keys are qualified names (an optional DNS prefix and
    /// `/`, then a name of at most 63 characters), values label values; labels in the kubernetes.io and k8s.io
    /// namespaces are the kubelet's to refuse (NodeRestriction allows it only node.kubernetes.io/ and
    /// kubelet.kubernetes.io/); a taint's key and effect appear once per pool.
    func checkNodePools() {
        for cluster in fleet.clusters {
            for pool in cluster.nodePools {
                for (key, value) in pool.labels.sorted(by: { $0.key < $1.key }) {
                    let at = pool.locations["labels.\(key)"]
                    if let problem = Self.qualifiedNameProblem(key) {
                        sink.error(at: at, "node pool '\(pool.name)': label key '\(key)' \(problem)",
                                   hint: "write an optional DNS prefix and '/', then a name, e.g. shop.example/pool or workload")
                    } else if let prefix = Self.reservedPrefix(key) {
                        sink.error(at: at, "node pool '\(pool.name)': label '\(key)' is in the \(prefix) namespace, which a node may not label itself with",
                                   hint: "use your own prefix (e.g. shop.example/\(key.split(separator: "/").last ?? "")), or node.kubernetes.io/")
                    }
                    if let problem = Self.labelValueProblem(value) {
                        sink.error(at: at, "node pool '\(pool.name)': label '\(key)' has value '\(value)', which \(problem)",
                                   hint: "at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit")
                    }
                }
                var seen: Set<String> = []
                for taint in pool.taints {
                    let at = taint.locations["key"]
                    if let problem = Self.qualifiedNameProblem(taint.key) {
                        sink.error(at: at, "node pool '\(pool.name)': taint key '\(taint.key)' \(problem)",
                                   hint: "write an optional DNS prefix and '/', then a name, e.g. dedicated or shop.example/gpu")
                    }
                    if let value = taint.value, let problem = Self.labelValueProblem(value) {
                        sink.error(at: taint.locations["value"], "node pool '\(pool.name)': taint '\(taint.key)' has value '\(value)', which \(problem)",
                                   hint: "at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit")
                    }
                    if !seen.insert("\(taint.key) \(taint.effect.rawValue)").inserted {
                        sink.error(at: at, "node pool '\(pool.name)': taint '\(taint.key)' with effect \(taint.effect.rawValue) is given twice",
                                   hint: "a node holds one taint per key and effect: keep one")
                    }
                }
            }
        }
    }

    /// Why `key` is not a Kubernetes qualified name, or nil.
    static func qualifiedNameProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "has more than one '/'" }
        if parts.count == 2 {
            let prefix = String(parts[0])
            guard !prefix.isEmpty, prefix.count <= 253, prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ DNSLabel.isValid(String($0)) })
            else { return "has a prefix that is not a lower-case DNS name" }
        }
        let name = String(parts.last ?? "")
        guard !name.isEmpty else { return "has no name" }
        return labelValueProblem(name)
    }

    /// Why `value` is not a label value (empty is allowed), or nil.
    static func labelValueProblem(_ value: String) -> String? {
        guard !value.isEmpty else { return nil }
        guard value.count <= 63 else { return "is longer than 63 characters" }
        let bytes = Array(value.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) }
        guard alphanumeric(bytes.first!), alphanumeric(bytes.last!) else { return "does not start and end with a letter or digit" }
        guard bytes.allSatisfy({ alphanumeric($0) || $0 == 45 || $0 == 95 || $0 == 46 }) else { return "holds characters other than letters, digits, '-', '_' and '.'" }
        return nil
    }

    /// The reserved namespace of a label key the kubelet may not set on its node, or nil.
    static func reservedPrefix(_ key: String) -> String? {
        guard let slash = key.firstIndex(of: "/") else { return nil }
        let prefix = String(key[..<slash])
        if ["node.kubernetes.io", "kubelet.kubernetes.io"].contains(where: { prefix == $0 || prefix.hasSuffix("." + $0) }) { return nil }
        for reserved in ["kubernetes.io", "k8s.io"] where prefix == reserved || prefix.hasSuffix("." + reserved) { return reserved }
        return nil
    }
}
