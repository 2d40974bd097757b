import Foundation
import SpecGeneratorCore
import Testing

/// Compares the generated code for `Spec/messages.yaml` with the committed sources of the `AnthropicMessages`
/// module (`Sources/AnthropicMessages/Generated/`), and for `Resources/constructs.yaml` with `Reference/`. Set
/// `SPEC_GEN_RECORD=1` to write the current output there instead; the test then fails, so a recording run is never
/// mistaken for a passing one.
@Suite struct ReferenceTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageDirectory = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let recording = ProcessInfo.processInfo.environment["SPEC_GEN_RECORD"] == "1"

    /// Each spec and the folder that holds its committed output.
    static let references = [
        ("Spec/messages.yaml", "Sources/AnthropicMessages/Generated"),
        ("Tests/GeneratorTests/Resources/constructs.yaml", "Tests/GeneratorTests/Reference"),
    ]

    @Test(arguments: references)
    func generatedCodeMatchesReference(spec: String, folder: String) throws {
        let path = Self.packageDirectory.appendingPathComponent(spec).path
        let result = GeneratorPipeline.run(specAt: path)
        #expect(!result.hasErrors, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(result.files.map(\.name) == Translator.outputFileNames(forSpecFile: spec))
        for file in result.files {
            let reference = Self.packageDirectory.appendingPathComponent(folder).appendingPathComponent(file.name)
            if Self.recording {
                try Data(file.contents.utf8).write(to: reference)
                Issue.record("recorded \(reference.path); run again without SPEC_GEN_RECORD=1 to check it")
                continue
            }
            guard let expected = try? String(contentsOf: reference, encoding: .utf8) else {
                Issue.record("missing reference \(reference.path); run with SPEC_GEN_RECORD=1 to create it")
                continue
            }
            if expected != file.contents {
                Issue.record(
                    """
                    \(file.name) differs from its reference; if the change is intended, run \
                    SPEC_GEN_RECORD=1 swift test --filter ReferenceTests
                    \(LineDiff.describe(expected: expected, actual: file.contents))
                    """)
            }
        }
    }

    /// Doc comments are for the client's users: where a fact comes from (SDK versions, OpenAPI documents) belongs
    /// in the spec's `#` comments, which never reach generated code.
    @Test func userDocsCarryNoMaintainerNotes() throws {
        let path = Self.packageDirectory.appendingPathComponent("Spec/messages.yaml").path
        let result = GeneratorPipeline.run(specAt: path)
        #expect(!result.files.isEmpty)
        let maintainerWords = ["anthropic-sdk", "SDK", "2026-05 spec", "OpenAPI", "test fixtures"]
        for file in result.files {
            for (number, line) in file.contents.split(separator: "\n").enumerated()
            where line.trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                for word in maintainerWords where line.contains(word) {
                    Issue.record("\(file.name):\(number + 1): a maintainer note ('\(word)') in a doc comment: \(line)")
                }
            }
        }
    }

    @Test func generationIsDeterministic() {
        let path = Self.packageDirectory.appendingPathComponent("Tests/GeneratorTests/Resources/constructs.yaml").path
        #expect(GeneratorPipeline.run(specAt: path).files == GeneratorPipeline.run(specAt: path).files)
    }

    @Test func lineDiffShowsChangedLines() {
        let diff = LineDiff.describe(expected: "a\nb\nc\nd", actual: "a\nB\nc\nd\ne")
        #expect(diff.contains("first difference at line 2"))
        #expect(diff.contains("-2: b"))
        #expect(diff.contains("+2: B"))
        #expect(diff.contains("+5: e"))
    }
}
