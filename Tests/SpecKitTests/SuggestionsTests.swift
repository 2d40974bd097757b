import Testing

@testable import SpecKit
@testable import SpecModel

@Suite struct SuggestionsTests {
    @Test func suggestsCloseTypo() {
        #expect(Suggestions.closest(to: "strng", in: ["string", "integer", "number"]) == "string")
        #expect(Suggestions.closest(to: "max_token", in: ["max_tokens", "model"]) == "max_tokens")
        #expect(Suggestions.closest(to: "tmeperature", in: ["temperature", "top_p"]) == "temperature")
    }

    @Test func staysQuietForUnrelatedWords() {
        #expect(Suggestions.closest(to: "zebra", in: ["string", "integer"]) == nil)
    }

    @Test func formatsDiagnosticInCompilerStyle() {
        let d = Diagnostic.error(
            "unknown type 'strng'", at: SourceLocation(file: "a.yaml", line: 3, column: 11),
            notes: [.init("did you mean 'string'?")])
        #expect(d.description == "a.yaml:3:11: error: unknown type 'strng'\na.yaml:3:11: note: did you mean 'string'?")
    }
}
