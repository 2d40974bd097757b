// Support for the `Codable` conformances that spec-gen writes. Generated code imports it with
// `@_spi(Generated) import SpecRuntime`; it is not API for hand-written code and may change with the generator.
//
// The functions are deliberately not `@inlinable`: every generated type calls them, and one shared copy keeps
// the generated modules small and quick to optimise.

/// The coding key of every generated `Codable` conformance: a member's wire name, written as a string literal
/// (`forKey: "max_tokens"`). One key type for all generated types, instead of a `CodingKeys` enum per type, lets
/// the compiler specialise the keyed containers once per module rather than once per type.
@_spi(Generated)
public struct GeneratedCodingKey: CodingKey, ExpressibleByStringLiteral, Sendable {
    /// The member's wire name.
    public var stringValue: String

    /// Always `nil`: generated types have named members only.
    public var intValue: Int? { nil }

    /// A key for the member `name`.
    public init(_ name: String) {
        stringValue = name
    }

    /// A key for the member `stringValue`.
    public init(stringValue: String) {
        self.stringValue = stringValue
    }

    /// A key for the member whose wire name is the literal.
    public init(stringLiteral name: String) {
        stringValue = name
    }

    /// Never succeeds: generated types have named members only.
    public init?(intValue: Int) {
        nil
    }
}

extension Decoder {
    /// Throws when the object has a member that `known` does not name.
    ///
    /// - Parameters:
    ///   - known: The wire names of the members the type declares.
    ///   - typeName: The type's name in the spec, for the message.
    @_spi(Generated)
    public func rejectUnknownKeys(_ known: [String], of typeName: String) throws {
        let members = try container(keyedBy: GeneratedCodingKey.self).allKeys.map(\.stringValue)
        guard let unknown = members.filter({ !known.contains($0) }).sorted().first else { return }
        throw DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: codingPath + [GeneratedCodingKey(unknown)],
                debugDescription: ViolationMessages.unknownField(unknown, in: typeName, suggestion: nil)))
    }

    /// The members of the object that `known` (the wire names the type declares) does not name.
    @_spi(Generated)
    public func additionalProperties(excluding known: [String]) throws -> [String: AnyJSON] {
        let container = try container(keyedBy: GeneratedCodingKey.self)
        var members: [String: AnyJSON] = [:]
        for key in container.allKeys where !known.contains(key.stringValue) {
            members[key.stringValue] = try container.decode(AnyJSON.self, forKey: key)
        }
        return members
    }
}

extension Encoder {
    /// Encodes members not declared by the spec, sorted by name.
    @_spi(Generated)
    public func encodeAdditionalProperties(_ members: [String: AnyJSON]) throws {
        var container = container(keyedBy: GeneratedCodingKey.self)
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            try container.encode(value, forKey: GeneratedCodingKey(name))
        }
    }
}

extension KeyedDecodingContainer {
    /// Checks that the member, if present (and it must be when `required`), has the only allowed value
    /// (or is `null`, when `nullable`).
    @_spi(Generated)
    public func decodeConstant(
        _ expected: AnyJSON,
        forKey key: Key,
        required: Bool,
        nullable: Bool = false
    ) throws {
        guard required || contains(key) else { return }
        if nullable, try decodeNil(forKey: key) { return }
        let found = try decode(AnyJSON.self, forKey: key)
        guard found == expected else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: ViolationMessages.constant(expected: expected.description, found: found.description))
        }
    }

    /// Decodes an optional member that must not be `null` when present.
    @_spi(Generated)
    public func decodeNonNullIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        return try decode(T.self, forKey: key)
    }

    /// Decodes an optional, nullable member: `nil` when absent, ``Nullable/null`` when `null`.
    @_spi(Generated)
    public func decodeNullable<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> Nullable<T>? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) {
            return .null
        }
        return .value(try decode(T.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Encodes an optional, nullable member: nothing when `nil`, `null` for ``Nullable/null``.
    @_spi(Generated)
    public mutating func encodeNullable<T: Encodable>(_ value: Nullable<T>?, forKey key: Key) throws {
        switch value {
        case .none:
            break
        case .null?:
            try encodeNil(forKey: key)
        case .value(let value)?:
            try encode(value, forKey: key)
        }
    }
}
