/// How serious a problem is: of a located `Diagnostic` (module `SpecDiagnostics`), and of a value-level check such as a generated validator's
/// violation.
public enum Severity: String, Hashable, Sendable, Comparable, CaseIterable, Codable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders by weight: note, then warning, then error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One failed check of a value against its spec: where (a JSON Pointer), which rule, and why.
///
/// Generated `validate()` methods and `spec-lint` produce the same violations for the same input.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    /// The JSON Pointer (RFC 6901) of the offending value, e.g. `/messages/2/content/0/type`.
    public var pointer: String
    /// A stable rule id, e.g. `number.maximum` or `rule.thinking-budget-below-max-tokens`.
    public var rule: String
    /// What is wrong and how to fix it.
    public var message: String
    /// Error or warning (value checks report no notes).
    public var severity: Severity

    /// Creates a violation.
    public init(pointer: String, rule: String, message: String, severity: Severity = .error) {
        self.pointer = pointer
        self.rule = rule
        self.message = message
        self.severity = severity
    }

    /// `pointer: severity: message [rule]`.
    public var description: String {
        "\(pointer.isEmpty ? "/" : pointer): \(severity.rawValue): \(message) [\(rule)]"
    }
}

/// A JSON Pointer (RFC 6901) built one step at a time.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// The encoded pointer; empty for the whole document.
    public private(set) var encoded: String

    /// The pointer to the whole document.
    public init() { encoded = "" }

    /// A pointer from its encoded form.
    public init(encoded: String) { self.encoded = encoded }

    /// The pointer to member `key` of the value this pointer names.
    public func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.encoded.append("/")
        if key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
            copy.encoded.append(key.replacingTildeAndSlash())
        } else {
            copy.encoded.append(key)
        }
        return copy
    }

    /// The pointer to element `index` of the array this pointer names.
    public func appending(_ index: Int) -> JSONPointer {
        var copy = self
        copy.encoded.append("/")
        copy.encoded.append(String(index))
        return copy
    }

    /// The encoded pointer.
    public var description: String { encoded }
}

extension String {
    fileprivate func replacingTildeAndSlash() -> String {
        var out = ""
        for ch in self {
            switch ch {
            case "~": out.append("~0")
            case "/": out.append("~1")
            default: out.append(ch)
            }
        }
        return out
    }
}
