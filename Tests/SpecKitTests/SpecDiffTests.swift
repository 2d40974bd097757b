import Foundation
import Testing

@testable import SpecKit

/// `spec-lint diff`: each change class with its exact message and location.
@Suite struct SpecDiffTests {
    static let old = """
        spec: 1
        api: { name: Pets, base_url: "https://pets.example.com" }
        endpoints:
          add: { method: POST, path: /v1/pets, request: Pet, response: Receipt }
        types:
          Pet:
            kind: object
            fields:
              name: { type: string, required: true, max_length: 64 }
              kind: { type: Kind }
              age: { type: integer, minimum: 1 }
              color: { type: string }
              owner: { type: string, nullable: true }
          Kind: { kind: enum, values: [cat, dog, bird] }
          Receipt:
            kind: object
            fields:
              id: { type: string, required: true }
              status: { type: Status, required: true }
              note: { type: string }
          Status: { kind: enum, values: [ok, pending] }
        """

    static let new = """
        spec: 1
        api: { name: Pets, base_url: "https://pets.example.com" }
        endpoints:
          add: { method: POST, path: /v1/pets, request: Pet, response: Receipt }
        types:
          Pet:
            kind: object
            fields:
              name: { type: string, required: true, max_length: 128 }
              kind: { type: Kind, required: true }
              age: { type: integer, minimum: 0 }
              owner: { type: string }
              tag: { type: string, required: true }
          Kind: { kind: enum, values: [cat, dog, fish] }
          Receipt:
            kind: object
            fields:
              id: { type: string }
              status: { type: Status, required: true, doc: Where the pet is. }
              note: { type: string, nullable: true }
              extra: { type: string }
          Status: { kind: enum, values: [ok, pending, failed] }
        """

    static func spec(_ text: String, _ file: String) throws -> Spec {
        let loaded = SpecLoader.load(bytes: Array(text.utf8), file: file)
        return try #require(loaded.spec, "\(loaded.diagnostics)")
    }

