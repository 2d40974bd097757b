import Testing

@testable import SpecKit
@testable import SpecModel

/// Loads an inline spec and returns its diagnostics as compiler-format lines.
func specDiagnostics(_ yaml: String, file: String = "t.yaml") -> [String] {
    SpecLoader.load(bytes: Array(yaml.utf8), file: file).diagnostics.map { d in
        "\(d.location.map { "\($0.line):\($0.column)" } ?? "-"): \(d.severity.rawValue): \(d.message)"
    }
}

let minimalHeader = """
    spec: 1
    api: { name: Pets, base_url: "https://pets.example.com" }
    endpoints:
      createPet: { method: POST, path: /v1/pets, request: PetRequest, response: Pet }

    """

@Suite struct SpecResolverTests {
    @Test func minimalSpecLoadsClean() throws {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest:
                    kind: object
                    fields:
                      name: { type: string, required: true, min_length: 1 }
                  Pet:
                    kind: object
                    fields:
                      id: string
                """
        let result = SpecLoader.load(bytes: Array(yaml.utf8), file: "t.yaml")
        #expect(result.diagnostics.isEmpty)
        let spec = try #require(result.spec)
        #expect(spec.api.name == "Pets")
        #expect(spec.endpoints.map(\.name) == ["createPet"])
        guard case .object(let object)? = spec.type(named: "PetRequest")?.kind else {
            Issue.record("PetRequest is not an object")
            return
        }
        #expect(object.fields[0].required)
        #expect(object.fields[0].checks.errors.minLength == 1)
    }

    @Test func unknownBuiltinTypeSuggestsString() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest:
                    kind: object
                    fields:
                      name: { type: strng, required: true }
                  Pet: { kind: object, fields: { id: string } }
                """
        #expect(specDiagnostics(yaml) == ["9:21: error: unknown type 'strng'; did you mean 'string'?"])
    }

