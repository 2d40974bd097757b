import Foundation
import Testing

/// `spec-lint check-spec` and `spec-gen generate` load specs through the same checks, so they must give the
/// same verdict on every spec: a spec that passes the linter generates, and one that the generator rejects
/// fails the linter, with the same errors.
@Suite struct SpecVerdictParityTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every spec fixture of the repository: `Tests/Fixtures/specs`, `Spec/` and the generator's test specs.
    static let specs: [String] = {
        let folders = [
            "Tests/Fixtures/specs", "Spec", "Tests/GeneratorTests/Resources", "Tests/ConsumerPackage/Sources/Consumer",
        ]
        return folders.flatMap { folder -> [String] in
            let directory = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0).path }
        }
    }()

    /// Runs a sibling executable of the test bundle; returns its exit status and its output (standard output
    /// and standard error together: check-spec reports on the first, spec-gen on the second).
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            tool)
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "\(tool) is built next to the tests")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.environment = ["NO_COLOR": "1"]
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// The `path:line:col: error: …` lines of a tool's output.
    static func errors(in output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") && !$0.hasPrefix("spec-gen:") }
    }

    @Test func thereAreGoodAndBrokenFixtures() {
        let names = Self.specs.map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(names.contains("messages.yaml"))
        #expect(names.filter { $0.hasPrefix("good-") }.count >= 3)
        #expect(names.filter { $0.hasPrefix("broken-") }.count >= 8)
    }

    @Test(arguments: specs) func checkSpecAndGeneratorAgree(spec: String) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("spec-parity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let lint = try Self.run("spec-lint", ["check-spec", spec])
        let generate = try Self.run("spec-gen", ["generate", "--spec", spec, "--output", output.path])
        let name = URL(fileURLWithPath: spec).lastPathComponent
        #expect(
            lint.status == generate.status, "check-spec exits \(lint.status), spec-gen \(generate.status) on \(name)")
        #expect(Self.errors(in: lint.output) == Self.errors(in: generate.output), "the same errors on \(name)")
        if name.hasPrefix("broken-") {
            #expect(lint.status != 0, "\(name) must be rejected")
            #expect(!Self.errors(in: lint.output).isEmpty, "\(name) is rejected with a located error")
        } else {
            #expect(lint.status == 0, "\(name) must pass: \(lint.output)")
        }
    }
}
