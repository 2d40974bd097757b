/// The six kinds of JSON value.
public enum JSONKind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool
    /// A number.
    case number
    /// A string.
    case string
    /// An array.
    case array
    /// An object.
    case object

    /// The name used in messages: "null", "boolean", "number", "string", "array", "object".
    public var name: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Same as `name`.
    public var description: String { name }
}

/// A value in a `JSONDocument`: a cheap handle (document reference plus node index).
///
/// Accessors for another kind return `nil` (or an empty collection), so a validator checks
/// `kind` once and then reads what it needs. Strings are not copied out of the source until
/// `string` is read; their lengths are known without doing so.
public struct JSONValue: Sendable, CustomStringConvertible {
    /// The document the value belongs to.
    public let document: JSONDocument
    /// The index of the value's node in the document.
    package let index: Int

    init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    var node: JSONNode { document.nodes[index] }

    /// The kind of value.
    public var kind: JSONKind { JSONKind(rawValue: node.kind) ?? .null }

    /// Byte offset of the value's first byte (a string's opening quote).
    public var offset: Int { Int(node.start) }

    /// The byte range of the value's source text, brackets and quotes included.
    public var sourceRange: Range<Int> {
        let n = node
        return Int(n.start)..<Int(n.end)
    }

    /// The value's source text exactly as written.
    public var sourceText: String {
        String(decoding: document.bytes[sourceRange], as: UTF8.self)
    }

    /// The line and column of the value (computed on demand).
    public var location: SourceLocation { document.location(of: offset) }

    /// Whether the value is `null`.
    public var isNull: Bool { node.kind == JSONKind.null.rawValue }

    /// The boolean, for `true` and `false`.
    public var boolValue: Bool? {
        let n = node
        guard n.kind == JSONKind.bool.rawValue else { return nil }
        return n.flags & JSONNode.Flags.isTrue != 0
    }

