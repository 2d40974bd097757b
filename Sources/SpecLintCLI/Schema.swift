import ArgumentParser
import SpecKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the request type as a JSON Schema (draft 2020-12) for editors and other tools.",
        discussion:
            "What JSON Schema cannot express (a < b rules, warnings, beta features) is listed in the schema's $comment and on standard error."
    )

    @OptionGroup var specOptions: SpecOptions

    func run() throws {
        let (compiled, type) = try specOptions.load()
        let export = JSONSchemaExporter.export(compiled.spec, root: type)
        Output.write(export.json)
        if !export.unsupported.isEmpty {
            Output.error(
                "spec-lint: note: JSON Schema cannot express \(export.unsupported.count) checks of the spec; spec-lint still applies them:\n"
                    + export.unsupported.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }
}
