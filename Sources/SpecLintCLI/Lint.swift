import ArgumentParser
import SpecKit

#if canImport(FoundationEssentials)
    import FoundationEssentials  // not Foundation: no ICU to load at start-up
#else
    import Foundation
#endif

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint JSON files (the default command).",
        discussion: """
            FILE may be a file, a directory (searched recursively for *.json, *.jsonl and *.ndjson) or - for \
            standard input. JSON Lines files hold one request per line; Message Batches files ({"requests": [...]} \
            or JSON Lines of {"custom_id", "params"}) are recognised by their shape.
            """
    )

    @OptionGroup var specOptions: SpecOptions

    @Argument(help: ArgumentHelp("Files, directories or - (standard input).", valueName: "file"))
    var files: [String] = []

    @Option(
        name: .customLong("beta"),
        help: ArgumentHelp("Enable a beta feature (repeatable), e.g. --beta files-api-2025-04-14.", valueName: "name"))
    var betas: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The anthropic-version the requests are sent with (default: the spec's default header); rules that depend on the API version use it.",
            valueName: "version"))
    var apiVersion: String?

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp("A request header that rules may read, as NAME=VALUE (repeatable).", valueName: "name=value")
    )
    var headers: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A YAML file of model profiles that add to or override the spec's (see Docs/Linting.md).", valueName: "path"
        ))
    var models: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How files hold requests: auto (by extension and shape), json, jsonl or batch.", valueName: "format"))
    var input: InputFormat = .auto

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Report only findings this baseline file (from --write-baseline) does not accept.", valueName: "path"))
    var baseline: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Record every finding of this run in a baseline file and exit 0 (unless a file cannot be read).",
            valueName: "path"))
    var writeBaseline: String?

    @OptionGroup var output: OutputOptions

    @Flag(name: .shortAndLong, help: "Print nothing for valid files and no summary (human format).")
    var quiet = false

    @Option(
        name: .long,
        help: "Diagnostics shown per file before a \"N more\" line (default 200; 100000 with a baseline option).")
    var maxDiagnostics: Int?

    @Option(name: .long, help: "Largest file read, in bytes; larger files are reported unread.")
    var maxFileSize = LintLimits().maxFileSize

    @Option(name: .long, help: "Deepest JSON nesting accepted.")
    var maxDepth = LintLimits().maxDepth

    @Option(name: .long, help: "Files linted in parallel (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    /// The settings this command line asks for.
    var settings: LintSettings {
        LintSettings(
            spec: specOptions.choice, files: files, betas: betas, apiVersion: apiVersion, headers: headers,
            models: models, input: input, baseline: baseline, writeBaseline: writeBaseline, format: output.format,
            strict: output.strict, color: output.color, quiet: quiet, maxDiagnostics: maxDiagnostics,
            maxFileSize: maxFileSize, maxDepth: maxDepth, jobs: jobs)
    }

    func validate() throws { try settings.validate() }

    func run() throws { try settings.run() }
}

/// What a lint run does, however its command line was read: by ArgumentParser (``Lint``) or, for the common
/// command lines, by ``QuickLintArguments``, which spares a short run ArgumentParser's start-up.
struct LintSettings: Equatable {
    var spec = SpecChoice()
    var files: [String] = []
    var betas: [String] = []
    var apiVersion: String?
    var headers: [String] = []
    var models: String?
    var input: InputFormat = .auto
    var baseline: String?
    var writeBaseline: String?
    var format: ReportFormat = .human
    var strict = false
    var color: ColorChoice = .auto
    var quiet = false
    var maxDiagnostics: Int?
    var maxFileSize = LintLimits().maxFileSize
    var maxDepth = LintLimits().maxDepth
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    /// Rejects settings no run can use (no files, a non-positive limit).
    func validate() throws {
        if files.isEmpty {
            throw ValidationError(
                "no files given; pass request JSON files, directories or - for standard input (e.g. 'spec-lint request.json')"
            )
        }
        guard maxDiagnostics ?? 1 > 0, maxFileSize > 0, maxDepth > 0, jobs > 0 else {
            throw ValidationError("--max-diagnostics, --max-file-size, --max-depth and --jobs must be positive")
        }
    }

