/// Where each field of one fleet mapping was written, so that a rule can point at the exact value.
///
/// Keys are field names (`stage`), nested paths (`network.pods`) or list items (`extensions[1]`).
/// A field that was not written falls back to the location of the mapping itself.
public struct FieldLocations: Hashable, Sendable {
    public var base: SourceLocation
    public var fields: [String: SourceLocation]

    public init(base: SourceLocation, fields: [String: SourceLocation] = [:]) {
        self.base = base
        self.fields = fields
    }

    public subscript(field: String) -> SourceLocation {
        fields[field] ?? base
    }

    /// The location of item `index` of a list field, falling back to the field, then the mapping.
    public func item(_ field: String, _ index: Int) -> SourceLocation {
        fields["\(field)[\(index)]"] ?? self[field]
    }
}
