import Testing

@testable import SpecKit
@testable import SpecModel

/// A spec exercising every construct the validator checks, shaped like the Messages API.
let validatorSpecYAML = """
    spec: 1
    api:
      name: Mini
      base_url: https://api.example.com
      headers:
        beta-header: { features: true }
      features:
        files-beta: File sources.
    endpoints:
      create: { method: POST, path: /v1/create, request: Request, response: Reply }
    types:
      Request:
        kind: object
        fields:
          model: { type: string, required: true }
          max_tokens: { type: integer, required: true, minimum: 1 }
          temperature:
            type: number
            minimum: 0
            maximum: 2
            warn: { maximum: 1, message: most models accept 0 to 1 }
          top_p: { type: number, minimum: 0, maximum: 1 }
          system: string | array<TextBlock>
          messages: { type: array<Message>, min_items: 1 }
          thinking: Thinking
          stop: { type: array<string>, max_items: 2 }
          user_id: { type: string, nullable: true, max_length: 4 }
          files: { type: array<string>, beta: files-beta }
          name: { type: string, pattern: "^[a-z_]{1,8}$" }
          meta: map<integer>
        rules:
          - { id: sampling, exclusive: [temperature, top_p], severity: warning, message: "set temperature or top_p, not both" }
          - { id: budget, less_than: [thinking.budget_tokens, max_tokens], message: max_tokens must be greater than thinking.budget_tokens }
      Message:
        kind: object
        fields:
          role: { type: Role, required: true }
          content: { type: string | array<Block>, required: true }
      Role: { kind: enum, values: [user, assistant] }
      Block:
        kind: union
        discriminator: type
        variants:
          text: TextBlock
          image: ImageBlock
          file: { type: FileBlock, beta: files-beta }
      TextBlock:
        kind: object
        fields:
          type: { const: text, required: true }
          text: { type: string, required: true, min_length: 1 }
      ImageBlock:
        kind: object
        fields:
          type: { const: image, required: true }
          data: { type: string, required: true, format: base64 }
      FileBlock:
        kind: object
        fields:
          type: { const: file, required: true }
          id: { type: string, required: true }
      Thinking:
        kind: union
        discriminator: type
        variants:
          enabled: ThinkingEnabled
          disabled: ThinkingDisabled
      ThinkingEnabled:
        kind: object
        fields:
          type: { const: enabled, required: true }
          budget_tokens: { type: integer, required: true, minimum: 1024 }
      ThinkingDisabled:
        kind: object
        fields:
          type: { const: disabled, required: true }
      Reply: { kind: object, additional: allow, fields: { id: string } }
    """

let validatorSpec: CompiledSpec = {
    let result = SpecLoader.load(bytes: Array(validatorSpecYAML.utf8), file: "mini.yaml")
    precondition(result.isUsable, "\(result.diagnostics)")
    return CompiledSpec(result.spec!)
}()

/// Lints `json` and returns `line:col: severity: message [rule] @pointer` lines.
func lintLines(_ json: String, features: Set<String> = []) -> [String] {
    let linter = Linter(compiled: validatorSpec, type: .named("Request"), features: features)
    return linter.lint(bytes: Array(json.utf8), path: "r.json").diagnostics.map { d in
        "\(d.location.map { "\($0.line):\($0.column)" } ?? "-"): \(d.severity.rawValue): \(d.message) [\(d.rule ?? "")] @\(d.pointer ?? "")"
    }
}

@Suite struct ValidatorTests {
    @Test func validRequestHasNoDiagnostics() {
        let json = """
            {"model": "m", "max_tokens": 2048, "thinking": {"type": "enabled", "budget_tokens": 1024},
             "system": [{"type": "text", "text": "be brief"}], "user_id": null, "meta": {"a": 1},
             "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}, {"type": "image", "data": "aGk="}]}]}
            """
        #expect(lintLines(json) == [])
    }

