/// The parser's error messages: what was expected, what was found, and a hint when a common
/// mistake (comments, single quotes, `True`, `NaN`, …) explains it.
extension Parser {
    /// The end of the input where more was needed; reported just past the last token.
    func endOfInput() -> ParseFailure {
        var at = n
        while at > 0 && (p[at - 1] == 0x20 || p[at - 1] == 0x09 || p[at - 1] == 0x0A || p[at - 1] == 0x0D) {
            at -= 1
        }
        guard let frame = frames.last else {
            return ParseFailure(at: at, "unexpected end of input: expected a JSON value")
        }
        let kind = frame.isObject ? "object" : "array"
        let lines = LineIndex(scanning: UnsafeBufferPointer(start: p, count: n))
        let (line, column) = lines.lineAndColumn(of: frame.start, in: UnsafeBufferPointer(start: p, count: n))
        return ParseFailure(
            at: at, "unexpected end of input: the \(kind) opened at \(line):\(column) is never closed",
            notes: [("the \(kind) starts here", frame.start)])
    }

    /// "`expectation`, found X" at `k`, or the more specific UTF-8, BOM or end-of-input error.
    func unexpected(_ expectation: String, at k: Int, keyContext: Bool = false, container: Frame? = nil)
        -> ParseFailure
    {
        guard k < n else { return endOfInput() }
        let c = p[k]
        if c >= 0x80 {
            if let failure = utf8FailureIfInvalid(at: k) { return failure }
            if c == 0xEF && k + 2 < n && p[k + 1] == 0xBB && p[k + 2] == 0xBF {
                return ParseFailure(
                    at: k, "\(expectation), found a byte order mark (U+FEFF)",
                    notes: [("a byte order mark is only tolerated at the very start of the file", nil)])
            }
        }
        var notes: [(message: String, offset: Int?)] = []
        if let hint = hint(at: k, keyContext: keyContext) { notes.append((hint, nil)) }
        if let container, c == 0x5D || c == 0x7D {
            notes.append(("the \(container.isObject ? "object" : "array") starts here", container.start))
        }
        return ParseFailure(at: k, "\(expectation), found \(describe(at: k))", notes: notes)
    }

    /// No value can start at `i`.
    func unexpectedValue(_ context: ValueContext) -> ParseFailure {
        switch context {
        case .topLevel: unexpected("expected a JSON value", at: i)
        case .arrayStart: unexpected("expected a JSON value or ']'", at: i)
        case .afterComma: unexpected("expected a JSON value after ','", at: i)
        case .afterColon: unexpected("expected a JSON value after ':'", at: i)
        }
    }

    /// A malformed number part at `k`.
    func unexpectedInNumber(_ expectation: String, at k: Int) -> ParseFailure {
        if k < n && p[k] >= 0x80, let failure = utf8FailureIfInvalid(at: k) { return failure }
        return ParseFailure(at: k, "\(expectation), found \(describe(at: k))")
    }

    /// A word at `i` starting like `expected` (`true`, `false`, `null`) that is not it.
    func invalidLiteral(expected: String) -> ParseFailure {
        let word = self.word(at: i)
        if expected.hasPrefix(word) || word.hasPrefix(expected) {
            return ParseFailure(at: i, "invalid literal '\(word)', expected '\(expected)'")
        }
        return unexpected("expected a JSON value", at: i)
    }

    /// A hint for a common mistake at `k`.
    func hint(at k: Int, keyContext: Bool) -> String? {
        switch p[k] {
        case 0x27: return "JSON strings use double quotes"
        case 0x2F: return "JSON does not allow comments"
        case 0x2B where !keyContext: return "JSON numbers cannot start with '+'"
        case 0x2E where !keyContext: return "JSON numbers need a digit before the decimal point"
        default: break
        }
        guard Parser.isWordByte(p[k]) else { return nil }
        if keyContext { return "object keys must be double-quoted strings" }
        switch word(at: k) {
        case "True", "TRUE": return "JSON literals are lowercase: true"
        case "False", "FALSE": return "JSON literals are lowercase: false"
        case "Null", "NULL", "None", "nil", "undefined": return "JSON writes a missing value as null"
        case "NaN", "Infinity", "inf": return "JSON numbers cannot be NaN or infinite"
        default: return nil
        }
    }

    /// Up to 32 word characters at `k`.
    func word(at k: Int) -> String {
        var end = k
        while end < n && end - k < 32 && Parser.isWordByte(p[end]) { end += 1 }
        return String(decoding: UnsafeBufferPointer(start: p + k, count: end - k), as: UTF8.self)
    }

    /// What is at `k`, for "found …": `'x'`, `'word'`, `U+0009`, `'é' (U+00E9)`, `end of input`.
    func describe(at k: Int) -> String {
        guard k < n else { return "end of input" }
        let c = p[k]
        if Parser.isWordByte(c) {
            let word = self.word(at: k)
            let more = k + word.utf8.count < n && Parser.isWordByte(p[k + word.utf8.count])
            return "'\(word)\(more ? "…" : "")'"
        }
        if c == 0x27 { return "\"'\"" }
        if c >= 0x21 && c <= 0x7E { return "'\(Character(Unicode.Scalar(c)))'" }
        if c < 0x80 { return Parser.codePoint(UInt32(c)) }
        guard let length = try? utf8Sequence(at: k), let scalar = decodeScalar(at: k, length: length) else {
            return "byte 0x\(Parser.hexByte(c))"
        }
        if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
            || scalar.properties.generalCategory == .format
        {
            return Parser.codePoint(scalar.value)
        }
        return "'\(Character(scalar))' (\(Parser.codePoint(scalar.value)))"
    }

