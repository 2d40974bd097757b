import Foundation
import Testing

@testable import SpecKit
@testable import SpecModel

// Hostile input for the two entry points that read untrusted bytes: the lint path (JSON parser
// and validator, through `Linter.lint(bytes:path:)` with Spec/messages.yaml) and the spec loader
// (`SpecLoader.load(bytes:file:)`). Each case pins the exact outcome — rule id, message, line,
// column and byte offset of the first diagnostic, and how many diagnostics there are — and every
// case checks the structural bounds that keep work and output proportional to the input: every
// location lies inside the input, diagnostics are capped, and the rendered report stays short
// per diagnostic however long the input's lines are. No case measures wall-clock time; a case
// that hangs or crashes fails the run. The CLI cases (file size limit, 50 MB input, standard
// input, peak memory) are in Tests/SpecLintTests/HostileCLITests.swift.

// MARK: - Inputs

/// Deterministic pseudo-random bytes (SplitMix64), the same on every platform and run.
func pseudoRandomBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var out: [UInt8] = []
    out.reserveCapacity(count + 8)
    while out.count < count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        withUnsafeBytes(of: z.littleEndian) { out.append(contentsOf: $0) }
    }
    out.removeLast(out.count - count)
    return out
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func repeated(_ text: String, _ count: Int) -> [UInt8] {
    let unit = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(unit.count * count)
    for _ in 0..<count { out += unit }
    return out
}

/// A valid request with `maxTokens` as the max_tokens text.
private func request(maxTokens: String = "1024", extra: String = "") -> [UInt8] {
    bytes(
        #"{"model":"claude-sonnet-4-5","max_tokens":"# + maxTokens + #","messages":[{"role":"user","content":"Hello"}]"#
            + extra + "}")
}

/// A valid request whose model string is `model` (raw bytes between the quotes).
private func request(modelBytes: [UInt8]) -> [UInt8] {
    bytes(#"{"model":""#) + modelBytes + bytes(#"","max_tokens":1,"messages":[{"role":"user","content":"Hi"}]}"#)
}

/// `{"model":"` — ten bytes, so a byte placed after it sits at offset 10, column 11.
private let modelPrefix = bytes(#"{"model":""#)

private let oneMiB = 1 << 20
private let fiftyMB = 50_000_000

// MARK: - Shared state

enum Hostile {
    /// The repository root: this file is Tests/SpecKitTests/HostileInputTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Spec/messages.yaml, loaded and compiled once.
    static let compiled: CompiledSpec = {
        let path = root.appendingPathComponent("Spec/messages.yaml").path
        let result = SpecLoader.load(path: path)
        precondition(result.isUsable, "\(path) does not load: \(result.diagnostics)")
        return CompiledSpec(result.spec!)
    }()

    static func linter(_ limits: LintLimits = LintLimits()) -> Linter {
        Linter(compiled: compiled, type: compiled.requestType()!, limits: limits)
    }
}

// MARK: - Expectations

/// The exact first diagnostic of a case.
struct ExpectedDiagnostic: Sendable {
    var severity: Diagnostic.Severity = .error
    var rule: String?
    var message: String
    var line: Int
    var column: Int
    var offset: Int?
}

/// A lint case: input, limits, and the exact outcome.
struct LintCase: Sendable, CustomTestStringConvertible {
    var name: String
    var limits = LintLimits()
    var input: @Sendable () -> [UInt8]
    /// The first diagnostic (by position); nil for input that must lint clean.
    var first: ExpectedDiagnostic?
    /// The exact number of diagnostics kept, and of those left out over the cap.
    var count: Int
    var omitted = 0
    var status: FileResult.Status

    var testDescription: String { name }
}

private func error(
    _ rule: String, _ message: String, line: Int = 1, column: Int, offset: Int? = nil
) -> ExpectedDiagnostic {
    ExpectedDiagnostic(rule: rule, message: message, line: line, column: column, offset: offset ?? column - 1)
}

/// The checks every case gets: locations inside the input, and a report whose size follows the
/// number of diagnostics, not the size of the input.
func checkBounds(
    _ result: FileResult, input: [UInt8], limits: LintLimits, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(result.diagnostics.count <= limits.maxDiagnostics, sourceLocation: sourceLocation)
    var lineCount = 1
    for b in input where b == 0x0A { lineCount += 1 }
    for d in result.diagnostics {
        guard let location = d.location else { continue }
        #expect(location.offset != nil, "\(d)", sourceLocation: sourceLocation)
        if let offset = location.offset {
            #expect(offset >= 0 && offset <= input.count, "\(d)", sourceLocation: sourceLocation)
        }
        #expect(location.line >= 1 && location.line <= lineCount, "\(d)", sourceLocation: sourceLocation)
        #expect(location.column >= 1 && location.column <= input.count + 1, "\(d)", sourceLocation: sourceLocation)
        #expect(
            d.message.unicodeScalars.count <= 500, "message of \(d.message.utf8.count) bytes",
            sourceLocation: sourceLocation)
    }
    // Each excerpt is a short window with the caret inside it (or just past its end).
    for d in result.diagnostics {
        guard let location = d.location, let excerpt = result.excerpts[location] else { continue }
        #expect(excerpt.line.unicodeScalars.count <= 162, "\(d)", sourceLocation: sourceLocation)
        #expect(
            excerpt.caret.unicodeScalars.count <= excerpt.line.unicodeScalars.count + 1, "\(d)",
            sourceLocation: sourceLocation)
    }
    // The human report: a header, a two-line excerpt and the notes per diagnostic, each line short.
    let report = Reporter(format: .human, toolVersion: "test").fileReport(result)
    let lines = report.split(separator: "\n", omittingEmptySubsequences: false)
    let notes = result.diagnostics.reduce(0) { $0 + $1.notes.count }
    #expect(lines.count <= 3 * result.diagnostics.count + notes + 2, sourceLocation: sourceLocation)
    let longest = lines.map { $0.unicodeScalars.count }.max() ?? 0
    #expect(longest <= 700, "a report line of \(longest) scalars", sourceLocation: sourceLocation)
}

