#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One parsed value in a document's flat node array.
///
/// Containers hold their children contiguously elsewhere in the array (objects as key, value,
/// key, value, …), so a document is a handful of flat arrays and never needs recursion to
/// build, walk or free.
@usableFromInline
struct JSONNode: Sendable, BitwiseCopyable {
    /// Byte offset of the first byte of the value (the opening quote of a string).
    @usableFromInline var start: UInt32
    /// Byte offset just past the value (past a string's closing quote).
    @usableFromInline var end: UInt32
    /// Containers: index of the first child node. Strings: the decoded Unicode scalar count.
    @usableFromInline var a: UInt32
    /// Containers: element or member count. Strings: the decoded UTF-8 byte count.
    @usableFromInline var b: UInt32
    /// The `JSONKind` raw value.
    @usableFromInline var kind: UInt8
    /// `JSONNode.Flags`.
    @usableFromInline var flags: UInt8

    init(start: UInt32, end: UInt32, a: UInt32, b: UInt32, kind: UInt8, flags: UInt8) {
        self.start = start
        self.end = end
        self.a = a
        self.b = b
        self.kind = kind
        self.flags = flags
    }

    enum Flags {
        /// A string contains at least one backslash escape.
        static let escaped: UInt8 = 1
        /// A string contains non-ASCII bytes.
        static let nonASCII: UInt8 = 2
        /// A boolean is `true`.
        static let isTrue: UInt8 = 4
        /// A number has neither fraction nor exponent.
        static let plainInteger: UInt8 = 8
    }
}

/// A run of source text containing multi-byte UTF-8 (always a string's contents), kept so
/// that columns in Unicode scalars are computed without rescanning the line.
struct NonASCIISpan: Sendable {
    /// First byte of the span.
    var start: Int
    /// Byte offset just past the span.
    var end: Int
    /// Bytes minus scalars over all spans up to and including this one.
    var cumulativeExtraBytes: Int
}

/// A parsed JSON text: the source bytes, every value with its byte offset, and the data needed
/// to turn an offset into a line and column when a diagnostic asks for one.
///
/// Immutable and `Sendable`; values are cheap handles (`JSONValue`) into it.
public final class JSONDocument: Sendable {
    /// The source bytes, exactly as given to the parser.
    public let bytes: [UInt8]
    /// The file path used in locations.
    public let file: String
    /// Whether the text started with a UTF-8 byte order mark (reported as a warning).
    public let hasByteOrderMark: Bool

    let nodes: NodeStorage
    let rootIndex: Int
    let lines: LineIndex
    /// Where the text starts in its file (see ``JSONParseOptions/origin``).
    let origin: (line: Int, offset: Int)

    init(
        bytes: [UInt8], file: String, hasByteOrderMark: Bool, nodes: NodeStorage, rootIndex: Int, lines: LineIndex,
        origin: (line: Int, offset: Int) = (1, 0)
    ) {
        self.bytes = bytes
        self.file = file
        self.hasByteOrderMark = hasByteOrderMark
        self.nodes = nodes
        self.rootIndex = rootIndex
        self.lines = lines
        self.origin = origin
    }

    /// The top-level value.
    public var root: JSONValue { JSONValue(document: self, index: rootIndex) }

    /// The byte offset of the first byte of the value at node `index`.
    package func offset(of index: Int) -> Int { Int(nodes[index].start) }

    /// The number of values in the document, keys included.
    public var nodeCount: Int { nodes.count }

    /// The 1-based line and column (in Unicode scalars) of a byte offset. A leading byte order
    /// mark takes no column. Offsets past the end are clamped to the end.
    public func location(of offset: Int) -> SourceLocation {
        let (line, column) = bytes.withUnsafeBufferPointer { lines.lineAndColumn(of: offset, in: $0) }
        return SourceLocation(
            file: file, line: line + origin.line - 1, column: column, offset: offset + origin.offset)
    }

