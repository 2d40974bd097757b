import Testing

@testable import SpecKit
@testable import SpecModel

/// How spec names become Swift identifiers.
@Suite struct SwiftNamesTests {
    @Test func camelCases() {
        #expect(SwiftNames.lowerCamel("max_tokens") == "maxTokens")
        #expect(SwiftNames.lowerCamel("claude-3-5") == "claude3_5")
        #expect(SwiftNames.lowerCamel("tool_search_tool_bm25_20251119") == "toolSearchToolBm25_20251119")
        #expect(SwiftNames.upperCamel("web_search_20250305") == "WebSearch20250305")
        #expect(SwiftNames.upperCamel("v1-2") == "V1_2")
        #expect(SwiftNames.lowerCamel("2xx") == "_2xx")
        #expect(SwiftNames.lowerCamel("URL") == "url")
        #expect(SwiftNames.lowerCamel("HTTPCode") == "httpCode")
        #expect(SwiftNames.lowerCamel("") == "_")
        #expect(SwiftNames.upperCamel("text_delta") == "TextDelta")
        #expect(SwiftNames.upperCamel("tool-choice") == "ToolChoice")
        #expect(SwiftNames.upperCamel("web_search_20250305") == "WebSearch20250305")
        #expect(SwiftNames.upperCamel("cacheControlV2") == "CacheControlV2")
        #expect(SwiftNames.upperCamel("__") == "_")
    }

    @Test func splitsWords() {
        #expect(SwiftNames.split("HTTPCode") == ["http", "Code"])
        #expect(SwiftNames.split("toolUse2ID") == ["tool", "Use2", "id"])
        #expect(SwiftNames.split("a.b c") == ["a", "b", "c"])
        // Non-ASCII characters separate words.
        #expect(SwiftNames.split("caf\u{E9}_latte") == ["caf", "latte"])
        #expect(SwiftNames.split("e\u{301}x") == ["x"])
    }

    /// The byte-level split and the character-level one agree on every name of the Messages spec
    /// and on a set of awkward ASCII names.
    @Test func byteAndCharacterSplitsAgree() throws {
        let spec = try #require(messagesSpecResult.spec)
        var names = [
            "", "_", "A", "AB", "ABc", "aBC", "a1B", "1a", "A1", "x--y", "ID", "IDs", "V2Beta", "URLSession", "a_B_c",
        ]
        for decl in spec.types {
            names.append(decl.name)
            if case .object(let object) = decl.kind { names += object.fields.map(\.name) }
        }
        #expect(names.count > 500)
        for name in names {
            #expect(SwiftNames.split(name) == SwiftNames.splitCharacters(name), "\(name)")
        }
    }
}
