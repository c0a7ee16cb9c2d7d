/// How the clusters' authenticator names directory groups, so that a Team's owners and viewers are bound as it sees
/// them (`identity` in the Platform). The dashboard's team check compares the same names.
public enum GroupIdentity: Sendable, Equatable {
    /// Names as written: OIDC (e.g. through Pinniped) or any authenticator that passes group names unchanged.
    case asWritten
    /// vSphere SSO on TKGS: a group is bound as `sso:GROUP@DOMAIN`.
    case vsphereSSO(domain: String)

    /// The name the authenticator gives `group`.
    public func subject(_ group: String) -> String {
        switch self {
        case .asWritten: group
        case .vsphereSSO(let domain): "sso:\(group)@\(domain)"
        }
    }
}

/// `identity.groups` as written in the Platform.
public enum GroupNaming: String, CaseIterable, Sendable {
    case oidc
    case vsphereSSO = "vsphere-sso"
}
