import AnthropicMessages
import Foundation
import SpecKit
import SpecRuntime
import Testing

/// Runs the generated `MessageCreateParams` over the lint corpus (`Tests/Fixtures/requests`): every valid request
/// must decode strictly and round-trip, and for every request that decodes, `validate()` must report exactly
/// what `spec-lint` reports for the re-encoded request.
@Suite struct CorpusParityTests {
    static let fixtures = ReferenceTests.packageDirectory.appendingPathComponent("Tests/Fixtures/requests")

    static let spec: Spec? = {
        let path = ReferenceTests.packageDirectory.appendingPathComponent("Spec/messages.yaml").path
        return SpecLoader.load(path: path).spec
    }()

    static func files(in folder: String) -> [URL] {
        let directory = fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: ["valid", "valid-beta", "warnings"])
    func acceptedRequestsDecodeStrictly(folder: String) throws {
        let files = Self.files(in: folder)
        try #require(!files.isEmpty, "no fixtures in \(folder)")
        for file in files {
            let data = try Data(contentsOf: file)
            do {
                let request = try JSONDecoder().decode(MessageCreateParams.self, from: data)
                let again = try JSONDecoder().decode(MessageCreateParams.self, from: try JSONEncoder().encode(request))
                #expect(again == request, "\(file.lastPathComponent) does not round-trip")
            } catch {
                Issue.record("\(folder)/\(file.lastPathComponent) does not decode: \(error)")
            }
        }
    }

    @Test(arguments: ["valid", "valid-beta", "warnings", "invalid"])
    func validateMatchesTheLinter(folder: String) throws {
        let spec = try #require(Self.spec)
        let features = Set(spec.api.features.map(\.name))
        var compared = 0
        for file in Self.files(in: folder) {
            guard let request = try? JSONDecoder().decode(MessageCreateParams.self, from: try Data(contentsOf: file)) else {
                continue  // Invalid in a way the Swift types cannot even hold (wrong kind, unknown field, …).
            }
            let json = try AnyJSON(parsing: try JSONEncoder().encode(request))
            let bytes = Array(SpecOrder(spec: spec).reorder(json, as: .named("MessageCreateParams")).serialized().utf8)
            let document = try #require(JSONParser.parse(bytes, file: file.lastPathComponent).document)
            for enabled in [Set<String>(), features] {
                let validator = Validator(CompiledSpec(spec), options: ValidationOptions(enabledFeatures: enabled, maxIssues: 10_000))
                let linted = validator.validate(document.root, as: .named("MessageCreateParams")).issues.map(\.violation)
                let generated = request.validate(enabledFeatures: enabled)
                #expect(
                    generated == linted,
                    """
                    \(folder)/\(file.lastPathComponent) with features \(enabled.sorted()):
                    \(LineDiff.describe(expected: linted.map(\.description).joined(separator: "\n"), actual: generated.map(\.description).joined(separator: "\n")))
                    """)
            }
            compared += 1
        }
        #expect(compared > 0, "no request of \(folder) decoded")
    }
}
