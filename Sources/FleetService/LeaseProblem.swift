import KubeClient

/// Why this replica cannot take or renew the Lease, with the remedy; the loop tracks it as a `ServeProblem`.
public struct LeaseProblem: Sendable {
    /// For the metric `peng_lease_errors_total{reason}`.
    public enum Reason: String, Sendable, CaseIterable {
        case namespaceMissing = "namespace_missing"
        case forbidden
        case unauthorized
        case unreachable
        case timeout
        case other
    }

    public var reason: Reason
    public var message: String
    public var remedy: String

    /// `context`: the management cluster's kubeconfig context, named in the message.
    init(_ error: Error, namespace: String, name: String, context: String) {
        let lease = "the Lease \(namespace)/\(name) on context \(context)"
        guard let kube = error as? KubeError else {
            if error is LeaseTimeout {
                self.init(.timeout, "\(lease) did not answer in time",
                          remedy: "check that the management cluster's API server is reachable and not overloaded")
            } else {
                self.init(.other, "\(lease) cannot be taken: \(error)", remedy: "see the management cluster's API server")
            }
            return
        }
        switch kube.code {
        case .notFound:
            self.init(.namespaceMissing, "namespace \(namespace) not found on context \(context)",
                      remedy: "create it (deploy/namespace.yaml) or pass --lease-namespace")
        case .forbidden:
            self.init(.forbidden, "\(lease) is forbidden to this replica: \(kube.message)",
                      remedy: "grant get, create and update on leases in \(namespace) (deploy/rbac.yaml)")
        case .unauthorized:
            self.init(.unauthorized, "the management cluster refused this replica's credentials (context \(context))",
                      remedy: "renew the credentials of context \(context)")
        case .unreachable, .tls:
            self.init(.unreachable, "the management cluster cannot be reached (context \(context)): \(kube.message)",
                      remedy: kube.hint ?? "check the address and the network path to the management cluster")
        default:
            self.init(.other, "\(lease) cannot be taken: \(kube.message)", remedy: kube.hint ?? "see the management cluster's API server")
        }
    }

    init(_ reason: Reason, _ message: String, remedy: String) {
        self.reason = reason
        self.message = message
        self.remedy = remedy
    }
}

/// A Lease request that did not answer within the time the elector had left.
struct LeaseTimeout: Error {}