func check(_ c: LintCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let input = c.input()
    let result = Hostile.linter(c.limits).lint(bytes: input, path: "t.json")
    #expect(result.status == c.status, sourceLocation: sourceLocation)
    #expect(result.diagnostics.count == c.count, "\(result.diagnostics.prefix(5))", sourceLocation: sourceLocation)
    #expect(result.omitted == c.omitted, sourceLocation: sourceLocation)
    if let expected = c.first {
        if let d = result.diagnostics.first {
            #expect(d.rule == expected.rule, sourceLocation: sourceLocation)
            #expect(d.severity == expected.severity, sourceLocation: sourceLocation)
            #expect(d.message == expected.message, sourceLocation: sourceLocation)
            #expect(d.location?.line == expected.line, "line", sourceLocation: sourceLocation)
            #expect(d.location?.column == expected.column, "column", sourceLocation: sourceLocation)
            #expect(d.location?.offset == expected.offset, "offset", sourceLocation: sourceLocation)
        } else {
            Issue.record("no diagnostic; expected \(expected)", sourceLocation: sourceLocation)
        }
    }
    checkBounds(result, input: input, limits: c.limits, sourceLocation: sourceLocation)
}

// MARK: - Lint cases

let garbageCases: [LintCase] = [
    LintCase(
        name: "64 KiB of pseudo-random bytes (seed 1)", input: { pseudoRandomBytes(count: 65_536, seed: 1) },
        first: error(
            "json.utf8", "invalid UTF-8: incomplete sequence (bytes C1): lead byte 0xC1 needs 1 continuation byte",
            column: 1), count: 1, status: .invalid),
    LintCase(
        name: "64 KiB of pseudo-random bytes (seed 2)", input: { pseudoRandomBytes(count: 65_536, seed: 2) },
        first: error(
            "json.utf8", "invalid UTF-8: incomplete sequence (bytes CE): lead byte 0xCE needs 1 continuation byte",
            column: 1), count: 1, status: .invalid),
    LintCase(
        name: "64 KiB of pseudo-random bytes (seed 3)", input: { pseudoRandomBytes(count: 65_536, seed: 3) },
        first: error(
            "json.utf8", "invalid UTF-8: incomplete sequence (bytes ED 8F): lead byte 0xED needs 2 continuation bytes",
            column: 1), count: 1, status: .invalid),
    LintCase(
        name: "pseudo-random bytes inside a string", input: { modelPrefix + pseudoRandomBytes(count: 65_536, seed: 4) },
        first: error(
            "json.utf8", "invalid UTF-8: incomplete sequence (bytes E2): lead byte 0xE2 needs 2 continuation bytes",
            column: 13, offset: 13), count: 1, status: .invalid),
    LintCase(
        name: "pseudo-random ASCII inside an array",
        input: { bytes("[") + pseudoRandomBytes(count: 65_536, seed: 5).map { $0 & 0x7F } },
        first: error("json.syntax", "expected a JSON value or ']', found 'ZC'", column: 2), count: 1, status: .invalid),
]