    func decodeScalar(at k: Int, length: Int) -> Unicode.Scalar? {
        var value = UInt32(p[k]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for m in 1..<length { value = value << 6 | UInt32(p[k + m] & 0x3F) }
        return Unicode.Scalar(value)
    }

    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func hexByte(_ c: UInt8) -> String {
        let hex = String(c, radix: 16, uppercase: true)
        return hex.count == 1 ? "0" + hex : hex
    }

    // MARK: Strings

    /// A raw control character inside a string.
    func controlCharacter(at k: Int) -> ParseFailure {
        let c = p[k]
        let escape: String
        switch c {
        case 0x08: escape = "\\b"
        case 0x09: escape = "\\t"
        case 0x0A: escape = "\\n"
        case 0x0C: escape = "\\f"
        case 0x0D: escape = "\\r"
        default: escape = "\\u00" + Parser.hexByte(c)
        }
        return ParseFailure(
            at: k, "control character \(Parser.codePoint(UInt32(c))) must be escaped in strings",
            notes: [("write it as \(escape)", nil)])
    }

    /// A backslash at `k` followed by something that is not an escape.
    func invalidEscape(at k: Int) -> ParseFailure {
        let e = k + 1
        let c = p[e]
        if c >= 0x80, let failure = utf8FailureIfInvalid(at: e) { return failure }
        let shown: String
        if c >= 0x21 && c <= 0x7E {
            shown = "'\\\(Character(Unicode.Scalar(c)))'"
        } else if c >= 0x80, let length = try? utf8Sequence(at: e), let scalar = decodeScalar(at: e, length: length),
            scalar.properties.generalCategory != .control, !scalar.properties.isWhitespace
        {
            shown = "'\\\(Character(scalar))'"
        } else {
            shown = "'\\' followed by \(describe(at: e))"
        }
        return ParseFailure(
            at: k, "invalid escape \(shown)",
            notes: [("JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", nil)])
    }

    /// `\u` at `k` not followed by four hex digits.
    func invalidUnicodeEscape(at k: Int) -> ParseFailure {
        var end = k + 2
        while end < n && end < k + 6 && p[end] != 0x22 && p[end] >= 0x21 && p[end] <= 0x7E { end += 1 }
        let text = String(decoding: UnsafeBufferPointer(start: p + k, count: end - k), as: UTF8.self)
        return ParseFailure(at: k, "invalid unicode escape '\(text)': expected four hexadecimal digits after '\\u'")
    }

    /// An unpaired `\u` surrogate escape at `k`.
    func surrogateFailure(at k: Int, high: Bool) -> ParseFailure {
        let text = String(decoding: UnsafeBufferPointer(start: p + k, count: 6), as: UTF8.self)
        let message =
            high
            ? "unpaired surrogate '\(text)': a high surrogate must be followed by a low surrogate escape (\\uDC00-\\uDFFF)"
            : "unpaired surrogate '\(text)': a low surrogate must follow a high surrogate escape (\\uD800-\\uDBFF)"
        return ParseFailure(
            at: k, message, rule: JSONParser.Rule.utf8,
            notes: [("a lone surrogate is not a Unicode scalar and cannot be represented in UTF-8", nil)])
    }

    // MARK: UTF-8

    /// The UTF-8 failure at `k` if the bytes there are not valid UTF-8.
    func utf8FailureIfInvalid(at k: Int) -> ParseFailure? {
        do {
            _ = try utf8Sequence(at: k)
            return nil
        } catch {
            return error
        }
    }

    /// Explains why the bytes at `k` (starting with a byte >= 0x80) are not valid UTF-8.
    func utf8Failure(at k: Int) -> ParseFailure {
        let c = p[k]
        func fail(_ message: String) -> ParseFailure {
            ParseFailure(
                at: k, "invalid UTF-8: " + message, rule: JSONParser.Rule.utf8,
                notes: [("JSON text must be encoded in UTF-8", nil)])
        }
        if c >= 0x80 && c <= 0xBF { return fail("unexpected continuation byte 0x\(Parser.hexByte(c))") }
        if c >= 0xF5 { return fail("byte 0x\(Parser.hexByte(c)) never appears in UTF-8") }
        let length = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        var available = 1
        while available < length && k + available < n && p[k + available] & 0xC0 == 0x80 { available += 1 }
        let shown = (0..<available).map { Parser.hexByte(p[k + $0]) }.joined(separator: " ")
        if available < length {
            return fail(
                "incomplete sequence (bytes \(shown)): lead byte 0x\(Parser.hexByte(c)) needs \(length - 1) "
                    + "continuation byte\(length == 2 ? "" : "s")")
        }
        var value = UInt32(c) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for m in 1..<length { value = value << 6 | UInt32(p[k + m] & 0x3F) }
        if value >= 0xD800 && value < 0xE000 {
            return fail(
                "encoded surrogate \(Parser.codePoint(value)) (bytes \(shown)); surrogates are not scalar values")
        }
        if value > 0x10FFFF {
            return fail("code point \(Parser.codePoint(value)) (bytes \(shown)) is beyond U+10FFFF")
        }
        return fail("overlong encoding of \(Parser.codePoint(value)) (bytes \(shown))")
    }
}
