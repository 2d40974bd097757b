import ArgumentParser
import Dispatch
import Foundation
import SpecKit

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint JSON files (the default command).",
        discussion: "FILE may be a file, a directory (searched recursively for *.json) or - for standard input."
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

    @Option(name: .long, help: "Output format: human, json, sarif or github.")
    var format: ReportFormat = .human

    @Flag(name: .long, help: "Treat warnings as errors for the exit status.")
    var strict = false

    @Option(
        name: .long, help: "When to colour human output: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    @Flag(name: .shortAndLong, help: "Print nothing for valid files and no summary (human format).")
    var quiet = false

    @Option(name: .long, help: "Diagnostics shown per file before a \"N more\" line.")
    var maxDiagnostics = LintLimits().maxDiagnostics

    @Option(name: .long, help: "Largest file read, in bytes; larger files are reported unread.")
    var maxFileSize = LintLimits().maxFileSize

    @Option(name: .long, help: "Deepest JSON nesting accepted.")
    var maxDepth = LintLimits().maxDepth

    @Option(name: .long, help: "Files linted in parallel (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if files.isEmpty {
            throw ValidationError(
                "no files given; pass request JSON files, directories or - for standard input (e.g. 'spec-lint request.json')"
            )
        }
        guard maxDiagnostics > 0, maxFileSize > 0, maxDepth > 0, jobs > 0 else {
            throw ValidationError("--max-diagnostics, --max-file-size, --max-depth and --jobs must be positive")
        }
    }

    func run() throws {
        let (compiled, type) = try specOptions.load()
        let known = Set(compiled.spec.api.features.map(\.name))
        for beta in betas where !known.contains(beta) {
            let hint = Suggestions.didYouMean(beta, in: known.sorted()).map { "; \($0)" } ?? ""
            throw ValidationError("unknown beta feature '\(beta)'\(hint)")
        }
        let limits = LintLimits(maxFileSize: maxFileSize, maxDepth: maxDepth, maxDiagnostics: maxDiagnostics)
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
            let (loaded, diagnostics) = SpecLoader.loadModels(path: models, base: compiled.spec.models)
            if !diagnostics.isEmpty { Output.error(diagnostics.map(\.description).joined(separator: "\n")) }
            guard let loaded else {
                Output.error("spec-lint: the model file has errors; fix them and run again")
                throw ExitCode(2)
            }
            catalog = loaded
        }
        let linter = Linter(
            compiled: compiled, type: type, features: Set(betas), limits: limits, headers: headerValues, models: catalog
        )
        let (paths, expansionProblems) = FileExpansion.expand(files)
        let results = expansionProblems + LintRunner.run(linter, paths: paths, jobs: jobs)

        let reporter = Reporter(
            format: format, color: Output.useColor(color, format: format), toolVersion: SpecLint.version)
        var summary = LintSummary()
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

/// Expands directories into their `*.json` files, sorted, keeping the order of arguments.
/// Uses `opendir`/`readdir` directly: listing is a noticeable share of linting many small files.
enum FileExpansion {
    static func expand(_ arguments: [String]) -> (paths: [String], problems: [FileResult]) {
        var paths: [String] = []
        var problems: [FileResult] = []
        for argument in arguments {
            guard argument != "-", isDirectory(argument) else {
                paths.append(argument)
                continue
            }
            var found: [String] = []
            var pending = [argument.hasSuffix("/") ? String(argument.dropLast()) : argument]
            while let directory = pending.popLast() {
                guard let handle = opendir(directory) else {
                    problems.append(
                        FileResult(
                            path: directory, status: .unreadable,
                            diagnostics: [
                                Diagnostic(.error, at: nil, "cannot list directory '\(directory)'", rule: "io.read")
                            ]))
                    continue
                }
                defer { closedir(handle) }
                while let entry = readdir(handle) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                    }
                    if name == "." || name == ".." { continue }
                    let full = directory + "/" + name
                    let type = entry.pointee.d_type
                    if type == UInt8(DT_DIR) || (type == UInt8(DT_UNKNOWN) && isDirectory(full)) {
                        pending.append(full)
                    } else if name.hasSuffix(".json") {
                        // Dangling links and unreadable entries are kept, to be reported when read.
                        if type == UInt8(DT_LNK), isDirectory(full) { continue }
                        found.append(full)
                    }
                }
            }
            paths += found.sorted()
        }
        return (paths, problems)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Lints many files on several threads, returning results in input order. Large files are
/// linted one at a time so that peak memory follows the largest file, not the sum.
enum LintRunner {
    static let largeFile = 1 << 20

    static func run(_ linter: Linter, paths: [String], jobs: Int) -> [FileResult] {
        let results = ResultSlots(count: paths.count)
        var small: [Int] = []
        for (index, path) in paths.enumerated() {
            if path != "-", let size = fileSize(path), size >= largeFile {
                results.set(index, linter.lint(path: path))
            } else {
                small.append(index)
            }
        }
        let pending = small
        let workers = max(1, min(jobs, pending.count))
        if workers == 1 {
            for index in pending { results.set(index, linter.lint(path: paths[index])) }
        } else {
            let chunk = 64
            let next = Counter()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let start = next.add(chunk)
                    if start >= pending.count { break }
                    for k in start..<min(start + chunk, pending.count) {
                        let index = pending[k]
                        results.set(index, linter.lint(path: paths[index]))
                    }
                }
            }
        }
        return results.values
    }

    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }
}

/// Result storage written by worker threads, each slot once.
final class ResultSlots: @unchecked Sendable {
    // @unchecked: every slot is written by exactly one thread and read only after all workers finish.
    private var slots: [FileResult?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: FileResult) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [FileResult] { slots.compactMap { $0 } }
}

/// An atomic-enough counter for handing out work (guarded by a lock).
final class Counter: @unchecked Sendable {
    // @unchecked: `value` is only touched while holding `lock`.
    private var value = 0
    private let lock = NSLock()

    func add(_ n: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let old = value
        value += n
        return old
    }
}