    /// Lints the files and reports; throws `ExitCode` 1 when a file is invalid, 2 when one cannot be read.
    func run() throws {
        let (compiled, type) = try spec.load()
        let known = Set(compiled.api.features.map(\.name))
        for beta in betas where !known.contains(beta) {
            let hint = Suggestions.didYouMean(beta, in: known.sorted()).map { "; \($0)" } ?? ""
            throw ValidationError("unknown beta feature '\(beta)'\(hint)")
        }
        // A baseline must see every finding of a file, or a capped run would leave some unmatched.
        let cap = maxDiagnostics ?? (baseline != nil || writeBaseline != nil ? 100_000 : LintLimits().maxDiagnostics)
        let limits = LintLimits(maxFileSize: maxFileSize, maxDepth: maxDepth, maxDiagnostics: cap)
        var accepted: Baseline?
        if let baseline {
            switch FileInput.read(baseline, limit: 1 << 30) {
            case .failure(let failure):
                Output.error("spec-lint: \(failure.message)")
                throw ExitCode(2)
            case .success(let bytes):
                switch Baseline.parse(bytes, file: baseline) {
                case .success(let parsed): accepted = parsed
                case .failure(let error):
                    Output.error(
                        error.description
                            + "\nspec-lint: the baseline file has errors; fix it or write it again with --write-baseline"
                    )
                    throw ExitCode(2)
                }
            }
        }
        var headerValues: [String: String] = [:]
        for header in headers {
            guard let eq = header.firstIndex(of: "="), eq != header.startIndex else {
                throw ValidationError("--header takes NAME=VALUE, found '\(header)'")
            }
            headerValues[header[..<eq].lowercased()] = String(header[header.index(after: eq)...])
        }
        if let apiVersion { headerValues["anthropic-version"] = apiVersion }
        var catalog: ModelCatalog?
        if let models {
            let (loaded, diagnostics) = SpecLoader.loadModels(path: models, base: compiled.models)
            if !diagnostics.isEmpty { Output.error(diagnostics.map(\.description).joined(separator: "\n")) }
            guard let loaded else {
                Output.error("spec-lint: the model file has errors; fix them and run again")
                throw ExitCode(2)
            }
            catalog = loaded
        }
        let linter = Linter(
            compiled: compiled, type: type, features: Set(betas), limits: limits, headers: headerValues,
            models: catalog,
            input: input)
        let (paths, expansionProblems) = FileExpansion.expand(files)
        var results = expansionProblems + LintRunner.run(linter, paths: paths, jobs: jobs)
        if let writeBaseline {
            let recorded = Baseline(results: results)
            guard FileManager.default.createFile(atPath: writeBaseline, contents: Data(recorded.rendered().utf8)) else {
                Output.error("spec-lint: cannot write the baseline '\(writeBaseline)'; check that its folder exists")
                throw ExitCode(2)
            }
            Output.error("spec-lint: wrote \(recorded.findingCount) findings to \(writeBaseline)")
            if results.contains(where: { $0.status == .unreadable }) { throw ExitCode(2) }
            return
        }
        var acceptedCount = 0
        if let accepted { (results, acceptedCount) = accepted.filter(results) }

        let reporter = Reporter(
            format: format, color: Output.useColor(color, format: format), toolVersion: SpecLint.version)
        var summary = LintSummary()
        summary.accepted = acceptedCount
        var out = ""
        for result in results {
            summary.add(result)
            if !(quiet && result.diagnostics.isEmpty) { out += reporter.fileReport(result) }
            if out.utf8.count > 1 << 16 {
                Output.write(out)
                out = ""
            }
        }
        if !(quiet && format == .human) { out += reporter.finalReport(results, summary: summary) }
        Output.write(out)

        if results.contains(where: { $0.status == .unreadable }) { throw ExitCode(2) }
        if summary.invalidFiles > 0 || (strict && summary.warnings > 0) { throw ExitCode(1) }
    }
}
