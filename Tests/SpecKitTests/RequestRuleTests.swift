import Foundation
import Testing

@testable import SpecKit
@testable import SpecModel

/// A small chat API for rule tests: a conversation of turns made of blocks.
private let chatSpec = """
    spec: 1
    api:
      name: Chat
      base_url: "https://chat.example.com"
      headers:
        chat-version: { default: "2025-01-01" }
        chat-beta: { features: true }
      features:
        long-budget: Allows a budget above the token limit.
    endpoints:
      send: { method: POST, path: /v1/send, request: SendRequest, response: Reply }
    models:
      prefixes: ["gw/"]
      properties: { family: string, max_tokens: integer, tools: boolean }
      profiles:
        - { match: ["small-*"], family: Small, max_tokens: 100, tools: false }
        - { match: ["large-1"], family: Large, max_tokens: 1000 }
    types:
      SendRequest:
        kind: object
        fields:
          model: { type: string, required: true }
          max_tokens: { type: integer, required: true }
          budget: integer
          mode: Mode
          turns: { type: array<Turn>, required: true }
          tools: array<string>
        rules:
    """

private let chatTypes = """

      Mode: { kind: enum, values: [fast, careful] }
      Turn:
        kind: object
        fields:
          role: { type: Role, required: true }
          blocks: { type: array<Block>, required: true }
      Role: { kind: enum, values: [user, bot] }
      Block:
        kind: union
        discriminator: type
        variants:
          text: TextBlock
          call: CallBlock
          answer: AnswerBlock
      TextBlock:
        kind: object
        fields:
          type: { const: text, required: true }
          text: { type: string, required: true }
      CallBlock:
        kind: object
        fields:
          type: { const: call, required: true }
          id: { type: string, required: true }
      AnswerBlock:
        kind: object
        fields:
          type: { const: answer, required: true }
          call_id: { type: string, required: true }
      Reply: { kind: object, fields: { text: string } }
    """

/// The chat spec with `rules` (indented as list items under `SendRequest.rules`).
private func spec(_ rules: String) -> String {
    chatSpec + "\n"
        + rules.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        + chatTypes
}

private func lint(
    _ yaml: String, _ json: String, features: Set<String> = [], headers: [String: String] = [:],
    models: ModelCatalog? = nil
)
    -> [String]
{
    let loaded = SpecLoader.load(bytes: Array(yaml.utf8), file: "chat.yaml")
    guard let spec = loaded.spec, loaded.isUsable else { return loaded.diagnostics.map(\.description) }
    let linter = Linter(
        compiled: CompiledSpec(spec), type: .named("SendRequest"), features: features, headers: headers, models: models)
    return linter.lint(bytes: Array(json.utf8), path: "r.json").diagnostics.map { d in
        ([d.description] + []).joined()
    }
}

@Suite struct RequestRuleTests {
    // MARK: - Rule kinds

    static let pairing = """
        - id: call-answered
          for_each: "turns[but_last][role=bot]"
          reference: { from: "blocks[type=call].id", to: "next.blocks[type=answer].call_id" }
          message: "call '{value}' has no answer in {next}; answer it there"
          note: "the answer to '{value}' belongs in {next}"
        - id: answer-has-call
          for_each: "turns[role=user]"
          reference: { from: "blocks[type=answer].call_id", to: "previous.blocks[type=call].id" }
          message: "answer to unknown call '{value}'"
        """

