import Foundation
import SpecKit
import Testing

@testable import SpecGeneratorCore

/// Loads a spec from YAML text; the test fails if it does not load cleanly.
func loadSpec(_ yaml: String, file: String = "test.yaml") throws -> Spec {
    let result = SpecLoader.load(bytes: Array(yaml.utf8), file: file)
    #expect(result.isUsable, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
    return try #require(result.spec)
}

let smallSpec = """
    spec: 1
    api: { name: Small, base_url: "https://small.example.com" }
    endpoints:
      send: { method: POST, path: /v1/send, request: Request, response: Reply }
    types:
      Request:
        kind: object
        fields:
          text: { type: string, required: true }
          note: { type: string, nullable: true }
          parent: { type: string, nullable: true, required: true }
          count: integer
          kind: { const: request, required: true }
          mood: Mood
      Reply:
        kind: object
        fields:
          mood: { type: Mood, required: true }
          answer: Answer
      Mood: { kind: enum, values: [happy, sad] }
      Answer:
        kind: union
        discriminator: type
        variants:
          yes: Yes
      Yes:
        kind: object
        fields:
          type: { const: "yes", required: true }
    """

@Suite struct TranslatorTests {
    @Test func swiftTypesOfFields() throws {
        let spec = try loadSpec(smallSpec)
        let context = TranslationContext(spec: spec, options: GeneratorOptions())
        guard case .object(let object)? = spec.type(named: "Request")?.kind else {
            Issue.record("Request is not an object")
            return
        }
        let types = object.fields.map { context.swiftType(of: $0) }
        #expect(types == ["String", "Nullable<String>?", "String?", "Int?", "String", "Mood?"])
        #expect(context.swiftType(.map(.array(.named("Mood")))) == "[String: [Mood]]")
        #expect(context.swiftType(.any) == "AnyJSON")
    }

    @Test func typesReachableFromResponsesAreOpen() throws {
        let context = TranslationContext(spec: try loadSpec(smallSpec), options: GeneratorOptions())
        #expect(context.receivedTypes == ["Reply", "Mood", "Answer", "Yes"])
        #expect(!context.isOpen("Request"))
    }

    @Test func names() {
        #expect(Names.property("max_tokens") == "maxTokens")
        #expect(Names.property("validate") == "validate_")
        #expect(Names.property("self") == "self_")
        #expect(Names.escaped(Names.property("default")) == "`default`")
        #expect(Names.enumCase("none") == "none")
        #expect(Names.enumCase("some") == "some_")
        #expect(Names.enumCase("unknown") == "unknown_")
        #expect(Names.enumCase("2d") == "_2d")
        #expect(Names.enumCase("kebab-case") == "kebabCase")
        #expect(Names.property("") == "_unnamed")
        #expect(Names.enumCase("--") == "_unnamed")
        #expect(ClientTranslator.streamMethodName("createMessage") == "streamMessage")
        #expect(ClientTranslator.streamMethodName("complete") == "completeStream")
    }

    @Test func literalsAndDocWrapping() {
        #expect(SwiftLiteral.string("a \"b\" \\ \n\u{1}") == #""a \"b\" \\ \n\u{1}""#)
        let long = "- " + Array(repeating: "word", count: 40).joined(separator: " ")
        let wrapped = Documentation.wrap(long, width: 30)
        #expect(wrapped.count > 1)
        #expect(wrapped.allSatisfy { $0.count <= 30 })
        #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix("  word") })
    }

