import Foundation
import SpecImport
import Testing

@testable import SpecKit

/// `spec-lint import`: OpenAPI constructs into the spec format, what cannot be expressed, bad input, and the
/// drift check between the two OpenAPI versions beside the repository.
@Suite struct ImportTests {
    static let fixtures = Corpus.repositoryRoot + "/Tests/Fixtures/openapi"
    static let sharedSpecs = Corpus.parent(Corpus.repositoryRoot) + "/shared/api/spec"

    static func importFile(_ path: String, _ operations: [String]) throws -> OpenAPIImporter {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return OpenAPIImporter.run(bytes: Array(data), file: "pets.json", operationIDs: operations)
    }

    static func importText(_ text: String, _ operations: [String] = []) -> OpenAPIImporter {
        OpenAPIImporter.run(bytes: Array(text.utf8), file: "doc.json", operationIDs: operations)
    }

    /// Every construct of `pets.json`, compared with the reviewed output `pets.expected.yaml`.
    @Test func constructsBecomeTheSpecFormat() throws {
        let result = try Self.importFile(Self.fixtures + "/pets.json", ["create_pet"])
        let expected = try String(contentsOfFile: Self.fixtures + "/pets.expected.yaml", encoding: .utf8)
        let yaml = try #require(result.yaml)
        #expect(
            yaml == expected.replacing("from Tests/Fixtures/openapi/pets.json", with: "from pets.json"),
            "\(Self.lineDiff(expected, yaml))")
        // It loads as a spec, and the same input gives the same bytes.
        let loaded = SpecLoader.load(bytes: Array(yaml.utf8), file: "pets.yaml")
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        #expect(try Self.importFile(Self.fixtures + "/pets.json", ["create_pet"]).yaml == yaml)
        // What could not be imported is located at its JSON Pointer (and left as a comment in the output).
        #expect(
            result.diagnostics.map(\.description) == [
                "pets.json:35:81: warning: 'uniqueItems' not imported: the spec format has no such keyword (at /components/schemas/NewPet/properties/tags/uniqueItems) [import.unsupported]",
                "pets.json:40:70: warning: format 'hostname' not imported: the spec format knows uri, base64, date-time and uuid (at /components/schemas/NewPet/properties/legacy/format) [import.unsupported]",
                "pets.json:41:30: warning: 'allOf' with 2 members not imported; the field is imported as any (at /components/schemas/NewPet/properties/extra/allOf) [import.unsupported]",
                "pets.json:13:11: warning: query parameter 'dry_run' not imported: specs describe bodies and headers only (at /paths/~1v1~1pets/post/parameters/2) [import.unsupported]",
            ])
        #expect(
            yaml.contains("# not imported: 'uniqueItems' (at /components/schemas/NewPet/properties/tags/uniqueItems)"))
    }

    static func lineDiff(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for k in 0..<max(x.count, y.count) where k >= x.count || k >= y.count || x[k] != y[k] {
            return
                "first difference at line \(k + 1):\n- \(k < x.count ? String(x[k]) : "")\n+ \(k < y.count ? String(y[k]) : "")"
        }
        return ""
    }

    @Test func badInputIsLocatedAndFatal() {
        let notOpenAPI = Self.importText(#"{"swagger": "2.0"}"#)
        #expect(notOpenAPI.yaml == nil)
        #expect(
            notOpenAPI.diagnostics.map(\.description) == [
                "doc.json:1:1: error: not an OpenAPI 3 document: it has no 'openapi: 3.x' field (Swagger 2.0 documents must be converted first) [import]"
            ])
        let document = """
            {"openapi": "3.0.3", "paths": {"/x": {"post": {"operationId": "make_thing",
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}},
              "responses": {}}}}}
            """
        let unknown = Self.importText(document, ["make_thnig"])
        #expect(unknown.yaml == nil)
        #expect(
            unknown.diagnostics.first?.description
                == "doc.json:1:31: error: unknown operation 'make_thnig'; did you mean 'make_thing'?; the document has make_thing [import]"
        )
        let dangling = Self.importText(document)
        #expect(
            dangling.diagnostics.contains {
                $0.description
                    == "doc.json:2:71: error: '$ref' #/components/schemas/Missing points at nothing in the document [import]"
            }, "\(dangling.diagnostics)")
        let remote = Self.importText(document.replacing("#/components/schemas/Missing", with: "other.json#/Pet"))
        #expect(remote.diagnostics.contains { $0.message.contains("is not a local reference") })
        let notJSON = Self.importText("openapi: 3.1.0")
        #expect(notJSON.yaml == nil && notJSON.diagnostics.first?.severity == .error)
    }

    /// Alternatives without a discriminator but with a constant `type` each are a union by `type`; the one whose
    /// `type` may be left out is the default, and one with an enum of two tags becomes two variants.
    @Test func aDiscriminatorIsInferredFromConstants() throws {
        let document = """
            {"openapi": "3.1.0", "servers": [{"url": "https://tools.example.com"}],
             "paths": {"/v1/tools": {"post": {"operationId": "add_tool",
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
              "responses": {}}}},
             "components": {"schemas": {
              "Req": {"type": "object", "properties": {"tool": {"oneOf": [
                {"$ref": "#/components/schemas/Custom"}, {"$ref": "#/components/schemas/Search"}]},
                "id": {"type": "string", "pattern": "toolu_"}, "any": {"$ref": "#/components/schemas/Any"}}},
              "Custom": {"type": "object", "properties": {"type": {"anyOf": [{"type": "null"}, {"const": "custom"}]},
                "name": {"type": "string"}}, "required": ["name"]},
              "Search": {"type": "object", "properties": {"type": {"enum": ["search_2025", "search"]}},
                "required": ["type"]},
              "Any": {}}}}
            """
        let result = Self.importText(document)
        let yaml = try #require(result.yaml, "\(result.diagnostics)")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(
            yaml.contains(
                """
                  ReqTool:
                    kind: union
                    discriminator: type
                    default: "custom"
                    # discriminator inferred: each alternative has its own constant 'type' (at /components/schemas/Req/properties/tool)
                    variants:
                      "custom": Custom
                      "search_2025": SearchSearch2025
                      "search": SearchSearch
                """), "\(yaml)")
        #expect(yaml.contains("type: { const: \"search_2025\", required: true }"))
        // An unanchored OpenAPI pattern matches anywhere; spec patterns match the whole string.
        #expect(yaml.contains(#"id: { type: string, pattern: "[\\s\\S]*(?:toolu_)[\\s\\S]*" }"#), "\(yaml)")
        #expect(yaml.contains("  Any:\n    kind: any\n"))
        let loaded = SpecLoader.load(bytes: Array(yaml.utf8), file: "tools.yaml")
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
    }

    /// The drift check: the 2024-11 and 2026-05 OpenAPI subsets, imported and diffed, show the changes the header
    /// of Spec/messages.yaml records, with the right classes.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ImportTests.sharedSpecs)))
    func driftBetweenTheTwoOpenAPIVersions() throws {
        var specs: [Spec] = []
        for version in ["2024-11", "2026-05"] {
            let path = Self.sharedSpecs + "/anthropic-openapi-\(version)-messages-subset.json"
            let result = OpenAPIImporter.run(
                bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path,
                operationIDs: ["messages_post"])
            let yaml = try #require(result.yaml, "\(result.diagnostics.filter { $0.severity == .error })")
            let loaded = SpecLoader.load(bytes: Array(yaml.utf8), file: "imported-\(version).yaml")
            #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics.prefix(5))")
            specs.append(try #require(loaded.spec))
        }
        let changes = SpecDiff.compare(specs[0], specs[1])
        func change(_ path: String) -> SpecChange? { changes.first { $0.path == path } }
        #expect(change("Tool.name.max_length")?.message == "'max_length' of field 'name' of 'Tool' went from 64 to 128")
        #expect(change("Tool.name.max_length")?.classes == [.compatible])
        #expect(
            change("Metadata.user_id.max_length")?.message
                == "'max_length' of field 'user_id' of 'Metadata' went from 256 to 512")
        #expect(
            change("CreateMessageParams.max_tokens.minimum")?.message
                == "'minimum' of field 'max_tokens' of 'CreateMessageParams' went from 1 to 0")
        #expect(change("CreateMessageParams.max_tokens.minimum")?.id == "constraint.widened")
        // New request fields of the newer API are additions.
        #expect(changes.contains { $0.id == "field.added" && $0.path.hasPrefix("CreateMessageParams.") })
    }
}
