import ArgumentParser
import TestSupport
import Testing

@testable import spec_lint

/// The quick reading of everyday command lines must give what ArgumentParser gives, and leave every other
/// command line to it.
@Suite struct QuickLintArgumentsTests {
    /// ArgumentParser's settings for `arguments`, or nil when it rejects them or picks another subcommand.
    static func parsed(_ arguments: [String]) -> LintSettings? {
        guard let command = try? SpecLint.parseAsRoot(arguments), let lint = command as? Lint else { return nil }
        return lint.settings
    }

    @Test(arguments: [
        ["a.json"],
        ["lint", "a.json", "b.json"],
        ["-", "--quiet"],
        ["-q", "a.json", "--strict"],
        ["--format", "json", "a.json"],
        ["--format=sarif", "a.json", "--color=never"],
        ["--beta", "files-api-2025-04-14", "--beta=x", "a.json"],
        ["--header", "anthropic-beta=x", "--header", "b=c", "--api-version", "2023-06-01", "a.json"],
        ["--spec", "s.yaml", "--endpoint", "create", "--type", "T", "dir"],
        ["--models", "m.yaml", "--input", "jsonl", "--baseline", "b.json", "a.jsonl"],
        ["--write-baseline", "b.json", "--max-diagnostics", "5", "--max-file-size", "100", "a.json"],
        ["--max-depth", "3", "--jobs", "1", "a.json"],
        ["--jobs", "+2", "a.json"],
    ])
    func agreesWithArgumentParser(_ arguments: [String]) throws {
        let quick = try #require(QuickLintArguments.settings(arguments))
        #expect(quick == Self.parsed(arguments))
    }

    @Test(arguments: [
        [],
        ["--help"],
        ["-h", "a.json"],
        ["--version"],
        ["help"],
        ["check-spec", "s.yaml"],
        ["a.json", "diff"],
        ["--bogus", "a.json"],
        ["-x", "a.json"],
        ["-qq", "a.json"],
        ["--format", "yaml", "a.json"],
        ["--format", "a.json"],
        ["a.json", "--format"],
        ["--jobs", "two", "a.json"],
        ["--jobs", "-1", "a.json"],
        ["--jobs", "1", "--jobs", "2", "a.json"],
        ["--strict=true", "a.json"],
        ["--", "a.json"],
        ["--quiet"],
        ["--models=", "a.json"],
    ])
    func leavesTheRestToArgumentParser(_ arguments: [String]) {
        #expect(QuickLintArguments.settings(arguments) == nil)
    }

    /// Random command lines from the options' vocabulary: wherever the quick reading answers, ArgumentParser
    /// accepts the line and gives the same settings.
    @Test func randomCommandLinesAgree() throws {
        let words = [
            "a.json", "b.jsonl", "-", "lint", "-q", "--quiet", "--strict", "--format", "json", "human", "--color",
            "always", "--beta", "x", "--header", "k=v", "--jobs", "2", "--max-depth", "0", "--input", "batch",
            "--spec", "--type", "T", "--endpoint", "--format=github", "--jobs=3", "--baseline", "--write-baseline",
            "--models", "--api-version", "--max-file-size", "--max-diagnostics", "7", "--bogus", "diff",
        ]
        var generator = SplitMix(seed: 0x5eed)
        var answered = 0
        for _ in 0..<1000 {
            let count = Int(generator.next() % 7)
            let arguments = (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }
            guard let quick = QuickLintArguments.settings(arguments) else { continue }
            answered += 1
            // Settings no run can use are thrown out by both (the quick path then lets ArgumentParser report them).
            guard (try? quick.validate()) != nil else {
                #expect(Self.parsed(arguments) == nil, "\(arguments)")
                continue
            }
            let full = try #require(
                Self.parsed(arguments), "ArgumentParser rejects \(arguments), which the quick reading accepts")
            #expect(quick == full, "\(arguments)")
        }
        #expect(answered > 60)
    }
}
