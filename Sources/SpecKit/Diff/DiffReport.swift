extension SpecDiff {
    /// Every change id `compare` can report, for the ignore file's "did you mean".
    public static let changeIDs = [
        "beta.dropped", "beta.required", "const.changed", "constraint.narrowed", "constraint.widened",
        "default.changed",
        "deprecated.added", "doc.changed", "endpoint.added", "endpoint.error-changed", "endpoint.moved",
        "endpoint.removed", "endpoint.renamed", "endpoint.request-changed", "endpoint.response-changed",
        "endpoint.stream-changed",
        "enum.value-added", "enum.value-removed", "field.added", "field.added-required", "field.const-changed",
        "field.no-longer-nullable", "field.now-nullable", "field.now-optional", "field.now-required", "field.removed",
        "field.type-changed", "object.closed", "object.opened", "oneof.variant-added", "oneof.variant-removed",
        "oneof.variant-renamed", "oneof.variant-type-changed", "rule.added", "rule.changed", "rule.now-error",
        "rule.removed", "type.added",
        "type.changed", "type.kind-changed", "type.removed", "type.renamed", "union.discriminator-changed",
        "union.variant-added",
        "union.variant-removed", "union.variant-type-changed", "warning.changed",
    ]
}

/// Accepted changes: lines `CHANGE-ID PATH` (`field.now-required MessageCreateParams.max_tokens`), `#` comments.
public struct DiffIgnoreList: Sendable, Equatable {
    /// The accepted (id, path) pairs.
    public var entries: Set<[String]>

    /// An empty list.
    public init() { entries = [] }

    /// Whether `change` is accepted.
    public func accepts(_ change: SpecChange) -> Bool { entries.contains([change.id, change.path]) }

    /// Reads an ignore file; problems are located diagnostics.
    public static func parse(_ text: String, file: String) -> Result<DiffIgnoreList, DiagnosticError> {
        var list = DiffIgnoreList()
        var problems: [Diagnostic] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if words.isEmpty { continue }
            let column =
                (line.firstIndex { $0 != " " && $0 != "\t" }).map { line.distance(from: line.startIndex, to: $0) + 1 }
                ?? 1
            let at = SourceLocation(file: file, line: index + 1, column: column)
            guard words.count == 2 else {
                problems.append(
                    Diagnostic(
                        .error, at: at, "an ignore line is 'CHANGE-ID PATH', e.g. 'field.now-required Request.model'",
                        rule: "diff.ignore"))
                continue
            }
            guard SpecDiff.changeIDs.contains(words[0]) else {
                var text = "unknown change id '\(words[0])'"
                if let s = Suggestions.closest(to: words[0], in: SpecDiff.changeIDs) {
                    text += "; did you mean '\(s)'?"
                }
                problems.append(Diagnostic(.error, at: at, text, rule: "diff.ignore"))
                continue
            }
            list.entries.insert(words)
        }
        return problems.isEmpty ? .success(list) : .failure(DiagnosticError(problems))
    }
}

/// A stored request whose verdict differs between the two specs.
public struct PayloadChange: Sendable {
    /// The file.
    public var path: String
    /// Its status under the old spec.
    public var old: FileResult.Status
    /// Under the new spec, with the new spec's diagnostics.
    public var new: FileResult
}

/// What `spec-lint diff` reports: the changes (those not accepted by the ignore file) and the payloads whose
/// verdict changes.
public struct DiffReport: Sendable {
    /// The old spec's path, as given.
    public var oldPath: String
    /// The new spec's path, as given.
    public var newPath: String
    /// Changes, in the new spec's order; accepted ones left out.
    public var changes: [SpecChange]
    /// Changes the ignore file accepted.
    public var ignored: Int
    /// Payload files checked (0 without `--payloads`).
    public var payloadFiles: Int
    /// Payload files whose verdict changed.
    public var payloads: [PayloadChange]