    @Test func referencesAreMatchedBothWaysWithANoteWhereTheAnswerGoes() {
        let json = """
            {"model": "large-1", "max_tokens": 10, "turns": [
            {"role": "user", "blocks": [{"type": "text", "text": "hi"}]},
            {"role": "bot", "blocks": [{"type": "call", "id": "c1"}, {"type": "call", "id": "c2"}]},
            {"role": "user", "blocks": [{"type": "answer", "call_id": "c1"}, {"type": "answer", "call_id": "c9"}]}
            ]}
            """
        #expect(
            lint(spec(Self.pairing), json) == [
                "r.json:3:81: error: call 'c2' has no answer in turns.2; answer it there [rule.call-answered]\nr.json:4:1: note: the answer to 'c2' belongs in turns.2",
                "r.json:4:96: error: answer to unknown call 'c9' [rule.answer-has-call]",
            ])
    }

    /// Ids compare as strings do: an escape spells the same id, canonically equivalent spellings match (a Kelvin
    /// sign is a K), and so on past the few answers compared one by one, where a set of strings takes over.
    @Test func referencesCompareAsStrings() {
        func turns(calls: [String], answers: [String]) -> String {
            let c = calls.map { #"{"type": "call", "id": "\#($0)"}"# }.joined(separator: ", ")
            let a = answers.map { #"{"type": "answer", "call_id": "\#($0)"}"# }.joined(separator: ", ")
            return #"{"model": "large-1", "max_tokens": 10, "turns": [{"role": "bot", "blocks": [\#(c)]}, "#
                + #"{"role": "user", "blocks": [\#(a)]}]}"#
        }
        let few = turns(
            calls: ["c1", "K7", #"caf\u00e9"#], answers: [#"\u0063\u0031"#, #"\u212A7"#, #"cafe\u0301"#, "c2"])
        #expect(
            lint(spec(Self.pairing), few) == ["r.json:1:368: error: answer to unknown call 'c2' [rule.answer-has-call]"]
        )
        let ids = (0..<12).map { "id\($0)" }
        let many = turns(calls: ids, answers: ids.reversed() + [#"\u212A"#, #"id\u0031"#, "id99"])
        #expect(
            lint(spec(Self.pairing), many) == [
                "r.json:1:969: error: answer to unknown call 'K' [rule.answer-has-call]",
                "r.json:1:1053: error: answer to unknown call 'id99' [rule.answer-has-call]",
            ])
        // Twelve calls, one answered: the other eleven are reported, in order.
        let unanswered = lint(spec(Self.pairing), turns(calls: ids, answers: ["id3"]))
        #expect(unanswered.count == 11)
        #expect(unanswered.first?.contains("call 'id0' has no answer in turns.1") == true)
        #expect(unanswered.last?.contains("call 'id11' has no answer in turns.1") == true)
    }

    @Test func conditionsOnFieldsFeaturesAndHeaders() {
        let rules = """
            - id: budget-below-max
              when: { feature: long-budget, absent: true }
              require: { path: budget, exclusive_maximum: { path: max_tokens } }
              message: "budget {value} must be below max_tokens {limit}"
            - id: careful-needs-new-version
              when: { all: [{ path: mode, equals: careful }, { header: chat-version, before: "2026-01-01" }] }
              require: { path: mode, not_equals: careful }
              message: "mode careful needs chat-version 2026-01-01"
            """
        let json = #"{"model": "large-1", "max_tokens": 10, "budget": 12, "mode": "careful", "turns": []}"#
        #expect(
            lint(spec(rules), json) == [
                "r.json:1:50: error: budget 12 must be below max_tokens 10 [rule.budget-below-max]",
                "r.json:1:62: error: mode careful needs chat-version 2026-01-01 [rule.careful-needs-new-version]",
            ])
        #expect(lint(spec(rules), json, features: ["long-budget"], headers: ["chat-version": "2026-02-01"]).isEmpty)
    }

    /// `contains`, `pattern` and `not_pattern` on strings of the request, with `{limit}` naming the text.
    @Test func textTests() {
        let rules = """
            - id: no-preview-models
              severity: warning
              require: { path: model, not_pattern: ".*-preview" }
              message: "'{value}' matches {limit}"
            - id: large-models-are-named
              when: { path: model, contains: "rge" }
              require: { path: model, pattern: "large-[0-9]+" }
              message: "'{value}' does not match {limit}"
            """
        #expect(
            lint(spec(rules), #"{"model": "large-x", "max_tokens": 1, "turns": []}"#) == [
                "r.json:1:11: error: 'large-x' does not match large-[0-9]+ [rule.large-models-are-named]"
            ])
        #expect(
            lint(spec(rules), #"{"model": "small-preview", "max_tokens": 1, "turns": []}"#) == [
                "r.json:1:11: warning: 'small-preview' matches .*-preview [rule.no-preview-models]"
            ])
        // "rge" is not in "lar-ge-2", so the second rule does not apply; the first finds nothing.
        #expect(lint(spec(rules), #"{"model": "lar-ge-2", "max_tokens": 1, "turns": []}"#).isEmpty)
        #expect(lint(spec(rules), #"{"model": "large-2", "max_tokens": 1, "turns": []}"#).isEmpty)
    }

    /// Strings compare by code points: a decomposed "é" is not the precomposed one, as in JSON.
    @Test func stringsCompareByCodePoints() {
        let rules = """
            - id: no-cafe
              require: { path: model, not_equals: "caf\\u00e9" }
              message: "model {value} is not served"
            """
        #expect(
            lint(spec(rules), "{\"model\": \"caf\u{E9}\", \"max_tokens\": 1, \"turns\": []}") == [
                "r.json:1:11: error: model caf\u{E9} is not served [rule.no-cafe]"
            ])
        #expect(lint(spec(rules), "{\"model\": \"cafe\u{301}\", \"max_tokens\": 1, \"turns\": []}").isEmpty)
    }

    @Test func positionsInSequences() {
        let rules = """
            - id: first-from-user
              for_each: "turns[first]"
              require: { path: role, equals: user }
              message: "the first turn is from {value}"
            - id: last-bot-ends-with-text
              for_each: "turns[role=bot][last]"
              require: { path: "blocks[last].type", equals: text }
              message: "{item} ends with a {value} block"
            - id: not-empty-but-last
              for_each: "turns[but_last]"
              require: { path: blocks, non_empty: true }
              message: "{item} is empty"
            """
        let json = """
            {"model": "large-1", "max_tokens": 10, "turns": [
            {"role": "bot", "blocks": []},
            {"role": "bot", "blocks": [{"type": "text", "text": "a"}, {"type": "call", "id": "c"}]},
            {"role": "user", "blocks": []}
            ]}
            """
        #expect(
            lint(spec(rules), json) == [
                "r.json:2:10: error: the first turn is from bot [rule.first-from-user]",
                "r.json:2:27: error: turns.0 is empty [rule.not-empty-but-last]",
                "r.json:3:68: error: turns.1 ends with a call block [rule.last-bot-ends-with-text]",
            ])
    }

    @Test func countsAcrossTheDocument() {
        let rules = """
            - id: few-calls
              count: { of: ["turns[*].blocks[type=call]", "tools[*]"], maximum: 2 }
              message: "at most {limit} calls and tools, found {count}"
            """
        let json = """
            {"model": "large-1", "max_tokens": 10, "tools": ["t"], "turns": [
            {"role": "bot", "blocks": [{"type": "call", "id": "a"}, {"type": "call", "id": "b"}]}]}
            """
        #expect(lint(spec(rules), json) == ["r.json:1:50: error: at most 2 calls and tools, found 3 [rule.few-calls]"])
    }

    @Test func countBoundsFromAUserFileAreClamped() {
        let rules = """
            - id: few-tools
              count: { of: ["tools[*]"], maximum: { model: max_tokens } }
              message: "at most {limit} tools, found {count}"
            """
        let json = #"{"model": "large-1", "max_tokens": 10, "tools": ["a", "b"], "turns": []}"#
        let huge = ModelCatalog(profiles: [ModelProfile(match: ["large-1"], properties: ["max_tokens": .number(1e300)])]
        )
        #expect(lint(spec(rules), json, models: huge).isEmpty)
        let negative = ModelCatalog(profiles: [
            ModelProfile(match: ["large-1"], properties: ["max_tokens": .number(-3)])
        ])
        #expect(lint(spec(rules), json, models: negative).count == 1)
    }

    @Test func modelProfilesWithGatewayPrefixesUserOverridesAndUnknownModels() throws {
        let rules = """
            - id: max-tokens
              require: { path: max_tokens, maximum: { model: max_tokens } }
              message: "{model} allows at most {limit} tokens, not {value}"
            - id: no-tools
              when: { model: tools, equals: false }
              require: { path: tools, absent: true }
              message: "{model} cannot use tools"
            """
        let json = #"{"model": "gw/small-2", "max_tokens": 500, "tools": ["t"], "turns": []}"#
        #expect(
            lint(spec(rules), json) == [
                "r.json:1:39: error: gw/small-2 allows at most 100 tokens, not 500 [rule.max-tokens]",
                "r.json:1:53: error: gw/small-2 cannot use tools [rule.no-tools]",
            ])
        // An unknown model gets no model rules.
        #expect(lint(spec(rules), json.replacingOccurrences(of: "gw/small-2", with: "other")).isEmpty)
        // A user profile comes first.
        let mine = ModelCatalog(profiles: [ModelProfile(match: ["small-2"], properties: ["max_tokens": .number(1000)])])
        #expect(lint(spec(rules), json, models: mine).isEmpty)
    }

    @Test func modelFileLoadsAndReportsUnknownProperties() throws {
        let path = "/tmp/request-rule-models-\(UInt32.random(in: 0...UInt32.max)).yaml"
        let text = "profiles:\n  - { match: [new-*], max_tokens: 5, max_tokenz: 6 }\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let base = ModelCatalog(properties: ["max_tokens": "integer"])
        let (catalog, diagnostics) = SpecLoader.loadModels(path: path, base: base)
        #expect(catalog == nil)
        #expect(
            diagnostics.map(\.description) == [
                "\(path):2:38: error: unknown key 'max_tokenz' in a model profile; did you mean 'max_tokens'?"
            ])
    }

    // MARK: - check-spec

    @Test(arguments: [
        (
            "- { id: a, for_each: \"turns[*]\", require: { path: \"blocks[type=cal].id\", present: true }, message: m }",
            "29:57: error: 'blocks[type=cal].id' filters on type 'cal', which no element of 'blocks' has; did you mean 'call'?"
        ),
        (
            "- { id: a, require: { path: max_tokenz, maximum: 3 }, message: m }",
            "29:35: error: 'max_tokenz' names no field: 'max_tokenz' is not a field of the request; did you mean 'max_tokens'?"
        ),
        (
            "- { id: a, require: { path: model, minimum: 3 }, message: m }",
            "29:42: error: 'minimum' tests numbers, but 'model' is string"
        ),
        (
            "- { id: a, require: { path: mode, in: [fast, carefull] }, message: m }",
            "29:41: error: 'carefull' is not a value 'mode' can have; did you mean 'careful'?"
        ),
        (
            "- { id: a, require: { path: max_tokens, maximum: { model: max_token } }, message: m }",
            "29:65: error: unknown model property 'max_token'; did you mean 'max_tokens'?"
        ),
        (
            "- { id: a, when: { header: chat-versoin, since: \"1\" }, require: { path: mode, present: true }, message: m }",
            "29:34: error: unknown header 'chat-versoin'; rules can read the headers declared under api.headers; did you mean 'chat-version'?"
        ),
        (
            "- { id: a, require: { path: mode, present: true }, message: \"bad {valeu}\" }",
            "29:67: error: unknown placeholder '{valeu}' in a rule message; did you mean '{value}'?"
        ),
        (
            "- { id: a, require: { path: next.mode, present: true }, message: m }",
            "29:35: error: 'next.mode' refers to a neighbour of the for_each item, but the rule has no 'for_each'"
        ),
        (
            "- { id: a, require: { path: \"turns[lst]\", present: true }, message: m }",
            "29:42: error: invalid selector 'turns[lst]': unknown selection '[lst]'; write [*], [first], [last], [but_last], [N] or [field=value]; did you mean '[last]'?"
        ),
        (
            "- { id: a, require: { path: mode, equal: fast }, message: m }",
            "29:41: error: unknown key 'equal' in a condition; did you mean 'equals'?"
        ),
    ])
    func brokenRulesAreLocated(rule: String, expected: String) {
        let diagnostics = specDiagnostics(spec(rule), file: "chat.yaml")
        #expect(diagnostics == [expected])
    }

    @Test func requestRulesBelongToARequestType() {
        let yaml = spec("- { id: ok, require: { path: mode, present: true }, message: m }")
            .replacingOccurrences(
                of: "  Reply: { kind: object, fields: { text: string } }",
                with:
                    "  Reply:\n    kind: object\n    fields: { text: string }\n    rules:\n      - { id: r, require: { path: text, present: true }, message: m }"
            )
        #expect(
            specDiagnostics(yaml, file: "chat.yaml").contains {
                $0.hasSuffix(
                    "error: rule 'r' is a request rule, but 'Reply' is not the request type of an endpoint; move it to 'SendRequest'"
                )
            })
    }

    // MARK: - Pieces

    @Test func globsAndCanonicalIDs() {
        let catalog = ModelCatalog(prefixes: ["anthropic.", "us.anthropic.", "anthropic/"])
        #expect(catalog.canonicalID("us.anthropic.claude-opus-4-7-v1:0") == "claude-opus-4-7-v1")
        #expect(catalog.canonicalID("claude-opus-4@20250514") == "claude-opus-4")
        #expect(catalog.canonicalID("anthropic/claude-sonnet-4-5") == "claude-sonnet-4-5")
        #expect(ModelCatalog.glob("claude-*-4-5*", matches: "claude-opus-4-5-20251101"))
        #expect(!ModelCatalog.glob("claude-opus-4-5*", matches: "claude-opus-4-1"))
        #expect(ModelCatalog.glob("exact", matches: "exact") && !ModelCatalog.glob("exact", matches: "exactly"))
    }

    @Test func selectorsRoundTripThroughTheirText() throws {
        for text in [
            "messages[role=assistant][last].content[first].type", "$.thinking.type", "next.content[type=a|b]",
            "a[-1].b[but_last]", "x[k!=v]",
        ] {
            #expect(try RuleSelector(parsing: text).description == text)
        }
        #expect(throws: RuleSelector.ParseError.self) { try RuleSelector(parsing: "a..b") }
        #expect(throws: RuleSelector.ParseError.self) { try RuleSelector(parsing: "a[") }
    }
}