    /// The text of the line containing `offset`, without its line break (a trailing `\r` is
    /// dropped, tabs are kept). Invalid UTF-8 cannot occur in a parsed document.
    public func lineText(containing offset: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            let range = lines.lineRange(containing: offset, in: buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
    }

    /// A source excerpt (line plus caret) for `offset`, as shown under diagnostics.
    public func excerpt(at offset: Int, maxWidth: Int = SourceExcerpt.defaultMaxWidth) -> SourceExcerpt {
        SourceExcerpt(bytes: bytes, offset: offset, maxWidth: maxWidth)
    }
}

extension SourceExcerpt {
    /// The excerpt of a parsed document at a byte offset.
    public init(document: JSONDocument, offset: Int, maxWidth: Int = SourceExcerpt.defaultMaxWidth) {
        self.init(bytes: document.bytes, offset: offset, maxWidth: maxWidth)
    }
}

/// A document's nodes: one heap block written by the parser and never changed afterwards, which
/// is what makes sharing it between threads safe.
final class NodeStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<JSONNode>
    /// The number of nodes.
    let count: Int

    /// Takes ownership of `base`, a `malloc` block (``RawStack/detach()``) holding `count` initialized nodes.
    init(adopting base: UnsafeMutablePointer<JSONNode>, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { free(base) }

    @inline(__always)
    subscript(index: Int) -> JSONNode {
        precondition(index >= 0 && index < count, "JSON node index out of range")
        return base[index]
    }
}

/// Line starts (and, when available, the multi-byte spans) of a text, for offset → line:column.
struct LineIndex: Sendable {
    /// Byte offset of the first byte of each line; line 1 starts after a byte order mark.
    var lineStarts: [Int]
    /// Multi-byte runs in offset order; only meaningful when `spansAreComplete`.
    var spans: [NonASCIISpan]
    /// Whether every non-ASCII byte of the text lies in `spans` (true for parsed documents).
    var spansAreComplete: Bool

    /// Builds an index by scanning the whole text (used after a fatal error, where the
    /// parser's own tables stop at the error).
    init(scanning bytes: UnsafeBufferPointer<UInt8>) {
        var starts = [LineIndex.firstLineStart(bytes)]
        for k in bytes.indices where bytes[k] == 0x0A { starts.append(k + 1) }
        lineStarts = starts
        spans = []
        spansAreComplete = false
    }

    init(lineStarts: [Int], spans: [NonASCIISpan]) {
        self.lineStarts = lineStarts
        self.spans = spans
        spansAreComplete = true
    }

    static func firstLineStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The 0-based index of the line containing `offset`.
    func lineIndex(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count  // first line start > offset
        while lo < hi {
            let mid = (lo + hi) / 2
            if lineStarts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return max(lo - 1, 0)
    }

    func lineAndColumn(of rawOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        let offset = min(max(rawOffset, 0), bytes.count)
        let line = lineIndex(of: offset)
        let start = lineStarts[line]
        guard offset > start else { return (line + 1, 1) }
        return (line + 1, scalarCount(from: start, to: offset, in: bytes) + 1)
    }

    /// Unicode scalars (lead bytes) in `from..<to`.
    func scalarCount(from: Int, to: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard spansAreComplete else { return LineIndex.countLeadBytes(bytes, from, to) }
        return (to - from) - (extraBytes(before: to, in: bytes) - extraBytes(before: from, in: bytes))
    }

    /// Continuation bytes in `0..<offset`, from the span table.
    private func extraBytes(before offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Last span ending at or before offset.
        var lo = 0
        var hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spans[mid].end <= offset { lo = mid + 1 } else { hi = mid }
        }
        var extra = lo > 0 ? spans[lo - 1].cumulativeExtraBytes : 0
        if lo < spans.count, spans[lo].start < offset {
            let partial = offset - spans[lo].start
            extra += partial - LineIndex.countLeadBytes(bytes, spans[lo].start, offset)
        }
        return extra
    }

    static func countLeadBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var count = 0
        var k = from
        while k < to {
            if bytes[k] & 0xC0 != 0x80 { count += 1 }
            k += 1
        }
        return count
    }

    /// The byte range of the line containing `offset`, without `\n` or a `\r` before it.
    func lineRange(containing rawOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let offset = min(max(rawOffset, 0), bytes.count)
        let line = lineIndex(of: offset)
        let start = min(lineStarts[line], bytes.count)
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        end = max(end, start)
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }
}
