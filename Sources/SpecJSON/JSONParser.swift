/// Options for `JSONParser`.
public struct JSONParseOptions: Sendable, Hashable {
    /// The default nesting limit.
    public static let defaultMaxDepth = 512

    /// The deepest allowed nesting of arrays and objects (`[[1]]` has depth 2). Deeper input is
    /// a fatal `json.depth` error. The parser itself never recurses, so the limit exists for
    /// consumers that do (and to bound memory on hostile input).
    public var maxDepth: Int
    /// Whether to report keys that appear twice in one object (`json.duplicate-key`).
    public var reportDuplicateKeys: Bool
    /// Where the text starts in its file, for texts cut from a larger file (a line of JSON Lines): locations add
    /// `line - 1` to their line and `offset` to their byte offset. Byte offsets passed to the document stay
    /// relative to the text.
    public var origin: (line: Int, offset: Int)

    /// Creates options.
    public init(
        maxDepth: Int = JSONParseOptions.defaultMaxDepth, reportDuplicateKeys: Bool = true,
        origin: (line: Int, offset: Int) = (1, 0)
    ) {
        self.maxDepth = maxDepth
        self.reportDuplicateKeys = reportDuplicateKeys
        self.origin = origin
    }

    /// Compares the limits, checks and origin.
    public static func == (a: JSONParseOptions, b: JSONParseOptions) -> Bool {
        a.maxDepth == b.maxDepth && a.reportDuplicateKeys == b.reportDuplicateKeys && a.origin == b.origin
    }

    /// Hashes the limits, checks and origin.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(maxDepth)
        hasher.combine(reportDuplicateKeys)
        hasher.combine(origin.line)
        hasher.combine(origin.offset)
    }
}

/// The outcome of parsing: the document (unless a fatal error stopped the parser) and every
/// diagnostic, in source order with the fatal error, if any, last.
public struct JSONParseResult: Sendable {
    /// The parsed document; `nil` after a fatal error.
    public let document: JSONDocument?
    /// Warnings (`json.bom`), non-fatal errors (`json.duplicate-key`) and at most one fatal
    /// error (`json.syntax`, `json.utf8` or `json.depth`).
    public let diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A strict RFC 8259 JSON parser that keeps the byte offset of every value.
///
/// - Strict: no comments, trailing commas, single quotes, `NaN`, leading zeros or unescaped
///   control characters. The first syntax error is fatal and says what was expected and what
///   was found.
/// - Exact: numbers keep their text (`JSONNumber`); strings are decoded only when asked for.
/// - Checked: invalid UTF-8 (overlong forms, encoded surrogates, bytes above F4, truncated
///   sequences) and unpaired `\u` surrogate escapes are fatal errors at the offending byte.
/// - Safe: nesting is handled with an explicit stack and limited by `JSONParseOptions.maxDepth`,
///   so arbitrarily deep input cannot overflow the call stack.
/// - Fast: a single pass over the bytes, strings scanned eight bytes at a time, values stored in
///   one flat array.
///
/// Line and column (1-based, columns in Unicode scalars, `\n` ends a line) are computed from a
/// byte offset only when a diagnostic needs them.
public enum JSONParser {
    /// Rule ids of the parser's diagnostics.
    public enum Rule {
        /// A syntax error (fatal).
        public static let syntax = "json.syntax"
        /// The same key twice in one object (error, not fatal).
        public static let duplicateKey = "json.duplicate-key"
        /// Invalid UTF-8 or an unpaired surrogate escape (fatal).
        public static let utf8 = "json.utf8"
        /// Nesting beyond `JSONParseOptions.maxDepth` (fatal).
        public static let depth = "json.depth"
        /// A byte order mark at the start of the text (warning).
        public static let bom = "json.bom"
    }