    @Test func threeMistakesThreeLocatedErrors() {
        let json = """
            {
              "model": "m",
              "max_token": 10,
              "temperature": 3,
              "messages": [{"role": "system", "content": "hi"}]
            }
            """
        #expect(
            lintLines(json) == [
                "1:1: error: missing required field 'max_tokens' of Request [required] @",
                "3:3: error: unknown field 'max_token' in Request; did you mean 'max_tokens'? [unknown-field] @/max_token",
                "4:18: error: 3 is greater than the maximum 2 [number.maximum] @/temperature",
                "5:25: error: 'system' is not one of 'user', 'assistant' [enum] @/messages/0/role",
            ])
    }

    @Test func typeMismatchesNameExpectedAndFound() {
        let json = #"{"model": 5, "max_tokens": "ten", "stop": "x", "messages": {}, "user_id": true}"#
        #expect(
            lintLines(json) == [
                "1:11: error: expected string, found number 5 [type] @/model",
                "1:28: error: expected integer, found string 'ten' [type] @/max_tokens",
                "1:43: error: expected array, found string 'x' [type] @/stop",
                "1:60: error: expected array, found object [type] @/messages",
                "1:75: error: expected string, found true [type] @/user_id",
            ])
    }

    @Test func nullOnlyWhereNullable() {
        let json = #"{"model": null, "max_tokens": 1, "messages": [], "user_id": null}"#
        #expect(
            lintLines(json) == [
                "1:11: error: expected string, found null [type] @/model",
                "1:46: error: array has 0 items; at least 1 item required [array.min-items] @/messages",
            ])
    }

    @Test func numbersCompareExactly() {
        let json =
            #"{"model": "m", "max_tokens": 1.5, "top_p": 1.0000000000000001, "messages": [{"role": "user", "content": "x"}]}"#
        #expect(
            lintLines(json) == [
                "1:30: error: expected integer, found 1.5 [number.integer] @/max_tokens",
                "1:44: error: 1.0000000000000001 is greater than the maximum 1 [number.maximum] @/top_p",
            ])
        #expect(lintLines(#"{"model": "m", "max_tokens": 1.0, "messages": [{"role": "user", "content": "x"}]}"#) == [])
    }

    @Test func discriminatedUnionErrorsNameTheRightVariant() {
        let json = """
            {"model": "m", "max_tokens": 10,
             "messages": [{"role": "user", "content": [{"type": "txt", "text": "a"}, {"type": "text", "text": ""}, {"text": "b"}]}],
             "thinking": {"type": "enabled", "budget_tokens": 100}}
            """
        #expect(
            lintLines(json) == [
                "2:53: error: unknown type 'txt' for Block; expected one of 'text', 'image', 'file'; did you mean 'text'? [discriminator] @/messages/0/content/0/type",
                "2:99: error: string is 0 characters long; at least 1 character required [string.min-length] @/messages/0/content/1/text",
                "2:104: error: missing field 'type' that selects the kind of Block; expected one of 'text', 'image', 'file' [discriminator] @/messages/0/content/2",
                "3:51: error: 100 is less than the minimum 1024 [number.minimum] @/thinking/budget_tokens",
                "3:51: error: max_tokens must be greater than thinking.budget_tokens [rule.budget] @/thinking/budget_tokens",
            ])
    }

    @Test func untaggedUnionReportsAgainstTheBranchOfTheSameKind() {
        let json =
            #"{"model": "m", "max_tokens": 1, "system": 7, "messages": [{"role": "user", "content": [{"type": "text"}]}]}"#
        #expect(
            lintLines(json) == [
                "1:43: error: expected string or array, found number 7 [oneof] @/system",
                "1:88: error: missing required field 'text' of TextBlock [required] @/messages/0/content/0",
            ])
    }

    @Test func crossFieldRules() {
        let json =
            #"{"model": "m", "max_tokens": 2000, "temperature": 0.5, "top_p": 0.9, "thinking": {"type": "enabled", "budget_tokens": 4000}, "messages": [{"role": "user", "content": "x"}]}"#
        #expect(
            lintLines(json) == [
                "1:65: warning: set temperature or top_p, not both [rule.sampling] @/top_p",
                "1:119: error: max_tokens must be greater than thinking.budget_tokens [rule.budget] @/thinking/budget_tokens",
            ])
    }

    @Test func betaFieldsAndVariantsNeedTheFeature() {
        let json =
            #"{"model": "m", "max_tokens": 1, "files": [], "messages": [{"role": "user", "content": [{"type": "file", "id": "f"}]}]}"#
        #expect(
            lintLines(json) == [
                "1:33: error: field 'files' needs the beta feature 'files-beta'; enable it with --beta files-beta (sent as the beta-header header) [beta] @/files",
                "1:97: error: type 'file' needs the beta feature 'files-beta'; enable it with --beta files-beta (sent as the beta-header header) [beta] @/messages/0/content/0/type",
            ])
        #expect(lintLines(json, features: ["files-beta"]) == [])
    }

    @Test func stringConstraints() {
        let json =
            #"{"model": "m", "max_tokens": 1, "name": "Bad.Name", "user_id": "héllo", "messages": [{"role": "user", "content": [{"type": "image", "data": "not base64!"}]}]}"#
        #expect(
            lintLines(json) == [
                "1:41: error: 'Bad.Name' does not match the pattern ^[a-z_]{1,8}$ [string.pattern] @/name",
                "1:64: error: string is 5 characters long; at most 4 characters allowed [string.max-length] @/user_id",
                "1:141: error: 'not base64!' is not a valid base64 [string.format] @/messages/0/content/0/data",
            ])
    }

    @Test func syntaxErrorStopsValidation() {
        let lines = lintLines("{\"model\": \"m\",}")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("[json.syntax]") == true)
    }

    @Test func pointerEscaping() {
        let json =
            #"{"model": "m", "max_tokens": 1, "messages": [{"role": "user", "content": "x"}], "meta": {"a/b~c": "x"}}"#
        #expect(lintLines(json) == ["1:99: error: expected integer, found string 'x' [type] @/meta/a~1b~0c"])
    }

    @Test func diagnosticsAreCappedWithACount() {
        let items = (0..<30).map { _ in #"{"role": "nobody", "content": "x"}"# }.joined(separator: ",")
        let json = #"{"model": "m", "max_tokens": 1, "messages": [\#(items)]}"#
        let linter = Linter(compiled: validatorSpec, type: .named("Request"), limits: LintLimits(maxDiagnostics: 10))
        let result = linter.lint(bytes: Array(json.utf8), path: "r.json")
        #expect(result.diagnostics.count == 10)
        #expect(result.omitted == 20)
        #expect(result.status == .invalid)
    }
}

