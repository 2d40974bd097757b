import SpecModel

/// A resolved ``Spec`` as bytes: what a tool embeds so that it starts without parsing or resolving YAML.
///
/// The layout is `SPECARC2`, the digest of the spec file it was made from, a table of the distinct strings (each
/// once: a location's file name is written once, not per location), then the spec, its values in declaration order
/// with strings as table indexes; integers are LEB128 (signed ones zigzagged). ``decode(_:)`` gives back a spec equal
/// to the one ``encode(_:digest:)`` was given, or throws ``SpecArchive/Corrupt``; it never traps on bad bytes.
public enum SpecArchive {
    static let magic = Array("SPECARC2".utf8)

    /// Bytes that are not an archive this version wrote.
    public struct Corrupt: Error, CustomStringConvertible {
        /// The byte offset where reading failed.
        public var offset: Int
        /// What was expected there.
        public var expected: String
        /// The failure as a sentence.
        public var description: String { "not a spec archive: expected \(expected) at byte \(offset)" }
    }

    /// The archive of `spec`, made from a file whose ``digest(of:)`` is `digest`.
    public static func encode(_ spec: Spec, digest: UInt64) -> [UInt8] {
        var body = ArchiveWriter()
        spec.archive(into: &body)
        var out = magic
        var head = ArchiveWriter()
        head.unsigned(digest)
        head.unsigned(UInt64(body.table.count))
        for string in body.table {
            head.unsigned(UInt64(string.utf8.count))
            head.bytes += string.utf8
        }
        out += head.bytes
        out += body.bytes
        return out
    }

    /// The digest of the spec file an archive was made from.
    public static func digest(of bytes: [UInt8]) throws -> UInt64 {
        var reader = try ArchiveReader(bytes)
        return try reader.unsigned()
    }

    /// The spec in `bytes`.
    public static func decode(_ bytes: [UInt8]) throws -> Spec {
        var reader = try body(of: bytes)
        let spec = try Spec(unarchiving: &reader)
        guard reader.offset == bytes.count else { throw Corrupt(offset: reader.offset, expected: "the end") }
        return spec
    }

    /// A reader of `bytes` past the header and the string table, which it holds.
    static func body(of bytes: [UInt8]) throws -> ArchiveReader {
        var reader = try ArchiveReader(bytes)
        _ = try reader.unsigned()
        let count = try reader.count()
        var table: [String] = []
        table.reserveCapacity(count)
        for _ in 0..<count {
            let length = try reader.count()
            guard length <= reader.bytes.count - reader.offset else {
                throw Corrupt(offset: reader.offset, expected: "\(length) bytes of text")
            }
            table.append(String(decoding: reader.bytes[reader.offset..<reader.offset + length], as: UTF8.self))
            reader.offset += length
        }
        reader.table = table
        return reader
    }

    /// A 64-bit FNV-1a digest of spec text `bytes`, to tell whether an archive was made from them. Line breaks at
    /// the end do not count: a file embedded as a Swift multi-line string literal loses its last one.
    public static func digest(ofSource bytes: some Collection<UInt8>) -> UInt64 {
        if let hash = bytes.withContiguousStorageIfAvailable({ digest(ofSource: $0) }) { return hash }
        return Array(bytes).withUnsafeBufferPointer { digest(ofSource: $0) }
    }

    // Eight bytes at a time (a start-up digests the whole embedded spec): each word is mixed in with a multiply and
    // a shift, the last few bytes one at a time.
    private static func digest(ofSource text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var end = text.count
        while end > 0 && (text[end - 1] == UInt8(ascii: "\n") || text[end - 1] == UInt8(ascii: "\r")) { end -= 1 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(end)
        guard let base = text.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            i += 8
        }
        while i < end {
            hash = (hash ^ UInt64(base[i])) &* 0x0000_0100_0000_01b3
            i += 1
        }
        return hash ^ (hash >> 32)
    }
}

