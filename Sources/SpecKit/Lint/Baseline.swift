/// Findings accepted as they are, so that a run reports only new ones: how a team adopts a stricter spec (or
/// starts linting a large corpus) without fixing everything first.
///
/// A finding is keyed by its file, its batch `custom_id` (if any), its JSON Pointer and its rule id — not by line or
/// message, so edits elsewhere in a file leave the baseline valid. Each key keeps a count: a file with three
/// accepted `string.min-length` errors at one pointer (say, three lines of a JSON Lines file) accepts three, and a
/// fourth is new. Notes are never recorded.
public struct Baseline: Sendable, Equatable {
    /// What identifies a finding.
    public struct Key: Hashable, Sendable, Comparable {
        /// The file, as given on the command line (a leading `./` dropped).
        public var file: String
        /// The batch request's `custom_id`.
        public var record: String?
        /// The JSON Pointer of the value; empty for problems of the whole file (syntax, reading).
        public var pointer: String
        /// The rule id.
        public var rule: String

        /// Creates a key.
        public init(file: String, record: String? = nil, pointer: String, rule: String) {
            self.file = Key.normalized(file)
            self.record = record
            self.pointer = pointer
            self.rule = rule
        }

        /// The key of a diagnostic of `file`.
        public init(_ diagnostic: Diagnostic, file: String) {
            self.init(
                file: file, record: diagnostic.record, pointer: diagnostic.pointer ?? "",
                rule: diagnostic.rule ?? "spec-lint")
        }

        static func normalized(_ path: String) -> String {
            var p = path
            while p.hasPrefix("./") { p.removeFirst(2) }
            return p
        }

        /// Orders by file, custom_id, pointer, then rule.
        public static func < (a: Key, b: Key) -> Bool {
            (a.file, a.record ?? "", a.pointer, a.rule) < (b.file, b.record ?? "", b.pointer, b.rule)
        }
    }

    /// How many findings of each key are accepted.
    public private(set) var counts: [Key: Int]

    /// Creates a baseline from counts.
    public init(counts: [Key: Int] = [:]) { self.counts = counts.filter { $0.value > 0 } }

    /// The findings (errors and warnings) of a run.
    public init(results: [FileResult]) {
        var counts: [Key: Int] = [:]
        for result in results {
            for d in result.diagnostics where d.severity != .note {
                counts[Key(d, file: result.path), default: 0] += 1
            }
        }
        self.init(counts: counts)
    }

    /// The number of accepted findings.
    public var findingCount: Int { counts.values.reduce(0, +) }

    /// `results` without the findings this baseline accepts, and how many were left out. A file whose remaining
    /// findings are warnings only is valid again.
    public func filter(_ results: [FileResult]) -> (results: [FileResult], accepted: Int) {
        var budget = counts
        var accepted = 0
        var out: [FileResult] = []
        for var result in results {
            result.diagnostics.removeAll { d in
                guard d.severity != .note else { return false }
                let key = Key(d, file: result.path)
                guard let left = budget[key], left > 0 else { return false }
                budget[key] = left - 1
                accepted += 1
                return true
            }
            if result.status == .invalid,
                !result.diagnostics.contains(where: { $0.severity == .error }), result.omitted == 0
            {
                result.status = .valid
            }
            out.append(result)
        }
        return (out, accepted)
    }

    /// The baseline as JSON text: findings sorted by key, one per line, so that changes read well in a diff.
    public func rendered() -> String {
        var lines: [String] = []
        for key in counts.keys.sorted() {
            var fields = ["\"file\": \(Self.quoted(key.file))"]
            if let record = key.record { fields.append("\"custom_id\": \(Self.quoted(record))") }
            fields.append("\"pointer\": \(Self.quoted(key.pointer))")
            fields.append("\"rule\": \(Self.quoted(key.rule))")
            fields.append("\"count\": \(counts[key] ?? 0)")
            lines.append("    {" + fields.joined(separator: ", ") + "}")
        }
        let body = lines.isEmpty ? "" : "\n" + lines.joined(separator: ",\n") + "\n  "
        return "{\n  \"version\": 1,\n  \"findings\": [" + body + "]\n}\n"
    }

    static func quoted(_ text: String) -> String { JSONText.quote(text) }

    /// Reads a baseline file written by ``rendered()``; problems are located diagnostics.
    public static func parse(_ bytes: [UInt8], file: String) -> Result<Baseline, DiagnosticError> {
        let parsed = JSONParser.parse(bytes, file: file)
        guard let document = parsed.document, !parsed.diagnostics.contains(where: { $0.severity == .error }) else {
            return .failure(DiagnosticError(parsed.diagnostics))
        }
        var problems: [Diagnostic] = []
        func problem(_ at: JSONValue, _ message: String) {
            problems.append(Diagnostic(.error, at: at.location, message, rule: "baseline"))
        }
        let root = document.root
        guard root.kind == .object, let findings = root.member("findings"), findings.kind == .array else {
            problem(root, "a baseline is an object with a 'findings' list; write one with --write-baseline")
            return .failure(DiagnosticError(problems))
        }
        if let version = root.member("version"), version.sourceText != "1" {
            problem(version, "unsupported baseline version \(version.sourceText); this spec-lint reads version 1")
        }
        var counts: [Key: Int] = [:]
        let known = ["file", "custom_id", "pointer", "rule", "count"]
        for finding in findings.elements {
            guard finding.kind == .object else {
                problem(finding, "a finding is an object with 'file', 'pointer' and 'rule'")
                continue
            }
            for member in finding.members where !known.contains(member.key) {
                var text = "unknown key '\(member.key)' in a finding"
                if let s = Suggestions.closest(to: member.key, in: known) { text += "; did you mean '\(s)'?" }
                problem(member.keyNode, text)
            }
            func string(_ name: String, required: Bool) -> String? {
                guard let value = finding.member(name) else {
                    if required { problem(finding, "a finding needs '\(name)'") }
                    return nil
                }
                guard let text = value.string else {
                    problem(value, "'\(name)' must be a string, found \(value.kind.name)")
                    return nil
                }
                return text
            }
            var count = 1
            if let value = finding.member("count") {
                if value.isInteger, let n = Int(value.sourceText), n >= 1, n <= 1_000_000_000 {
                    count = n
                } else {
                    problem(value, "'count' must be an integer from 1 to 1000000000, found \(value.sourceText)")
                }
            }
            let record = string("custom_id", required: false)
            guard let path = string("file", required: true), let pointer = string("pointer", required: true),
                let rule = string("rule", required: true)
            else { continue }
            counts[Key(file: path, record: record, pointer: pointer, rule: rule), default: 0] += count
        }
        return problems.isEmpty ? .success(Baseline(counts: counts)) : .failure(DiagnosticError(problems))
    }
}
