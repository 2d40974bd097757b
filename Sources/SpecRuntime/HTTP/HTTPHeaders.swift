/// One HTTP header field: a name and a value.
public struct HTTPHeader: Hashable, Sendable {
    /// The field name as it was set; comparisons ignore ASCII case.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension HTTPHeader: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `name: value`; a credential-like value is shown as `[REDACTED]`.
    public var description: String {
        "\(name): \(HTTPHeaders.isSensitive(name) ? Redactor.placeholder : value)"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that shows the masked field.
    public var customMirror: Mirror { Mirror(self, children: ["field": description]) }
}

/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Descriptions mask the values of credential-like fields (`authorization`, `x-api-key`, cookies and any name
/// containing `key`, `token`, `secret`, `auth` or `password`), so printing headers never shows a credential.
public struct HTTPHeaders: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in order.
    public private(set) var fields: [HTTPHeader]

    /// Creates an empty header list.
    public init() { fields = [] }

    /// Creates a header list from fields, keeping their order.
    public init(_ fields: [HTTPHeader]) { self.fields = fields }

    /// Creates a header list from a dictionary literal, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { HTTPHeader(name: $0.0, value: $0.1) }
    }

    /// The value of the first field named `name` (ASCII case-insensitive); setting replaces every field of that name,
    /// and setting `nil` removes them.
    public subscript(name: String) -> String? {
        get { fields.first { Self.sameName($0.name, name) }?.value }
        set {
            if let newValue { replaceOrAdd(name: name, value: newValue) } else { remove(name: name) }
        }
    }

    /// Every value of the fields named `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.sameName($0.name, name) }
    }

    /// Appends a field, keeping existing fields of the same name.
    public mutating func add(name: String, value: String) {
        fields.append(HTTPHeader(name: name, value: value))
    }

    /// Replaces the first field named `name` and removes the others, or appends the field when absent.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { Self.sameName($0.name, name) }) else {
            fields.append(HTTPHeader(name: name, value: value))
            return
        }
        fields[first].value = value
        var index = fields.index(after: first)
        while index < fields.endIndex {
            if Self.sameName(fields[index].name, name) { fields.remove(at: index) } else { index += 1 }
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { Self.sameName($0.name, name) }
    }

    /// Sets every field of `other` here, replacing fields of the same names.
    public mutating func merge(_ other: HTTPHeaders) {
        var seen: Set<String> = []
        for field in other.fields {
            let key = field.name.lowercased()
            if seen.insert(key).inserted {
                replaceOrAdd(name: field.name, value: field.value)
            } else {
                add(name: field.name, value: field.value)
            }
        }
    }

    /// Whether the list has no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[HTTPHeader]> { fields.makeIterator() }

    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.lowercased() == b.lowercased()
    }

    /// Whether a header's value may be a credential and must not be shown.
    public static func isSensitive(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["auth", "key", "token", "secret", "cookie", "password", "credential"].contains { lower.contains($0) }
    }
}

extension HTTPHeaders: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `name: value` lines; credential-like values are shown as `[REDACTED]`.
    public var description: String {
        fields.map { "\($0.name): \(Self.isSensitive($0.name) ? Redactor.placeholder : $0.value)" }
            .joined(separator: "\n")
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror that shows the masked fields.
    public var customMirror: Mirror {
        Mirror(
            self,
            unlabeledChildren: fields.map {
                "\($0.name): \(Self.isSensitive($0.name) ? Redactor.placeholder : $0.value)"
            }, displayStyle: .collection)
    }
}
