import ArgumentParser
import SpecKit

#if canImport(FoundationEssentials)
    import FoundationEssentials  // not Foundation: no ICU to load at start-up
#else
    import Foundation
#endif

struct CheckSpec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-spec",
        abstract: "Check spec files: YAML, unknown keys and types, constraints, unions, rules, Swift names.",
        discussion:
            "Exit status: 0 when every spec is clean (warnings allowed unless --strict), 1 when a spec has errors, 2 when a file cannot be read."
    )

    @Argument(help: ArgumentHelp("Spec files to check.", valueName: "spec"))
    var specs: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if specs.isEmpty { throw ValidationError("no spec given; e.g. 'spec-lint check-spec Spec/messages.yaml'") }
    }

    func run() throws {
        var results: [FileResult] = []
        var unreadable = false
        for path in specs {
            let bytes: [UInt8]
            switch FileInput.read(path, limit: YAMLLimits.default.maxBytes) {
            case .success(let read): bytes = read
            case .failure(let failure):
                unreadable = true
                results.append(
                    FileResult(
                        path: path, status: .unreadable,
                        diagnostics: [Diagnostic(.error, at: nil, failure.message, rule: "io.read")]))
                continue
            }
            let loaded = SpecLoader.load(bytes: bytes, file: path)
            let invalid = loaded.diagnostics.contains { $0.severity == .error }
            results.append(
                FileResult(
                    path: path, status: invalid ? .invalid : .valid, diagnostics: loaded.diagnostics,
                    excerpts: FileResult.excerpts(of: loaded.diagnostics, in: bytes)))
        }
        let reporter = output.reporter()
        var summary = LintSummary()
        var out = ""
        for result in results {
            summary.add(result)
            out += reporter.fileReport(result)
        }
        out += reporter.finalReport(results, summary: summary)
        Output.write(out)
        if unreadable { throw ExitCode(2) }
        if summary.invalidFiles > 0 || (output.strict && summary.warnings > 0) { throw ExitCode(1) }
    }
}