    /// Parses a complete JSON text.
    ///
    /// - Parameters:
    ///   - bytes: The file's contents; kept by the document without copying.
    ///   - file: The path used in diagnostics and locations.
    ///   - options: Limits and checks.
    public static func parse(_ bytes: [UInt8], file: String, options: JSONParseOptions = .init()) -> JSONParseResult {
        guard bytes.count < Int(UInt32.max) else {
            let location = SourceLocation(
                file: file, line: options.origin.line, column: 1, offset: options.origin.offset)
            let message = "the file is too large to parse (\(bytes.count) bytes; the limit is 4 GiB)"
            return JSONParseResult(document: nil, diagnostics: [.error(message, at: location, rule: Rule.syntax)])
        }
        let outcome = bytes.withUnsafeBufferPointer { buffer in Parser.run(buffer, options: options) }
        switch outcome {
        case .success(let state):
            let document = JSONDocument(
                bytes: bytes, file: file, hasByteOrderMark: state.hasBOM, nodes: state.nodes,
                rootIndex: state.nodes.count - 1,
                lines: LineIndex(lineStarts: state.lineStarts, spans: state.spans), origin: options.origin)
            if state.pending.isEmpty { return JSONParseResult(document: document, diagnostics: []) }
            let diagnostics = bytes.withUnsafeBufferPointer { buffer in
                state.pending.sorted { $0.offset < $1.offset }.map {
                    $0.diagnostic(bytes: buffer, file: file, lines: document.lines, origin: options.origin)
                }
            }
            return JSONParseResult(document: document, diagnostics: diagnostics)
        case .failure(let pending, let fatal):
            let diagnostics = bytes.withUnsafeBufferPointer { buffer in
                let lines = LineIndex(scanning: buffer)
                return (pending.sorted { $0.offset < $1.offset } + [fatal]).map {
                    $0.diagnostic(bytes: buffer, file: file, lines: lines, origin: options.origin)
                }
            }
            return JSONParseResult(document: nil, diagnostics: diagnostics)
        }
    }

    /// Parses JSON text given as a string (its UTF-8 bytes).
    public static func parse(_ text: String, file: String = "<input>", options: JSONParseOptions = .init())
        -> JSONParseResult
    {
        parse(Array(text.utf8), file: file, options: options)
    }
}

/// A diagnostic before it has a line and column.
struct PendingDiagnostic: Sendable {
    var severity: Diagnostic.Severity
    var offset: Int
    var message: String
    var rule: String
    var notes: [(message: String, offset: Int?)]

    init(
        _ severity: Diagnostic.Severity, at offset: Int, _ message: String, rule: String,
        notes: [(message: String, offset: Int?)] = []
    ) {
        self.severity = severity
        self.offset = offset
        self.message = message
        self.rule = rule
        self.notes = notes
    }

    func diagnostic(
        bytes: UnsafeBufferPointer<UInt8>, file: String, lines: LineIndex, origin: (line: Int, offset: Int)
    ) -> Diagnostic {
        func location(_ offset: Int) -> SourceLocation {
            let (line, column) = lines.lineAndColumn(of: offset, in: bytes)
            return SourceLocation(
                file: file, line: line + origin.line - 1, column: column, offset: offset + origin.offset)
        }
        return Diagnostic(
            severity, at: location(offset), message, rule: rule,
            notes: notes.map { Diagnostic.Note($0.message, at: $0.offset.map(location)) })
    }
}

/// A fatal error, thrown through the parser.
struct ParseFailure: Error {
    var diagnostic: PendingDiagnostic

    init(
        at offset: Int, _ message: String, rule: String = JSONParser.Rule.syntax,
        notes: [(message: String, offset: Int?)] = []
    ) {
        diagnostic = PendingDiagnostic(.error, at: offset, message, rule: rule, notes: notes)
    }
}

/// The parser's working state over one buffer.
struct Parser {
    struct Frame {
        /// Where the container's children start in `scratch`.
        var scratchStart: Int
        /// Offset of the opening bracket.
        var start: Int
        var isObject: Bool
    }