let nulCases: [LintCase] = [
    LintCase(
        name: "NUL in a string", input: { modelPrefix + [0x61, 0x00, 0x62] + bytes(#"","max_tokens":1}"#) },
        first: error("json.syntax", "control character U+0000 must be escaped in strings", column: 12), count: 1,
        status: .invalid),
    LintCase(
        name: "NUL between tokens", input: { bytes(#"{"model":"#) + [0x00] + bytes(#""m"}"#) },
        first: error("json.syntax", "expected a JSON value after ':', found U+0000", column: 10), count: 1,
        status: .invalid),
    LintCase(
        name: "NUL before the value", input: { [0x00] + request() },
        first: error("json.syntax", "expected a JSON value, found U+0000", column: 1), count: 1, status: .invalid),
    LintCase(
        name: "NUL after the value", input: { request() + [0x00] },
        first: error("json.syntax", "unexpected content after the JSON value", column: 95), count: 1, status: .invalid),
    LintCase(
        name: "a file of NUL bytes", input: { [UInt8](repeating: 0, count: oneMiB) },
        first: error("json.syntax", "expected a JSON value, found U+0000", column: 1), count: 1, status: .invalid),
]

let depthCases: [LintCase] = [
    LintCase(
        name: "100,000 open arrays", input: { repeated("[", 100_000) },
        first: error("json.depth", "nesting deeper than 512 levels is not allowed", column: 513), count: 1,
        status: .invalid),
    LintCase(
        name: "100,000 nested arrays, closed", input: { repeated("[", 100_000) + repeated("]", 100_000) },
        first: error("json.depth", "nesting deeper than 512 levels is not allowed", column: 513), count: 1,
        status: .invalid),
    LintCase(
        name: "100,000 nested objects", input: { repeated(#"{"a":"#, 100_000) },
        first: error("json.depth", "nesting deeper than 512 levels is not allowed", column: 2561), count: 1,
        status: .invalid),
    LintCase(
        name: "100,000 alternating arrays and objects", input: { repeated(#"[{"a":"#, 50_000) },
        first: error("json.depth", "nesting deeper than 512 levels is not allowed", column: 1537), count: 1,
        status: .invalid),
    LintCase(
        name: "100,000 nested arrays one per line", input: { repeated("[\n", 100_000) },
        first: error("json.depth", "nesting deeper than 512 levels is not allowed", line: 513, column: 1, offset: 1024),
        count: 1, status: .invalid),
    // With the limit lifted the parser, the validator and the document's deallocation must still
    // cope without recursion: the deep value sits in a tool's `input_schema.properties` (a map of
    // `any`), so it is valid.
    LintCase(
        name: "100,000 nested arrays under a field of type any, depth limit lifted",
        limits: LintLimits(maxDepth: 1_000_000),
        input: {
            request(
                extra: #","tools":[{"name":"t","input_schema":{"type":"object","properties":{"deep":"#
                    + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}}}]")
        },
        first: nil, count: 0, status: .valid),
    LintCase(
        name: "100,000 nested arrays where an object is expected, depth limit lifted",
        limits: LintLimits(maxDepth: 1_000_000),
        input: { repeated("[", 100_000) + repeated("]", 100_000) },
        first: error("type", "expected object, found array", column: 1), count: 1, status: .invalid),
]

let bigStringCases: [LintCase] = [
    LintCase(
        name: "a 50 MB model string", input: { request(modelBytes: [UInt8](repeating: 0x61, count: fiftyMB)) },
        first: nil, count: 0, status: .valid),
    LintCase(
        name: "a 50 MB unterminated string", input: { modelPrefix + [UInt8](repeating: 0x61, count: fiftyMB) },
        first: error("json.syntax", "unterminated string", column: 10), count: 1, status: .invalid),
    LintCase(
        name: "a 50 MB unknown key",
        input: {
            bytes(#"{""#) + [UInt8](repeating: 0x6D, count: fiftyMB) + bytes(#"":1,"#) + Array(request().dropFirst())
        },
        first: error(
            "unknown-field",
            "unknown field '" + String(repeating: "m", count: 57) + "…' in MessageCreateParams; remove it", column: 2),
        count: 1, status: .invalid),
    LintCase(
        name: "a 50 MB role (an enum)",
        input: {
            bytes(#"{"model":"m","max_tokens":1,"messages":[{"role":""#) + [UInt8](repeating: 0x75, count: fiftyMB)
                + bytes(#"","content":"Hi"}]}"#)
        },
        first: error(
            "enum", "'" + String(repeating: "u", count: 57) + "…' is not one of 'user', 'assistant', 'system'",
            column: 49), count: 1, status: .invalid),
    LintCase(
        name: "a 50 MB metadata.user_id (max_length 512)",
        input: { request(extra: #","metadata":{"user_id":""# + String(repeating: "é", count: fiftyMB / 2) + #""}"#) },
        first: error(
            "string.max-length", "string is 25000000 characters long; at most 512 characters allowed", column: 117),
        count: 1, status: .invalid),
    LintCase(
        name: "a 50 MB string of escapes", input: { request(modelBytes: repeated(#"\u00e9"#, fiftyMB / 6)) },
        first: nil, count: 0, status: .valid),
]

let utf8Cases: [LintCase] = {
    func inString(_ name: String, _ raw: [UInt8], _ message: String, column: Int = 11) -> LintCase {
        LintCase(
            name: name, input: { modelPrefix + raw + bytes(#"","max_tokens":1}"#) },
            first: error("json.utf8", "invalid UTF-8: " + message, column: column), count: 1, status: .invalid)
    }
    func atEnd(_ name: String, _ raw: [UInt8], _ message: String) -> LintCase {
        LintCase(
            name: name, input: { modelPrefix + raw },
            first: error("json.utf8", "invalid UTF-8: " + message, column: 11), count: 1, status: .invalid)
    }
    return [
        inString("overlong NUL (C0 80)", [0xC0, 0x80], "overlong encoding of U+0000 (bytes C0 80)"),
        inString("overlong NUL (E0 80 80)", [0xE0, 0x80, 0x80], "overlong encoding of U+0000 (bytes E0 80 80)"),
        inString(
            "overlong NUL (F0 80 80 80)", [0xF0, 0x80, 0x80, 0x80], "overlong encoding of U+0000 (bytes F0 80 80 80)"),
        inString("overlong slash (C0 AF)", [0xC0, 0xAF], "overlong encoding of U+002F (bytes C0 AF)"),
        inString(
            "five-byte form (F8 88 80 80 80)", [0xF8, 0x88, 0x80, 0x80, 0x80], "byte 0xF8 never appears in UTF-8"),
        inString(
            "six-byte form (FC 84 80 80 80 80)", [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80],
            "byte 0xFC never appears in UTF-8"),
        inString("byte FF", [0xFF], "byte 0xFF never appears in UTF-8"),
        inString("lone continuation byte 80", [0x80], "unexpected continuation byte 0x80"),
        inString(
            "lone continuation byte BF after text", [0x61, 0xBF], "unexpected continuation byte 0xBF", column: 12),
        inString(
            "encoded surrogate (ED A0 80)", [0xED, 0xA0, 0x80],
            "encoded surrogate U+D800 (bytes ED A0 80); surrogates are not scalar values"),
        inString(
            "beyond U+10FFFF (F4 90 80 80)", [0xF4, 0x90, 0x80, 0x80],
            "code point U+110000 (bytes F4 90 80 80) is beyond U+10FFFF"),
        inString(
            "truncated sequence before the quote (E2 82)", [0xE2, 0x82],
            "incomplete sequence (bytes E2 82): lead byte 0xE2 needs 2 continuation bytes"),
        atEnd(
            "truncated 2-byte sequence at the end of input", [0xC3],
            "incomplete sequence (bytes C3): lead byte 0xC3 needs 1 continuation byte"),
        atEnd(
            "truncated 3-byte sequence at the end of input", [0xE2, 0x82],
            "incomplete sequence (bytes E2 82): lead byte 0xE2 needs 2 continuation bytes"),
        atEnd(
            "truncated 4-byte sequence at the end of input", [0xF0, 0x9F, 0x98],
            "incomplete sequence (bytes F0 9F 98): lead byte 0xF0 needs 3 continuation bytes"),
        LintCase(
            name: "overlong NUL between tokens", input: { bytes(#"{"model":"#) + [0xC0, 0x80] + bytes("}") },
            first: error("json.utf8", "invalid UTF-8: overlong encoding of U+0000 (bytes C0 80)", column: 10), count: 1,
            status: .invalid),
        LintCase(
            name: "overlong NUL in a key", input: { bytes(#"{""#) + [0xC0, 0x80] + bytes(#"":1}"#) },
            first: error("json.utf8", "invalid UTF-8: overlong encoding of U+0000 (bytes C0 80)", column: 3), count: 1,
            status: .invalid),
        LintCase(
            name: "lone continuation byte after the value", input: { request() + [0x80] },
            first: error("json.utf8", "invalid UTF-8: unexpected continuation byte 0x80", column: 95), count: 1,
            status: .invalid),
        LintCase(
            name: "truncated sequence at the end of input after the value", input: { request() + [0xE2, 0x82] },
            first: error(
                "json.utf8",
                "invalid UTF-8: incomplete sequence (bytes E2 82): lead byte 0xE2 needs 2 continuation bytes",
                column: 95), count: 1, status: .invalid),
        LintCase(
            name: "invalid UTF-8 after 1 MB of valid multi-byte text",
            input: { modelPrefix + repeated("é", oneMiB / 2) + [0xC0, 0x80] },
            first: error(
                "json.utf8", "invalid UTF-8: overlong encoding of U+0000 (bytes C0 80)", column: 11 + oneMiB / 2,
                offset: 10 + oneMiB), count: 1, status: .invalid),
    ]
}()

let surrogateCases: [LintCase] = {
    func escaped(_ name: String, _ text: String, _ message: String, column: Int = 11) -> LintCase {
        LintCase(
            name: name, input: { request(modelBytes: bytes(text)) },
            first: error("json.utf8", message, column: column), count: 1, status: .invalid)
    }
    let high = "a high surrogate must be followed by a low surrogate escape (\\uDC00-\\uDFFF)"
    let low = "a low surrogate must follow a high surrogate escape (\\uD800-\\uDBFF)"
    return [
        escaped("lone high surrogate \\ud800", #"\ud800"#, #"unpaired surrogate '\ud800': "# + high),
        escaped("lone low surrogate \\udc00", #"\udc00"#, #"unpaired surrogate '\udc00': "# + low),
        escaped(
            "high surrogate before a non-surrogate \\ud800\\u0041", #"\ud800\u0041"#,
            #"unpaired surrogate '\ud800': "# + high),
        escaped("two high surrogates", #"\uD83D\uD83D"#, #"unpaired surrogate '\uD83D': "# + high),
        escaped("reversed pair", #"\udc00\ud800"#, #"unpaired surrogate '\udc00': "# + low),
        escaped("low surrogate after text", #"ab\uDFFF"#, #"unpaired surrogate '\uDFFF': "# + low, column: 13),
        LintCase(
            name: "high surrogate at the end of input", input: { modelPrefix + bytes(#"\ud800"#) },
            first: error("json.utf8", #"unpaired surrogate '\ud800': "# + high, column: 11), count: 1, status: .invalid),
        LintCase(
            name: "a valid pair \\udbff\\udfff", input: { request(modelBytes: bytes(#"\udbff\udfff"#)) },
            first: nil, count: 0, status: .valid),
    ]
}()

let numberCases: [LintCase] = [
    // max_tokens is `integer, minimum: 0` with no maximum: any integral value >= 0 is accepted,
    // compared exactly (no Double), however large.
    LintCase(
        name: "max_tokens 1e999999", input: { request(maxTokens: "1e999999") }, first: nil, count: 0, status: .valid),
    LintCase(
        name: "max_tokens -1e999999", input: { request(maxTokens: "-1e999999") },
        first: error("number.minimum", "-1e999999 is less than the minimum 0", column: 43), count: 1, status: .invalid),
    LintCase(name: "max_tokens -0", input: { request(maxTokens: "-0") }, first: nil, count: 0, status: .valid),
    LintCase(
        name: "max_tokens -0.0e-5", input: { request(maxTokens: "-0.0e-5") }, first: nil, count: 0, status: .valid),
    LintCase(
        name: "max_tokens 1e-999999", input: { request(maxTokens: "1e-999999") },
        first: error("number.integer", "expected integer, found 1e-999999", column: 43), count: 1, status: .invalid),
    LintCase(
        name: "max_tokens with a 10,000-digit integer",
        input: { request(maxTokens: String(repeating: "9", count: 10_000)) },
        first: nil, count: 0, status: .valid),
    LintCase(
        name: "max_tokens with a negative 10,000-digit integer",
        input: { request(maxTokens: "-" + String(repeating: "9", count: 10_000)) },
        first: error(
            "number.minimum", "-" + String(repeating: "9", count: 56) + "… is less than the minimum 0", column: 43),
        count: 1, status: .invalid),
    LintCase(
        name: "max_tokens with a 10 MB integer",
        input: { request(maxTokens: "1" + String(repeating: "0", count: 10_000_000)) },
        first: nil, count: 0, status: .valid),
    LintCase(
        name: "max_tokens with a 10,000-digit exponent",
        input: { request(maxTokens: "1e" + String(repeating: "9", count: 10_000)) }, first: nil, count: 0,
        status: .valid),
    LintCase(
        name: "thinking budget 1e999999 against max_tokens 1024",
        input: { request(extra: #","thinking":{"type":"enabled","budget_tokens":1e999999}"#) },
        first: error(
            "rule.thinking-budget-below-max-tokens", "`max_tokens` must be greater than `thinking.budget_tokens`.",
            column: 140), count: 1, status: .invalid),
    LintCase(
        name: "1e999999 as the whole document", input: { bytes("1e999999") },
        first: error("type", "expected object, found number 1e999999", column: 1), count: 1, status: .invalid),
    LintCase(
        name: "a number cut after its exponent sign", input: { request(maxTokens: "1e+") },
        first: error("json.syntax", "expected a digit in the exponent, found ','", column: 46), count: 1,
        status: .invalid),
]

let duplicateCases: [LintCase] = [
    LintCase(
        name: "a duplicate key", input: { bytes(#"{"model":"a","#) + Array(request().dropFirst()) },
        first: error(
            "json.duplicate-key", "duplicate key 'model'; JSON parsers disagree on which value wins", column: 14),
        count: 1, status: .invalid),
    LintCase(
        name: "100,000 copies of one key",
        input: { bytes("{") + repeated(#""model":"a","#, 100_000) + Array(request().dropFirst()) },
        first: error(
            "json.duplicate-key", "duplicate key 'model'; JSON parsers disagree on which value wins", column: 14),
        count: 200, omitted: 99_800, status: .invalid),
    LintCase(
        name: "100,000 distinct unknown keys",
        input: {
            var text = "{"
            for k in 0..<100_000 { text += #""k\#(k)":0,"# }
            return bytes(text) + Array(request().dropFirst())
        },
        first: error("unknown-field", "unknown field 'k0' in MessageCreateParams; remove it", column: 2), count: 200,
        omitted: 99_800,
        status: .invalid),
    LintCase(
        name: "a duplicate key in an object left open",
        input: { bytes(#"{"model":"a","model":"b""#) },
        first: error(
            "json.duplicate-key", "duplicate key 'model'; JSON parsers disagree on which value wins", column: 14),
        count: 2, status: .invalid),
]

private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

let bomCases: [LintCase] = [
    LintCase(
        name: "a BOM at the start", input: { bom + request() },
        first: ExpectedDiagnostic(
            severity: .warning, rule: "json.bom",
            message:
                "the file starts with a UTF-8 byte order mark; RFC 8259 forbids it in JSON text exchanged between systems; remove it",
            line: 1, column: 1, offset: 0),
        count: 1, status: .valid),
    LintCase(
        name: "a BOM between tokens", input: { bytes(#"{"model":"#) + bom + bytes(#""m"}"#) },
        first: error("json.syntax", "expected a JSON value after ':', found a byte order mark (U+FEFF)", column: 10),
        count: 1,
        status: .invalid),
    LintCase(
        name: "a BOM after the value", input: { request() + bom },
        first: error("json.syntax", "unexpected content after the JSON value", column: 95), count: 1, status: .invalid),
    LintCase(
        name: "two BOMs at the start", input: { bom + bom + request() },
        first: ExpectedDiagnostic(
            severity: .warning, rule: "json.bom",
            message:
                "the file starts with a UTF-8 byte order mark; RFC 8259 forbids it in JSON text exchanged between systems; remove it",
            line: 1, column: 1, offset: 0),
        count: 2, status: .invalid),
    LintCase(
        name: "only a BOM", input: { bom },
        first: ExpectedDiagnostic(
            severity: .warning, rule: "json.bom",
            message:
                "the file starts with a UTF-8 byte order mark; RFC 8259 forbids it in JSON text exchanged between systems; remove it",
            line: 1, column: 1, offset: 0),
        count: 2, status: .invalid),
    LintCase(
        name: "a BOM inside a string", input: { request(modelBytes: bom + bytes("m")) }, first: nil, count: 0,
        status: .valid),
]

let emptyCases: [LintCase] = [
    LintCase(
        name: "empty input", input: { [] },
        first: error("json.syntax", "unexpected end of input: expected a JSON value", column: 1), count: 1,
        status: .invalid),
    LintCase(
        name: "only whitespace", input: { bytes(" \t\r\n \n\t") },
        first: error("json.syntax", "unexpected end of input: expected a JSON value", column: 1), count: 1,
        status: .invalid),
    LintCase(
        name: "10 MB of newlines", input: { [UInt8](repeating: 0x0A, count: 10_000_000) },
        first: error("json.syntax", "unexpected end of input: expected a JSON value", column: 1), count: 1,
        status: .invalid),
]

let longLineCases: [LintCase] = [
    LintCase(
        name: "a 1 MB line with a trailing comma at its end",
        input: { request(modelBytes: [UInt8](repeating: 0x61, count: oneMiB)).dropLast() + bytes(",}") },
        first: error("json.syntax", "trailing comma before '}'", column: oneMiB + 71), count: 1, status: .invalid),
    LintCase(
        name: "a 1 MB line of 250,001 wrong elements (and too many of them)",
        input: { bytes(#"{"model":"m","max_tokens":1,"messages":["#) + repeated("1,", 250_000) + bytes("1]}") },
        first: error("type", "expected object, found number 1", column: 41), count: 200, omitted: 250_002 - 200,
        status: .invalid),
    LintCase(
        name: "a long line with a carriage return before the error",
        input: {
            bytes(#"{"model":"m","#) + [UInt8](repeating: 0x20, count: 200) + [0x0D]
                + [UInt8](repeating: 0x20, count: 200) + bytes("x}")
        },
        first: error("json.syntax", "expected a string key after ',', found 'x'", column: 415), count: 1,
        status: .invalid),
]

@Suite struct HostileLintTests {
    @Test(arguments: garbageCases) func garbage(_ c: LintCase) { check(c) }
    @Test(arguments: nulCases) func nulBytes(_ c: LintCase) { check(c) }
    @Test(arguments: depthCases) func deepNesting(_ c: LintCase) { check(c) }
    @Test(arguments: bigStringCases) func fiftyMegabyteStrings(_ c: LintCase) { check(c) }
    @Test(arguments: utf8Cases) func invalidUTF8(_ c: LintCase) { check(c) }
    @Test(arguments: surrogateCases) func loneSurrogates(_ c: LintCase) { check(c) }
    @Test(arguments: numberCases) func extremeNumbers(_ c: LintCase) { check(c) }
    @Test(arguments: duplicateCases) func duplicateKeys(_ c: LintCase) { check(c) }
    @Test(arguments: bomCases) func byteOrderMarks(_ c: LintCase) { check(c) }
    @Test(arguments: emptyCases) func emptyInput(_ c: LintCase) { check(c) }
    @Test(arguments: longLineCases) func longLines(_ c: LintCase) { check(c) }

    /// A small valid request with multi-byte text, cut after every byte: each prefix is an error
    /// located inside the prefix — `json.utf8` when the cut splits a UTF-8 sequence, else
    /// `json.syntax` — and never a crash.
    static let truncated = Array(
        #"{"model": "claude-é", "max_tokens": 10.5e+1, "messages": [{"role": "user", "content": "Hé 😀 \u00e9\n"}], "stop_sequences": [true, false, null]}"#
            .utf8)

    @Test(arguments: 0..<HostileLintTests.truncated.count)
    func everyPrefixOfARequest(_ length: Int) {
        let prefix = Array(Self.truncated[..<length])
        let result = Hostile.linter().lint(bytes: prefix, path: "t.json")
        #expect(result.status == .invalid)
        #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
        guard let d = result.diagnostics.first else { return }
        let splitsSequence = String(validating: prefix, as: UTF8.self) == nil
        #expect(d.rule == (splitsSequence ? "json.utf8" : "json.syntax"), "\(d)")
        #expect(d.severity == .error)
        let offset = d.location?.offset ?? -1
        #expect(offset >= 0 && offset <= length, "\(d)")
        checkBounds(result, input: prefix, limits: LintLimits())
    }

    /// The excerpt of an error at the end of a 1 MB line is a short window around the caret.
    @Test func excerptOfAOneMegabyteLineStaysShort() throws {
        let input = request(modelBytes: [UInt8](repeating: 0x61, count: oneMiB)).dropLast() + bytes(",}")
        let parsed = JSONParser.parse(Array(input), file: "t.json")
        let d = try #require(parsed.diagnostics.last)
        let offset = try #require(d.location?.offset)
        let excerpt = SourceExcerpt(bytes: Array(input), offset: offset)
        #expect(excerpt.line.unicodeScalars.count <= SourceExcerpt.defaultMaxWidth + 2)
        #expect(excerpt.line.hasPrefix("…"))
        #expect(excerpt.line.hasSuffix(",}"))
        #expect(excerpt.caret.count == excerpt.line.unicodeScalars.count - 1)
        let result = Hostile.linter().lint(bytes: Array(input), path: "t.json")
        let report = Reporter(format: .human, toolVersion: "test").fileReport(result)
        let lines = report.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[1].count <= 170 && lines[1].hasSuffix(",}"))
    }
}

// MARK: - Spec loader cases

/// A spec loader case: the exact first diagnostic and the number of diagnostics. Spec
/// diagnostics carry no rule id (`rule` is nil); the message is pinned exactly instead.
struct SpecCase: Sendable, CustomTestStringConvertible {
    var name: String
    var limits = YAMLLimits.default
    var input: @Sendable () -> [UInt8]
    /// The first diagnostic; nil for a spec that must load clean.
    var first: ExpectedDiagnostic?
    var count: Int

    var testDescription: String { name }
}

private func specError(_ message: String, line: Int = 1, column: Int, offset: Int?) -> ExpectedDiagnostic {
    ExpectedDiagnostic(rule: nil, message: message, line: line, column: column, offset: offset)
}

private let minimalSpec = """
    spec: 1
    api: { name: Pets, base_url: "https://pets.example.com" }
    endpoints:
      createPet: { method: POST, path: /v1/pets, request: Pet, response: Pet }
    types:
      Pet:
        kind: object
        fields:
          name: { type: string, required: true }

    """

/// Billion laughs: each level is a sequence of ten aliases to the previous level.
private func billionLaughs(levels: Int) -> [UInt8] {
    var text = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1..<levels {
        let previous = "*lol\(level - 1)"
        text += "lol\(level): &lol\(level) [" + Array(repeating: previous, count: 10).joined(separator: ", ") + "]\n"
    }
    return bytes(text)
}

let specCases: [SpecCase] = [
    SpecCase(
        name: "64 KiB of pseudo-random bytes (seed 1)", input: { pseudoRandomBytes(count: 65_536, seed: 1) },
        first: specError("the file is not valid UTF-8 (byte 0xC1); save it as UTF-8", column: 1, offset: 0), count: 1),
    SpecCase(
        name: "64 KiB of pseudo-random printable ASCII (seed 6)",
        input: { pseudoRandomBytes(count: 65_536, seed: 6).map { 0x20 + $0 % 0x5F } },
        first: specError(
            "YAML syntax error: mapping values are not allowed in this context", column: 6295, offset: 6294), count: 1),
    SpecCase(
        name: "NUL in a scalar", input: { bytes("spec: 1\napi: a") + [0x00] + bytes("b\n") },
        first: specError("the file contains a NUL byte (0x00); save it as UTF-8 text", line: 2, column: 7, offset: 14),
        count: 1),
    SpecCase(
        name: "NUL between tokens", input: { bytes("spec:") + [0x00] + bytes(" 1\n") },
        first: specError("the file contains a NUL byte (0x00); save it as UTF-8 text", column: 6, offset: 5), count: 1),
    SpecCase(
        name: "100,000 nested flow sequences", input: { repeated("[", 100_000) },
        first: specError(
            "the document nests deeper than 256 levels; flatten it or raise the limit", column: 257, offset: 256),
        count: 1),
    SpecCase(
        name: "100,000 nested flow mappings", input: { repeated("{a: ", 100_000) },
        first: specError(
            "the document nests deeper than 256 levels; flatten it or raise the limit", column: 1025, offset: 1024),
        count: 1),
    SpecCase(
        name: "100,000 nested block sequences on one line", input: { repeated("- ", 100_000) + bytes("x\n") },
        first: specError(
            "the document nests deeper than 256 levels; flatten it or raise the limit", column: 513, offset: 512),
        count: 1),
    SpecCase(
        name: "300 nested block mappings",
        input: {
            var text = ""
            for k in 0..<300 { text += String(repeating: " ", count: k) + "a:\n" }
            return bytes(text)
        },
        first: specError(
            "the document nests deeper than 256 levels; flatten it or raise the limit", line: 257, column: 257,
            offset: (0..<256).reduce(256) { $0 + $1 + 3 }),
        count: 1),
    SpecCase(
        name: "billion laughs (10 levels of 10 aliases)", input: { billionLaughs(levels: 10) },
        first: specError(
            "alias '*lol3' expands the document beyond 100000 nodes (billion-laughs protection); remove the alias or raise the limit",
            line: 5, column: 63, offset: nil),
        count: 1),
    // 10,000 anchored field types and 10,000 aliases to them: a clean spec of 20,001 fields.
    SpecCase(
        name: "10,000 anchors, each used once",
        input: {
            var text = minimalSpec
            for k in 0..<10_000 { text += "      a\(k): &t\(k) string\n" }
            for k in 0..<10_000 { text += "      b\(k): *t\(k)\n" }
            return bytes(text)
        },
        first: nil, count: 0),
    SpecCase(
        name: "one anchor defined 10,000 times",
        input: {
            var text = minimalSpec
            for k in 0..<10_000 { text += "      a\(k): &t string\n" }
            return bytes(text + "      b: *t\n" + "      c: *u\n")
        },
        first: specError("YAML syntax error: found undefined alias '*u'", line: 10_011, column: 10, offset: nil),
        count: 1),
    SpecCase(
        name: "an alias to a deep anchor beyond the depth limit",
        input: {
            bytes(
                "a: &deep " + String(repeating: "[", count: 250) + String(repeating: "]", count: 250)
                    + "\nb: [[[[[[[[*deep]]]]]]]]\n")
        },
        first: specError(
            "alias '*deep' makes the document nest deeper than 256 levels; remove the alias or raise the limit",
            line: 2, column: 12, offset: 521),
        count: 1),
    SpecCase(
        name: "overlong NUL (C0 80)", input: { bytes("spec: ") + [0xC0, 0x80] + bytes("\n") },
        first: specError("the file is not valid UTF-8 (byte 0xC0); save it as UTF-8", column: 7, offset: 6), count: 1),
    SpecCase(
        name: "overlong NUL (E0 80 80)", input: { bytes("spec: ") + [0xE0, 0x80, 0x80] + bytes("\n") },
        first: specError("the file is not valid UTF-8 (byte 0xE0); save it as UTF-8", column: 7, offset: 6), count: 1),
    SpecCase(
        name: "five-byte form (F8)", input: { bytes("spec: ") + [0xF8, 0x88, 0x80, 0x80, 0x80] + bytes("\n") },
        first: specError("the file is not valid UTF-8 (byte 0xF8); save it as UTF-8", column: 7, offset: 6), count: 1),
    SpecCase(
        name: "lone continuation byte", input: { bytes("spec: é") + [0x80] + bytes("\n") },
        first: specError("the file is not valid UTF-8 (byte 0x80); save it as UTF-8", column: 8, offset: 8), count: 1),
    SpecCase(
        name: "truncated sequence at the end of input", input: { bytes("spec: ") + [0xF0, 0x9F, 0x98] },
        first: specError("the file is not valid UTF-8 (byte 0xF0); save it as UTF-8", column: 7, offset: 6), count: 1),
    SpecCase(
        name: "a BOM inside a scalar (kept as text)", input: { bytes(minimalSpec + "x: a") + bom + bytes("b\n") },
        first: specError(
            "unknown key 'x' in the spec; allowed keys are 'spec', 'api', 'endpoints', 'types', 'models'", line: 10,
            column: 1,
            offset: 240), count: 1),
    SpecCase(
        name: "a BOM at the start of a line in the middle", input: { bytes(minimalSpec) + bom + bytes("x: b\n") },
        first: specError("YAML syntax error: did not find expected key", line: 10, column: 2, offset: 243), count: 1),
    SpecCase(name: "a BOM at the start", input: { bom + bytes(minimalSpec) }, first: nil, count: 0),
    SpecCase(
        name: "empty input", input: { [] },
        first: specError("the file holds no YAML document", column: 1, offset: 0), count: 1),
    SpecCase(
        name: "only whitespace", input: { bytes("  \n \n   \r\n") },
        first: specError("the file holds no YAML document", column: 1, offset: 0), count: 1),
    SpecCase(
        name: "a tab where indentation is expected", input: { bytes("  \n\t\n") },
        first: specError(
            "YAML syntax error: found character that cannot start any token", line: 2, column: 1, offset: 3), count: 1),
    SpecCase(
        name: "a 50 MB spec (over the size limit)", input: { [UInt8](repeating: 0x20, count: fiftyMB) },
        first: ExpectedDiagnostic(
            rule: nil,
            message:
                "'t.yaml' is 50000000 bytes, more than the limit of 16777216 bytes; split the file or raise the limit",
            line: 0, column: 0, offset: nil),
        count: 1),
    SpecCase(
        name: "a 1 MB scalar line with an error at its end",
        input: { bytes(minimalSpec + "x: " + String(repeating: "a", count: oneMiB) + ": b: c\n") },
        first: specError(
            "YAML syntax error: mapping values are not allowed in this context", line: 10, column: oneMiB + 4,
            offset: 240 + 3 + oneMiB),
        count: 1),
]

@Suite struct HostileSpecTests {
    @Test(arguments: specCases)
    func specLoader(_ c: SpecCase) {
        let input = c.input()
        let result = SpecLoader.load(bytes: input, file: "t.yaml", limits: c.limits)
        #expect(result.diagnostics.count == c.count, "\(result.diagnostics.prefix(5))")
        #expect(result.isUsable == (c.first == nil))
        if let expected = c.first, let d = result.diagnostics.first {
            #expect(d.rule == expected.rule)
            #expect(d.severity == expected.severity)
            #expect(d.message == expected.message)
            if expected.line == 0 {
                #expect(d.location == nil)
            } else {
                #expect(d.location?.line == expected.line, "line")
                #expect(d.location?.column == expected.column, "column")
                if let offset = expected.offset { #expect(d.location?.offset == offset, "offset") }
            }
        }
        checkSpecBounds(result, input: input)
    }

    /// Every prefix of a small valid spec loads, or fails with diagnostics located inside the
    /// prefix; never a crash. (Prefixes that end after a complete type, such as `kind: object`
    /// without fields, are valid specs.)
    @Test func everyPrefixOfASpec() {
        let full = Array(minimalSpec.utf8)
        var usable = 0
        for length in 0...full.count {
            let prefix = Array(full[..<length])
            let result = SpecLoader.load(bytes: prefix, file: "t.yaml")
            if result.isUsable { usable += 1 }
            checkSpecBounds(result, input: prefix)
        }
        #expect(usable == 8)
    }
}

/// Spec diagnostics are located inside the input (file-level problems such as the size limit
/// have no location) and their messages stay short.
func checkSpecBounds(
    _ result: SpecLoader.Result, input: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    var lineCount = 1
    for b in input where b == 0x0A { lineCount += 1 }
    for d in result.diagnostics {
        #expect(
            d.message.unicodeScalars.count <= 500, "message of \(d.message.utf8.count) bytes",
            sourceLocation: sourceLocation)
        guard let location = d.location else { continue }
        if let offset = location.offset {
            #expect(offset >= 0 && offset <= input.count, "\(d)", sourceLocation: sourceLocation)
        }
        #expect(location.line >= 1 && location.line <= lineCount, "\(d)", sourceLocation: sourceLocation)
        #expect(location.column >= 1 && location.column <= input.count + 1, "\(d)", sourceLocation: sourceLocation)
    }
}
