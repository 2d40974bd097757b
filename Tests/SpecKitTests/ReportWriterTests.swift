import SpecJSON
import Testing

@testable import SpecKit

/// The report writer appends UTF-8 bytes; what it writes must be the JSON the String-based quoting writes, and
/// must read back as the same values.
@Suite struct ReportWriterTests {
    static let awkward: [String] = [
        "", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1f}\u{7f}",
        "é ü 日本 😀", String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }),
    ]

    @Test(arguments: awkward)
    func stringsAreQuotedAsJSONTextQuotesThem(_ text: String) {
        var bytes: [UInt8] = []
        JSONOut.quote(text, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == JSONText.quote(text))
    }

    @Test func aNestedReportReadsBack() throws {
        let value = JSONOut.object([
            ("name", .string("a\"b")), ("count", .int(-42)), ("ok", .bool(true)), ("none", .null),
            ("raw", .raw("1.5e3")), ("items", .array([.string("x"), .array([]), .object([])])),
            ("nested", .object([("k", .string("\u{1}"))])),
        ])
        let text = value.render(indent: 0)
        #expect(
            text == """
                {
                  "name": "a\\"b",
                  "count": -42,
                  "ok": true,
                  "none": null,
                  "raw": 1.5e3,
                  "items": [
                    "x",
                    [],
                    {}
                  ],
                  "nested": {
                    "k": "\\u0001"
                  }
                }
                """)
        let parsed = JSONParser.parse(text)
        let root = try #require(parsed.document?.root)
        #expect(root["name"]?.string == "a\"b")
        #expect(root["nested"]?["k"]?.string == "\u{1}")
    }
}
