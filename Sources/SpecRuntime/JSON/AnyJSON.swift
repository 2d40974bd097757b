import Foundation

/// Any JSON value: for free-form fields and for the raw form of union variants this client does not know.
///
/// Objects keep their members in order (as a list of key–value pairs). Numbers that are integral and fit in
/// `Int64` are kept exactly as ``integer(_:)``; all others are ``double(_:)``.
///
/// Equality follows JSON semantics: `1` equals `1.0`, and two objects are equal when they have the same members in
/// any order (a repeated key counts with its last value).
///
/// Through `Codable` the member order is whatever the decoder reports (Foundation's `JSONDecoder` does not keep
/// it, nor does `JSONEncoder` keep the order written); ``init(parsing:)-(Data)`` and ``serialized()`` keep it.
public enum AnyJSON: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integral number that fits in `Int64`.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([AnyJSON])
    /// An object, its members in order.
    case object([(key: String, value: AnyJSON)])
}

// MARK: - Access

extension AnyJSON {
    /// The value of the member `key` of an object (the last one if repeated); `nil` for other values.
    public subscript(key: String) -> AnyJSON? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The element at `index` of an array; `nil` for other values or an index out of range.
    public subscript(index: Int) -> AnyJSON? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// Whether the value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The Boolean, if the value is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The string, if the value is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as an `Int64`, if it is integral and fits.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value): value
        case .double(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The number as a `Double` (possibly rounded), if the value is a number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The elements, if the value is an array.
    public var arrayValue: [AnyJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members in order, if the value is an object.
    public var objectValue: [(key: String, value: AnyJSON)]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The JSON kind: `null`, `boolean`, `number`, `string`, `array` or `object`.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

// MARK: - Literals

extension AnyJSON: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// A number.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array.
    public init(arrayLiteral elements: AnyJSON...) { self = .array(elements) }
    /// An object with the members in the order written.
    public init(dictionaryLiteral elements: (String, AnyJSON)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}

// MARK: - Equality

extension AnyJSON: Hashable {
    /// JSON equality: numbers by value, objects regardless of member order.
    public static func == (lhs: AnyJSON, rhs: AnyJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.integer(let a), .double(let b)), (.double(let b), .integer(let a)): Int64(exactly: b) == a
        case (.array(let a), .array(let b)): a == b
        case (.object, .object): lhs.memberDictionary == rhs.memberDictionary
        default: false
        }
    }

    /// Hashes consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null:
            hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .integer(let value):
            hasher.combine(2)
            hasher.combine(value)
        case .double(let value):
            if let integral = Int64(exactly: value) {
                hasher.combine(2)
                hasher.combine(integral)
            } else {
                hasher.combine(3)
                hasher.combine(value)
            }
        case .string(let value):
            hasher.combine(4)
            hasher.combine(value)
        case .array(let elements):
            hasher.combine(5)
            hasher.combine(elements)
        case .object:
            hasher.combine(6)
            let members = memberDictionary ?? [:]
            hasher.combine(members.count)
            var combined = 0
            for (key, value) in members {
                var memberHasher = Hasher()
                memberHasher.combine(key)
                memberHasher.combine(value)
                combined ^= memberHasher.finalize()
            }
            hasher.combine(combined)
        }
    }

    private var memberDictionary: [String: AnyJSON]? {
        guard case .object(let members) = self else { return nil }
        var dictionary: [String: AnyJSON] = [:]
        for member in members { dictionary[member.key] = member.value }
        return dictionary
    }
}

// MARK: - Codable

extension AnyJSON: Codable {
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if container.decodeNil() {
                self = .null
                return
            }
            if let value = try? container.decode(Bool.self) {
                self = .bool(value)
                return
            }
            if let value = try? container.decode(Int64.self) {
                self = .integer(value)
                return
            }
            if let value = try? container.decode(Double.self) {
                self = Self.number(value)
                return
            }
            if let value = try? container.decode(String.self) {
                self = .string(value)
                return
            }
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements: [AnyJSON] = []
            if let count = container.count { elements.reserveCapacity(count) }
            while !container.isAtEnd {
                elements.append(try container.decode(AnyJSON.self))
            }
            self = .array(elements)
            return
        }
        if let container = try? decoder.container(keyedBy: MemberKey.self) {
            var members: [(key: String, value: AnyJSON)] = []
            members.reserveCapacity(container.allKeys.count)
            for key in container.allKeys {
                members.append((key: key.stringValue, value: try container.decode(AnyJSON.self, forKey: key)))
            }
            self = .object(members)
            return
        }
        throw DecodingError.dataCorrupted(
            DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected a JSON value"))
    }

    /// Encodes the value; objects are written in member order (the encoder may still reorder them).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for member in members { try container.encode(member.value, forKey: MemberKey(stringValue: member.key)) }
        }
    }

    /// A number as ``integer(_:)`` when integral and in range, else ``double(_:)``.
    static func number(_ value: Double) -> AnyJSON {
        if value.isFinite, value.rounded(.towardZero) == value, value >= -9.223372036854775808e18,
            value < 9.223372036854775808e18, let integral = Int64(exactly: value)
        {
            return .integer(integral)
        }
        return .double(value)
    }
}

// MARK: - Description

extension AnyJSON: CustomStringConvertible, CustomDebugStringConvertible {
    /// The compact JSON text.
    public var description: String { serialized() }
    /// The compact JSON text.
    public var debugDescription: String { serialized() }
}
