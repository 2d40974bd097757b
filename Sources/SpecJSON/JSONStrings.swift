/// Decoding of string nodes the parser has already validated (escapes well-formed, surrogates
/// paired, UTF-8 valid), so nothing here reports errors.
enum JSONStrings {
    /// The content bytes (between the quotes) of a string node.
    @inline(__always)
    static func content(_ node: JSONNode, in bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(node.start) + 1..<Int(node.end) - 1])
    }

    /// The decoded string.
    static func materialize(_ node: JSONNode, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let raw = content(node, in: bytes)
        if node.flags & JSONNode.Flags.escaped == 0 {
            return String(decoding: raw, as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: Int(node.b)) { out in decode(raw, into: out) }
    }

    /// Calls `body` with the decoded UTF-8 bytes.
    static func withDecoded<R>(
        _ node: JSONNode, in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R {
        let raw = content(node, in: bytes)
        if node.flags & JSONNode.Flags.escaped == 0 { return try body(raw) }
        return try withDecodedEscapes(raw, count: Int(node.b), body)
    }

    /// ``withDecoded(_:in:_:)`` for a string with escapes: apart, because the temporary buffer's generic metadata is
    /// looked up at every call of an unspecialized caller, and most strings have no escapes.
    @inline(never)
    static func withDecodedEscapes<R>(
        _ raw: UnsafeBufferPointer<UInt8>, count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { out in
            let count = decode(raw, into: out)
            return try body(UnsafeBufferPointer(rebasing: out[0..<count]))
        }
    }

    /// Whether a string node's decoded text is ASCII (escapes decode to ASCII only below `\u0080`).
    static func isASCII(_ node: JSONNode, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = content(node, in: bytes)
        if node.flags & JSONNode.Flags.escaped == 0 { return isASCII(raw) }
        return withDecodedEscapes(raw, count: Int(node.b)) { isASCII($0) }
    }

    /// Whether every byte is below 0x80, eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var k = 0
        var high: UInt64 = 0
        while k + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            k += 8
        }
        while k < bytes.count {
            high |= UInt64(base[k])
            k += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Whether the decoded string equals `wanted`.
    static func equals(_ node: JSONNode, _ wanted: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard Int(node.b) == wanted.count else { return false }
        let raw = content(node, in: bytes)
        if node.flags & JSONNode.Flags.escaped == 0 { return equalBytes(raw, wanted) }
        return withDecodedEscapes(raw, count: Int(node.b)) { equalBytes($0, wanted) }
    }

    /// Whether two string nodes decode to the same text.
    static func equals(_ x: JSONNode, _ y: JSONNode, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.b == y.b else { return false }
        if (x.flags | y.flags) & JSONNode.Flags.escaped == 0 {
            return equalBytes(content(x, in: bytes), content(y, in: bytes))
        }
        return withDecoded(x, in: bytes) { decodedX in
            withDecoded(y, in: bytes) { equalBytes(decodedX, $0) }
        }
    }

    /// Whether two byte runs are equal: eight bytes at a time with a last overlapping word, and short runs (most keys)
    /// as two overlapping loads, never reading outside either run.
    @inline(__always)
    static func equalBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        guard let px = x.baseAddress, let py = y.baseAddress else { return true }
        return JSONBytes.equal(UnsafeRawPointer(px), UnsafeRawPointer(py), count: x.count)
    }

    /// Decodes validated string content into `out` (at least as large as the decoded length,
    /// which never exceeds the raw length). Returns the number of bytes written.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var i = 0
        var o = 0
        let n = raw.count
        while i < n {
            let c = raw[i]
            guard c == 0x5C, i + 1 < n else {
                out[o] = c
                o += 1
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 0x62: out[o] = 0x08
            case 0x66: out[o] = 0x0C
            case 0x6E: out[o] = 0x0A
            case 0x72: out[o] = 0x0D
            case 0x74: out[o] = 0x09
            case 0x75:
                var scalar = hex4(raw, i)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 && i + 6 <= n {
                    let low = hex4(raw, i + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                o += writeUTF8(UInt32(truncatingIfNeeded: scalar), out, o)
                continue
            default: out[o] = e  // " \ /
            }
            o += 1
        }
        return o
    }

    /// The value of four hex digits at `i` (validated by the parser).
    @inline(__always)
    static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var value = 0
        for k in i..<min(i + 4, raw.count) { value = value << 4 | max(hexValue(raw[k]), 0) }
        return value
    }

    /// A hex digit's value, or -1.
    @inline(__always)
    static func hexValue(_ c: UInt8) -> Int {
        switch c {
        case 0x30...0x39: Int(c - 0x30)
        case 0x41...0x46: Int(c - 0x41 + 10)
        case 0x61...0x66: Int(c - 0x61 + 10)
        default: -1
        }
    }

    /// The UTF-8 length of a scalar value.
    @inline(__always)
    static func utf8Length(_ scalar: Int) -> Int {
        scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
    }

    /// Writes a scalar as UTF-8 at `o`; returns the byte count.
    @inline(__always)
    static func writeUTF8(_ scalar: UInt32, _ out: UnsafeMutableBufferPointer<UInt8>, _ o: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            out[o] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            out[o] = UInt8(0xC0 | scalar >> 6)
            out[o + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            out[o] = UInt8(0xE0 | scalar >> 12)
            out[o + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[o + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            out[o] = UInt8(0xF0 | scalar >> 18 & 0x07)
            out[o + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[o + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[o + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}

/// Byte comparison for the lint core's tables as for the document's strings: eight bytes at a time with a last
/// overlapping word, and short runs (most keys) as two overlapping loads, never reading outside either run.
public enum JSONBytes {
    /// Whether the `count` bytes at `x` and at `y` are equal.
    @inlinable @inline(__always)
    public static func equal(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer, count n: Int) -> Bool {
        if n >= 8 {
            var k = 0
            while k + 8 <= n {
                if x.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    != y.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                {
                    return false
                }
                k += 8
            }
            return k == n
                || x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                    == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                    == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        if n >= 2 {
            return x.loadUnaligned(as: UInt16.self) == y.loadUnaligned(as: UInt16.self)
                && x.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)
                    == y.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)
        }
        return n == 0 || x.load(as: UInt8.self) == y.load(as: UInt8.self)
    }
}
