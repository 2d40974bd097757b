import Testing

@testable import SpecKit
@testable import SpecModel

// MARK: - Helpers

private func parse(_ text: String, options: JSONParseOptions = .init()) -> JSONParseResult {
    JSONParser.parse(text, file: "t.json", options: options)
}

private func parse(bytes: [UInt8], options: JSONParseOptions = .init()) -> JSONParseResult {
    JSONParser.parse(bytes, file: "t.json", options: options)
}

/// Parses valid JSON and returns its root (recording an issue when it fails).
private func root(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> JSONValue? {
    let result = parse(text)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)", sourceLocation: sourceLocation)
    return result.document?.root
}

/// Asserts that parsing fails with exactly one diagnostic with this message, position and rule.
private func expectFatal(
    _ result: JSONParseResult, _ message: String, line: Int, column: Int, rule: String = "json.syntax",
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(result.document == nil, sourceLocation: sourceLocation)
    #expect(result.diagnostics.count == 1, "\(result.diagnostics)", sourceLocation: sourceLocation)
    guard let d = result.diagnostics.last else { return }
    #expect(d.severity == .error, sourceLocation: sourceLocation)
    #expect(d.message == message, sourceLocation: sourceLocation)
    #expect(d.location?.line == line, "line", sourceLocation: sourceLocation)
    #expect(d.location?.column == column, "column", sourceLocation: sourceLocation)
    #expect(d.rule == rule, sourceLocation: sourceLocation)
}

private func expectFatal(
    _ text: String, _ message: String, line: Int = 1, column: Int, rule: String = "json.syntax",
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    expectFatal(parse(text), message, line: line, column: column, rule: rule, sourceLocation: sourceLocation)
}

