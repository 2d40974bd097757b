/// Limits that protect a lint run from hostile or accidental input.
public struct LintLimits: Sendable {
    /// Files larger than this are reported without being read (default 64 MiB).
    public var maxFileSize: Int
    /// JSON nesting depth (default 512).
    public var maxDepth: Int
    /// Diagnostics kept per file; the rest are counted in an "N more" line (default 200).
    public var maxDiagnostics: Int

    /// Creates limits; the defaults are far above any real request.
    public init(maxFileSize: Int = 64 << 20, maxDepth: Int = 512, maxDiagnostics: Int = 200) {
        self.maxFileSize = maxFileSize
        self.maxDepth = maxDepth
        self.maxDiagnostics = maxDiagnostics
    }
}

/// Lints JSON payloads against one type of a spec: parse with positions, validate, and turn
/// the problems into located ``Diagnostic``s.
public struct Linter: Sendable {
    /// The compiled spec.
    public let compiled: CompiledSpec
    /// The type payloads are checked against.
    public let type: TypeRef
    /// Enabled features.
    public let features: Set<String>
    /// Limits.
    public let limits: LintLimits
    /// Header values request rules see (`anthropic-version`); the spec's defaults fill the rest.
    public let headers: [String: String]
    /// Model profiles that take precedence over the spec's.
    public let models: ModelCatalog?

    /// Creates a linter.
    public init(
        compiled: CompiledSpec, type: TypeRef, features: Set<String> = [], limits: LintLimits = LintLimits(),
        headers: [String: String] = [:], models: ModelCatalog? = nil
    ) {
        self.compiled = compiled
        self.type = type
        self.features = features
        self.limits = limits
        self.headers = headers
        self.models = models
        validator = Validator(
            compiled,
            options: ValidationOptions(
                enabledFeatures: features, maxIssues: limits.maxDiagnostics, headers: headers, models: models))
    }

    /// The validator every file goes through (made once: it prepares what request rules see).
    let validator: Validator

    /// Lints `bytes`; `path` names the file in diagnostics.
    public func lint(bytes: [UInt8], path: String) -> FileResult {
        let parsed = JSONParser.parse(bytes, file: path, options: JSONParseOptions(maxDepth: limits.maxDepth))
        var diagnostics = parsed.diagnostics
        var omitted = 0
        if let document = parsed.document,
            !diagnostics.contains(where: { $0.severity == .error && $0.rule != "json.duplicate-key" })
        {
            let result = validator.validate(document.root, as: type)
            omitted = result.omitted
            for issue in result.issues {
                let v = issue.violation
                let notes = issue.note.map { [Diagnostic.Note($0.message, at: document.location(of: $0.offset))] } ?? []
                diagnostics.append(
                    Diagnostic(
                        v.severity == .error ? .error : .warning, at: document.location(of: issue.offset),
                        v.message, rule: v.rule, notes: notes, pointer: v.pointer.isEmpty ? "" : v.pointer))
            }
            diagnostics.sort { ($0.location?.offset ?? 0) < ($1.location?.offset ?? 0) }
        }
        if diagnostics.count > limits.maxDiagnostics {
            omitted += diagnostics.count - limits.maxDiagnostics
            diagnostics.removeLast(diagnostics.count - limits.maxDiagnostics)
        }
        var lines: [Int: SourceLine] = [:]
        for d in diagnostics {
            guard let location = d.location, lines[location.line] == nil, let offset = location.offset else { continue }
            lines[location.line] = Self.line(in: bytes, containing: offset, column: location.column)
        }
        let invalid = diagnostics.contains { $0.severity == .error } || omitted > 0
        return FileResult(
            path: path, status: invalid ? .invalid : .valid, diagnostics: diagnostics, sourceLines: lines,
            omitted: omitted)
    }

    /// Reads and lints the file at `path` (`-` reads standard input).
    public func lint(path: String) -> FileResult {
        let display = path == "-" ? "<stdin>" : path
        switch FileInput.read(path, limit: limits.maxFileSize) {
        case .success(let bytes): return lint(bytes: bytes, path: display)
        case .failure(let error):
            let d = Diagnostic(.error, at: nil, error.message, rule: "io.read")
            return FileResult(path: display, status: .unreadable, diagnostics: [d])
        }
    }

    /// The text around byte `offset` on its line (at most about 200 bytes each side, so a
    /// multi-megabyte line is never copied), decoded leniently.
    ///
    /// `column` counts from the line start of the parser's `LineIndex`, where only `\n` ends a line
    /// and line 1 starts after a byte order mark; the text may also stop at a `\r`, so its start
    /// column is always derived from `column` (a lone `\r` used to leave it at 1, and the caret
    /// landed hundreds of columns past the excerpt).
    static func line(in bytes: [UInt8], containing offset: Int, column: Int, radius: Int = 200) -> SourceLine {
        let clamped = min(max(0, offset), bytes.count)
        func isContinuation(_ i: Int) -> Bool { i < bytes.count && bytes[i] & 0xC0 == 0x80 }
        var start = clamped
        while start > 0, clamped - start < radius, bytes[start - 1] != 0x0A, bytes[start - 1] != 0x0D { start -= 1 }
        while start < clamped, isContinuation(start) { start += 1 }
        if start == 0, clamped >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var end = clamped
        while end < bytes.count, end - clamped < radius, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        while end > clamped, isContinuation(end) { end -= 1 }
        let cutRight = end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D
        let scalarsBefore = bytes[start..<clamped].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return SourceLine(text, startColumn: max(1, column - scalarsBefore), isCutOnTheRight: cutRight)
    }
}
