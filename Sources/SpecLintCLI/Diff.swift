import ArgumentParser
import SpecKit

#if canImport(FoundationEssentials)
    import FoundationEssentials  // not Foundation: no ICU to load at start-up
#else
    import Foundation
#endif

/// `spec-lint diff OLD NEW`: every change between two specs, classified by whom it breaks.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the changes between two specs: what breaks requests, decoding or Swift source.",
        discussion: """
            Each change has a stable id, a path (Type.field), its classes (breaks-requests, breaks-decoding, \
            breaks-source, compatible, docs-only) and a location in NEW (in OLD for removals). With --payloads, \
            every request file under DIR is linted under both specs and the files whose verdict changes are \
            listed. Exit status: 1 when a change of a --fail-on class remains, 0 otherwise, 2 for unusable input.
            """
    )

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case breaking, breaksRequests = "breaks-requests", breaksDecoding = "breaks-decoding"
        case breaksSource = "breaks-source", any, none
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json, sarif, github, markdown
    }

    @Argument(help: ArgumentHelp("The old spec.", valueName: "old")) var old: String
    @Argument(help: ArgumentHelp("The new spec.", valueName: "new")) var new: String

    @Option(name: .long, help: "Output format: human, json, sarif, github or markdown.")
    var format: Format = .human

    @Option(
        name: .long,
        help:
            "Exit 1 when a change of this class remains: breaking (default), breaks-requests, breaks-decoding, breaks-source, any or none."
    )
    var failOn: FailOn = .breaking

    @Option(
        name: .long,
        help: ArgumentHelp("Accepted changes: lines 'CHANGE-ID PATH' ('#' starts a comment).", valueName: "path"))
    var ignore: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Lint the request files under this folder with both specs and list verdict changes.", valueName: "dir"))
    var payloads: String?

    @Option(name: .long, help: "The endpoint whose request type payloads are checked against (default: the first).")
    var endpoint: String?

    func load(_ path: String) throws -> Spec {
        let result = SpecLoader.load(path: path)
        guard let spec = result.spec, result.isUsable else {
            let text = result.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
            Output.error("\(text)\nspec-lint: '\(path)' has errors; run 'spec-lint check-spec \(path)' for details")
            throw ExitCode(2)
        }
        return spec
    }

    func run() throws {
        let oldSpec = try load(old)
        let newSpec = try load(new)
        var changes = SpecDiff.compare(oldSpec, newSpec)
        var ignored = 0
        if let ignore {
            guard let data = FileManager.default.contents(atPath: ignore) else {
                Output.error("spec-lint: cannot read the ignore file '\(ignore)'")
                throw ExitCode(2)
            }
            switch DiffIgnoreList.parse(String(decoding: data, as: UTF8.self), file: ignore) {
            case .failure(let error):
                Output.error(error.description + "\nspec-lint: the ignore file has errors")
                throw ExitCode(2)
            case .success(let list):
                let before = changes.count
                changes.removeAll(where: list.accepts)
                ignored = before - changes.count
            }
        }
        var report = DiffReport(oldPath: old, newPath: new, changes: changes, ignored: ignored)
        if let payloads {
            guard FileExpansion.isDirectory(payloads) else {
                throw ValidationError("--payloads takes a folder of request files, found '\(payloads)'")
            }
            func linter(_ spec: Spec) throws -> Linter {
                let compiled = CompiledSpec(spec)
                let endpointName = endpoint
                guard let type = compiled.requestType(endpoint: endpointName) else {
                    throw ValidationError(
                        "no endpoint with a request body\(endpointName.map { " named '\($0)'" } ?? "")")
                }
                return Linter(compiled: compiled, type: type)
            }
            let (paths, problems) = FileExpansion.expand([payloads])
            for problem in problems { Output.error(problem.diagnostics.map(\.description).joined(separator: "\n")) }
            report.payloadFiles = paths.count
            report.payloads = DiffReport.payloadChanges(
                old: try linter(oldSpec), new: try linter(newSpec), paths: paths,
                jobs: ProcessInfo.processInfo.activeProcessorCount)
        }

        // Excerpts from the spec files the changes point into.
        var results = report.fileResults
        for k in results.indices {
            guard let data = FileManager.default.contents(atPath: results[k].path) else { continue }
            results[k].excerpts = FileResult.excerpts(of: results[k].diagnostics, in: Array(data))
        }
        switch format {
        case .markdown: Output.write(report.markdown)
        case .json: Output.write(report.json)
        case .human:
            let reporter = Reporter(format: .human, color: false, toolVersion: SpecLint.version)
            var out = results.map(reporter.fileReport).joined()
            out += report.payloadText + report.summary
            Output.write(out)
        case .sarif, .github:
            let reporter = Reporter(format: format == .sarif ? .sarif : .github, toolVersion: SpecLint.version)
            var summary = LintSummary()
            for r in results { summary.add(r) }
            var out = results.map(reporter.fileReport).joined()
            if format == .sarif { out = reporter.finalReport(results, summary: summary) }
            Output.write(out)
        }

        let classes = report.classes
        let fails: Bool
        switch failOn {
        case .none: fails = false
        case .any: fails = !report.changes.isEmpty || !report.payloads.isEmpty
        case .breaking: fails = classes.contains(where: \.isBreaking)
        case .breaksRequests: fails = classes.contains(.breaksRequests)
        case .breaksDecoding: fails = classes.contains(.breaksDecoding)
        case .breaksSource: fails = classes.contains(.breaksSource)
        }
        if fails { throw ExitCode(1) }
    }
}
