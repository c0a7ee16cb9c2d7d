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
                checkVolumes(of: pool)
                if let zone = pool.failureDomain, !Self.isDNSName(zone) {
                    sink.error(at: pool.locations["failureDomain"], "node pool '\(pool.name)': failureDomain '\(zone)' is not a vSphere Zone name",
                               hint: "name a zone of the Supervisor as kubectl get zones shows it, e.g. zone-a")
                }
            }
            checkStorageClasses(of: cluster)
        }
    }

    /// The storage classes a cluster's workloads may use: each once, and the default among them.
    private func checkStorageClasses(of cluster: Cluster) {
        let classes = cluster.workloadStorageClasses
        guard !classes.isEmpty else { return }
        let at = cluster.locations["storageClasses"]
        for name in Set(classes) where classes.filter({ $0 == name }).count > 1 {
            sink.error(at: at, "cluster '\(cluster.name)': storage class '\(name)' is listed twice in storageClasses", hint: "list each once")
        }
        let defaultClass = cluster.defaultStorageClass ?? cluster.controlPlane.storageClass
        if !classes.contains(defaultClass) {
            sink.error(at: cluster.locations[cluster.defaultStorageClass == nil ? "storageClasses" : "defaultStorageClass"],
                       "cluster '\(cluster.name)': the default storage class '\(defaultClass)' is not among its storageClasses (\(classes.joined(separator: ", ")))",
                       hint: "add it to storageClasses, or set defaultStorageClass to one of them")
        }
    }

    /// A lower-case DNS name (RFC 1123 subdomain), as Kubernetes object names are.
    static func isDNSName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { DNSLabel.isValid(String($0)) }
    }

    /// A pool's extra disks: each named as a DNS label (TKGS names the claim `<node>-<name>`), mounted at its own
    /// absolute path outside the node's system folders, with a positive capacity.
    private func checkVolumes(of pool: NodePool) {
        var names: Set<String> = []
        var paths: Set<String> = []
        for volume in pool.volumes {
            if !DNSLabel.isValid(volume.name) {
                sink.error(at: volume.locations["name"], "node pool '\(pool.name)': volume name '\(volume.name)' is not a DNS label",
                           hint: "lower-case letters, digits and '-', e.g. containerd")
            } else if !names.insert(volume.name).inserted {
                sink.error(at: volume.locations["name"], "node pool '\(pool.name)': volume '\(volume.name)' is given twice", hint: "name each volume once")
            }
            let path = volume.mountPath
            if !path.hasPrefix("/") || path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) || path.contains("//") {
                sink.error(at: volume.locations["mountPath"], "node pool '\(pool.name)': volume '\(volume.name)' has mountPath '\(path)', which is not a plain absolute path",
                           hint: "e.g. /var/lib/containerd")
            } else if Self.systemPaths.contains(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path) {
                sink.error(at: volume.locations["mountPath"], "node pool '\(pool.name)': volume '\(volume.name)' would be mounted over \(path), which the node's system needs",
                           hint: "mount it on a folder of its own, e.g. /var/lib/containerd or /var/lib/kubelet")
            } else if !paths.insert(path).inserted {
                sink.error(at: volume.locations["mountPath"], "node pool '\(pool.name)': two volumes are mounted at \(path)", hint: "give each volume its own mountPath")
            }
            if (Quantity.amount(volume.capacity) ?? 0) <= 0 {
                sink.error(at: volume.locations["capacity"], "node pool '\(pool.name)': volume '\(volume.name)' has capacity '\(volume.capacity)', which is not a positive quantity",
                           hint: "write a size such as 50Gi")
            }
        }
    }

    /// Folders a node cannot have a disk mounted over.
    static let systemPaths: Set<String> = ["/", "/boot", "/etc", "/usr", "/bin", "/sbin", "/lib", "/var", "/proc", "/sys", "/dev", "/run", "/tmp"]

    /// Why `key` is not a Kubernetes qualified name, or nil.
    static func qualifiedNameProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "has more than one '/'" }
        if parts.count == 2 {
            let prefix = String(parts[0])
            guard isDNSName(prefix) else { return "has a prefix that is not a lower-case DNS name" }
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
