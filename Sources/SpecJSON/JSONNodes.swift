/// A document's values read by node index, with no reference counting: what a walk over every value (the
/// validator) uses instead of ``JSONValue``, whose document reference is retained and released with every
/// handle made. Valid only inside ``JSONDocument/withNodes(_:)``.
///
/// An array's elements are the nodes `firstChild(i) ..< firstChild(i) + count(i)`; an object's member `k` has
/// its key at `firstChild(i) + 2k` and its value right after.
public struct JSONNodes {
    @usableFromInline let base: UnsafePointer<JSONNode>
    @usableFromInline let nodeCount: Int
    /// The document's source bytes.
    public let bytes: UnsafeBufferPointer<UInt8>

    init(base: UnsafePointer<JSONNode>, nodeCount: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.base = base
        self.nodeCount = nodeCount
        self.bytes = bytes
    }

    @inlinable
    func node(_ i: Int) -> JSONNode {
        precondition(i >= 0 && i < nodeCount, "JSON node index out of range")
        return base[i]
    }

    /// The kind of value `i`.
    @inlinable
    public func kind(_ i: Int) -> JSONKind { JSONKind(rawValue: node(i).kind) ?? .null }

    /// Byte offset of the first byte of value `i` (a string's opening quote).
    @inlinable
    public func offset(_ i: Int) -> Int { Int(node(i).start) }

    /// Whether value `i` is `null`.
    @inlinable
    public func isNull(_ i: Int) -> Bool { node(i).kind == JSONKind.null.rawValue }

    /// The element count of an array or member count of an object; 0 for other kinds.
    @inlinable
    public func count(_ i: Int) -> Int {
        let n = node(i)
        return n.kind == JSONKind.array.rawValue || n.kind == JSONKind.object.rawValue ? Int(n.b) : 0
    }

    /// The node index of a container's first child (its first element, or its first member's key).
    @inlinable
    public func firstChild(_ i: Int) -> Int { Int(node(i).a) }

    /// The number of Unicode scalars of a decoded string; 0 for other kinds.
    @inlinable
    public func stringScalarCount(_ i: Int) -> Int {
        let n = node(i)
        return n.kind == JSONKind.string.rawValue ? Int(n.a) : 0
    }

    /// The boolean, for `true` and `false`.
    public func boolValue(_ i: Int) -> Bool? {
        let n = node(i)
        guard n.kind == JSONKind.bool.rawValue else { return nil }
        return n.flags & JSONNode.Flags.isTrue != 0
    }

    /// The number, exactly, for numbers.
    public func number(_ i: Int) -> JSONNumber? {
        let n = node(i)
        guard n.kind == JSONKind.number.rawValue else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
        return JSONNumber(validatedText: String(decoding: slice, as: UTF8.self), bytes: slice)
    }

    /// Whether value `i` is a number with an integral value, decided without allocating.
    public func isInteger(_ i: Int) -> Bool {
        let n = node(i)
        guard n.kind == JSONKind.number.rawValue else { return false }
        if n.flags & JSONNode.Flags.plainInteger != 0 { return true }
        return NumberParts(UnsafeBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])).isIntegral
    }

    /// The string with escapes decoded, for strings.
    public func string(_ i: Int) -> String? {
        let n = node(i)
        guard n.kind == JSONKind.string.rawValue else { return nil }
        return JSONStrings.materialize(n, in: bytes)
    }

    /// Whether value `i` is a string equal to `text`, compared without materializing it.
    public func stringEquals(_ i: Int, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { stringEquals(i, utf8: $0) }
    }

    /// Whether value `i` is a string whose decoded UTF-8 is `text`.
    public func stringEquals(_ i: Int, utf8 text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = node(i)
        guard n.kind == JSONKind.string.rawValue else { return false }
        return JSONStrings.equals(n, text, in: bytes)
    }

    /// `lookup` of the decoded UTF-8 bytes of a string (nil for other values), without making a `String`.
    public func lookUpString(_ i: Int, _ lookup: (UnsafeBufferPointer<UInt8>) -> Int?) -> Int? {
        let n = node(i)
        guard n.kind == JSONKind.string.rawValue else { return nil }
        return JSONStrings.withDecoded(n, in: bytes, lookup)
    }

    /// Calls `body` with the decoded UTF-8 bytes of a string; nil for other kinds.
    public func withStringUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        let n = node(i)
        guard n.kind == JSONKind.string.rawValue else { return nil }
        return try JSONStrings.withDecoded(n, in: bytes, body)
    }

    /// The value index of the member `key` of object `i` (the last one, if repeated); nil when absent.
    public func member(_ i: Int, _ key: String) -> Int? {
        var key = key
        return key.withUTF8 { member(i, utf8: $0) }
    }

    /// The value index of the member whose key decodes to the UTF-8 `key` (the last one, if repeated); nil when absent.
    public func member(_ i: Int, utf8 key: UnsafeBufferPointer<UInt8>) -> Int? {
        Self.member(of: node(i), utf8: key, children: base, bytes: bytes)
    }

    /// The value index of the member of `object` whose key decodes to `key`, scanning back from the last member (so
    /// the last of a repeated key wins); nil when absent or not an object. The children of a parsed object are in
    /// range of `children`, so they are read without a check per key: request rules look members up by the million.
    static func member(
        of object: JSONNode, utf8 key: UnsafeBufferPointer<UInt8>, children: UnsafePointer<JSONNode>,
        bytes: UnsafeBufferPointer<UInt8>
    ) -> Int? {
        guard object.kind == JSONKind.object.rawValue, object.b > 0 else { return nil }
        let first = Int(object.a)
        var k = first + 2 * Int(object.b) - 2
        while k >= first {
            let candidate = children[k]
            if Int(candidate.b) == key.count, JSONStrings.equals(candidate, key, in: bytes) { return k + 1 }
            k -= 2
        }
        return nil
    }
}

extension JSONDocument {
    /// Calls `body` with the document's values readable by index (see ``JSONNodes``).
    public func withNodes<R>(_ body: (JSONNodes) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) {
            try bytes.withUnsafeBufferPointer { buffer in
                try body(JSONNodes(base: UnsafePointer(nodes.base), nodeCount: nodes.count, bytes: buffer))
            }
        }
    }
}