    /// The number, exactly, for numbers.
    public var number: JSONNumber? {
        let n = node
        guard n.kind == JSONKind.number.rawValue else { return nil }
        return document.bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[Int(n.start)..<Int(n.end)])
            return JSONNumber(validatedText: String(decoding: slice, as: UTF8.self), bytes: slice)
        }
    }

    /// Whether the value is a number with an integral value (`2`, `2.0`, `2e3`; not `2.5`),
    /// decided from the source text without allocating.
    public var isInteger: Bool {
        let n = node
        guard n.kind == JSONKind.number.rawValue else { return false }
        if n.flags & JSONNode.Flags.plainInteger != 0 { return true }
        return document.bytes.withUnsafeBufferPointer { buffer in
            NumberParts(UnsafeBufferPointer(rebasing: buffer[Int(n.start)..<Int(n.end)])).isIntegral
        }
    }

    /// The string's value with escapes decoded (a new `String` each time it is read).
    public var string: String? {
        let n = node
        guard n.kind == JSONKind.string.rawValue else { return nil }
        return document.bytes.withUnsafeBufferPointer { JSONStrings.materialize(n, in: $0) }
    }

    /// The number of Unicode scalars in the decoded string, without materializing it.
    public var stringScalarCount: Int? {
        let n = node
        guard n.kind == JSONKind.string.rawValue else { return nil }
        return Int(n.a)
    }

    /// The number of UTF-8 bytes in the decoded string, without materializing it.
    public var stringUTF8Count: Int? {
        let n = node
        guard n.kind == JSONKind.string.rawValue else { return nil }
        return Int(n.b)
    }

    /// Whether the value is a string equal to `text` (compared without materializing).
    public func stringEquals(_ text: String) -> Bool {
        let n = node
        guard n.kind == JSONKind.string.rawValue else { return false }
        var text = text
        return text.withUTF8 { wanted in
            document.bytes.withUnsafeBufferPointer { JSONStrings.equals(n, wanted, in: $0) }
        }
    }

    /// Calls `body` with the decoded UTF-8 bytes of a string (the source bytes themselves when
    /// the string has no escapes). Returns `nil` for other kinds.
    public func withStringUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        let n = node
        guard n.kind == JSONKind.string.rawValue else { return nil }
        return try document.bytes.withUnsafeBufferPointer { buffer in
            try JSONStrings.withDecoded(n, in: buffer, body)
        }
    }

    /// The elements of an array (empty for every other kind).
    public var elements: Elements {
        let n = node
        guard n.kind == JSONKind.array.rawValue else { return Elements(document: document, base: 0, count: 0) }
        return Elements(document: document, base: Int(n.a), count: Int(n.b))
    }

    /// The members of an object in source order, duplicates included (empty for other kinds).
    public var members: Members {
        let n = node
        guard n.kind == JSONKind.object.rawValue else { return Members(document: document, base: 0, count: 0) }
        return Members(document: document, base: Int(n.a), count: Int(n.b))
    }

    /// The element count of an array or member count of an object; `nil` otherwise.
    public var count: Int? {
        let n = node
        guard n.kind == JSONKind.array.rawValue || n.kind == JSONKind.object.rawValue else { return nil }
        return Int(n.b)
    }

    /// The value of the member named `key`, or `nil` if absent or not an object. With duplicate
    /// keys (reported by the parser) the last one wins, as in most JSON parsers.
    public func member(_ key: String) -> JSONValue? {
        document.memberIndex(of: index, key).map { JSONValue(document: document, index: $0) }
    }

    /// `lookup` of the decoded UTF-8 bytes of a string value (nil for other values), without making a `String`.
    /// Not generic, so that a caller in another module pays no metadata lookups.
    public func lookUpString(_ lookup: (UnsafeBufferPointer<UInt8>) -> Int?) -> Int? {
        let node = document.nodes[index]
        guard node.kind == JSONKind.string.rawValue else { return nil }
        return document.bytes.withUnsafeBufferPointer { JSONStrings.withDecoded(node, in: $0, lookup) }
    }

    /// Same as `member(_:)`.
    public subscript(key: String) -> JSONValue? { member(key) }

    /// The array element at `index`, or `nil` when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        let items = elements
        return items.indices.contains(index) ? items[index] : nil
    }

    /// The source text, shortened to 80 characters.
    public var description: String {
        let text = sourceText
        return text.count > 80 ? String(text.prefix(79)) + "…" : text
    }

    /// The elements of an array: random access, no copying.
    public struct Elements: RandomAccessCollection, Sendable {
        let document: JSONDocument
        let base: Int
        /// The number of elements.
        public let count: Int

        /// Always 0.
        public var startIndex: Int { 0 }
        /// The element count.
        public var endIndex: Int { count }

        /// The element at `position` (0-based).
        public subscript(position: Int) -> JSONValue {
            precondition(position >= 0 && position < count, "JSON array index out of range")
            return JSONValue(document: document, index: base + position)
        }
    }

    /// The members of an object: random access in source order, no copying.
    public struct Members: RandomAccessCollection, Sendable {
        let document: JSONDocument
        let base: Int
        /// The number of members (duplicates included).
        public let count: Int

        /// Always 0.
        public var startIndex: Int { 0 }
        /// The member count.
        public var endIndex: Int { count }

        /// The member at `position` (0-based, source order).
        public subscript(position: Int) -> JSONMember {
            precondition(position >= 0 && position < count, "JSON member index out of range")
            return JSONMember(document: document, keyIndex: base + 2 * position)
        }
    }
}

/// One `"key": value` pair of an object.
public struct JSONMember: Sendable {
    let document: JSONDocument
    let keyIndex: Int

    /// The key with escapes decoded.
    public var key: String { keyNode.string ?? "" }

    /// Byte offset of the key's opening quote.
    public var keyOffset: Int { Int(document.nodes[keyIndex].start) }

    /// The key as a string value (for lengths, comparisons and locations without copying).
    public var keyNode: JSONValue { JSONValue(document: document, index: keyIndex) }

    /// The member's value.
    public var value: JSONValue { JSONValue(document: document, index: keyIndex + 1) }

    /// `lookup` of the key's decoded UTF-8 bytes, without making a `String` (escapes are decoded into a temporary
    /// buffer only when the key has any). Not generic, so that a caller in another module pays no metadata lookups.
    public func lookUpKey(_ lookup: (UnsafeBufferPointer<UInt8>) -> Int?) -> Int? { keyNode.lookUpString(lookup) }
}

extension JSONDocument: RuleDocument {
    /// The handle of the top-level value, for request rules.
    public var ruleRoot: Int { rootIndex }

