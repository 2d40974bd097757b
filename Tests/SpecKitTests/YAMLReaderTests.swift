import Foundation
import Testing

@testable import SpecKit
@testable import SpecModel

/// Reads `text` as file `t.yaml`.
private func read(_ text: String, limits: YAMLLimits = .default) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
    YAMLReader.read(Array(text.utf8), file: "t.yaml", limits: limits)
}

/// Reads bytes expected to give exactly one diagnostic and returns it with the root.
private func single(_ bytes: [UInt8], limits: YAMLLimits = .default) -> (root: YAMLNode?, diagnostic: Diagnostic?) {
    let (root, diagnostics) = YAMLReader.read(bytes, file: "t.yaml", limits: limits)
    #expect(diagnostics.count == 1, "\(diagnostics)")
    return (root, diagnostics.first)
}

private func single(_ text: String, limits: YAMLLimits = .default) -> (root: YAMLNode?, diagnostic: Diagnostic?) {
    single(Array(text.utf8), limits: limits)
}

private func at(_ line: Int, _ column: Int, _ offset: Int? = nil) -> SpecKit.SourceLocation {
    SpecKit.SourceLocation(file: "t.yaml", line: line, column: column, offset: offset)
}

/// The location without its offset, for comparing line and column only.
private func lineColumn(_ location: SpecKit.SourceLocation?) -> SpecKit.SourceLocation? {
    location.map { at($0.line, $0.column) }
}

@Suite struct YAMLReaderTests {
    // MARK: Trees and locations

    @Test func readsTreeWithLocations() throws {
        let (root, diagnostics) = read(
            """
            name: Pets
            list: [x, 'y']
            block:
            - p
            nested:
              deep: "d"
            empty:
            """)
        #expect(diagnostics.isEmpty)
        let tree = try #require(root)
        #expect(tree.kindName == "mapping")
        #expect(tree.location == at(1, 1, 0))
        #expect(tree.mapping?.map { $0.key.scalar?.value } == ["name", "list", "block", "nested", "empty"])
        #expect(tree["name"]?.scalar == YAMLScalar("Pets"))
        #expect(tree["name"]?.location == at(1, 7, 6))
        let list = try #require(tree.value(forKey: "list"))
        #expect(list.kindName == "sequence")
        #expect(list.location == at(2, 7, 17))
        #expect(list.sequence?.map(\.scalar) == [YAMLScalar("x"), YAMLScalar("y", style: .singleQuoted)])
        #expect(list.sequence?.last?.location == at(2, 11, 21))
        #expect(tree["block"]?.sequence?.first?.location == at(4, 3, 35))
        #expect(tree["nested"]?["deep"]?.scalar == YAMLScalar("d", style: .doubleQuoted))
        #expect(tree["nested"]?["deep"]?.location == at(6, 9, 53))
        #expect(tree["empty"]?.scalar?.isNull == true)
        #expect(tree["missing"] == nil)
        #expect(tree["name"]?["x"] == nil)
    }