    struct State {
        var nodes: NodeStorage
        var lineStarts: [Int]
        var spans: [NonASCIISpan]
        var pending: [PendingDiagnostic]
        var hasBOM: Bool
    }

    enum Outcome {
        case success(State)
        case failure(pending: [PendingDiagnostic], fatal: PendingDiagnostic)
    }

    /// Where a value is expected, for the wording of "expected …, found …".
    enum ValueContext {
        case topLevel, arrayStart, afterComma, afterColon
    }

    let p: UnsafePointer<UInt8>
    let n: Int
    let maxDepth: Int
    let reportDuplicates: Bool
    var i = 0
    /// Finished values whose container is still open, in document order.
    var scratch: RawStack<JSONNode>
    var frames: RawStack<Frame>
    var lineStarts: RawStack<Int>
    /// Final node storage: children of closed containers, contiguous per container.
    var nodes: RawStack<JSONNode>
    var spans: [NonASCIISpan] = []
    var extraBytes = 0
    var pending: [PendingDiagnostic] = []
    var duplicates: [(second: JSONNode, first: JSONNode)] = []
    var hasBOM = false

    static func run(_ buffer: UnsafeBufferPointer<UInt8>, options: JSONParseOptions) -> Outcome {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            let fatal = PendingDiagnostic(
                .error, at: 0, "unexpected end of input: expected a JSON value", rule: JSONParser.Rule.syntax,
                notes: [("the file is empty", nil)])
            return .failure(pending: [], fatal: fatal)
        }
        // One block holds the starting capacity of all three working stacks (one allocation for a
        // small document); a stack that outgrows its part moves to its own block.
        let lineCapacity = 128
        let frameCapacity = 32
        let scratchCapacity = 256
        let block = UnsafeMutableRawPointer.allocate(
            byteCount: lineCapacity * MemoryLayout<Int>.stride + frameCapacity * MemoryLayout<Frame>.stride
                + scratchCapacity * MemoryLayout<JSONNode>.stride,
            alignment: max(MemoryLayout<Int>.alignment, MemoryLayout<Frame>.alignment, MemoryLayout<JSONNode>.alignment)
        )
        defer { block.deallocate() }
        let lineMemory = block.bindMemory(to: Int.self, capacity: lineCapacity)
        let frameMemory = (block + lineCapacity * MemoryLayout<Int>.stride).bindMemory(
            to: Frame.self, capacity: frameCapacity)
        let scratchMemory =
            (block + lineCapacity * MemoryLayout<Int>.stride
            + frameCapacity * MemoryLayout<Frame>.stride).bindMemory(to: JSONNode.self, capacity: scratchCapacity)
        var parser = Parser(
            p: base, n: buffer.count, maxDepth: max(options.maxDepth, 0), reportDuplicates: options.reportDuplicateKeys,
            scratch: RawStack(borrowing: scratchMemory, capacity: scratchCapacity),
            frames: RawStack(borrowing: frameMemory, capacity: frameCapacity),
            lineStarts: RawStack(borrowing: lineMemory, capacity: lineCapacity),
            // About one value per six bytes in typical JSON; untouched capacity costs little, and an
            // oversized block is trimmed when the document takes it.
            nodes: RawStack(capacity: buffer.count / 6 + 8))
        parser.lineStarts.append(0)
        defer {
            parser.scratch.deallocate()
            parser.nodes.deallocate()
            parser.frames.deallocate()
            parser.lineStarts.deallocate()
        }
        do {
            try parser.parseDocument()
        } catch {
            parser.findDuplicateKeysInOpenObjects()
            parser.flushDuplicates()
            return .failure(pending: parser.pending, fatal: error.diagnostic)
        }
        parser.flushDuplicates()
        return .success(
            State(
                nodes: NodeStorage(adopting: parser.nodes.detach(), count: parser.nodes.count),
                lineStarts: parser.lineStarts.toArray(), spans: parser.spans,
                pending: parser.pending, hasBOM: parser.hasBOM))
    }

