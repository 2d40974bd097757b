import ArgumentParser
import SpecImport
import SpecKit

#if canImport(FoundationEssentials)
    import FoundationEssentials  // not Foundation: no ICU to load at start-up
#else
    import Foundation
#endif

/// `spec-lint import --openapi FILE`: write a spec in this project's format from an OpenAPI document.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a spec from operations of an OpenAPI 3.0/3.1 document (JSON).",
        discussion: """
            What the spec format cannot express is reported as a warning located at its JSON Pointer and left as \
            a '# not imported:' comment in the output. The output is checked like 'check-spec' before it is \
            written. Exit status: 0 written (warnings allowed), 2 for unusable input.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The OpenAPI document (JSON).", valueName: "path")) var openapi: String

    @Option(
        name: .customLong("operation"),
        help: ArgumentHelp("An operationId to import (repeatable; default: every operation).", valueName: "id"))
    var operations: [String] = []

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Write the spec here (default: standard output).", valueName: "path"))
    var output: String?

    func run() throws {
        let bytes: [UInt8]
        switch FileInput.read(openapi, limit: 256 << 20) {
        case .success(let read): bytes = read
        case .failure(let failure):
            Output.error("spec-lint: \(failure.message)")
            throw ExitCode(2)
        }
        let result = OpenAPIImporter.run(bytes: bytes, file: openapi, operationIDs: operations)
        if !result.diagnostics.isEmpty { Output.error(result.diagnostics.map(\.description).joined(separator: "\n")) }
        guard let yaml = result.yaml, !result.diagnostics.contains(where: { $0.severity == .error }) else {
            Output.error("spec-lint: nothing imported; fix the errors above")
            throw ExitCode(2)
        }
        let check = SpecLoader.load(bytes: Array(yaml.utf8), file: output ?? "<imported spec>")
        let errors = check.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            Output.error(
                errors.map(\.description).joined(separator: "\n")
                    + "\nspec-lint: the imported spec does not pass check-spec; this is a bug of the importer")
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(yaml.utf8)) else {
                Output.error("spec-lint: cannot write '\(output)'; check that its folder exists")
                throw ExitCode(2)
            }
        } else {
            Output.write(yaml)
        }
        if !errors.isEmpty { throw ExitCode(2) }
    }
}
