/// Request rules: checks over a whole request that a schema cannot state — conditions on other
/// fields, positions in a conversation, references between blocks, counts across the document,
/// limits that depend on the model or the API version.
///
/// Rules are data in the spec (`rules:` of an endpoint's request type, see `Docs/SpecFormat.md`).
/// `spec-lint` builds them from the YAML; generated code carries them as a literal of these types;
/// both evaluate them with ``RuleEngine``, so every tool gives the same verdict.

/// A literal value in a rule: a string, number, boolean, null or a list of them.
public enum RuleLiteral: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([RuleLiteral])

    /// The value as the user wrote it (strings unquoted).
    public var description: String {
        switch self {
        case .string(let s): s
        case .number(let n): RuleLiteral.format(n)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .list(let items): items.map(\.description).joined(separator: ", ")
        }
    }

    /// `64000` rather than `64000.0`.
    static func format(_ n: Double) -> String {
        if n.rounded() == n, abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }
}

/// Where a selector starts.
public enum RuleBase: Hashable, Sendable {
    /// The value the rule is looking at (the request, or the `for_each` item).
    case current
    /// The request (`$.`).
    case root
    /// The element after the `for_each` item in its array (`next.`).
    case next
    /// The element before the `for_each` item in its array (`previous.`).
    case previous
}

/// One step of a selector.
public enum RuleStep: Hashable, Sendable {
    /// A member of an object: `.name`.
    case field(String)
    /// Every element of an array: `[*]`.
    case each
    /// The element at an index; negative counts from the end: `[0]`, `[-1]`.
    case index(Int)
    /// The first of the selected elements: `[first]`.
    case first
    /// The last of the selected elements: `[last]`.
    case last
    /// Every selected element but the last: `[but_last]`.
    case butLast
    /// The elements whose member `field` is (or, negated, is not) one of `values`: `[type=text|image]`.
    case filter(field: String, values: [String], negated: Bool)

    /// Whether the step selects among array elements (written in brackets).
    public var isBracket: Bool {
        if case .field = self { return false }
        return true
    }
}

/// A path through a request that selects zero or more values:
/// `messages[role=assistant][last].content[first].type`.
public struct RuleSelector: Hashable, Sendable, CustomStringConvertible {
    /// Where the path starts.
    public var base: RuleBase
    /// The steps, outermost first.
    public var steps: [RuleStep]

    /// Creates a selector.
    public init(base: RuleBase = .current, _ steps: [RuleStep]) {
        self.base = base
        self.steps = steps
    }

    /// The selector as written in a spec.
    public var description: String {
        var out: String
        switch base {
        case .current: out = ""
        case .root: out = "$"
        case .next: out = "next"
        case .previous: out = "previous"
        }
        for step in steps {
            switch step {
            case .field(let name): out += out.isEmpty ? name : "." + name
            case .each: out += "[*]"
            case .index(let i): out += "[\(i)]"
            case .first: out += "[first]"
            case .last: out += "[last]"
            case .butLast: out += "[but_last]"
            case .filter(let field, let values, let negated):
                out += "[\(field)\(negated ? "!=" : "=")\(values.joined(separator: "|"))]"
            }
        }
        return out
    }
}

/// What a test looks at.
public enum RuleSubject: Hashable, Sendable {
    /// The values a selector finds in the request.
    case path(RuleSelector)
    /// A property of the profile of the request's model (absent when the model has no profile).
    case model(String)
    /// A request header (the value sent, else the spec's default).
    case header(String)
    /// An optional feature: its name when enabled, absent otherwise.
    case feature(String)
}

/// A value a test compares with: written in the rule, or read from the model profile or the request.
public enum RuleOperand: Hashable, Sendable {
    case literal(RuleLiteral)
    /// A property of the model profile; the test is skipped when the model has no such property.
    case model(String)
    /// The first value a selector finds; the test is skipped when it finds none.
    case path(RuleSelector)
}

/// One check of the subject's values. Every value found must pass; which tests hold when no
/// value is found is described at ``RulePredicate``.
public enum RuleTest: Hashable, Sendable {
    /// At least one value is found (`present: true`).
    case present
    /// No value is found (`present: false`, `absent: true`).
    case absent
    case equals(RuleOperand)
    case notEquals(RuleOperand)
    /// The value is one of the listed ones (`in:`).
    case oneOf(RuleOperand)
    /// The value is none of the listed ones (`not_in:`).
    case noneOf(RuleOperand)
    case minimum(RuleOperand)
    case maximum(RuleOperand)
    case exclusiveMinimum(RuleOperand)
    case exclusiveMaximum(RuleOperand)
    /// A string at or after this one, comparing code points: dates such as API versions (`since:`).
    case since(String)
    /// A string before this one (`before:`).
    case before(String)
    /// The string contains this text (`contains:`).
    case contains(String)
    /// The whole string matches the pattern (`pattern:`).
    case pattern(String)
    /// The whole string does not match the pattern (`not_pattern:`).
    case notPattern(String)
    /// A non-empty string, array or object (`non_empty: true`).
    case nonEmpty
}

/// A condition on a request.
///
/// A test holds when every value its subject finds passes it. When the subject finds nothing,
/// `present` fails and `absent` holds; every other test is *vacuous*: it holds in `require`
/// (nothing to check) and fails in `when` (nothing to match), so a rule about `temperature`
/// is skipped when `temperature` is absent, and a `when` on the model is false for an unknown model.
public indirect enum RulePredicate: Hashable, Sendable {
    /// Every test holds of the subject.
    case test(RuleSubject, [RuleTest])
    /// Every predicate holds.
    case all([RulePredicate])
    /// At least one predicate holds.
    case any([RulePredicate])
}

/// What a rule checks.
public enum RuleCheck: Hashable, Sendable {
    /// The predicate must hold; a failure is reported at the value that failed.
    case require(RulePredicate)
    /// Every string `from` finds must be among the strings `to` finds (evaluated with a set, so
    /// the cost is linear in the request).
    case reference(from: RuleSelector, to: RuleSelector)
    /// The values the selectors find, together, are at most `maximum`.
    case count(of: [RuleSelector], maximum: RuleOperand)
}

/// One request rule.
public struct RequestRule: Hashable, Sendable {
    /// A stable identifier, reported as `rule.<id>`.
    public var id: String
    /// Error or warning.
    public var severity: Severity
    /// The message template; `{value}`, `{limit}`, `{count}`, `{model}`, `{pointer}`, `{item}` and
    /// `{next}` are filled in (see ``RuleEngine``).
    public var message: String
    /// A second message, pointing at where the fix goes (a reference rule: the message that should
    /// hold the answer).
    public var note: String?
    /// The values the rule is checked on, one at a time; nil checks the request once.
    public var forEach: RuleSelector?
    /// The rule applies only where this holds.
    public var when: RulePredicate?
    /// What is checked.
    public var check: RuleCheck

    /// Creates a rule.
    public init(
        id: String, severity: Severity = .error, message: String, note: String? = nil, forEach: RuleSelector? = nil,
        when: RulePredicate? = nil, check: RuleCheck
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.note = note
        self.forEach = forEach
        self.when = when
        self.check = check
    }

    /// The placeholders a message or note may use.
    public static let placeholders = ["value", "limit", "count", "model", "pointer", "item", "next"]

    /// Whether `{name}` is written as a placeholder (lowercase letters and `_`); other braces, such
    /// as a JSON example in a message, are kept as they are.
    public static func isPlaceholderName(_ name: Substring) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }
    }
}
