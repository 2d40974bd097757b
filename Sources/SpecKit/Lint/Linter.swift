import SpecValidation

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
    /// How files hold their requests.
    public let input: InputFormat

    /// Creates a linter.
    public init(
        compiled: CompiledSpec, type: TypeRef, features: Set<String> = [], limits: LintLimits = LintLimits(),
        headers: [String: String] = [:], models: ModelCatalog? = nil, input: InputFormat = .auto
    ) {
        self.input = input
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

    /// Lints `bytes`; `path` names the file in diagnostics (and, with ``InputFormat/auto``, says by its extension
    /// whether the bytes are JSON Lines).
    public func lint(bytes: [UInt8], path: String) -> FileResult {
        if input.readsLines(path) { return lintLines(bytes: bytes, path: path) }
        let parsed = JSONParser.parse(bytes, file: path, options: JSONParseOptions(maxDepth: limits.maxDepth))
        var diagnostics = parsed.diagnostics
        var omitted = 0
        if let document = parsed.document,
            !diagnostics.contains(where: { $0.severity == .error && $0.rule != "json.duplicate-key" })
        {
            var ids: [String: SourceLocation] = [:]
            let (found, more) = check(document.root, lines: false, ids: &ids)
            omitted = more
            diagnostics += found
            diagnostics.sort { ($0.location?.offset ?? 0) < ($1.location?.offset ?? 0) }
        }
        if diagnostics.count > limits.maxDiagnostics {
            omitted += diagnostics.count - limits.maxDiagnostics
            diagnostics.removeLast(diagnostics.count - limits.maxDiagnostics)
        }
        let invalid = diagnostics.contains { $0.severity == .error } || omitted > 0
        return FileResult(
            path: path, status: invalid ? .invalid : .valid, diagnostics: diagnostics,
            excerpts: FileResult.excerpts(of: diagnostics, in: bytes), omitted: omitted)
    }

    /// Reads and lints the file at `path` (`-` reads standard input).
    public func lint(path: String) -> FileResult { lint(path: path, largeFiles: nil) }

    /// ``lint(path:)``; with `largeFiles`, a file of ``LintRunner/largeFile`` bytes or more is read and linted holding
    /// that lock (which counts them), so that threads linting many files hold at most one large file at a time.
    package func lint(path: String, largeFiles: Locked<Int>?) -> FileResult {
        if path != "-", input.readsLines(path), !FileExpansion.isDirectory(path) { return lintLines(path: path) }
        let display = path == "-" ? "<stdin>" : path
        func unreadable(_ error: FileInput.Failure) -> FileResult {
            let d = Diagnostic(.error, at: nil, error.message, rule: "io.read")
            return FileResult(path: display, status: .unreadable, diagnostics: [d])
        }
        switch FileInput.open(path, limit: limits.maxFileSize) {
        case .success(let file):
            defer { file.close() }
            func readAndLint() -> FileResult {
                switch file.read() {
                case .success(let bytes): return lint(bytes: bytes, path: display)
                case .failure(let error): return unreadable(error)
                }
            }
            if let largeFiles, file.size >= LintRunner.largeFile {
                return largeFiles.withLock { linted in
                    linted += 1
                    return readAndLint()
                }
            }
            return readAndLint()
        case .failure(let error): return unreadable(error)
        }
    }

}