    @Test func typoInsideTypeExpressionPointsAtTheName() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest:
                    kind: object
                    fields:
                      tags: array<Tagg>
                  Pet: { kind: object, fields: { id: string } }
                  Tag: { kind: string }
                """
        #expect(
            specDiagnostics(yaml) == [
                "9:19: error: unknown type 'Tagg'; did you mean 'Tag'?",
                "11:3: warning: type 'Tag' is not used by any endpoint; remove it or reference it",
            ])
    }

    @Test func severalMistakesAreAllReportedInOneRun() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest:
                    kind: object
                    fields:
                      name: { type: string, requird: true }
                      age: { type: integer, minimum: 10, maximum: 2 }
                      nick: { type: string, pattern: "[a-z" }
                  Pet:
                    kind: objct
                  Unused: { kind: string }
                """
        #expect(
            specDiagnostics(yaml) == [
                "9:29: error: unknown key 'requird' in field 'name'; did you mean 'required'?",
                "10:29: error: 'minimum' 10 is greater than 'maximum' 2, so no value can pass; fix the bounds",
                "11:29: error: invalid regular expression '[a-z': expected ']'; fix the pattern",
                "13:11: error: unknown kind 'objct'; did you mean 'object'?",
                "14:3: warning: type 'Unused' is not used by any endpoint; remove it or reference it",
            ])
    }

    @Test func constraintThatDoesNotFitTheType() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest:
                    kind: object
                    fields:
                      age: { type: integer, max_length: 3 }
                  Pet: { kind: object, fields: { id: string } }
                """
        #expect(
            specDiagnostics(yaml) == [
                "9:29: error: 'max_length' applies to strings, but 'PetRequest.age' has type 'integer'; remove it or change the type"
            ])
    }

    @Test func duplicateEnumValues() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest: { kind: object, fields: { kind: Kind } }
                  Pet: { kind: object, fields: { id: string } }
                  Kind:
                    kind: enum
                    values: [cat, dog, cat]
                """
        let result = SpecLoader.load(bytes: Array(yaml.utf8), file: "t.yaml")
        #expect(result.diagnostics.map(\.message) == ["duplicate enum value 'cat' in 'Kind'"])
        #expect(result.diagnostics.first?.location?.line == 10)
        #expect(result.diagnostics.first?.location?.column == 24)
        #expect(result.diagnostics.first?.notes.first?.location?.column == 14)
    }

    @Test func unionVariantChecks() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest: { kind: object, fields: { choice: Choice } }
                  Pet: { kind: object, fields: { id: string } }
                  Choice:
                    kind: union
                    discriminator: type
                    variants:
                      a: ChoiceA
                      b: ChoiceB
                      c: Kind
                  ChoiceA: { kind: object, fields: { type: { const: a, required: true } } }
                  ChoiceB: { kind: object, fields: { type: { const: x, required: true } } }
                  Kind: { kind: object, fields: { name: string } }
                """
        #expect(
            specDiagnostics(yaml) == [
                "13:10: error: variant 'b' of union 'Choice' uses 'ChoiceB', whose 'type' is the constant \"x\"; make the tag and the constant equal",
                "14:10: error: variant type 'Kind' lacks the discriminator field 'type'; add `type: { const: c, required: true }`",
            ])
    }

    @Test func oneOfVariantsMustDifferInJSONKind() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest: { kind: object, fields: { name: Name } }
                  Pet: { kind: object, fields: { id: string } }
                  Name:
                    kind: oneof
                    variants:
                      plain: string
                      label: Label
                  Label: { kind: enum, values: [a, b] }
                """
        #expect(
            specDiagnostics(yaml) == [
                "12:14: error: variants 'plain' and 'label' of oneof 'Name' can both be a JSON string, so the value cannot pick one; use a discriminated union or merge them"
            ])
    }

    @Test func rulesMustNameExistingNumericFields() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest:
                    kind: object
                    fields:
                      low: integer
                      high: integer
                      name: string
                    rules:
                      - { id: order, less_than: [low, hihg], message: low must be below high }
                      - { id: names, less_than: [name, high], message: no }
                  Pet: { kind: object, fields: { id: string } }
                """
        #expect(
            specDiagnostics(yaml) == [
                "13:39: error: rule operand 'hihg' names no field: 'hihg' is not a field of 'PetRequest'; did you mean 'high'?",
                "14:34: error: 'less_than' compares numbers, but 'name' has type 'string'",
            ])
    }

    @Test func swiftNameCollisions() {
        let yaml =
            minimalHeader + """
                types:
                  PetRequest:
                    kind: object
                    fields:
                      max_tokens: integer
                      maxTokens: integer
                  Pet: { kind: object, fields: { id: string } }
                """
        #expect(
            specDiagnostics(yaml) == [
                "6:3: error: 'max_tokens' and 'maxTokens' in fields of 'PetRequest' both become the Swift name 'maxTokens'; rename one"
            ])
    }

    @Test func yamlErrorsStopResolution() {
        let yaml = "spec: 1\napi: [unclosed\n"
        let lines = specDiagnostics(yaml)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("3:1: error: YAML syntax error") == true)
    }

    @Test func billionLaughsFailsFast() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        let lines = specDiagnostics(yaml)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("billion-laughs protection") == true)
    }

    // MARK: - Names and shapes the generated Swift cannot have

    @Test func reservedTypeNameIsASpecError() {
        let yaml = """
            spec: 1
            api: { name: Small, base_url: "https://small.example.com" }
            endpoints:
              send: { method: GET, path: /v1/x, response: Violation }
            types:
              Violation: { kind: object, fields: { a: string } }
            """
        #expect(
            specDiagnostics(yaml) == [
                "6:3: error: type name 'Violation' clashes with a Swift or runtime type that the generated code uses; rename the type"
            ])
    }

    @Test func selfContainingStructIsASpecErrorButARecursiveUnionIsNot() {
        let yaml = """
            spec: 1
            api: { name: Small, base_url: "https://small.example.com" }
            endpoints:
              send: { method: GET, path: /v1/x, response: Outer }
            types:
              Outer:
                kind: object
                fields:
                  loop: Loop
                  expr: Expr
              Loop: { kind: object, fields: { next: Loop } }
              Expr: { kind: oneof, variants: { number: number, pair: Pair } }
              Pair: { kind: object, fields: { left: { type: Expr, required: true } } }
            """
        #expect(
            specDiagnostics(yaml) == [
                "11:3: error: type 'Loop' contains itself through object fields, which a Swift struct cannot; "
                    + "put the recursive field in an array or a union"
            ])
    }

    @Test func typeNamedLikeTheClientIsASpecError() {
        let yaml = """
            spec: 1
            api: { name: Small, base_url: "https://small.example.com" }
            endpoints:
              send: { method: GET, path: /v1/x, response: SmallClient }
            types:
              SmallClient: { kind: object, fields: { a: string } }
            """
        #expect(
            specDiagnostics(yaml) == [
                "6:3: error: type name 'SmallClient' clashes with the generated client 'SmallClient'; rename the type or change api.name"
            ])
    }

    // MARK: - Error shape and retry rules

    @Test func errorShapeAndRetryRulesAreRead() throws {
        let yaml = """
            spec: 1
            api:
              name: Pets
              base_url: "https://pets.example.com"
              errors: { type: error.type, message: error.message, request_id: request_id, request_id_header: request-id }
              retry: { statuses: [409, 500-599], should_retry_header: x-should-retry, after_header: retry-after }
            endpoints:
              list: { method: GET, path: /v1/pets, response: Page }
            types:
              Page: { kind: object, fields: { pets: "array<string>" } }
            """
        let result = SpecLoader.load(bytes: Array(yaml.utf8), file: "t.yaml")
        #expect(result.diagnostics.isEmpty)
        let api = try #require(result.spec).api
        #expect(
            api.errors
                == ErrorBodyShape(
                    type: ["error", "type"], message: ["error", "message"], requestID: ["request_id"],
                    requestIDHeader: "request-id"))
        #expect(
            api.retry
                == RetrySettings(
                    statuses: [409...409, 500...599], shouldRetryHeader: "x-should-retry", afterHeader: "retry-after"))
    }

    @Test func badErrorShapeAndRetryRulesAreLocated() {
        let yaml = """
            spec: 1
            api:
              name: Pets
              base_url: "https://pets.example.com"
              errors: { mesage: error.message, type: "error..type" }
              retry: { statuses: [429, 600, 500-499, abc] }
            endpoints:
              list: { method: GET, path: /v1/pets, response: Page }
            types:
              Page: { kind: object, fields: { pets: "array<string>" } }
            """
        #expect(
            specDiagnostics(yaml) == [
                "5:13: error: unknown key 'mesage' in 'api.errors'; did you mean 'message'?",
                "5:42: error: 'error..type' is not a member path; write member names separated by dots, e.g. 'error.message'",
                "6:28: error: '600' is not an HTTP status or range; write e.g. 429 or 500-599 (statuses are 100 to 599)",
                "6:33: error: '500-499' is not an HTTP status or range; write e.g. 429 or 500-599 (statuses are 100 to 599)",
                "6:42: error: 'abc' is not an HTTP status or range; write e.g. 429 or 500-599 (statuses are 100 to 599)",
            ])
    }

    /// A spec checked when it was built into a tool loads without the whole-spec checks; resolution errors remain.
    @Test func uncheckedLoadingSkipsOnlyTheSemanticChecks() {
        let text = """
            spec: 1
            api: { name: Pets, base_url: "https://pets.example.com" }
            endpoints:
              add: { method: POST, path: /v1/pets, request: Pet, response: Pet }
            types:
              Pet: { kind: object, fields: { age: { type: integer, minimum: 10, maximum: 1 } } }
            """
        let checked = SpecLoader.load(bytes: Array(text.utf8), file: "p.yaml")
        #expect(checked.diagnostics.map(\.message).contains { $0.contains("'minimum' 10 is greater than 'maximum' 1") })
        #expect(!checked.isUsable)
        let unchecked = SpecLoader.load(bytes: Array(text.utf8), file: "p.yaml", checked: false)
        #expect(unchecked.isUsable)
        let broken = SpecLoader.load(
            bytes: Array(text.replacing("integer", with: "intger").utf8), file: "p.yaml", checked: false)
        #expect(!broken.isUsable)
    }
}