@Suite struct BetaTypeTests {
    @Test func typeLevelBetaIsCheckedWhereverTheTypeIsUsed() throws {
        let yaml = """
            spec: 1
            api:
              name: Mini
              base_url: https://api.example.com
              features: { skills: Skills. }
            endpoints:
              create: { method: POST, path: /v1/create, request: Request, response: Request }
            types:
              Request:
                kind: object
                fields:
                  container: string | ContainerParams
              ContainerParams:
                kind: object
                beta: skills
                fields:
                  id: string
            """
        let loaded = SpecLoader.load(bytes: Array(yaml.utf8), file: "beta.yaml")
        let spec = try #require(loaded.spec)
        #expect(loaded.diagnostics.isEmpty)
        let linter = Linter(compiled: CompiledSpec(spec), type: .named("Request"))
        let result = linter.lint(bytes: Array(#"{"container": {"id": "x"}}"#.utf8), path: "r.json")
        #expect(
            result.diagnostics.map { "\($0.location?.column ?? 0) \($0.pointer ?? "") \($0.rule ?? "") \($0.message)" }
                == [
                    "15 /container beta a ContainerParams object needs the beta feature 'skills'; enable it with --beta skills"
                ])
        let allowed = Linter(compiled: CompiledSpec(spec), type: .named("Request"), features: ["skills"])
        #expect(allowed.lint(bytes: Array(#"{"container": "c"}"#.utf8), path: "r.json").diagnostics.isEmpty)
        #expect(allowed.lint(bytes: Array(#"{"container": {"id": "x"}}"#.utf8), path: "r.json").diagnostics.isEmpty)
    }
}