private func number(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> JSONNumber {
    guard let value = JSONNumber(exactly: text) else {
        Issue.record("not a JSON number: \(text)", sourceLocation: sourceLocation)
        return JSONNumber(0)
    }
    return value
}

private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

@Suite struct JSONParserTests {
    // MARK: - Valid documents

    @Test func emptyContainersAndTopLevelScalars() throws {
        #expect(root("{}")?.kind == .object)
        #expect(root("{}")?.count == 0)
        #expect(root("[]")?.elements.count == 0)
        let nested = try #require(root(#"[[], {}, [[]], {"": {}}]"#))
        #expect(nested.elements.map(\.kind) == [.array, .object, .array, .object])
        #expect(nested[2]?[0]?.count == 0)
        #expect(nested[3]?.member("")?.kind == .object)

        #expect(root("1")?.number?.text == "1")
        #expect(root(#""s""#)?.string == "s")
        #expect(root("true")?.boolValue == true)
        #expect(root("false")?.boolValue == false)
        #expect(root("null")?.isNull == true)
        #expect(root("null")?.kind.name == "null")
        #expect(root("-0")?.number == JSONNumber(0))
        #expect(root("1E+2")?.number == JSONNumber(100))
        #expect(root("0.5e-3")?.number?.text == "0.5e-3")
        #expect(root("-12.5E3")?.number == JSONNumber(-12500))
    }

    @Test func whitespaceVariants() throws {
        let value = try #require(root(" \t\r\n[ 1 ,\t2\r\n,\n3 ]\r\n\t "))
        #expect(value.elements.compactMap { $0.number?.int64Value } == [1, 2, 3])
        #expect(value.offset == 4)
        // Form feed and non-breaking space are not JSON whitespace.
        expectFatal("[1,\u{0C}2]", "expected a JSON value after ',', found U+000C", column: 4)
        expectFatal("[1,\u{A0}2]", "expected a JSON value after ',', found U+00A0", column: 4)
    }

    @Test func escapesDecode() throws {
        let text = #"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u20AC\ud83d\ude00", "a\u0000b", "\uD834\uDD1E"]"#
        let value = try #require(root(text))
        #expect(value[0]?.string == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(value[0]?.stringScalarCount == 8)
        #expect(value[0]?.stringUTF8Count == 8)
        #expect(value[1]?.string == "Aé€😀")
        #expect(value[1]?.stringScalarCount == 4)
        #expect(value[1]?.stringUTF8Count == 1 + 2 + 3 + 4)
        #expect(value[2]?.string == "a\u{0}b")
        #expect(value[3]?.string == "𝄞")
        #expect(value[1]?.stringEquals("Aé€😀") == true)
        #expect(value[1]?.stringEquals("Aé€") == false)
        #expect(value[1]?.sourceText == #""\u0041\u00e9\u20AC\ud83d\ude00""#)
    }

    @Test func rawNonASCIIStrings() throws {
        let value = try #require(root(#"{"größe": "日本語 🎉", "x": "\u00e9é"}"#))
        #expect(value.member("größe")?.string == "日本語 🎉")
        #expect(value.member("größe")?.stringScalarCount == 5)
        #expect(value.member("größe")?.stringUTF8Count == 9 + 1 + 4)
        #expect(value.member("x")?.stringScalarCount == 2)
        #expect(value.member("x")?.string == "éé")
        #expect(value.members.map(\.key) == ["größe", "x"])
    }

    @Test func deepButAllowedNesting() throws {
        let text = String(repeating: "[", count: 512) + "7" + String(repeating: "]", count: 512)
        var value = try #require(root(text))
        var depth = 0
        while value.kind == .array, let inner = value[0] {
            value = inner
            depth += 1
        }
        #expect(depth == 512)
        #expect(value.number == JSONNumber(7))
        #expect(value.offset == 512)
    }

    // MARK: - Syntax errors

    @Test func structuralErrors() {
        expectFatal(#"{"a": 1]"#, "expected ',' or '}' after object member, found ']'", column: 8)
        expectFatal("[1}", "expected ',' or ']' after array element, found '}'", column: 3)
        expectFatal("[1 2]", "expected ',' or ']' after array element, found '2'", column: 4)
        expectFatal(#"{"a" 1}"#, "expected ':' after object key, found '1'", column: 6)
        expectFatal("{a: 1}", "expected a string key or '}', found 'a'", column: 2)
        expectFatal(#"{"a": 1, 2: 3}"#, "expected a string key after ',', found '2'", column: 10)
        expectFatal("[,1]", "expected a JSON value or ']', found ','", column: 2)
        expectFatal(#"{"a":}"#, "expected a JSON value after ':', found '}'", column: 6)
        expectFatal("[1,,2]", "expected a JSON value after ',', found ','", column: 4)
        expectFatal("}", "expected a JSON value, found '}'", column: 1)
        expectFatal("[1] [2]", "unexpected content after the JSON value", column: 5)
        expectFatal("1 2", "unexpected content after the JSON value", column: 3)
        expectFatal("{\"a\": 1}\n}", "unexpected content after the JSON value", line: 2, column: 1)
    }

    @Test func trailingCommasAreNamed() {
        expectFatal(#"{"a": 1,}"#, "trailing comma before '}'", column: 8)
        expectFatal("[1, 2, ]", "trailing comma before ']'", column: 6)
        expectFatal("{\n  \"a\": [1,\n  ],\n}", "trailing comma before ']'", line: 2, column: 10)
        expectFatal("{\n  \"a\": [1],\n}", "trailing comma before '}'", line: 2, column: 11)
    }

    @Test func endOfInput() {
        expectFatal("{", "unexpected end of input: the object opened at 1:1 is never closed", column: 2)
        expectFatal(#"{"a": [1, 2"#, "unexpected end of input: the array opened at 1:7 is never closed", column: 12)
        expectFatal(
            "[\n  {\"a\": 1},\n  {\"b\": \n\n", "unexpected end of input: the object opened at 3:3 is never closed",
            line: 3, column: 8)
        expectFatal(#"{"a""#, "unexpected end of input: the object opened at 1:1 is never closed", column: 5)
        expectFatal("", "unexpected end of input: expected a JSON value", column: 1)
        expectFatal(" \n ", "unexpected end of input: expected a JSON value", column: 1)
        let result = parse("[[1]")
        #expect(result.diagnostics.first?.notes.first?.message == "the array starts here")
        #expect(result.diagnostics.first?.notes.first?.location?.column == 1)
    }

    @Test func stringErrors() {
        expectFatal(#"["abc"#, "unterminated string", column: 2)
        expectFatal(#""abc\"#, "unterminated string", column: 1)
        expectFatal(#""\u12"#, "unterminated string", column: 1)
        expectFatal(#"["a\x"]"#, "invalid escape '\\x'", column: 4)
        expectFatal(#"["a\'"]"#, "invalid escape '\\''", column: 4)
        expectFatal(
            #""\u12G4""#, "invalid unicode escape '\\u12G4': expected four hexadecimal digits after '\\u'",
            column: 2)
        expectFatal(
            #""\u12""#, "invalid unicode escape '\\u12': expected four hexadecimal digits after '\\u'",
            column: 2)
        expectFatal("\"a\nb\"", "control character U+000A must be escaped in strings", column: 3)
        expectFatal("\"a\tb\"", "control character U+0009 must be escaped in strings", column: 3)
        expectFatal("[\"\u{1F}\"]", "control character U+001F must be escaped in strings", column: 3)
        expectFatal("'a'", "expected a JSON value, found \"'\"", column: 1)
        let control = parse("\"a\tb\"")
        #expect(control.diagnostics.first?.notes.first?.message == "write it as \\t")
    }

    @Test func numberErrors() {
        expectFatal("01", "leading zeros are not allowed in numbers", column: 1)
        expectFatal("[-007]", "leading zeros are not allowed in numbers", column: 2)
        expectFatal("-", "expected a digit after '-', found end of input", column: 2)
        expectFatal("[-a]", "expected a digit after '-', found 'a'", column: 3)
        expectFatal("1.", "expected a digit after the decimal point, found end of input", column: 3)
        expectFatal("[1.e5]", "expected a digit after the decimal point, found 'e5'", column: 4)
        expectFatal("1e", "expected a digit in the exponent, found end of input", column: 3)
        expectFatal("[1e+]", "expected a digit in the exponent, found ']'", column: 5)
        expectFatal("0x1F", "hexadecimal numbers are not allowed in JSON", column: 1)
        expectFatal("[.5]", "expected a JSON value or ']', found '.'", column: 2)
        expectFatal("+1", "expected a JSON value, found '+'", column: 1)
        expectFatal("[1a]", "expected ',' or ']' after array element, found 'a'", column: 3)
    }

    @Test func literalErrors() {
        expectFatal("tru", "invalid literal 'tru', expected 'true'", column: 1)
        expectFatal("[nul]", "invalid literal 'nul', expected 'null'", column: 2)
        expectFatal("[falsey]", "invalid literal 'falsey', expected 'false'", column: 2)
        expectFatal("True", "expected a JSON value, found 'True'", column: 1)
        expectFatal("[NaN]", "expected a JSON value or ']', found 'NaN'", column: 2)
        expectFatal("nan", "expected a JSON value, found 'nan'", column: 1)
        expectFatal("// comment\n1", "expected a JSON value, found '/'", column: 1)
        let hint = parse("{\"a\": True}")
        #expect(hint.diagnostics.first?.notes.map(\.message) == ["JSON literals are lowercase: true"])
    }

    @Test func errorsReportFileAndOffset() throws {
        let result = JSONParser.parse(Array("{\n  \"a\": 1,\n}".utf8), file: "req/body.json")
        let d = try #require(result.diagnostics.first)
        #expect(
            d.description == "req/body.json:2:9: error: trailing comma before '}' [json.syntax]\n"
                + "req/body.json:2:9: note: JSON does not allow a comma after the last member")
        #expect(d.location?.offset == 10)
    }

    // MARK: - Positions

    @Test func columnsCountUnicodeScalars() throws {
        // "é" is 2 bytes, "日本" 6 bytes, "🎉" 4 bytes: columns count one each.
        expectFatal(#"{"é日本🎉": tru}"#, "invalid literal 'tru', expected 'true'", column: 10)
        expectFatal(
            "[\"é\",\n \"日本\", 🎉]", "expected a JSON value after ',', found '🎉' (U+1F389)",
            line: 2, column: 8)

        let doc = try #require(parse(#"{"é日本🎉": [1, "ü", 2]}"#).document)
        let array = try #require(doc.root.member("é日本🎉"))
        #expect(array.location.column == 10)
        #expect(array[2]?.location == SpecKit.SourceLocation(file: "t.json", line: 1, column: 19, offset: 27))
        #expect(doc.location(of: 4).column == 4)  // the "日" in the key
        #expect(doc.location(of: 5).column == 5)  // inside "日": counted up to the byte
    }

    @Test func linesWithCRLF() throws {
        let text = "{\r\n  \"a\": 1,\r\n  \"b\": [true, \r\n false]\r\n}"
        let doc = try #require(parse(text).document)
        let b = try #require(doc.root.member("b"))
        #expect(b.location.line == 3)
        #expect(b.location.column == 8)
        #expect(b[1]?.location.line == 4)
        #expect(b[1]?.location.column == 2)
        #expect(doc.lineText(containing: b.offset) == "  \"b\": [true, ")
        #expect(doc.lineText(containing: 0) == "{")
        #expect(doc.lineText(containing: text.utf8.count) == "}")
        expectFatal("[1,\r\n2,\r\n}", "expected a JSON value after ',', found '}'", line: 3, column: 1)
    }

    @Test func valuesKeepOffsets() throws {
        let text = #"{"model": "m", "n": [10, -2.5e3, null], "ok": false}"#
        let doc = try #require(parse(text).document)
        let members = doc.root.members
        #expect(members.map(\.keyOffset) == [1, 15, 40])
        #expect(members.map(\.value.offset) == [10, 20, 46])
        #expect(doc.root.member("n")?.elements.map(\.offset) == [21, 25, 33])
        #expect(doc.root.member("n")?.sourceRange == 20..<38)
        #expect(doc.root.sourceRange == 0..<text.utf8.count)
    }

    // MARK: - Duplicate keys

    @Test func duplicateKeyIsReportedAndParsingContinues() throws {
        let result = parse("{\n  \"model\": \"a\",\n  \"model\": \"b\",\n  \"x\": [1,]\n}")
        // Parsing went on after the duplicate and found the later syntax error; both are reported.
        #expect(result.document == nil)
        #expect(result.diagnostics.map(\.rule) == ["json.duplicate-key", "json.syntax"])
        #expect(result.diagnostics.map { $0.location?.line ?? 0 } == [3, 4])

        let ok = parse("{\n  \"model\": \"a\",\n  \"model\": \"b\"\n}")
        let doc = try #require(ok.document)
        #expect(ok.diagnostics.count == 1)
        let d = try #require(ok.diagnostics.first)
        #expect(d.severity == .error)
        #expect(d.rule == "json.duplicate-key")
        #expect(d.message == "duplicate key 'model'; JSON parsers disagree on which value wins")
        #expect(d.location?.line == 3)
        #expect(d.location?.column == 3)
        #expect(d.notes.count == 1)
        #expect(d.notes.first?.message == "'model' first appears here")
        #expect(d.notes.first?.location?.line == 2)
        #expect(d.notes.first?.location?.column == 3)
        // Both members are kept; lookup returns the last one.
        #expect(doc.root.members.count == 2)
        #expect(doc.root.member("model")?.string == "b")
    }

    @Test func duplicateKeysInsideArraysAndEscaped() throws {
        let result = parse(#"[{"a": 1, "\u0061": 2, "b": {"c": 1, "c": 2}}, {"a": 1, "a": 2, "a": 3}]"#)
        #expect(result.document != nil)
        let found = result.diagnostics.map { "\($0.location?.column ?? 0)<\($0.notes.first?.location?.column ?? 0)" }
        #expect(found == ["11<3", "38<30", "57<49", "65<49"])
        #expect(result.diagnostics.allSatisfy { $0.rule == "json.duplicate-key" })
        #expect(result.diagnostics.first?.message == "duplicate key 'a'; JSON parsers disagree on which value wins")
    }

    @Test func duplicateKeysInLargeObjects() throws {
        var text = "{"
        for k in 0..<100 { text += "\"key\(k)\": \(k), " }
        text += "\"key42\": 0, \"key\\u0039\": 1, \"unique\": 2}"
        let result = parse(text)
        #expect(
            result.diagnostics.map(\.message) == [
                "duplicate key 'key42'; JSON parsers disagree on which value wins",
                "duplicate key 'key9'; JSON parsers disagree on which value wins",
            ])
        let offsets = result.diagnostics.compactMap { $0.notes.first?.location?.offset }
        #expect(offsets.count == 2)
        #expect(
            offsets.allSatisfy { text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: $0)] == UInt8(ascii: "\"") })
        #expect(result.document?.root.member("key42")?.number == JSONNumber(0))
        #expect(result.document?.root.count == 103)
        // Keys that differ only in length or a late byte are not duplicates.
        #expect(parse(#"{"ab": 1, "abc": 2, "abd": 3, "": 4, " ": 5}"#).diagnostics.isEmpty)
    }

    @Test func duplicateKeyCheckCanBeTurnedOff() {
        let result = parse(#"{"a": 1, "a": 2}"#, options: JSONParseOptions(reportDuplicateKeys: false))
        #expect(result.diagnostics.isEmpty)
        #expect(result.document != nil)
    }

    // MARK: - Byte order mark

    @Test func leadingBOMIsAWarning() throws {
        let result = parse(bytes: bom + Array("{\"a\": [1, 2]}".utf8))
        let doc = try #require(result.document)
        #expect(doc.hasByteOrderMark)
        #expect(result.diagnostics.count == 1)
        let d = try #require(result.diagnostics.first)
        #expect(d.severity == .warning)
        #expect(d.rule == "json.bom")
        #expect(
            d.message == "the file starts with a UTF-8 byte order mark; RFC 8259 forbids it in JSON text "
                + "exchanged between systems; remove it")
        #expect(d.location?.line == 1 && d.location?.column == 1)
        // The mark takes no column.
        #expect(doc.root.location.column == 1)
        #expect(doc.root.offset == 3)
        #expect(doc.root.member("a")?[1]?.location.column == 11)
        #expect(doc.lineText(containing: 5) == "{\"a\": [1, 2]}")
    }

    @Test func bomElsewhereIsAnError() {
        expectFatal(
            parse(bytes: Array("[".utf8) + bom + Array("1]".utf8)),
            "expected a JSON value or ']', found a byte order mark (U+FEFF)", line: 1, column: 2)
        expectFatal(
            parse(bytes: Array("1 ".utf8) + bom),
            "unexpected content after the JSON value", line: 1, column: 3)
        // After a leading one, a second mark is an error too (and the warning is still reported).
        let twice = parse(bytes: bom + bom + Array("1".utf8))
        #expect(twice.document == nil)
        #expect(twice.diagnostics.map(\.rule) == ["json.bom", "json.syntax"])
        #expect(twice.diagnostics.last?.message == "expected a JSON value, found a byte order mark (U+FEFF)")
        // U+FEFF inside a string is ordinary text.
        let inString = parse(bytes: Array("\"".utf8) + bom + Array("\"".utf8))
        #expect(inString.diagnostics.isEmpty)
        #expect(inString.document?.root.string == "\u{FEFF}")
    }

    // MARK: - UTF-8

    @Test func invalidUTF8InStrings() {
        func check(
            _ bad: [UInt8], _ message: String, column: Int = 4, line: Int = 1,
            sourceLocation: Testing.SourceLocation = #_sourceLocation
        ) {
            let bytes = Array("[\"a".utf8) + bad + Array("\"]".utf8)
            expectFatal(
                parse(bytes: bytes), "invalid UTF-8: " + message, line: line, column: column, rule: "json.utf8",
                sourceLocation: sourceLocation)
        }
        check([0xC0, 0x80], "overlong encoding of U+0000 (bytes C0 80)")
        check([0xC1, 0xBF], "overlong encoding of U+007F (bytes C1 BF)")
        check([0xE0, 0x80, 0xAF], "overlong encoding of U+002F (bytes E0 80 AF)")
        check([0xF0, 0x82, 0x82, 0xAC], "overlong encoding of U+20AC (bytes F0 82 82 AC)")
        check([0xED, 0xA0, 0x80], "encoded surrogate U+D800 (bytes ED A0 80); surrogates are not scalar values")
        check([0xED, 0xBF, 0xBF], "encoded surrogate U+DFFF (bytes ED BF BF); surrogates are not scalar values")
        check([0xF4, 0x90, 0x80, 0x80], "code point U+110000 (bytes F4 90 80 80) is beyond U+10FFFF")
        check([0xF5, 0x80, 0x80, 0x80], "byte 0xF5 never appears in UTF-8")
        check([0xFF], "byte 0xFF never appears in UTF-8")
        check([0x80], "unexpected continuation byte 0x80")
        check([0xE2, 0x82], "incomplete sequence (bytes E2 82): lead byte 0xE2 needs 2 continuation bytes")
        check([0xC3], "incomplete sequence (bytes C3): lead byte 0xC3 needs 1 continuation byte")
        // The error points at the bad byte, counting earlier characters as one column each.
        check(Array("é日🎉".utf8) + [0xBF], "unexpected continuation byte 0xBF", column: 7)
        // Valid extremes pass.
        let edges: [UInt8] = [
            0x22, 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80,
            0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0x22,
        ]
        let result = parse(bytes: edges)
        #expect(result.diagnostics.isEmpty)
        #expect(
            result.document?.root.string?.unicodeScalars.map(\.value) == [
                0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0x10000, 0x10FFFF,
            ])
    }

    @Test func invalidUTF8OutsideStrings() {
        expectFatal(
            parse(bytes: [0x5B, 0xFF, 0x5D]), "invalid UTF-8: byte 0xFF never appears in UTF-8",
            line: 1, column: 2, rule: "json.utf8")
        expectFatal(
            parse(bytes: Array("{\"a\": 1}\n ".utf8) + [0xC0, 0xAF]),
            "invalid UTF-8: overlong encoding of U+002F (bytes C0 AF)", line: 2, column: 2, rule: "json.utf8")
        expectFatal(
            parse(bytes: Array("{\"k\":".utf8) + [0xE9] + Array("}".utf8)),
            "invalid UTF-8: incomplete sequence (bytes E9): lead byte 0xE9 needs 2 continuation bytes",
            line: 1, column: 6, rule: "json.utf8")
        // In a key, truncated at the end of the input.
        expectFatal(
            parse(bytes: Array("{\"k".utf8) + [0xF0, 0x9F]),
            "invalid UTF-8: incomplete sequence (bytes F0 9F): lead byte 0xF0 needs 3 continuation bytes",
            line: 1, column: 4, rule: "json.utf8")
        // Valid UTF-8 that is not JSON is a syntax error.
        expectFatal("[é]", "expected a JSON value or ']', found 'é' (U+00E9)", column: 2)
    }

    @Test func unpairedSurrogateEscapes() {
        let highMessage =
            "unpaired surrogate '\\ud800': a high surrogate must be followed by a low surrogate escape "
            + "(\\uDC00-\\uDFFF)"
        expectFatal(#""\ud800""#, highMessage, column: 2, rule: "json.utf8")
        expectFatal(#"["ab\ud800\u0041"]"#, highMessage, column: 5, rule: "json.utf8")
        expectFatal(#"["\ud800\ud800"]"#, highMessage, column: 3, rule: "json.utf8")
        expectFatal(#"["\ud800x"]"#, highMessage, column: 3, rule: "json.utf8")
        expectFatal(
            #"{"\uDBFF": 1}"#,
            "unpaired surrogate '\\uDBFF': a high surrogate must be followed by a low surrogate escape "
                + "(\\uDC00-\\uDFFF)", column: 3, rule: "json.utf8")
        expectFatal(
            #"["x\udc00"]"#,
            "unpaired surrogate '\\udc00': a low surrogate must follow a high surrogate escape "
                + "(\\uD800-\\uDBFF)", column: 4, rule: "json.utf8")
        expectFatal(
            #"["\ud83d\ude00\ude00"]"#,
            "unpaired surrogate '\\ude00': a low surrogate must follow a high surrogate escape "
                + "(\\uD800-\\uDBFF)", column: 15, rule: "json.utf8")
    }

    // MARK: - Depth

    @Test func nestingLimit() {
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        expectFatal(tooDeep, "nesting deeper than 512 levels is not allowed", column: 513, rule: "json.depth")
        let objects = String(repeating: "{\"a\":", count: 11) + "1" + String(repeating: "}", count: 11)
        expectFatal(
            parse(objects, options: JSONParseOptions(maxDepth: 10)),
            "nesting deeper than 10 levels is not allowed", line: 1, column: 51, rule: "json.depth")
        #expect(parse(objects, options: JSONParseOptions(maxDepth: 11)).diagnostics.isEmpty)
    }

    @Test(.timeLimit(.minutes(5)))
    func hundredThousandLevelsFailQuicklyWithoutRecursion() throws {
        let deep =
            [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        expectFatal(
            parse(bytes: deep), "nesting deeper than 512 levels is not allowed", line: 1, column: 513,
            rule: "json.depth")

        // With the limit raised, the same input parses: nothing recurses (building, walking or freeing).
        let raised = JSONParseOptions(maxDepth: 200_000)
        let result = parse(bytes: deep, options: raised)
        #expect(result.diagnostics.isEmpty)
        var value = try #require(result.document?.root)
        var depth = 1
        while let inner = value[0] {
            value = inner
            depth += 1
        }
        #expect(depth == 100_000)
        #expect(value.offset == 99_999)

        let unclosed =
            [UInt8](repeating: UInt8(ascii: "{"), count: 1) + Array("\"a\":".utf8)
            + [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        expectFatal(
            parse(bytes: unclosed, options: raised),
            "unexpected end of input: the array opened at 1:100005 is never closed", line: 1, column: 100_006)
    }

    // MARK: - Numbers

    @Test func exactNumberComparisons() {
        let twoTo53 = number("9007199254740992")
        let twoTo53Plus1 = number("9007199254740993")
        #expect(twoTo53Plus1 > twoTo53)
        #expect(twoTo53Plus1.compare(to: twoTo53) == .greater)
        #expect(twoTo53.compare(to: twoTo53Plus1) == .less)
        #expect(twoTo53Plus1.doubleValue == twoTo53.doubleValue)  // why Double is not enough

        let almostOne = number("1.0000000000000001")
        #expect(almostOne > number("1"))
        #expect(!almostOne.isIntegral)
        #expect(almostOne.digits == "10000000000000001")
        #expect(almostOne.exponent == -16)
        #expect(number("1.0").isIntegral)
        #expect(number("1.0") == number("1"))
        #expect(number("1e3").isIntegral)
        #expect(number("1e3") == number("1000"))
        #expect(number("1000").digits == "1")
        #expect(number("1000").exponent == 3)
        #expect(number("-0") == number("0"))
        #expect(number("-0").compare(to: number("0")) == .equal)
        #expect(!number("-0").isNegative)
        #expect(number("-0.000e7").isZero)
        #expect(number("-0") < number("0.0000001"))
        #expect(number("-0") > number("-1e-300"))
        #expect(number("-2") < number("-1.5"))
        #expect(number("-1.5") < number("-1.25"))
        #expect(number("0.1") < number("0.10000000000000001"))
        #expect(number("123.456") == number("1.23456e2"))
        #expect(number("120.50").digits == "1205")
        #expect(number("120.50").exponent == -1)
        #expect(number("0.0025").digits == "25")
        #expect(number("0.0025").exponent == -4)
        #expect(Set([number("1"), number("1.00"), number("10e-1"), number("2")]).count == 2)
    }

    @Test func hugeExponentsAndDigitCounts() {
        let huge = number("1e999999")
        #expect(huge.exponent == 999_999)
        #expect(huge > number("1e308"))
        #expect(huge.doubleValue == .infinity)
        #expect(number("-1e999999") < number("-1e308"))
        #expect(number("1e-999999") > number("0"))
        #expect(number("1e-999999") < number("1e-308"))
        #expect(number("1e-999999").doubleValue == 0)

        let tenThousandDigits = "1" + String(repeating: "0", count: 9_999)
        let big = number(tenThousandDigits)
        #expect(big == number("1e9999"))
        #expect(big < huge)
        #expect(big.isIntegral)
        #expect(big.int64Value == nil)
        #expect(number(tenThousandDigits + "1") > big)
        #expect(number("9" + String(repeating: "9", count: 9_999)) < number("1e10000"))

        // Absurd exponents are clamped, never expanded: these return at once.
        let absurd = number("1e" + String(repeating: "9", count: 5_000))
        #expect(absurd > huge)
        #expect(absurd.isIntegral)
        #expect(number("1e-" + String(repeating: "9", count: 5_000)) < number("1e-999999"))
        #expect(root("[1e999999, -1e-99999999999999999999999]")?[0]?.isInteger == true)
    }

    @Test func numberConversions() {
        #expect(number("9223372036854775807").int64Value == Int64.max)
        #expect(number("9223372036854775808").int64Value == nil)
        #expect(number("-9223372036854775808").int64Value == Int64.min)
        #expect(number("-9223372036854775809").int64Value == nil)
        #expect(number("1e3").int64Value == 1000)
        #expect(number("12.0").int64Value == 12)
        #expect(number("-0").int64Value == 0)
        #expect(number("1.5").int64Value == nil)
        #expect(number("1e19").int64Value == nil)
        #expect(number("0.1").doubleValue == 0.1)
        #expect(number("-2.5E-3").doubleValue == -0.0025)
        #expect(number("-2.5E-3").text == "-2.5E-3")
        #expect(number("-2.5E-3").isNegative)
        #expect(JSONNumber(-42) == number("-4.2e1"))
        #expect(JSONNumber(Int.min).int64Value == Int64.min)

        for bad in ["01", "+1", " 1", "1 ", "1.", ".5", "", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "1,5", "--1"] {
            #expect(JSONNumber(exactly: bad) == nil, "\(bad)")
        }
    }

    @Test func integerValuesWithoutAllocation() throws {
        let value = try #require(root("[2, 2.0, 2.5, 1e3, 25e-1, 200e-2, 1.0000000000000001, -0.0, 0e-5, \"2\"]"))
        #expect(value.elements.map(\.isInteger) == [true, true, false, true, false, true, false, true, true, false])
    }

    // MARK: - Values

    @Test func valueAccessors() throws {
        let doc = try #require(parse(#"{"s": "x", "n": 1, "b": true, "z": null, "a": [1], "o": {"k": 2}}"#).document)
        let r = doc.root
        #expect(r.members.map(\.value.kind.name) == ["string", "number", "boolean", "null", "array", "object"])
        #expect(r.member("missing") == nil)
        #expect(r["o"]?["k"]?.number?.int64Value == 2)
        #expect(r["a"]?[1] == nil)
        #expect(r["a"]?[-1] == nil)
        #expect(r["s"]?.number == nil)
        #expect(r["s"]?.elements.isEmpty == true)
        #expect(r["n"]?.string == nil)
        #expect(r["n"]?.stringScalarCount == nil)
        #expect(r["n"]?.count == nil)
        #expect(r["b"]?.boolValue == true)
        #expect(r["z"]?.boolValue == nil)
        #expect(r["o"]?.sourceText == #"{"k": 2}"#)
        #expect(r.members[5].keyNode.stringScalarCount == 1)
        #expect(r["s"]?.withStringUTF8 { Array($0) } == [UInt8(ascii: "x")])
        #expect(doc.nodeCount == 16)  // 6 keys, 6 values, the array's 1, the object's key and value, the root
        #expect(JSONKind.allCases.map(\.name) == ["null", "boolean", "number", "string", "array", "object"])
    }

    @Test func stringScanningAroundWordBoundaries() throws {
        // Special bytes at every position relative to the 8- and 16-byte scanning steps.
        for length in 0..<40 {
            for position in 0...length {
                var plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                let text = "\"" + String(decoding: plain, as: UTF8.self) + "\""
                #expect(parse(text).document?.root.stringScalarCount == length)

                plain.insert(contentsOf: Array("\\n".utf8), at: position)
                #expect(parse(bytes: [0x22] + plain + [0x22]).document?.root.string?.utf8.count == length + 1)
                plain.remove(at: position)
                plain.remove(at: position)

                plain.insert(contentsOf: Array("€".utf8), at: position)
                let euro = parse(bytes: [0x22] + plain + [0x22]).document?.root
                #expect(euro?.stringScalarCount == length + 1)
                #expect(euro?.string?.unicodeScalars.count == length + 1)
                plain.removeSubrange(position..<position + 3)

                plain.insert(0x09, at: position)
                expectFatal(
                    parse(bytes: [0x22] + plain + [0x22]), "control character U+0009 must be escaped in strings",
                    line: 1, column: position + 2)
                plain.remove(at: position)

                plain.insert(0x22, at: position)
                expectFatal(
                    parse(bytes: [0x22] + plain + [0x22]), "unexpected content after the JSON value",
                    line: 1, column: position + 3)
            }
        }
    }

    @Test func longStringsAreScannedExactly() throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let length = 300_000
        let content = (0..<length).map { alphabet[($0 &* 7919 &+ $0 / 64) % 64] }
        let plain = parse(bytes: [0x22] + content + [0x22]).document?.root
        #expect(plain?.stringScalarCount == length)
        #expect(plain?.string?.utf8.elementsEqual(content) == true)
        for position in [0, 1, 7, 8, 15, 16, 17, 4_095, 65_536, 123_457, 299_999] {
            var withTab = content
            withTab[position] = 0x09
            expectFatal(
                parse(bytes: [0x22] + withTab + [0x22]), "control character U+0009 must be escaped in strings",
                line: 1, column: position + 2)
            var withQuote = content
            withQuote[position] = 0x22
            expectFatal(
                parse(bytes: [0x22] + withQuote + [0x22]), "unexpected content after the JSON value",
                line: 1, column: position + 3)
            var withEuro = content
            withEuro.replaceSubrange(position..<position + 1, with: Array("€".utf8))
            #expect(parse(bytes: [0x22] + withEuro + [0x22]).document?.root.stringScalarCount == length)
            var withInvalid = content
            withInvalid[position] = 0xFE
            expectFatal(
                parse(bytes: [0x22] + withInvalid + [0x22]), "invalid UTF-8: byte 0xFE never appears in UTF-8",
                line: 1, column: position + 2, rule: "json.utf8")
        }
    }

    @Test func mutatedInputsKeepInvariants() {
        // Deterministic random edits of valid documents: whatever the outcome, it is consistent.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int(truncatingIfNeeded: (z ^ (z >> 31)) % UInt64(bound))
        }
        let seeds = [
            #"{"model": "m", "messages": [{"role": "user", "content": "hé\n\u00e9\ud83d\ude00"}], "n": -12.5e+3}"#,
            #"[1, 0, -0, 0.5, 1e5, 1E-5, "x", "\\", "\"", false, null, true, {}, []]"#,
            "\"日本語\"", "  {\"a\" : [ 1 , 2 ] }  ",
        ].map { Array($0.utf8) }
        let alphabet =
            Array("{}[],:\"\\/ \t\n\r0123456789-+.eEtrufalsnud".utf8)
            + [0x00, 0x80, 0xC3, 0xA9, 0xE2, 0xED, 0xF0, 0xFF, 0x27, 0xEF, 0xBB, 0xBF]
        var accepted = 0
        for iteration in 0..<20_000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0...next(3) {
                let position = next(bytes.count + 1)
                switch next(3) {
                case 0: bytes.insert(alphabet[next(alphabet.count)], at: position)
                case 1: if position < bytes.count { bytes.remove(at: position) }
                default: if position < bytes.count { bytes[position] = alphabet[next(alphabet.count)] }
                }
            }
            let result = parse(bytes: bytes)
            for d in result.diagnostics {
                let offset = d.location?.offset ?? -1
                #expect(offset >= 0 && offset <= bytes.count)
                #expect(SourceExcerpt(bytes: bytes, offset: offset).caret.hasSuffix("^"))
            }
            guard let document = result.document else {
                #expect(result.diagnostics.last?.severity == .error)
                continue
            }
            accepted += 1
            #expect(!result.diagnostics.contains { $0.rule != "json.duplicate-key" && $0.rule != "json.bom" })
            var pending = [document.root]
            while let value = pending.popLast() {
                #expect(value.location.offset == value.offset)
                if let text = value.string {
                    #expect(text.unicodeScalars.count == value.stringScalarCount)
                    #expect(text.utf8.count == value.stringUTF8Count)
                }
                if let number = value.number {
                    #expect(value.isInteger == number.isIntegral)
                    #expect(JSONNumber(exactly: number.text) == number)
                }
                pending += value.elements
                pending += value.members.map(\.value)
            }
        }
        #expect(accepted > 1_000)
    }

    // MARK: - Source excerpts

    @Test func excerptKeepsTabsAndAlignsByScalars() throws {
        let doc = try #require(parse("{\n\t\"é日\": [1,\t2]\n}").document)
        let two = try #require(doc.root.member("é日")?[1])
        let excerpt = SourceExcerpt(document: doc, offset: two.offset)
        #expect(excerpt.line == "\t\"é日\": [1,\t2]")
        #expect(excerpt.caret == "\t         \t^")
        #expect(excerpt.description == excerpt.line + "\n" + excerpt.caret)
        #expect(doc.excerpt(at: 0).caret == "^")
    }

    @Test func excerptTrimsLongLines() throws {
        let long = "[" + String(repeating: "1,", count: 500) + "\"日\", x]"
        let result = parse(long)
        let d = try #require(result.diagnostics.first)
        #expect(d.location?.column == 1007)
        let offset = try #require(d.location?.offset)
        let excerpt = SourceExcerpt(bytes: Array(long.utf8), offset: offset)
        #expect(excerpt.line.hasPrefix("…"))
        #expect(!excerpt.line.hasSuffix("…"))
        #expect(excerpt.line.hasSuffix("1,\"日\", x]"))
        #expect(excerpt.line.unicodeScalars.count == 201)
        #expect(excerpt.caret == String(repeating: " ", count: 199) + "^")

        let middle = SourceExcerpt(bytes: Array(long.utf8), offset: 500, maxWidth: 40)
        #expect(middle.line.unicodeScalars.count == 42)
        #expect(middle.line.hasPrefix("…") && middle.line.hasSuffix("…"))
        #expect(middle.caret == String(repeating: " ", count: 21) + "^")

        let start = SourceExcerpt(bytes: Array(long.utf8), offset: 0, maxWidth: 40)
        #expect(start.line == String(long.prefix(40)) + "…")
        #expect(start.caret == "^")
    }

    @Test func excerptOfFailedParse() {
        let bytes = bom + Array("{\r\n  \"a\": 01\r\n}".utf8)
        let result = parse(bytes: bytes)
        #expect(result.diagnostics.last?.location?.line == 2)
        #expect(result.diagnostics.last?.location?.column == 8)
        let excerpt = SourceExcerpt(bytes: bytes, offset: result.diagnostics.last?.location?.offset ?? 0)
        #expect(excerpt.line == "  \"a\": 01")
        #expect(excerpt.caret == "       ^")
        #expect(SourceExcerpt(bytes: bytes, offset: 3).line == "{")
    }
}