    @Test func outputFileNamesDependOnTheFileNameOnly() {
        #expect(
            Translator.outputFileNames(forSpecFile: "/a/b/messages.yaml")
                == [
                    "messages.Types.swift", "messages.Coding.swift", "messages.Validation.swift",
                    "messages.Client.swift",
                ])
        #expect(Translator.outputFileNames(forSpecFile: "pets.yml").first == "pets.Types.swift")
    }

    @Test func strictAndOpenDecoders() throws {
        let spec = try loadSpec(smallSpec)
        let files = Translator(spec: spec).translate()
        let types = SwiftRenderer.render(files[0])
        let coding = SwiftRenderer.render(files[1])
        #expect(
            coding.contains(
                "try decoder.rejectUnknownKeys([\"text\", \"note\", \"parent\", \"count\", \"kind\", \"mood\"], of: \"Request\")"
            ))
        #expect(!coding.contains("of: \"Reply\""))
        #expect(types.contains("case unknown(String)"), "Mood is received, so it is open")
        #expect(types.contains("case unknown(AnyJSON)"), "Answer is received, so it is open")
        #expect(types.contains("public var parent: String?"))
        #expect(coding.contains("try container.encodeNullable(self.note, forKey: \"note\")"))
        #expect(coding.contains("extension Request {"), "the coding of a type is an extension of it")
        #expect(!types.contains("init(from decoder: any Decoder)"), "no coding left in the declarations")
        #expect(
            types.hasPrefix(
                "// Generated by spec-gen from test.yaml. Do not edit.\n// swift-format-ignore-file\n\nimport Foundation\n@_spi(Generated) import SpecRuntime\n"
            ))
    }

    @Test func generatedFilesCarryNoSupportCode() throws {
        let files = Translator(spec: try loadSpec(smallSpec)).translate().map(SwiftRenderer.render)
        for text in files {
            for support in [
                "extension Decoder", "extension Encoder", "extension KeyedDecodingContainer", "struct Checker",
                "struct AnyCodingKey",
            ] {
                #expect(!text.contains(support), "\(support) belongs in SpecRuntime")
            }
        }
        #expect(files[2].contains("var checker = ValidationChecker(enabledFeatures: enabledFeatures)"))
    }

    @Test func internalAccessLeavesOutModifiers() throws {
        let spec = try loadSpec(smallSpec)
        let files = Translator(spec: spec, options: GeneratorOptions(access: .internal)).translate()
        let text = files.map(SwiftRenderer.render).joined()
        #expect(!text.contains("public "))
        #expect(text.contains("struct SmallClient: Sendable"))
    }

    @Test func recursiveUnionIsIndirect() throws {
        let spec = try loadSpec(
            """
            spec: 1
            api: { name: Small, base_url: "https://small.example.com" }
            endpoints:
              send: { method: GET, path: /v1/x, response: Outer }
            types:
              Outer:
                kind: object
                fields:
                  expr: Expr
              Expr: { kind: oneof, variants: { number: number, pair: Pair } }
              Pair: { kind: object, fields: { left: { type: Expr, required: true } } }
            """)
        let context = TranslationContext(spec: spec, options: GeneratorOptions())
        #expect(context.indirectTypes == ["Expr"])
        #expect(SwiftRenderer.render(Translator(spec: spec).translate()[0]).contains("public indirect enum Expr"))
    }

    @Test func specErrorsComeBackAsDiagnostics() {
        let result = GeneratorPipeline.run(specAt: "/nonexistent/spec.yaml")
        #expect(result.hasErrors)
        #expect(result.files.isEmpty)
    }
}

@Suite struct NameCollisionTests {
    @Test func namesThatCollideAfterCamelCasingStopGeneration() throws {
        let yaml = """
            spec: 1
            api: { name: Small, base_url: "https://small.example.com" }
            endpoints:
              send: { method: POST, path: /v1/send, request: Request, response: Request }
            types:
              Request:
                kind: object
                fields:
                  max_tokens: integer
                  max-tokens: integer
              Mode: { kind: enum, values: [end_turn, end-turn] }
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("collide-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = GeneratorPipeline.run(specAt: path.path)
        #expect(result.hasErrors)
        #expect(result.files.isEmpty)
        let messages = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(messages.count >= 2, "\(messages)")
        #expect(
            messages.allSatisfy {
                $0.contains(path.lastPathComponent) && $0.contains("maxTokens") || $0.contains("endTurn")
            })
    }
}
