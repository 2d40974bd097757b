/// A member that is both optional and nullable, where leaving it out and sending JSON `null` differ: the
/// property is `Nullable<Wrapped>?`, and `nil` leaves the member out, `.null` sends `null`, `.value(x)` sends `x`.
///
/// ```swift
/// block.cacheControl = .value(CacheControlEphemeral())   // "cache_control": {"type": "ephemeral"}
/// block.cacheControl = .null                             // "cache_control": null
/// block.cacheControl = nil                               // no "cache_control" member
/// if let cacheControl = block.cacheControl?.value { … }  // the value, when there is one
/// ```
public enum Nullable<Wrapped> {
    /// JSON `null`.
    case null
    /// A value.
    case value(Wrapped)

    /// `.value(x)` for `x`, `.null` for `nil`.
    public init(_ optional: Wrapped?) {
        self = optional.map(Nullable.value) ?? .null
    }

    /// The value, or `nil` for `null`.
    public var value: Wrapped? {
        if case .value(let value) = self { return value }
        return nil
    }
}

extension Nullable: Sendable where Wrapped: Sendable {}
extension Nullable: Equatable where Wrapped: Equatable {}
extension Nullable: Hashable where Wrapped: Hashable {}

extension Nullable: Codable where Wrapped: Codable {
    /// Decodes `null` as ``null`` and anything else as a value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Wrapped.self))
    }

    /// Encodes ``null`` as `null` and a value as itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let value): try container.encode(value)
        }
    }
}
