@_exported import SpecValidation

/// A position in a source file. Lines and columns are 1-based; columns count
/// Unicode scalars from the start of the line.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The path of the file, as given by the user.
    public var file: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column number.
    public var column: Int
    /// The 0-based byte offset from the start of the file, when known.
    public var offset: Int?

    /// Creates a location.
    public init(file: String, line: Int, column: Int, offset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `path:line:column`.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One problem found in a spec, a request file or elsewhere, printed in the
/// compiler format `path:line:col: error: message` that Xcode and SwiftPM show inline.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is (the one severity type of the package).
    public typealias Severity = SpecValidation.Severity

    /// A secondary message attached to a diagnostic, optionally at its own location.
    public struct Note: Hashable, Sendable {
        /// Where the note points, if anywhere.
        public var location: SourceLocation?
        /// The text of the note.
        public var message: String

        /// Creates a note.
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// How serious the problem is.
    public var severity: Severity
    /// Where the problem is; `nil` for problems that belong to no file position.
    public var location: SourceLocation?
    /// What is wrong, why, and how to fix it.
    public var message: String
    /// A stable identifier of the check that produced the diagnostic (e.g. `number.maximum`).
    public var rule: String?
    /// Secondary messages, such as "did you mean …?" or the place of an earlier definition.
    public var notes: [Note]
    /// For problems in a JSON document: the JSON Pointer of the offending value.
    public var pointer: String?
    /// For files of many requests: the request the problem belongs to, when it has a name (a Message Batches
    /// request's `custom_id`).
    public var record: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, at location: SourceLocation?, _ message: String,
        rule: String? = nil, notes: [Note] = [], pointer: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.rule = rule
        self.notes = notes
        self.pointer = pointer
    }

    /// A value-level ``Violation`` located in its source: same severity, message, rule id and JSON Pointer.
    public init(_ violation: Violation, at location: SourceLocation?, notes: [Note] = []) {
        self.init(
            violation.severity, at: location, violation.message, rule: violation.rule, notes: notes,
            pointer: violation.pointer)
    }

    /// The diagnostic as a value-level ``Violation`` (its location and notes left out), when it has a rule id and a
    /// JSON Pointer, as every diagnostic of a validated document has.
    public var violation: Violation? {
        guard let rule, let pointer else { return nil }
        return Violation(pointer: pointer, rule: rule, message: message, severity: severity)
    }

    /// An error diagnostic.
    public static func error(_ message: String, at location: SourceLocation?, rule: String? = nil, notes: [Note] = [])
        -> Diagnostic
    {
        Diagnostic(.error, at: location, message, rule: rule, notes: notes)
    }

    /// A warning diagnostic.
    public static func warning(_ message: String, at location: SourceLocation?, rule: String? = nil, notes: [Note] = [])
        -> Diagnostic
    {
        Diagnostic(.warning, at: location, message, rule: rule, notes: notes)
    }

    /// The diagnostic in compiler format, with its notes on following lines.
    public var description: String {
        var lines = [Self.format(severity.rawValue, location, message + (rule.map { " [\($0)]" } ?? "") + recordSuffix)]
        for note in notes {
            lines.append(Self.format("note", note.location ?? location, note.message))
        }
        return lines.joined(separator: "\n")
    }

    /// ` (custom_id: …)` for a diagnostic of a named request, else empty.
    public var recordSuffix: String { record.map { " (custom_id: \($0))" } ?? "" }

    private static func format(_ kind: String, _ location: SourceLocation?, _ message: String) -> String {
        guard let location else { return "\(kind): \(message)" }
        return "\(location): \(kind): \(message)"
    }
}

/// An error that stops processing: the diagnostics gathered so far, the last of which is fatal.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic, in the order reported.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// Every diagnostic in compiler form, one per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects recoverable problems so that one run reports all of them.
public struct DiagnosticBag: Sendable {
    /// The diagnostics in the order they were reported.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty bag.
    public init() {}

    /// Whether any error (not merely a warning) was reported.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Adds a diagnostic.
    public mutating func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Adds an error.
    public mutating func error(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        report(.error(message, at: location, notes: notes))
    }

    /// Adds a warning.
    public mutating func warning(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        report(.warning(message, at: location, notes: notes))
    }

    /// Adds every diagnostic of another bag.
    public mutating func merge(_ other: DiagnosticBag) { diagnostics += other.diagnostics }

    /// The diagnostics sorted by file position, errors and warnings as they are.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (let l?, let r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
