import SpecKit

/// Reads the command lines of everyday lint runs — files and lint options, such as
/// `spec-lint --format json --beta files-api-2025-04-14 a.json` — without ArgumentParser, whose reflection over
/// the command tree is about a third of a one-file run.
///
/// Anything else gives `nil` and is read by ArgumentParser as usual: a subcommand or `help` anywhere, `--help`,
/// `--version`, an unknown or repeated option, a missing or malformed value, `--`, no files. So the quick
/// reading never decides an error message or a corner of the syntax; `QuickLintArgumentsTests` checks that it
/// gives the same settings as ArgumentParser wherever it answers.
enum QuickLintArguments {
    /// The names ArgumentParser reads as a subcommand.
    static let subcommands: Set<String> = ["lint", "check-spec", "schema", "diff", "import", "help"]

    /// The settings of `arguments` (without the program name), or nil when ArgumentParser must read them.
    static func settings(_ arguments: [String]) -> LintSettings? {
        var settings = LintSettings()
        var seen: Set<String> = []
        var rest = arguments[...]
        if rest.first == "lint" { rest = rest.dropFirst() }
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("-"), argument != "-" else {
                guard !subcommands.contains(argument) else { return nil }
                settings.files.append(argument)
                continue
            }
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            if name == "-q" { name = "--quiet" }
            // Options that may be given several times collect; every other one may appear once.
            let repeatable = name == "--beta" || name == "--header"
            guard repeatable || seen.insert(name).inserted else { return nil }
            if name == "--quiet" || name == "--strict" {
                guard inline == nil else { return nil }
                if name == "--quiet" { settings.quiet = true } else { settings.strict = true }
                continue
            }
            // ArgumentParser takes neither `--name=` nor a value that looks like an option.
            guard let value = inline ?? rest.popFirst(), inline != nil ? !value.isEmpty : !value.hasPrefix("-")
            else { return nil }
            guard settings.set(name, to: value) else { return nil }
        }
        return settings.files.isEmpty ? nil : settings
    }
}

extension LintSettings {
    /// Sets the option `name` (`--format`, …) to `value`; false for an unknown option or a value it does not take.
    fileprivate mutating func set(_ name: String, to value: String) -> Bool {
        switch name {
        case "--spec": spec.spec = value
        case "--endpoint": spec.endpoint = value
        case "--type": spec.type = value
        case "--beta": betas.append(value)
        case "--api-version": apiVersion = value
        case "--header": headers.append(value)
        case "--models": models = value
        case "--baseline": baseline = value
        case "--write-baseline": writeBaseline = value
        case "--input": return assign(InputFormat(rawValue: value), to: &input)
        case "--format": return assign(ReportFormat(rawValue: value), to: &format)
        case "--color": return assign(ColorChoice(rawValue: value), to: &color)
        case "--max-diagnostics":
            guard let parsed = Int(value) else { return false }
            maxDiagnostics = parsed
        case "--max-file-size": return assign(Int(value), to: &maxFileSize)
        case "--max-depth": return assign(Int(value), to: &maxDepth)
        case "--jobs": return assign(Int(value), to: &jobs)
        default: return false
        }
        return true
    }

    /// Stores a parsed value; false when it did not parse.
    private func assign<T>(_ parsed: T?, to target: inout T) -> Bool {
        guard let parsed else { return false }
        target = parsed
        return true
    }
}
