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
    /// The source excerpt (line and caret) of each diagnostic location, for human output.
    public var excerpts: [SourceLocation: SourceExcerpt]
    /// Diagnostics left out because of the per-file cap.
    public var omitted: Int

    /// Creates a result.
    public init(
        path: String, status: Status, diagnostics: [Diagnostic], excerpts: [SourceLocation: SourceExcerpt] = [:],
        omitted: Int = 0
    ) {
        self.path = path
        self.status = status
        self.diagnostics = diagnostics
        self.excerpts = excerpts
        self.omitted = omitted
    }

    /// Number of errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// Number of warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

extension FileResult {
    /// The width of an excerpt in human output, in Unicode scalars.
    public static let excerptWidth = 160

    /// The excerpts of the diagnostics' locations (those with a byte offset) in the source `bytes`.
    public static func excerpts(of diagnostics: [Diagnostic], in bytes: [UInt8]) -> [SourceLocation: SourceExcerpt] {
        var excerpts: [SourceLocation: SourceExcerpt] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            for d in diagnostics {
                guard let location = d.location, let offset = location.offset, excerpts[location] == nil else {
                    continue
                }
                excerpts[location] = SourceExcerpt(buffer: buffer, offset: offset, maxWidth: excerptWidth)
            }
        }
        return excerpts
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
    /// Findings left out because a baseline accepts them.
    public var accepted = 0

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
