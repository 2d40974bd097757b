import ArgumentParser
import SpecKit

#if canImport(FoundationEssentials)
    import FoundationEssentials  // not Foundation: no ICU to load at start-up
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `spec-lint`: lint request JSON files against an API spec.
@main
struct SpecLint: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "spec-lint",
        abstract: "Lint JSON request payloads against an API spec (the Anthropic Messages API by default).",
        discussion: """
            Exit status: 0 when every file is valid (warnings allowed unless --strict), 1 when any file \
            is invalid, 2 for usage errors, a broken spec or files that cannot be read.
            """,
        version: version,
        subcommands: [Lint.self, CheckSpec.self, Schema.self, Diff.self, Import.self],
        defaultSubcommand: Lint.self
    )

    /// Runs the command, mapping argument errors to exit status 2 (the documented usage-error code).
    static func main() {
        if let settings = QuickLintArguments.settings(Array(CommandLine.arguments.dropFirst())) {
            do {
                try settings.validate()
                try settings.run()
                return
            } catch let code as ExitCode {
                Output.terminate(code.rawValue)
            } catch is ValidationError {
                // A usage error, found before anything was written: ArgumentParser reads the command line again
                // below and reports it with the usage it belongs to.
            } catch {
                report(error)
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            report(error)
        }
    }

    /// Reports `error` as ArgumentParser would and exits with the documented status.
    static func report(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            Output.terminate(0)
        }
        if let code = error as? ExitCode {
            Output.terminate(code.rawValue)
        }
        Output.error(fullMessage(for: error))
        if code == .validationFailure {
            Output.error("Run 'spec-lint --help' for usage.")
        }
        Output.terminate(code == .validationFailure || code == .failure ? 2 : code.rawValue)
    }
}

/// Options shared by the subcommands that read a spec.
struct SpecOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The spec to use instead of the built-in Anthropic Messages spec.", valueName: "path"))
    var spec: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The endpoint whose request type to check (default: the first endpoint with a request).", valueName: "name")
    )
    var endpoint: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Check against this type of the spec instead of an endpoint's request.", valueName: "name"))
    var type: String?

    /// The spec these options choose.
    var choice: SpecChoice { SpecChoice(spec: spec, endpoint: endpoint, type: type) }

    /// Loads the spec, or prints its diagnostics and exits 2.
    func load() throws -> (CompiledSpec, TypeRef) { try choice.load() }
}

/// Which spec, and which of its types, a command checks against.
struct SpecChoice: Equatable {
    /// A spec file instead of the built-in one.
    var spec: String?
    /// The endpoint whose request type to check.
    var endpoint: String?
    /// A type to check instead of an endpoint's request.
    var type: String?

    /// Loads the spec, or prints its diagnostics and exits 2.
    func load() throws -> (CompiledSpec, TypeRef) {
        let compiled: CompiledSpec
        if spec == nil, let archived = Self.archivedBuiltInSpec() {
            compiled = CompiledSpec(archived)
        } else {
            let result: SpecLoader.Result
            if let spec {
                result = SpecLoader.load(path: spec)
            } else {
                // Checked when it was built in: SpecVerdictParityTests and the reference tests run check-spec on it.
                result = SpecLoader.load(
                    bytes: Array(EmbeddedSpecs.messagesYAML.utf8), file: "<built-in messages.yaml>", checked: false)
            }
            guard let resolved = result.spec, result.isUsable else {
                let text = result.diagnostics.filter { $0.severity == .error }.map(\.description).joined(
                    separator: "\n")
                Output.error(
                    "\(text)\nspec-lint: the spec has errors; run 'spec-lint check-spec \(spec ?? "SPEC")' for details")
                throw ExitCode(2)
            }
            compiled = CompiledSpec(resolved)
        }
        // It lives until the process exits: freeing its thousands of values at the end is a few percent of a short run.
        _ = Unmanaged.passRetained(compiled)
        if let type {
            guard compiled.declares(type) else {
                let hint = Suggestions.didYouMean(type, in: compiled.typeNames).map { "; \($0)" } ?? ""
                throw ValidationError("unknown type '\(type)' in the spec\(hint)")
            }
            return (compiled, .named(type))
        }
        if let endpoint {
            let names = compiled.endpoints.map(\.name)
            guard let found = compiled.endpoints.first(where: { $0.name == endpoint }) else {
                let hint = Suggestions.didYouMean(endpoint, in: names).map { "; \($0)" } ?? ""
                throw ValidationError(
                    "unknown endpoint '\(endpoint)'\(hint); the spec has \(names.joined(separator: ", "))")
            }
            guard let request = found.request else {
                throw ValidationError("endpoint '\(endpoint)' takes no request body")
            }
            return (compiled, request)
        }
        guard let request = compiled.requestType() else {
            throw ValidationError("the spec has no endpoint with a request body; use --type")
        }
        return (compiled, request)
    }
}

extension SpecChoice {
    /// The built-in spec from the archive compiled in (no YAML to parse or resolve), unless the archive is stale or
    /// `SPEC_LINT_NO_ARCHIVE=1` asks for the YAML path (to compare the two in a benchmark).
    static func archivedBuiltInSpec() -> ArchivedSpec? {
        guard getenv("SPEC_LINT_NO_ARCHIVE").map({ String(cString: $0) }) != "1" else { return nil }
        return SpecArchive.open(
            builtIn: EmbeddedSpecs.messagesYAML, base64: BuiltInSpecArchive.base64, digest: BuiltInSpecArchive.digest)
    }
}

/// The output options of every command that reports diagnostics (`lint`, `check-spec`).
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: human, json, sarif or github.")
    var format: ReportFormat = .human

    @Flag(name: .long, help: "Treat warnings as errors for the exit status.")
    var strict = false

    @Option(
        name: .long, help: "When to colour human output: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    /// The reporter these options ask for.
    func reporter() -> Reporter {
        Reporter(format: format, color: Output.useColor(color, format: format), toolVersion: SpecLint.version)
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

extension ReportFormat: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}

private func systemWrite(_ fd: Int32, _ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int { write(fd, bytes, count) }
private func systemExit(_ status: Int32) -> Never { exit(status) }

/// Writing to standard output and error with write(2): unbuffered, so the two keep their order.
enum Output {
    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        fflush(nil)  // after anything print() buffered
        write(text, to: 1)
    }

    static func error(_ text: String) {
        write(text.hasSuffix("\n") ? text : text + "\n", to: 2)
    }

    /// Ends the process with `status`, flushing what print() buffered.
    static func terminate(_ status: Int32) -> Never {
        fflush(nil)
        systemExit(status)
    }

    /// All of `text` to file descriptor `fd`, through partial writes and interruptions.
    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var done = 0
            while done < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress.map { $0 + done }, buffer.count - done)
                if n > 0 {
                    done += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    static func useColor(_ choice: ColorChoice, format: ReportFormat) -> Bool {
        guard format == .human else { return false }
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = ProcessInfo.processInfo.environment["NO_COLOR"], !noColor.isEmpty { return false }
            return isatty(1) == 1
        }
    }
}