/// Writes values for ``SpecArchive``.
struct ArchiveWriter {
    var bytes: [UInt8] = []
    var table: [String] = []
    var index: [String: Int] = [:]

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func int(_ value: Int) {
        let v = Int64(value)
        unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func double(_ value: Double) { unsigned(value.bitPattern) }
    mutating func string(_ value: String) {
        if let i = index[value] {
            unsigned(UInt64(i))
        } else {
            index[value] = table.count
            unsigned(UInt64(table.count))
            table.append(value)
        }
    }
    mutating func tag(_ value: UInt8) { bytes.append(value) }
    mutating func optional<T>(_ value: T?, _ write: (inout ArchiveWriter, T) -> Void) {
        if let value {
            bytes.append(1)
            write(&self, value)
        } else {
            bytes.append(0)
        }
    }
    mutating func optional(_ value: String?) { optional(value) { $0.string($1) } }
    mutating func list<T>(_ values: [T], _ write: (inout ArchiveWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
    mutating func strings(_ values: [String]) { list(values) { $0.string($1) } }
    /// A dictionary, by key order, so the same spec gives the same bytes.
    mutating func map<T>(_ values: [String: T], _ write: (inout ArchiveWriter, T) -> Void) {
        let keys = values.keys.sorted()
        unsigned(UInt64(keys.count))
        for key in keys {
            string(key)
            if let value = values[key] { write(&self, value) }
        }
    }
    mutating func write<T: Archivable>(_ value: T) { value.archive(into: &self) }
    /// What `write` writes, preceded by its byte length, so that a reader can skip it or read it alone.
    mutating func sized(_ write: (inout ArchiveWriter) -> Void) {
        let outer = bytes
        bytes = []
        write(&self)
        let inner = bytes
        bytes = outer
        unsigned(UInt64(inner.count))
        bytes += inner
    }
}

/// Reads values for ``SpecArchive``; every read checks its bounds and throws on bad bytes.
struct ArchiveReader {
    let bytes: [UInt8]
    var offset: Int
    var table: [String] = []
    /// How deeply nested the value being read is; bounded so that crafted bytes cannot exhaust the stack.
    var depth = 0

    init(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: SpecArchive.magic) else {
            throw SpecArchive.Corrupt(offset: 0, expected: "the header SPECARC2")
        }
        self.bytes = bytes
        offset = SpecArchive.magic.count
    }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw SpecArchive.Corrupt(offset: offset, expected: "a byte") }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func unsigned() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw SpecArchive.Corrupt(offset: offset - 1, expected: "a shorter number") }
            value |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }
    /// A count of things still to read: at most the bytes left, so a bad count cannot allocate without bound.
    mutating func count() throws -> Int {
        let start = offset
        let value = try unsigned()
        guard value <= UInt64(bytes.count - offset) else {
            throw SpecArchive.Corrupt(offset: start, expected: "a count of at most the bytes left")
        }
        return Int(value)
    }
    mutating func int() throws -> Int {
        let u = try unsigned()
        let v = Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        return Int(v)
    }
    mutating func bool() throws -> Bool {
        let b = try byte()
        guard b <= 1 else { throw SpecArchive.Corrupt(offset: offset - 1, expected: "0 or 1") }
        return b == 1
    }
    mutating func double() throws -> Double { Double(bitPattern: try unsigned()) }
    mutating func string() throws -> String {
        let start = offset
        let i = try unsigned()
        guard i < UInt64(table.count) else { throw SpecArchive.Corrupt(offset: start, expected: "a string index") }
        return table[Int(i)]
    }
    mutating func tag(_ what: String, below limit: UInt8) throws -> UInt8 {
        let t = try byte()
        guard t < limit else { throw SpecArchive.Corrupt(offset: offset - 1, expected: what) }
        return t
    }
    mutating func optional<T>(_ read: (inout ArchiveReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }
    mutating func optionalString() throws -> String? { try optional { try $0.string() } }
    mutating func list<T>(_ read: (inout ArchiveReader) throws -> T) throws -> [T] {
        let n = try count()
        var values: [T] = []
        values.reserveCapacity(min(n, 1024))
        for _ in 0..<n { values.append(try read(&self)) }
        return values
    }
    mutating func strings() throws -> [String] { try list { try $0.string() } }
    mutating func map<T>(_ read: (inout ArchiveReader) throws -> T) throws -> [String: T] {
        let n = try count()
        var values: [String: T] = [:]
        for _ in 0..<n {
            let key = try string()
            values[key] = try read(&self)
        }
        return values
    }
    /// A value written by ``ArchiveWriter/sized(_:)``, which must take exactly its recorded length.
    mutating func sized<T>(_ read: (inout ArchiveReader) throws -> T) throws -> T {
        let length = try count()
        let end = offset + length
        let value = try read(&self)
        guard offset == end else {
            throw SpecArchive.Corrupt(offset: offset, expected: "the end of a \(length)-byte value")
        }
        return value
    }
    mutating func read<T: Archivable>(_: T.Type = T.self) throws -> T {
        guard depth < 200 else { throw SpecArchive.Corrupt(offset: offset, expected: "a value nested less deeply") }
        depth += 1
        defer { depth -= 1 }
        return try T(unarchiving: &self)
    }
}

/// A value ``SpecArchive`` can write and read back.
protocol Archivable {
    func archive(into writer: inout ArchiveWriter)
    init(unarchiving reader: inout ArchiveReader) throws
}

// MARK: - Compiled into a tool