    // MARK: - Structure

    mutating func parseDocument() throws(ParseFailure) {
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            hasBOM = true
            i = 3
            lineStarts[0] = 3
            pending.append(
                PendingDiagnostic(
                    .warning, at: 0,
                    "the file starts with a UTF-8 byte order mark; RFC 8259 forbids it in JSON text exchanged "
                        + "between systems; remove it",
                    rule: JSONParser.Rule.bom))
        }
        skipWhitespace()
        try parseValue()
        skipWhitespace()
        if i < n {
            if p[i] >= 0x80, let failure = utf8FailureIfInvalid(at: i) { throw failure }
            throw ParseFailure(
                at: i, "unexpected content after the JSON value",
                notes: [("found \(describe(at: i)); a JSON text holds exactly one value", nil)])
        }
        guard let root = scratch.last else {
            throw ParseFailure(at: 0, "internal error: no value was produced")
        }
        nodes.append(root)
    }

    /// Parses one complete value (with everything nested in it) starting at `i`, iteratively.
    mutating func parseValue() throws(ParseFailure) {
        var context = ValueContext.topLevel
        valueLoop: while true {
            // `i` is at the first byte of a value (whitespace already skipped).
            guard i < n else { throw endOfInput() }
            switch p[i] {
            case 0x22:
                scratch.append(try scanString())
            case 0x7B:  // {
                try open(isObject: true)
                skipWhitespace()
                if i < n && p[i] == 0x7D {
                    i += 1
                    close()
                } else {
                    try parseKeyAndColon(comma: nil)
                    context = .afterColon
                    continue valueLoop
                }
            case 0x5B:  // [
                try open(isObject: false)
                skipWhitespace()
                if i < n && p[i] == 0x5D {
                    i += 1
                    close()
                } else {
                    context = .arrayStart
                    continue valueLoop
                }
            case 0x2D, 0x30...0x39:
                scratch.append(try scanNumber())
            case 0x74:
                try literal(0x6575_7274, length: 4, kind: .bool, flags: JSONNode.Flags.isTrue, word: "true")
            case 0x66:
                if i + 5 <= n && p[i + 4] == 0x65 {
                    try literal(0x736C_6166, length: 5, kind: .bool, flags: 0, word: "false")
                } else {
                    throw invalidLiteral(expected: "false")
                }
            case 0x6E:
                try literal(0x6C6C_756E, length: 4, kind: .null, flags: 0, word: "null")
            default:
                throw unexpectedValue(context)
            }

            // After a value: close containers until one continues with ','.
            while let top = frames.last {
                skipWhitespace()
                guard i < n else { throw endOfInput() }
                let c = p[i]
                if top.isObject {
                    if c == 0x2C {
                        let comma = i
                        i += 1
                        skipWhitespace()
                        try parseKeyAndColon(comma: comma)
                        context = .afterColon
                        continue valueLoop
                    }
                    if c == 0x7D {
                        i += 1
                        close()
                        continue
                    }
                    throw unexpected("expected ',' or '}' after object member", at: i, container: top)
                } else {
                    if c == 0x2C {
                        let comma = i
                        i += 1
                        skipWhitespace()
                        if i < n && p[i] == 0x5D {
                            throw ParseFailure(
                                at: comma, "trailing comma before ']'",
                                notes: [("JSON does not allow a comma after the last element", nil)])
                        }
                        context = .afterComma
                        continue valueLoop
                    }
                    if c == 0x5D {
                        i += 1
                        close()
                        continue
                    }
                    throw unexpected("expected ',' or ']' after array element", at: i, container: top)
                }
            }
            return
        }
    }

    /// Parses `"key"` and `:` and skips whitespace to the value. `comma` is the offset of the
    /// comma before the key, if any.
    @inline(__always)
    mutating func parseKeyAndColon(comma: Int?) throws(ParseFailure) {
        guard i < n else { throw endOfInput() }
        if p[i] == 0x22 {
            scratch.append(try scanString())
        } else if let comma, p[i] == 0x7D {
            throw ParseFailure(
                at: comma, "trailing comma before '}'",
                notes: [("JSON does not allow a comma after the last member", nil)])
        } else {
            let expectation = comma == nil ? "expected a string key or '}'" : "expected a string key after ','"
            throw unexpected(expectation, at: i, keyContext: true)
        }
        skipWhitespace()
        guard i < n else { throw endOfInput() }
        guard p[i] == 0x3A else { throw unexpected("expected ':' after object key", at: i) }
        i += 1
        skipWhitespace()
    }

    @inline(__always)
    mutating func open(isObject: Bool) throws(ParseFailure) {
        if frames.count >= maxDepth {
            throw ParseFailure(
                at: i, "nesting deeper than \(maxDepth) levels is not allowed", rule: JSONParser.Rule.depth,
                notes: [("the limit is set by JSONParseOptions.maxDepth", nil)])
        }
        frames.append(Frame(scratchStart: scratch.count, start: i, isObject: isObject))
        i += 1
    }

    /// Closes the innermost container; `i` is just past its closing bracket.
    @inline(__always)
    mutating func close() {
        guard let frame = frames.popLast() else { return }
        let childCount = scratch.count - frame.scratchStart
        let count = frame.isObject ? childCount / 2 : childCount
        let children = UnsafeBufferPointer(start: scratch.base + frame.scratchStart, count: childCount)
        if frame.isObject && count > 1 && reportDuplicates { findDuplicateKeys(in: children) }
        let base = nodes.count
        if childCount > 0 {
            // Room for one more node, and the parse stack's block given back once a huge container
            // has left it: otherwise the next growth of `nodes` (at the latest, appending the root)
            // doubles it while the stack still holds a copy of every child, and 50 MB of `[1,1,…]`
            // peaks at 1.5 GB instead of 1 GB.
            nodes.reserve(childCount + 1)
            nodes.append(from: scratch.base + frame.scratchStart, count: childCount)
            scratch.removeLast(childCount)
            scratch.shrinkIfSparse()
        }
        scratch.append(
            JSONNode(
                start: UInt32(truncatingIfNeeded: frame.start), end: UInt32(truncatingIfNeeded: i),
                a: UInt32(truncatingIfNeeded: base), b: UInt32(truncatingIfNeeded: count),
                kind: frame.isObject ? JSONKind.object.rawValue : JSONKind.array.rawValue, flags: 0))
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < n {
            let c = p[i]
            if c > 0x20 { return }
            if c == 0x20 || c == 0x09 || c == 0x0D {
                i += 1
            } else if c == 0x0A {
                i += 1
                lineStarts.append(i)
            } else {
                return
            }
        }
    }

    // MARK: - Scalars

    @inline(__always)
    mutating func literal(_ expected: UInt32, length: Int, kind: JSONKind, flags: UInt8, word: String)
        throws(ParseFailure)
    {
        guard i + 4 <= n, UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self) == expected.littleEndian else {
            throw invalidLiteral(expected: word)
        }
        let end = i + length
        if end < n && Parser.isWordByte(p[end]) { throw invalidLiteral(expected: word) }
        scratch.append(
            JSONNode(
                start: UInt32(truncatingIfNeeded: i), end: UInt32(truncatingIfNeeded: end), a: 0, b: 0,
                kind: kind.rawValue, flags: flags))
        i = end
    }

    mutating func scanNumber() throws(ParseFailure) -> JSONNode {
        let start = i
        var k = i
        var flags = JSONNode.Flags.plainInteger
        if p[k] == 0x2D {
            k += 1
            guard k < n, Parser.isDigit(p[k]) else {
                throw unexpectedInNumber("expected a digit after '-'", at: k)
            }
        }
        if p[k] == 0x30 {
            k += 1
            if k < n && Parser.isDigit(p[k]) {
                throw ParseFailure(at: start, "leading zeros are not allowed in numbers")
            }
            if k < n && (p[k] == 0x78 || p[k] == 0x58) {
                throw ParseFailure(at: start, "hexadecimal numbers are not allowed in JSON")
            }
        } else {
            while k < n && Parser.isDigit(p[k]) { k += 1 }
        }
        if k < n && p[k] == 0x2E {
            flags = 0
            k += 1
            guard k < n, Parser.isDigit(p[k]) else {
                throw unexpectedInNumber("expected a digit after the decimal point", at: k)
            }
            while k < n && Parser.isDigit(p[k]) { k += 1 }
        }
        if k < n && (p[k] == 0x65 || p[k] == 0x45) {
            flags = 0
            k += 1
            if k < n && (p[k] == 0x2B || p[k] == 0x2D) { k += 1 }
            guard k < n, Parser.isDigit(p[k]) else {
                throw unexpectedInNumber("expected a digit in the exponent", at: k)
            }
            while k < n && Parser.isDigit(p[k]) { k += 1 }
        }
        i = k
        return JSONNode(
            start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: k), a: 0, b: 0,
            kind: JSONKind.number.rawValue, flags: flags)
    }

    /// Whether any of the eight bytes is `"`, `\`, below 0x20 or above 0x7F.
    @inline(__always)
    static func needsAttention(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let t = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w) | w
        return t & 0x8080_8080_8080_8080
    }

    /// Scans a string starting at its opening quote at `i`; leaves `i` past the closing quote.
    mutating func scanString() throws(ParseFailure) -> JSONNode {
        let p = self.p
        let n = self.n
        let start = i
        var k = i + 1
        var flags: UInt8 = 0
        var scalarReduction = 0  // content bytes minus decoded scalars, from escapes
        var byteReduction = 0  // content bytes minus decoded UTF-8 bytes
        var continuationBytes = 0  // multi-byte UTF-8 in the source
        while true {
            // Skip plain ASCII 16 and 8 bytes at a time; the lowest flagged byte of a word is
            // exactly the first byte that needs attention, so jump straight to it.
            find: do {
                while k + 16 <= n {
                    let raw = UnsafeRawPointer(p + k)
                    let low = Parser.needsAttention(UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)))
                    let high = Parser.needsAttention(
                        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
                    if low | high != 0 {
                        k += low != 0 ? low.trailingZeroBitCount >> 3 : 8 + high.trailingZeroBitCount >> 3
                        break find
                    }
                    k += 16
                }
                if k + 8 <= n {
                    let word = UInt64(littleEndian: UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self))
                    let mask = Parser.needsAttention(word)
                    if mask != 0 {
                        k += mask.trailingZeroBitCount >> 3
                        break find
                    }
                    k += 8
                }
                while k < n && (p[k] &- 0x20) < 0x60 && p[k] != 0x22 && p[k] != 0x5C { k += 1 }
            }
            guard k < n else { throw ParseFailure(at: start, "unterminated string") }
            let c = p[k]
            if c == 0x22 { break }
            if c == 0x5C {
                flags |= JSONNode.Flags.escaped
                guard k + 1 < n else { throw ParseFailure(at: start, "unterminated string") }
                switch p[k + 1] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
                    k += 2
                    scalarReduction += 1
                    byteReduction += 1
                case 0x75:
                    let value = Parser.hex4(p, n, at: k + 2)
                    if value < 0 { throw invalidHexEscape(at: k, stringStart: start) }
                    if value >= 0xD800 && value < 0xDC00 {
                        guard k + 12 <= n, p[k + 6] == 0x5C, p[k + 7] == 0x75,
                            case let low = Parser.hex4(p, n, at: k + 8), low >= 0xDC00 && low < 0xE000
                        else {
                            throw surrogateFailure(at: k, high: true)
                        }
                        k += 12
                        scalarReduction += 11
                        byteReduction += 8
                    } else if value >= 0xDC00 && value < 0xE000 {
                        throw surrogateFailure(at: k, high: false)
                    } else {
                        k += 6
                        scalarReduction += 5
                        byteReduction += 6 - JSONStrings.utf8Length(value)
                    }
                default:
                    throw invalidEscape(at: k)
                }
            } else if c >= 0x80 {
                flags |= JSONNode.Flags.nonASCII
                repeat {  // non-Latin text comes in runs
                    let length = Parser.utf8SequenceLength(p, n, at: k)
                    if length == 0 { throw utf8Failure(at: k) }
                    continuationBytes += length - 1
                    k += length
                } while k < n && p[k] >= 0x80
            } else {
                throw controlCharacter(at: k)
            }
        }
        let contentLength = k - start - 1
        if continuationBytes > 0 {
            if spans.isEmpty { spans.reserveCapacity(64) }
            extraBytes += continuationBytes
            spans.append(NonASCIISpan(start: start + 1, end: k, cumulativeExtraBytes: extraBytes))
        }
        i = k + 1
        return JSONNode(
            start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: k + 1),
            a: UInt32(truncatingIfNeeded: contentLength - continuationBytes - scalarReduction),
            b: UInt32(truncatingIfNeeded: contentLength - byteReduction),
            kind: JSONKind.string.rawValue, flags: flags)
    }

    /// `\u` at `k` without four hex digits: a bad digit, or the end of the input.
    func invalidHexEscape(at k: Int, stringStart: Int) -> ParseFailure {
        var m = k + 2
        while m < n && m < k + 6 && JSONStrings.hexValue(p[m]) >= 0 { m += 1 }
        if m == n { return ParseFailure(at: stringStart, "unterminated string") }
        return invalidUnicodeEscape(at: k)
    }

    /// Four hex digits at `k` as a value, or -1 if any is missing or not a hex digit.
    @inline(__always)
    static func hex4(_ p: UnsafePointer<UInt8>, _ n: Int, at k: Int) -> Int {
        guard k + 4 <= n else { return -1 }
        let a = JSONStrings.hexValue(p[k])
        let b = JSONStrings.hexValue(p[k + 1])
        let c = JSONStrings.hexValue(p[k + 2])
        let d = JSONStrings.hexValue(p[k + 3])
        return (a | b | c | d) < 0 ? -1 : a << 12 | b << 8 | c << 4 | d
    }

    /// The length of the valid UTF-8 sequence at `k` (a byte >= 0x80), or a `json.utf8` failure.
    func utf8Sequence(at k: Int) throws(ParseFailure) -> Int {
        let length = Parser.utf8SequenceLength(p, n, at: k)
        if length == 0 { throw utf8Failure(at: k) }
        return length
    }

    /// The length of the valid UTF-8 sequence at `k` (a byte >= 0x80), or 0 if it is invalid.
    @inline(__always)
    static func utf8SequenceLength(_ p: UnsafePointer<UInt8>, _ n: Int, at k: Int) -> Int {
        let c = p[k]
        if c >= 0xC2 && c <= 0xDF {
            if k + 1 < n && p[k + 1] & 0xC0 == 0x80 { return 2 }
        } else if c >= 0xE0 && c <= 0xEF {
            if k + 2 < n {
                let lo: UInt8 = c == 0xE0 ? 0xA0 : 0x80
                let hi: UInt8 = c == 0xED ? 0x9F : 0xBF
                if p[k + 1] >= lo && p[k + 1] <= hi && p[k + 2] & 0xC0 == 0x80 { return 3 }
            }
        } else if c >= 0xF0 && c <= 0xF4 {
            if k + 3 < n {
                let lo: UInt8 = c == 0xF0 ? 0x90 : 0x80
                let hi: UInt8 = c == 0xF4 ? 0x8F : 0xBF
                if p[k + 1] >= lo && p[k + 1] <= hi && p[k + 2] & 0xC0 == 0x80 && p[k + 3] & 0xC0 == 0x80 {
                    return 4
                }
            }
        }
        return 0
    }

    static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    static func isWordByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 || c == 0x5F
    }

    // MARK: - Duplicate keys

    /// Finds repeated keys among an object's children (key, value, key, value, …; a final key
    /// without its value is checked too).
    mutating func findDuplicateKeys(in children: UnsafeBufferPointer<JSONNode>) {
        let count = (children.count + 1) / 2
        guard count > 1 else { return }
        let bytes = UnsafeBufferPointer(start: p, count: n)
        if count <= 32 {
            for j in 1..<count {
                let key = children[2 * j]
                for m in 0..<j where Parser.sameKey(children[2 * m], key, bytes) {
                    duplicates.append((key, children[2 * m]))
                    break
                }
            }
            return
        }
        findDuplicateKeysHashed(in: children, count: count)
    }

    /// `findDuplicateKeys` for large objects: keys bucketed by a hash of their decoded bytes.
    @inline(never)
    mutating func findDuplicateKeysHashed(in children: UnsafeBufferPointer<JSONNode>, count: Int) {
        let bytes = UnsafeBufferPointer(start: p, count: n)
        var buckets: [Int: [Int]] = [:]
        buckets.reserveCapacity(count)
        for j in 0..<count {
            let key = children[2 * j]
            let hash = JSONStrings.withDecoded(key, in: bytes) { decoded in
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(decoded))
                return hasher.finalize()
            }
            if let earlier = buckets[hash],
                let m = earlier.first(where: { Parser.sameKey(children[2 * $0], key, bytes) })
            {
                duplicates.append((key, children[2 * m]))
            } else {
                buckets[hash, default: []].append(j)
            }
        }
    }

    /// After a fatal error: checks the keys read so far in every object still open.
    mutating func findDuplicateKeysInOpenObjects() {
        guard reportDuplicates else { return }
        for f in 0..<frames.count where frames[f].isObject {
            let start = frames[f].scratchStart
            let end = f + 1 < frames.count ? frames[f + 1].scratchStart : scratch.count
            findDuplicateKeys(in: UnsafeBufferPointer(start: scratch.base + start, count: end - start))
        }
    }

    @inline(__always)
    static func sameKey(_ x: JSONNode, _ y: JSONNode, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.b == y.b else { return false }
        if (x.flags | y.flags) & JSONNode.Flags.escaped == 0 {
            return JSONStrings.equalBytes(JSONStrings.content(x, in: bytes), JSONStrings.content(y, in: bytes))
        }
        return JSONStrings.equals(x, y, in: bytes)
    }

    /// Turns found duplicates into diagnostics.
    mutating func flushDuplicates() {
        guard !duplicates.isEmpty else { return }
        let bytes = UnsafeBufferPointer(start: p, count: n)
        for (second, first) in duplicates {
            let key = Parser.displayKey(JSONStrings.materialize(second, in: bytes))
            pending.append(
                PendingDiagnostic(
                    .error, at: Int(second.start), "duplicate key '\(key)'; JSON parsers disagree on which value wins",
                    rule: JSONParser.Rule.duplicateKey,
                    notes: [("'\(key)' first appears here", Int(first.start))]))
        }
        duplicates.removeAll()
    }

    /// A key for messages: control characters escaped, long keys shortened.
    static func displayKey(_ key: String) -> String {
        var out = ""
        var count = 0
        for scalar in key.unicodeScalars {
            if count == 60 {
                out += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0..<0x20, 0x7F: out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
