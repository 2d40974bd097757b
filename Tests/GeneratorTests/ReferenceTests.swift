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