    /// Creates a report.
    public init(
        oldPath: String, newPath: String, changes: [SpecChange], ignored: Int = 0, payloadFiles: Int = 0,
        payloads: [PayloadChange] = []
    ) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.changes = changes
        self.ignored = ignored
        self.payloadFiles = payloadFiles
        self.payloads = payloads
    }

    /// Lints every payload under both specs' request types and keeps the files whose verdict changes.
    public static func payloadChanges(old: Linter, new: Linter, paths: [String], jobs: Int) -> [PayloadChange] {
        let before = LintRunner.run(old, paths: paths, jobs: jobs)
        let after = LintRunner.run(new, paths: paths, jobs: jobs)
        return zip(before, after).compactMap { a, b in
            a.status == b.status ? nil : PayloadChange(path: b.path, old: a.status, new: b)
        }
    }

    /// The classes present, with payloads that became invalid counted as breaking requests.
    public var classes: Set<ChangeClass> {
        var all = Set(changes.flatMap(\.classes))
        if payloads.contains(where: { $0.old == .valid && $0.new.status != .valid }) { all.insert(.breaksRequests) }
        return all
    }

    /// One diagnostic per change, in compiler form: errors for breaking changes, notes for the rest.
    public var diagnostics: [Diagnostic] {
        changes.map { change in
            let classes = change.classes.map(\.words).joined(separator: ", ")
            return Diagnostic(
                change.isBreaking ? .error : .note, at: change.location, "\(classes): \(change.message)",
                rule: change.id, pointer: nil)
        }
    }

    /// The changes as lint results (one per spec file they point into), for the lint reporters.
    public var fileResults: [FileResult] {
        var byFile: [String: [Diagnostic]] = [:]
        var order: [String] = []
        for d in diagnostics {
            let file = d.location?.file ?? newPath
            if byFile[file] == nil { order.append(file) }
            byFile[file, default: []].append(d)
        }
        if order.isEmpty { order = [newPath] }
        return order.map { file in
            let list = byFile[file] ?? []
            return FileResult(
                path: file, status: list.contains { $0.severity == .error } ? .invalid : .valid, diagnostics: list)
        }
    }

    /// The payload section of human output.
    public var payloadText: String {
        guard payloadFiles > 0 else { return "" }
        var out = "payloads: \(payloads.count) of \(payloadFiles) files change verdict\n"
        for change in payloads {
            out += "  \(change.path): \(change.old.rawValue) -> \(change.new.status.rawValue)\n"
            for d in change.new.diagnostics where d.severity == .error { out += "    \(d)\n" }
        }
        return out
    }

    /// A summary line: counts per class.
    public var summary: String {
        let counts = ChangeClass.allCases.compactMap { c -> String? in
            let n = changes.count { $0.classes.contains(c) }
            return n == 0 ? nil : "\(n) \(c.words)"
        }
        var text = "\(changes.count) change\(changes.count == 1 ? "" : "s")"
        if !counts.isEmpty { text += " (" + counts.joined(separator: ", ") + ")" }
        if ignored > 0 { text += ", \(ignored) accepted by the ignore file" }
        return text + "\n"
    }

    /// Markdown for a pull-request comment: a table of breaking changes, then the others.
    public var markdown: String {
        func escape(_ s: String) -> String { s.replacing("|", with: "\\|").replacing("\n", with: " ") }
        func row(_ c: SpecChange) -> String {
            let place = c.location.map { "\($0.file):\($0.line)" } ?? ""
            return
                "| \(c.classes.map(\.words).joined(separator: ", ")) | `\(c.id)` | `\(escape(c.path))` | \(escape(c.message)) | \(place) |"
        }
        var out = "### Spec changes: \(oldPath) → \(newPath)\n\n" + summary + "\n"
        let breaking = changes.filter(\.isBreaking)
        let other = changes.filter { !$0.isBreaking }
        let header = "| class | change | path | what | where |\n|---|---|---|---|---|\n"
        if !breaking.isEmpty { out += "**Breaking**\n\n" + header + breaking.map(row).joined(separator: "\n") + "\n\n" }
        if !other.isEmpty {
            out += "**Compatible and docs**\n\n" + header + other.map(row).joined(separator: "\n") + "\n\n"
        }
        if payloadFiles > 0 {
            out += "**Stored payloads**: \(payloads.count) of \(payloadFiles) change verdict\n\n"
            for p in payloads {
                out += "- `\(escape(p.path))`: \(p.old.rawValue) → \(p.new.status.rawValue)"
                if let first = p.new.diagnostics.first(where: { $0.severity == .error }) {
                    out += " — \(escape(first.message))"
                }
                out += "\n"
            }
        }
        return out
    }

    /// The JSON output: every change with id, path, classes, message and location; payloads.
    public var json: String {
        func location(_ l: SourceLocation?) -> JSONOut {
            guard let l else { return .null }
            return .object([("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
        }
        let list = changes.map { c -> JSONOut in
            .object([
                ("id", .string(c.id)), ("path", .string(c.path)),
                ("classes", .array(c.classes.map { .string($0.rawValue) })),
                ("message", .string(c.message)), ("location", location(c.location)),
            ])
        }
        let payloadList = payloads.map { p -> JSONOut in
            .object([
                ("path", .string(p.path)), ("old", .string(p.old.rawValue)), ("new", .string(p.new.status.rawValue)),
                (
                    "diagnostics",
                    .array(
                        p.new.diagnostics.map { d in
                            .object([
                                ("severity", .string(d.severity.rawValue)),
                                ("line", d.location.map { .int($0.line) } ?? .null),
                                ("column", d.location.map { .int($0.column) } ?? .null),
                                ("pointer", d.pointer.map(JSONOut.string) ?? .null),
                                ("rule", d.rule.map(JSONOut.string) ?? .null), ("message", .string(d.message)),
                            ])
                        })
                ),
            ])
        }
        return JSONOut.object([
            ("version", .int(1)), ("old", .string(oldPath)), ("new", .string(newPath)), ("changes", .array(list)),
            ("ignored", .int(ignored)), ("payload_files", .int(payloadFiles)), ("payloads", .array(payloadList)),
        ]).render(indent: 0) + "\n"
    }
}