    @Test func readsBlockScalarStylesAndTags() throws {
        let tree = try #require(
            read(
                """
                lit: |
                  a
                fold: >
                  b
                str: !!str 12
                custom: !thing {k: v}
                """
            ).root)
        #expect(tree["lit"]?.scalar == YAMLScalar("a\n", style: .literal))
        #expect(tree["fold"]?.scalar == YAMLScalar("b\n", style: .folded))
        #expect(tree["lit"]?.tag == nil)
        #expect(tree["str"]?.tag == "tag:yaml.org,2002:str")
        #expect(tree["str"]?.scalar?.int == nil)
        #expect(tree["str"]?.scalar?.value == "12")
        #expect(tree["custom"]?.tag == "!thing")
        #expect(tree["custom"]?["k"]?.scalar?.value == "v")
    }

    @Test func interpretsPlainScalarsWithTheCoreSchema() {
        for null in ["", "~", "null", "Null", "NULL"] { #expect(YAMLScalar(null).isNull) }
        #expect(!YAMLScalar("null", style: .doubleQuoted).isNull)
        #expect(!YAMLScalar("nil").isNull)
        #expect(YAMLScalar("True").bool == true)
        #expect(YAMLScalar("FALSE").bool == false)
        #expect(YAMLScalar("yes").bool == nil)
        #expect(YAMLScalar("true", style: .singleQuoted).bool == nil)
        #expect(YAMLScalar("-42").int == -42)
        #expect(YAMLScalar("+7").int == 7)
        #expect(YAMLScalar("0x1F").int == 31)
        #expect(YAMLScalar("0o17").int == 15)
        #expect(YAMLScalar("0x-5").int == nil)
        #expect(YAMLScalar("0o8").int == nil)
        #expect(YAMLScalar("12a").int == nil)
        #expect(YAMLScalar("-").int == nil)
        #expect(YAMLScalar("9223372036854775808").int == nil)
        #expect(YAMLScalar("12", isTagged: true).int == nil)
        #expect(YAMLScalar("1.5").double == 1.5)
        #expect(YAMLScalar(".5").double == 0.5)
        #expect(YAMLScalar("-2.5e3").double == -2500)
        #expect(YAMLScalar("3.").double == 3)
        #expect(YAMLScalar("12").double == 12)
        #expect(YAMLScalar("0x10").double == 16)
        #expect(YAMLScalar("9223372036854775808").double == 9223372036854775808)
        #expect(YAMLScalar(".inf").double == .infinity)
        #expect(YAMLScalar("-.Inf").double == -.infinity)
        #expect(YAMLScalar(".NaN").double?.isNaN == true)
        #expect(YAMLScalar("1e").double == nil)
        #expect(YAMLScalar(".").double == nil)
        #expect(YAMLScalar("inf").double == nil)
        #expect(YAMLScalar("1.5", style: .doubleQuoted).double == nil)
    }

    // MARK: Positions in non-ASCII text

    @Test func columnsCountScalarsAndOffsetsCountBytes() throws {
        let tree = try #require(read("é: 1\nnäme: [ü, x]\r\ncrlf: y\n").root)
        #expect(tree["é"]?.location == at(1, 4, 4))
        #expect(tree["näme"]?.location == at(2, 7, 13))
        #expect(tree["näme"]?.sequence?.last?.location == at(2, 11, 18))
        #expect(tree["crlf"]?.location == at(3, 7, 28))
    }

    @Test func acceptsUTF8ByteOrderMark() throws {
        let (root, diagnostics) = YAMLReader.read([0xEF, 0xBB, 0xBF] + Array("a: é\nb: x\n".utf8), file: "t.yaml")
        #expect(diagnostics.isEmpty)
        let tree = try #require(root)
        #expect(tree.location == at(1, 1, 3))
        #expect(tree["a"]?.location == at(1, 4, 6))
        #expect(tree["b"]?.location == at(2, 4, 12))
    }

    // MARK: Syntax errors

    @Test func reportsSyntaxErrorAtProblemMark() {
        let (root, diagnostic) = single("a: 1\nb: c: d\n")
        #expect(root == nil)
        #expect(diagnostic?.message == "YAML syntax error: mapping values are not allowed in this context")
        #expect(diagnostic?.location == at(2, 5, 9))
        #expect(diagnostic?.notes.isEmpty == true)
        #expect(
            diagnostic?.description
                == "t.yaml:2:5: error: YAML syntax error: mapping values are not allowed in this context")
    }

    @Test func reportsSyntaxErrorContextAsNote() {
        let (root, diagnostic) = single("é: [1, 2\n")
        #expect(root == nil)
        #expect(diagnostic?.message == "YAML syntax error: did not find expected ',' or ']'")
        #expect(diagnostic?.location == at(2, 1, 10))
        #expect(diagnostic?.notes == [.init("while parsing a flow sequence", at: at(1, 4, 4))])
        #expect(
            diagnostic?.description == """
                t.yaml:2:1: error: YAML syntax error: did not find expected ',' or ']'
                t.yaml:1:4: note: while parsing a flow sequence
                """)
    }

    @Test func reportsTabIndentationAfterNonASCIIText() {
        let (root, diagnostic) = single("ä: x\n\tb: y\n")
        #expect(root == nil)
        #expect(diagnostic?.message == "YAML syntax error: found a tab character that violates indentation")
        #expect(diagnostic?.location == at(2, 1, 6))
    }

    @Test func reportsControlCharacter() {
        let (root, diagnostic) = single("a: é\u{7}\n")
        #expect(root == nil)
        #expect(diagnostic?.message == "YAML syntax error: control characters are not allowed (U+0007)")
        #expect(diagnostic?.location == at(1, 5, 5))
    }

    // MARK: Duplicate keys

    @Test func reportsDuplicateKeyAndKeepsFirstValue() throws {
        let (root, diagnostics) = read("name: first\nother: 1\nname: second\nlist: {k: 1, 'k': 2}\n")
        #expect(diagnostics.count == 2)
        let duplicate = try #require(diagnostics.first)
        #expect(duplicate.severity == .error)
        #expect(duplicate.message == "duplicate key 'name' in mapping")
        #expect(duplicate.location == at(3, 1, 21))
        #expect(duplicate.notes == [.init("'name' was first defined here", at: at(1, 1, 0))])
        #expect(diagnostics.last?.message == "duplicate key 'k' in mapping")
        #expect(lineColumn(diagnostics.last?.location) == at(4, 14))
        #expect(diagnostics.last?.notes.first.map { lineColumn($0.location) } == at(4, 8))
        let tree = try #require(root)
        #expect(tree.mapping?.count == 3)
        #expect(tree["name"]?.scalar?.value == "first")
        #expect(tree["list"]?.mapping?.count == 1)
        #expect(tree["list"]?["k"]?.scalar?.value == "1")
    }

    @Test func sameKeyInDifferentMappingsIsFine() {
        #expect(read("a: {x: 1}\nb: {x: 2}\n").diagnostics.isEmpty)
    }

    // MARK: Documents

    @Test func rejectsSecondDocument() throws {
        let (root, diagnostic) = single("a: 1\n---\nb: [\n")
        #expect(diagnostic?.message == "the file holds more than one YAML document; a spec must be a single document")
        #expect(diagnostic?.location == at(2, 1, 5))
        #expect(root?["a"]?.scalar?.int == 1)
        #expect(root?["b"] == nil)
    }

    @Test func acceptsExplicitDocumentMarkers() {
        let (root, diagnostics) = read("---\na: 1\n...\n")
        #expect(diagnostics.isEmpty)
        #expect(root?["a"]?.scalar?.int == 1)
    }

    @Test(arguments: ["", "# only a comment\n\n# and another\n", "\n\n"])
    func reportsMissingDocument(text: String) {
        let (root, diagnostic) = single(text)
        #expect(root == nil)
        #expect(diagnostic?.message == "the file holds no YAML document")
        #expect(diagnostic?.location == at(1, 1, 0))
    }

    // MARK: Encoding

    @Test func rejectsInvalidUTF8AtItsPosition() {
        let (root, diagnostic) = single(Array("a: 1\nbé: x".utf8) + [0xFF] + Array("\n".utf8))
        #expect(root == nil)
        #expect(diagnostic?.message == "the file is not valid UTF-8 (byte 0xFF); save it as UTF-8")
        #expect(diagnostic?.location == at(2, 6, 11))
    }

    @Test func rejectsUTF16WithByteOrderMark() {
        let (root, diagnostic) = single(
            [0xFF, 0xFE] + Array("a: 1\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        #expect(root == nil)
        #expect(diagnostic?.message == "the file is not valid UTF-8 (byte 0xFF); save it as UTF-8")
        #expect(diagnostic?.location == at(1, 1, 0))
    }

    @Test(
        arguments: [
            ([0xC3, 0x28], "0xC3"),  // lead byte without continuation
            ([0x80], "0x80"),  // stray continuation byte
            ([0xC0, 0xAF], "0xC0"),  // overlong '/'
            ([0xED, 0xA0, 0x80], "0xED"),  // UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], "0xF4"),  // above U+10FFFF
            ([0xE2, 0x82], "0xE2"),  // truncated at end of file
        ] as [([UInt8], String)])
    func rejectsMalformedSequences(bytes: [UInt8], hex: String) {
        let (_, diagnostic) = single(Array("k: ".utf8) + bytes)
        #expect(diagnostic?.message == "the file is not valid UTF-8 (byte \(hex)); save it as UTF-8")
        #expect(diagnostic?.location == at(1, 4, 3))
    }

    @Test func rejectsNULByte() {
        let (root, diagnostic) = single(Array("a: 1\nb: x".utf8) + [0] + Array("\n".utf8))
        #expect(root == nil)
        #expect(diagnostic?.message == "the file contains a NUL byte (0x00); save it as UTF-8 text")
        #expect(diagnostic?.location == at(2, 5, 9))
    }

    // MARK: Aliases

    @Test func expandsAliases() throws {
        let (root, diagnostics) = read("base: &b {x: 1, y: [2]}\nuse: *b\nname: &n hi\nagain: *n\n")
        #expect(diagnostics.isEmpty)
        let tree = try #require(root)
        let use = try #require(tree["use"])
        #expect(use.location == at(2, 6, 29))
        #expect(use.content == tree["base"]?.content)
        #expect(use["x"]?.location == at(1, 14, 13))
        #expect(tree["again"]?.scalar?.value == "hi")
    }

    @Test func laterAnchorReplacesEarlierOne() {
        #expect(read("a: &x 1\nb: &x 2\nc: *x\n").root?["c"]?.scalar?.int == 2)
    }

    @Test func reportsUndefinedAlias() {
        let (root, diagnostic) = single("a: 1\nb: *nope\n")
        #expect(root == nil)
        #expect(diagnostic?.message == "YAML syntax error: found undefined alias '*nope'")
        #expect(diagnostic?.location == at(2, 4, 8))
    }

    @Test func rejectsAliasInsideItsOwnAnchor() {
        let (root, diagnostic) = single("a: &loop [1, *loop]\n")
        #expect(root == nil)
        #expect(diagnostic?.message == "YAML syntax error: found undefined alias '*loop'")
        #expect(diagnostic?.location == at(1, 14, 13))
    }

    @Test func stopsBillionLaughs() {
        var text = "l0: &l0 lol\n"
        for level in 1...9 {
            text +=
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let (root, diagnostic) = single(text)
        #expect(root == nil)
        // Nodes before `l5`: 12351 (the root, keys, l0...l4 with their expansions); `l5: [` adds 2,
        // then each `*l4` adds 11111: the eighth alias crosses 100000.
        #expect(
            diagnostic?.message
                == "alias '*l4' expands the document beyond 100000 nodes (billion-laughs protection); remove the alias or raise the limit"
        )
        #expect(lineColumn(diagnostic?.location) == at(6, 45))
    }

    @Test func countsAliasExpansionAgainstSmallLimit() {
        let (_, diagnostic) = single("a: &a [1, 2, 3]\nb: *a\n", limits: YAMLLimits(maxNodes: 9))
        #expect(
            diagnostic?.message
                == "alias '*a' expands the document beyond 9 nodes (billion-laughs protection); remove the alias or raise the limit"
        )
        #expect(diagnostic?.location == at(2, 4, 19))
        #expect(read("a: &a [1, 2, 3]\nb: *a\n", limits: YAMLLimits(maxNodes: 11)).diagnostics.isEmpty)
    }

    // MARK: Limits

    @Test func limitsNodeCount() {
        let (root, diagnostic) = single("[1, 2, 3, 4, 5]", limits: YAMLLimits(maxNodes: 5))
        #expect(root == nil)
        #expect(diagnostic?.message == "the document has more than 5 nodes; split it or raise the limit")
        #expect(diagnostic?.location == at(1, 14, 13))
    }

    @Test func limitsNestingWithoutRecursion() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let (root, diagnostic) = single(deep)
        #expect(root == nil)
        #expect(diagnostic?.message == "the document nests deeper than 256 levels; flatten it or raise the limit")
        #expect(diagnostic?.location == at(1, 257, 256))
        let atLimit = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(read(atLimit).diagnostics.isEmpty)
    }

    @Test func limitsBlockNesting() {
        let (_, diagnostic) = single("a:\n  b:\n    c:\n      d: 1\n", limits: YAMLLimits(maxDepth: 3))
        #expect(diagnostic?.message == "the document nests deeper than 3 levels; flatten it or raise the limit")
        #expect(diagnostic?.location == at(4, 7, 21))
    }

    @Test func limitsNestingThroughAliases() {
        let (_, diagnostic) = single("x: &x [[1]]\ny: [*x]\n", limits: YAMLLimits(maxDepth: 3))
        #expect(
            diagnostic?.message
                == "alias '*x' makes the document nest deeper than 3 levels; remove the alias or raise the limit")
        #expect(diagnostic?.location == at(2, 5, 16))
    }

    @Test func limitsFileSize() {
        let (root, diagnostic) = single("a: 12345678\n", limits: YAMLLimits(maxBytes: 8))
        #expect(root == nil)
        #expect(
            diagnostic?.message
                == "'t.yaml' is 12 bytes, more than the limit of 8 bytes; split the file or raise the limit")
        #expect(diagnostic?.location == nil)
    }

    // MARK: Files

    @Test func readsFileFromDisk() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("yaml-reader-\(UUID().uuidString).yaml").path
        try Data("a: [1]\nb: 2\nb: 3\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (root, diagnostics) = YAMLReader.read(contentsOf: path)
        #expect(root?["a"]?.sequence?.first?.scalar?.int == 1)
        #expect(
            diagnostics.map(\.description) == [
                "\(path):3:1: error: duplicate key 'b' in mapping\n\(path):2:1: note: 'b' was first defined here"
            ])
        let (_, tooLarge) = YAMLReader.read(contentsOf: path, limits: YAMLLimits(maxBytes: 4))
        #expect(
            tooLarge.map(\.message) == [
                "'\(path)' is 17 bytes, more than the limit of 4 bytes; split the file or raise the limit"
            ])
    }

    @Test func reportsUnreadableFileWithoutLocation() {
        let (root, diagnostics) = YAMLReader.read(contentsOf: "/nonexistent/spec.yaml")
        #expect(root == nil)
        #expect(diagnostics == [.error("cannot read '/nonexistent/spec.yaml': no such file", at: nil)])
        let directory = FileManager.default.temporaryDirectory.path
        #expect(
            YAMLReader.read(contentsOf: directory).diagnostics.map(\.message)
                == ["cannot read '\(directory)': it is a directory"])
    }
}