    @Test func everyClassWithItsMessageAndPlace() throws {
        let changes = SpecDiff.compare(try Self.spec(Self.old, "old.yaml"), try Self.spec(Self.new, "new.yaml"))
        let report = DiffReport(oldPath: "old.yaml", newPath: "new.yaml", changes: changes)
        #expect(
            report.diagnostics.map(\.description) == [
                "new.yaml:9:45: note: compatible: 'max_length' of field 'name' of 'Pet' went from 64 to 128 [constraint.widened]",
                "new.yaml:10:7: error: breaks requests, breaks source: field 'kind' of 'Pet' is now required; requests without it fail and its Swift property is no longer optional [field.now-required]",
                "new.yaml:11:29: note: compatible: 'minimum' of field 'age' of 'Pet' went from 1 to 0 [constraint.widened]",
                "new.yaml:12:7: error: breaks requests, breaks source: field 'owner' of 'Pet' no longer accepts null [field.no-longer-nullable]",
                "new.yaml:13:7: error: breaks requests, breaks source: field 'tag' of 'Pet' is new and required; requests without it fail and the Swift initializer has a new parameter [field.added-required]",
                "old.yaml:12:7: error: breaks requests, breaks source: field 'color' of 'Pet' was removed; requests that send it fail as unknown [field.removed]",
                "new.yaml:14:42: error: breaks source: 'Kind' has the new value 'fish'; exhaustive Swift switches over it need the new case [enum.value-added]",
                "old.yaml:14:42: error: breaks requests, breaks source: 'Kind' lost the value 'bird'; requests that send it fail [enum.value-removed]",
                "new.yaml:18:7: error: breaks decoding, breaks source: field 'id' of 'Receipt' is now optional; old clients that require it fail when it is absent, and its Swift property becomes optional [field.now-optional]",
                "new.yaml:19:7: note: docs only: the documentation of field 'status' of 'Receipt' changed [doc.changed]",
                "new.yaml:20:7: error: breaks decoding, breaks source: field 'note' of 'Receipt' may now be null; old clients cannot decode null there [field.now-nullable]",
                "new.yaml:21:7: note: compatible: field 'extra' of 'Receipt' is new [field.added]",
                "new.yaml:22:47: error: breaks source: 'Status' has the new value 'failed'; exhaustive Swift switches over it need the new case (old clients decode it as unknown) [enum.value-added]",
            ])
        #expect(report.classes == [.breaksRequests, .breaksDecoding, .breaksSource, .compatible, .docsOnly])
        #expect(
            report.summary
                == "13 changes (5 breaks requests, 2 breaks decoding, 9 breaks source, 3 compatible, 1 docs only)\n")
    }

    @Test func noChangesBetweenTheSameSpecInTwoFiles() throws {
        // Two files and a line moved: locations differ, nothing else (warnings included).
        let text = Self.new.replacing(
            "age: { type: integer, minimum: 0 }", with: "age: { type: integer, minimum: 0, warn: { maximum: 30 } }")
        let a = try Self.spec(text, "a.yaml")
        let b = try Self.spec(text.replacing("types:\n", with: "types:\n\n"), "b.yaml")
        #expect(SpecDiff.compare(a, b).isEmpty)
    }

    @Test func oneofAlternativesAndRequestRulesByDirection() throws {
        let old = """
            spec: 1
            api: { name: Pets, base_url: "https://pets.example.com" }
            endpoints:
              add: { method: POST, path: /v1/pets, request: Pet, response: Receipt }
            types:
              Pet:
                kind: object
                fields:
                  name: { type: Name, required: true }
                  age: { type: integer }
                rules:
                  - { id: young, require: { path: age, maximum: 30 }, message: Too old. }
                  - { id: named, require: { path: name, present: true }, message: Needs a name. }
              Name: { kind: oneof, variants: { text: string, parts: array<string> } }
              Receipt: { kind: object, fields: { id: { type: Id, required: true } } }
              Id: { kind: oneof, variants: { text: string, number: integer } }
            """
        let new = old.replacing("parts: array<string> }", with: "parts: array<string>, number: integer }")
            .replacing(
                "Id: { kind: oneof, variants: { text: string, number: integer } }",
                with: "Id: { kind: oneof, variants: { text: string, number: integer, flag: boolean } }"
            )
            .replacing("message: Too old. }", with: "message: Far too old. }")
            .replacing(
                "- { id: named, require: { path: name, present: true }, message: Needs a name. }",
                with: "- { id: adult, require: { path: age, minimum: 1 }, message: Too young. }")
        let changes = SpecDiff.compare(try Self.spec(old, "old.yaml"), try Self.spec(new, "new.yaml"))
        let summary = changes.map { "\($0.id) \($0.path) \($0.classes.map(\.rawValue).joined(separator: ","))" }
        #expect(
            summary == [
                "rule.changed Pet.rule.young compatible",
                "rule.added Pet.rule.adult breaks-requests",
                "rule.removed Pet.rule.named compatible",
                "oneof.variant-added Name.number breaks-source",
                "oneof.variant-added Id.flag breaks-decoding,breaks-source",
            ])
    }

    @Test func typesAndEndpointsComeAndGo() throws {
        let old = Self.old + "\n  Unused: { kind: enum, values: [a] }"
        let new =
            Self.new.replacingOccurrences(of: "path: /v1/pets,", with: "path: /v2/pets,")
            + "\n  Toy: { kind: object, fields: { name: { type: string } } }"
        let changes = SpecDiff.compare(try Self.spec(old, "old.yaml"), try Self.spec(new, "new.yaml"))
        let lines = changes.map { "\($0.id) \($0.path) \($0.classes.map(\.rawValue))" }
        #expect(lines.contains("endpoint.moved add [\"breaks-requests\"]"))
        #expect(lines.contains("type.added Toy [\"compatible\"]"))
        #expect(lines.contains("type.removed Unused [\"breaks-source\"]"))
    }

    /// Types with other names in the same place are one type renamed; wire-equal spellings are no change.
    @Test func renamedTypesArePairedByPlace() throws {
        let old = """
            spec: 1
            api: { name: Pets, base_url: "https://pets.example.com" }
            endpoints:
              addPet: { method: POST, path: /v1/pets, request: CreatePetParams, response: PetOut }
            types:
              CreatePetParams:
                kind: object
                fields:
                  pet: { type: PetIn, required: true }
                  tags: { type: array<TagIn> }
                  cache: { type: CreatePetParamsCache }
                  note: { type: NoteContent }
              PetIn:
                kind: object
                fields:
                  name: { type: string, required: true, max_length: 64, pattern: "^[a-z]+$" }
              TagIn: { kind: object, fields: { label: { type: string } } }
              CreatePetParamsCache: { kind: union, discriminator: type, variants: { ephemeral: Ephemeral } }
              Ephemeral: { kind: object, fields: { type: { const: ephemeral, required: true } } }
              NoteContent: { kind: oneof, variants: { string: string, array: array<TagIn> } }
              PetOut: { kind: object, additional: allow, fields: { id: { type: string } } }
            """
        let new = """
            spec: 1
            api: { name: Pets, base_url: "https://pets.example.com" }
            endpoints:
              createPet: { method: POST, path: /v1/pets, request: PetRequest, response: PetOut }
            types:
              PetRequest:
                kind: object
                fields:
                  pet: { type: Pet, required: true }
                  tags: { type: array<Tag> }
                  cache: { type: Ephemeral }
                  note: { type: NoteContent }
              Pet:
                kind: object
                fields:
                  name: { type: PetName, required: true }
              PetName: { kind: string, max_length: 128, pattern: "[a-z]+" }
              Tag: { kind: object, fields: { label: { type: string } } }
              Ephemeral: { kind: object, fields: { type: { const: ephemeral, required: true } } }
              NoteContent: { kind: oneof, variants: { text: string, tags: array<Tag> } }
              PetOut: { kind: object, additional: allow, fields: { id: { type: string } } }
            """
        let changes = SpecDiff.compare(try Self.spec(old, "old.yaml"), try Self.spec(new, "new.yaml"))
        #expect(
            changes.map { "\($0.location.map { "\($0.file):\($0.line)" } ?? "-") \($0.id) \($0.message)" } == [
                "new.yaml:4 endpoint.renamed endpoint 'addPet' (POST /v1/pets) is now 'createPet'; Swift code calling 'addPet' stops compiling",
                "new.yaml:6 type.renamed type 'CreatePetParams' is now 'PetRequest' (found in the same place); Swift code naming 'CreatePetParams' stops compiling",
                "new.yaml:13 type.renamed type 'PetIn' is now 'Pet' (found in the same place); Swift code naming 'PetIn' stops compiling",
                "new.yaml:17 constraint.widened 'max_length' of field 'name' of 'Pet' went from 64 to 128",
                "new.yaml:17 type.added type 'PetName' is new",
                "new.yaml:18 type.renamed type 'TagIn' is now 'Tag' (found in the same place); Swift code naming 'TagIn' stops compiling",
                "new.yaml:20 oneof.variant-renamed alternative 'string' of 'NoteContent' is now 'text' (the same JSON kind); Swift code naming the case stops compiling",
                "new.yaml:20 oneof.variant-renamed alternative 'array' of 'NoteContent' is now 'tags' (the same JSON kind); Swift code naming the case stops compiling",
                "old.yaml:18 type.removed type 'CreatePetParamsCache' was removed; Swift code naming it stops compiling",
            ])
    }

    @Test func ignoreFilesAcceptChangesByIDAndPath() throws {
        let text = """
            # accepted on 2026-12-01
            field.now-required Pet.kind
              enum.value-added   Kind.fish   # trailing comment
            """
        let list = try DiffIgnoreList.parse(text, file: "ignore.txt").get()
        let changes = SpecDiff.compare(try Self.spec(Self.old, "old.yaml"), try Self.spec(Self.new, "new.yaml"))
        #expect(changes.filter(list.accepts).map(\.id) == ["field.now-required", "enum.value-added"])
        guard
            case .failure(let error) = DiffIgnoreList.parse(
                "field.now-requird Pet.kind\n\nfield.added\n", file: "i.txt")
        else {
            Issue.record("a broken ignore file parsed")
            return
        }
        #expect(
            error.diagnostics.map(\.description) == [
                "i.txt:1:1: error: unknown change id 'field.now-requird'; did you mean 'field.now-required'? [diff.ignore]",
                "i.txt:3:1: error: an ignore line is 'CHANGE-ID PATH', e.g. 'field.now-required Request.model' [diff.ignore]",
            ])
    }
}