extension SpecArchive {
    /// The archive of the spec file `bytes` (loaded without the whole-spec checks, as a built-in spec is), named
    /// `file` in its locations; nil when the spec does not load.
    public static func archive(ofSpecFile bytes: [UInt8], file: String) -> [UInt8]? {
        let loaded = SpecLoader.load(bytes: bytes, file: file, checked: false)
        guard let spec = loaded.spec, loaded.isUsable else { return nil }
        return encode(spec, digest: digest(ofSource: bytes))
    }

    /// Swift source declaring `enum NAME` with the archive as base64 text and the digest of its spec file, for a tool
    /// to compile in; the same archive gives the same bytes.
    public static func swiftSource(enumName: String, archive: [UInt8], digest: UInt64, origin: String) -> String {
        let text = base64(archive)
        var lines: [String] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text.index(start, offsetBy: 112, limitedBy: text.endIndex) ?? text.endIndex
            lines.append("        " + text[start..<end])
            start = end
        }
        let hex = String(digest, radix: 16)
        return """
            // Generated from \(origin) by SpecArchiveTests (SPEC_ARCHIVE_RECORD=1). Do not edit.

            /// The built-in spec, resolved and archived (`SpecArchive`), so that start-up parses no YAML.
            enum \(enumName) {
                /// `SpecArchive.digest(ofSource:)` of the spec file it was made from; when the embedded file differs,
                /// the archive is stale and the file is loaded instead.
                static let digest: UInt64 = 0x\(String(repeating: "0", count: 16 - hex.count) + hex)
                /// The archive, base64.
                static let base64 = \"\"\"
            \(lines.joined(separator: "\n"))
                    \"\"\"
            }

            """
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` as base64 text (with `=` padding).
    public static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of each base64 character; 255 for the others.
    static let base64Values: [UInt8] = {
        var values = [UInt8](repeating: 255, count: 256)
        for (i, c) in alphabet.enumerated() { values[Int(c)] = UInt8(i) }
        return values
    }()

    /// The bytes of base64 `text`, skipping line breaks and spaces; nil for any other character or bad padding.
    public static func bytes(fromBase64 text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { utf8 in
            base64Values.withUnsafeBufferPointer { values -> [UInt8]? in
                var out = [UInt8](repeating: 0, count: utf8.count / 4 * 3 + 3)
                var count = 0
                var accumulator: UInt32 = 0
                var bits = 0
                var padding = 0
                let ok = out.withUnsafeMutableBufferPointer { out -> Bool in
                    var k = 0
                    while k < utf8.count {
                        // Four characters at a time while they are whole groups (the lines of the committed
                        // archive are too); the rest one at a time.
                        if bits == 0 && padding == 0 && k + 4 <= utf8.count {
                            let a = values[Int(utf8[k])]
                            let b = values[Int(utf8[k + 1])]
                            let c = values[Int(utf8[k + 2])]
                            let d = values[Int(utf8[k + 3])]
                            if (a | b | c | d) < 64 {
                                let n = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                                out[count] = UInt8(truncatingIfNeeded: n >> 16)
                                out[count + 1] = UInt8(truncatingIfNeeded: n >> 8)
                                out[count + 2] = UInt8(truncatingIfNeeded: n)
                                count += 3
                                k += 4
                                continue
                            }
                        }
                        let c = utf8[k]
                        k += 1
                        let value = values[Int(c)]
                        if value != 255 {
                            guard padding == 0 else { return false }
                            accumulator = accumulator << 6 | UInt32(value)
                            bits += 6
                            if bits >= 8 {
                                bits -= 8
                                out[count] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                                count += 1
                            }
                        } else if c == UInt8(ascii: "=") {
                            padding += 1
                        } else if c != UInt8(ascii: "\n") && c != UInt8(ascii: "\r") && c != UInt8(ascii: " ") {
                            return false
                        }
                    }
                    return padding <= 2 && bits < 6
                }
                guard ok else { return nil }
                out.removeLast(out.count - count)
                return out
            }
        }
    }
}

extension SpecArchive {
    /// The built-in spec from its archive: nil when the archive was not made from `source` (it is stale: the spec
    /// file changed after the archive was recorded) or cannot be read, and the caller loads `source` instead.
    public static func decode(builtIn source: String, base64: String, digest expected: UInt64) -> Spec? {
        try? open(builtIn: source, base64: base64, digest: expected).map { try decode($0.bytes) }
    }

    /// The built-in spec from its archive, opened to be read one type at a time; nil as for
    /// ``decode(builtIn:base64:digest:)``.
    public static func open(builtIn source: String, base64: String, digest expected: UInt64) -> ArchivedSpec? {
        guard digest(ofSource: source.utf8) == expected, let bytes = bytes(fromBase64: base64),
            (try? digest(of: bytes)) == expected
        else { return nil }
        return try? ArchivedSpec(bytes)
    }
}
