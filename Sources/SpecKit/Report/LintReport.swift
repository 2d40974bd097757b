/// The outcome of linting one file.
public struct FileResult: Sendable, Hashable {
    /// How a file fared.
    public enum Status: String, Sendable, Hashable {
        /// No errors (warnings allowed).
        case valid
        /// Parsed, but with errors: syntax, schema or rule violations.
        case invalid
        /// Could not be read (missing, unreadable, too large, a directory…).
        case unreadable
    }

    /// The path as given (or `-` for standard input, shown as `<stdin>`).
    public var path: String
    /// The verdict.
    public var status: Status
    /// Every diagnostic, sorted by position.
    public var diagnostics: [Diagnostic]
    /// Source lines by line number, for the lines that diagnostics point at (for excerpts).
    public var sourceLines: [Int: SourceLine]
    /// Diagnostics left out because of the per-file cap.
    public var omitted: Int

    /// Creates a result.
    public init(
        path: String, status: Status, diagnostics: [Diagnostic], sourceLines: [Int: SourceLine] = [:], omitted: Int = 0
    ) {
        self.path = path
        self.status = status
        self.diagnostics = diagnostics
        self.sourceLines = sourceLines
        self.omitted = omitted
    }

    /// Number of errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// Number of warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// A source line, or the part of a very long line around a diagnostic, for excerpts.
public struct SourceLine: Sendable, Hashable {
    /// The text.
    public var text: String
    /// The column of the first character of `text` (1 unless the line was cut on the left).
    public var startColumn: Int
    /// Whether the line goes on after `text`.
    public var isCutOnTheRight: Bool

    /// Creates a source line.
    public init(_ text: String, startColumn: Int = 1, isCutOnTheRight: Bool = false) {
        self.text = text
        self.startColumn = startColumn
        self.isCutOnTheRight = isCutOnTheRight
    }
}

/// Totals over a run.
public struct LintSummary: Sendable, Hashable {
    /// Files checked.
    public var files = 0
    /// Files with errors (including unreadable ones).
    public var invalidFiles = 0
    /// Errors over all files.
    public var errors = 0
    /// Warnings over all files.
    public var warnings = 0

    /// Creates an empty summary.
    public init() {}

    /// Adds one file's result.
    public mutating func add(_ result: FileResult) {
        files += 1
        if result.status != .valid { invalidFiles += 1 }
        errors += result.errorCount + (result.omitted > 0 ? result.omitted : 0)
        warnings += result.warningCount
    }
}

/// Output formats of `spec-lint`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// `path:line:col: error: message [rule]` with a source excerpt, and a summary line.
    case human
    /// One JSON document (see `Docs/Linting.md`).
    case json
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    case sarif
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    case github
}