    /// The kind of a value, for request rules.
    public func ruleKind(of node: Int) -> RuleJSONKind {
        switch JSONKind(rawValue: nodes[node].kind) ?? .null {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The member `key` of an object, for request rules (the last one, if repeated).
    public func ruleMember(of node: Int, named key: UnsafeBufferPointer<UInt8>) -> Int? {
        memberIndex(of: node, utf8: key)
    }

    /// The element count of an array, for request rules.
    public func ruleElementCount(of node: Int) -> Int {
        let n = nodes[node]
        return n.kind == JSONKind.array.rawValue ? Int(n.b) : 0
    }

    /// An element of an array, for request rules.
    public func ruleElement(of node: Int, at index: Int) -> Int { Int(nodes[node].a) + index }

    /// The member count of an object, for request rules.
    public func ruleMemberCount(of node: Int) -> Int {
        let n = nodes[node]
        return n.kind == JSONKind.object.rawValue ? Int(n.b) : 0
    }

    /// The string of a string value, for request rules.
    public func ruleString(of node: Int) -> String? { JSONValue(document: self, index: node).string }

    /// Whether a value is a string equal to `text`, compared without materializing it.
    public func ruleString(of node: Int, equals text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = nodes[node]
        guard n.kind == JSONKind.string.rawValue else { return false }
        return bytes.withUnsafeBufferPointer { JSONStrings.equals(n, text, in: $0) }
    }

    /// Whether a value is a string of ASCII only, for request rules.
    public func ruleStringIsASCII(of node: Int) -> Bool {
        let n = nodes[node]
        guard n.kind == JSONKind.string.rawValue else { return false }
        return bytes.withUnsafeBufferPointer { JSONStrings.isASCII(n, in: $0) }
    }

    /// Whether two values are strings of the same UTF-8, compared without materializing them.
    public func ruleStrings(_ a: Int, equal b: Int) -> Bool {
        let x = nodes[a]
        let y = nodes[b]
        guard x.kind == JSONKind.string.rawValue, y.kind == JSONKind.string.rawValue else { return false }
        return bytes.withUnsafeBufferPointer { JSONStrings.equals(x, y, in: $0) }
    }

    /// Calls `body` with the decoded UTF-8 of a string (the source bytes when it has no escapes).
    public func ruleWithString<R>(of node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        JSONValue(document: self, index: node).withStringUTF8(body)
    }

    /// The decoded UTF-8 length of a string, for request rules.
    public func ruleStringUTF8Count(of node: Int) -> Int {
        let n = nodes[node]
        return n.kind == JSONKind.string.rawValue ? Int(n.b) : 0
    }

    /// The number of a number value, for request rules.
    public func ruleNumber(of node: Int) -> Double? { JSONValue(document: self, index: node).number?.doubleValue }

    /// The boolean of a boolean value, for request rules.
    public func ruleBool(of node: Int) -> Bool? { JSONValue(document: self, index: node).boolValue }

    /// The path from the top-level value to `node`, found by descending through the containers
    /// whose source range holds the node's first byte (children are in source order, so each
    /// level is a binary search).
    public func rulePath(to node: Int) -> [RulePathStep] {
        var path: [RulePathStep] = []
        let target = nodes[node].start
        var current = rootIndex
        while current != node {
            let n = nodes[current]
            let isObject = n.kind == JSONKind.object.rawValue
            guard isObject || n.kind == JSONKind.array.rawValue, n.b > 0 else { break }
            // Child i starts at node a + i (arrays) or a + 2i (the key, objects).
            let stride = isObject ? 2 : 1
            var low = 0
            var high = Int(n.b) - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if nodes[Int(n.a) + stride * mid].start <= target { low = mid } else { high = mid - 1 }
            }
            let first = Int(n.a) + stride * low
            if isObject {
                path.append(.key(JSONValue(document: self, index: first).string ?? ""))
                current = first + 1
            } else {
                path.append(.index(low))
                current = first
            }
            let child = nodes[current]
            // The node is not inside this document's values: stop rather than guess.
            guard (child.start..<max(child.end, child.start + 1)).contains(target) else { break }
        }
        return path
    }

    /// The value index of member `key` of the object at `node` (the last one, if repeated).
    func memberIndex(of node: Int, _ key: String) -> Int? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ memberIndex(of: node, utf8: $0) }) { return found }
        return Array(key.utf8).withUnsafeBufferPointer { memberIndex(of: node, utf8: $0) }
    }

    /// The value index of the member whose key is the UTF-8 `key` (the last one, if repeated).
    func memberIndex(of node: Int, utf8 key: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = nodes[node]
        return bytes.withUnsafeBufferPointer {
            JSONNodes.member(of: n, utf8: key, children: UnsafePointer(nodes.base), bytes: $0)
        }
    }
}
