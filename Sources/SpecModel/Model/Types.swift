/// A reference to a type: a built-in scalar, a declared type or a collection of either.
public indirect enum TypeRef: Hashable, Sendable, CustomStringConvertible {
    case string, integer, number, boolean, any
    /// A type declared under `types`.
    case named(String)
    /// A JSON array.
    case array(TypeRef)
    /// A JSON object with arbitrary keys.
    case map(TypeRef)

    /// The type expression as written in a spec.
    public var description: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .any: "any"
        case .named(let name): name
        case .array(let element): "array<\(element)>"
        case .map(let value): "map<\(value)>"
        }
    }

    /// The declared type names this reference mentions.
    public var namedTypes: [String] {
        switch self {
        case .named(let name): [name]
        case .array(let t), .map(let t): t.namedTypes
        default: []
        }
    }
}

/// A literal value in a spec (`const`, `default`).
public enum LiteralValue: Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case number(String)
    case boolean(Bool)
    case null

    /// The value as JSON text.
    public var description: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .integer(let i): String(i)
        case .number(let text): text
        case .boolean(let b): String(b)
        case .null: "null"
        }
    }

    /// The built-in type of the value.
    public var typeRef: TypeRef? {
        switch self {
        case .string: .string
        case .integer: .integer
        case .number: .number
        case .boolean: .boolean
        case .null: nil
        }
    }
}

/// Value constraints. Numeric bounds are decimal text, compared exactly.
public struct Constraints: Hashable, Sendable {
    /// The inclusive lower bound, as decimal text.
    public var minimum: String?
    /// The inclusive upper bound, as decimal text.
    public var maximum: String?
    /// The exclusive lower bound, as decimal text.
    public var exclusiveMinimum: String?
    /// The exclusive upper bound, as decimal text.
    public var exclusiveMaximum: String?
    /// The shortest allowed string, in Unicode scalars.
    public var minLength: Int?
    /// The longest allowed string, in Unicode scalars.
    public var maxLength: Int?
    /// A regular expression the whole string must match.
    public var pattern: String?
    /// A format the string must have.
    public var format: StringFormat?
    /// The fewest array items.
    public var minItems: Int?
    /// The most array items.
    public var maxItems: Int?
    /// The fewest map entries.
    public var minProperties: Int?
    /// The most map entries.
    public var maxProperties: Int?

    /// Where each constraint is written, keyed by its spec key (`maximum`, `min_length`, …).
    public var locations: [String: SourceLocation] = [:]

    /// No constraints.
    public init() {}

    /// Where the constraint with spec key `key` is written, if the spec sets it.
    public func location(of key: String) -> SourceLocation? { locations[key] }

    /// Whether no constraint is set.
    public var isEmpty: Bool {
        // Spelled out: comparing with `Constraints()` built and hashed a dictionary per call.
        minimum == nil && maximum == nil && exclusiveMinimum == nil && exclusiveMaximum == nil && minLength == nil
            && maxLength == nil && pattern == nil && format == nil && minItems == nil && maxItems == nil
            && minProperties == nil && maxProperties == nil
    }
}

/// Well-known string formats.
public enum StringFormat: String, Hashable, Sendable, CaseIterable {
    case uri
    case base64
    case dateTime = "date-time"
    case uuid
    /// At least one character that is not whitespace.
    case nonBlank = "non-blank"
}

/// Constraints at two severities: violations of `errors` are errors, of `warnings` warnings.
public struct Checks: Hashable, Sendable {
    /// Constraints whose violation is an error.
    public var errors: Constraints
    /// Constraints whose violation is a warning.
    public var warnings: Constraints
    /// Why the warnings matter, appended to their messages.
    public var warningMessage: String?

    /// Creates checks.
    public init(
        errors: Constraints = Constraints(), warnings: Constraints = Constraints(), warningMessage: String? = nil
    ) {
        self.errors = errors
        self.warnings = warnings
        self.warningMessage = warningMessage
    }

    /// Whether there is nothing to check.
    public var isEmpty: Bool { errors.isEmpty && warnings.isEmpty }
}

/// A declared type.
public struct TypeDecl: Hashable, Sendable {
    /// The type name (UpperCamelCase).
    public var name: String
    /// Documentation.
    public var doc: String?
    /// A deprecation message, or an empty string for a plain deprecation.
    public var deprecated: String?
    /// The feature the type needs, if any.
    public var beta: String?
    /// What the type is.
    public var kind: Kind
    /// Where the type is declared.
    public var location: SourceLocation

    /// The kinds of declared type.
    public enum Kind: Hashable, Sendable {
        case object(ObjectType)
        case enumeration(EnumType)
        case union(UnionType)
        case oneOf(OneOfType)
        case constant(LiteralValue)
        /// A named built-in or collection with checks (`kind: string`, `kind: array`, …).
        case alias(TypeRef, Checks)
    }

    /// Creates a type declaration.
    public init(
        name: String, doc: String? = nil, deprecated: String? = nil, beta: String? = nil, kind: Kind,
        location: SourceLocation
    ) {
        self.name = name
        self.doc = doc
        self.deprecated = deprecated
        self.beta = beta
        self.kind = kind
        self.location = location
    }

    /// The kind as spelled in a spec.
    public var kindName: String {
        switch kind {
        case .object: "object"
        case .enumeration: "enum"
        case .union: "union"
        case .oneOf: "oneof"
        case .constant: "const"
        case .alias(let base, _):
            switch base {
            case .array: "array"
            case .map: "map"
            default: base.description
            }
        }
    }
}

/// An object type.
public struct ObjectType: Hashable, Sendable {
    /// Fields in source order.
    public var fields: [Field]
    /// Whether unknown fields are accepted.
    public var allowsAdditional: Bool
    /// Cross-field rules.
    public var rules: [Rule]
    /// Request rules (conditions, positions, references, counts, model limits), evaluated by
    /// ``RuleEngine`` on the whole request.
    public var requestRules: [RequestRule]
    /// Where each request rule is written, by rule id.
    public var requestRuleLocations: [String: SourceLocation] = [:]

    /// Creates an object type.
    public init(fields: [Field], allowsAdditional: Bool = false, rules: [Rule] = [], requestRules: [RequestRule] = []) {
        self.fields = fields
        self.allowsAdditional = allowsAdditional
        self.rules = rules
        self.requestRules = requestRules
    }

    /// The field called `name` on the wire.
    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

/// A field of an object type.
public struct Field: Hashable, Sendable {
    /// The name on the wire.
    public var name: String
    /// The field's type.
    public var type: TypeRef
    /// The only allowed value, if constant.
    public var constant: LiteralValue?
    /// Whether the field must be present.
    public var required: Bool
    /// Whether `null` is allowed.
    public var nullable: Bool
    /// The value the server assumes when absent (documentation only).
    public var defaultValue: LiteralValue?
    /// Documentation.
    public var doc: String?
    /// A deprecation message, or an empty string for a plain deprecation.
    public var deprecated: String?
    /// The feature the field needs, if any.
    public var beta: String?
    /// Constraints on the value.
    public var checks: Checks
    /// Where the field is declared.
    public var location: SourceLocation

    /// Creates a field.
    public init(
        name: String, type: TypeRef, constant: LiteralValue? = nil, required: Bool = false, nullable: Bool = false,
        defaultValue: LiteralValue? = nil, doc: String? = nil, deprecated: String? = nil, beta: String? = nil,
        checks: Checks = Checks(), location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.constant = constant
        self.required = required
        self.nullable = nullable
        self.defaultValue = defaultValue
        self.doc = doc
        self.deprecated = deprecated
        self.beta = beta
        self.checks = checks
        self.location = location
    }
}

/// A string enumeration.
public struct EnumType: Hashable, Sendable {
    /// One allowed value.
    public struct Value: Hashable, Sendable {
        /// The value on the wire.
        public var value: String
        /// Documentation.
        public var doc: String?
        /// Where the value is written; not part of its identity (two specs' values compare by value and doc).
        public var location: SourceLocation?
        /// Creates a value.
        public init(_ value: String, doc: String? = nil, location: SourceLocation? = nil) {
            self.value = value
            self.doc = doc
            self.location = location
        }

        /// Equal when the value and its documentation are.
        public static func == (a: Value, b: Value) -> Bool { a.value == b.value && a.doc == b.doc }

        /// Hashes the value and its documentation.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(value)
            hasher.combine(doc)
        }
    }

    /// Allowed values in source order.
    public var values: [Value]

    /// Creates an enumeration.
    public init(values: [Value]) { self.values = values }
}

/// A union discriminated by a field's constant value.
public struct UnionType: Hashable, Sendable {
    /// One variant.
    public struct Variant: Hashable, Sendable {
        /// The discriminator value.
        public var tag: String
        /// The object type of the variant.
        public var type: String
        /// The feature the variant needs, if any.
        public var beta: String?
        /// Documentation.
        public var doc: String?
        /// Where the variant's type is written.
        public var location: SourceLocation?
        /// Creates a variant.
        public init(
            tag: String, type: String, beta: String? = nil, doc: String? = nil, location: SourceLocation? = nil
        ) {
            self.tag = tag
            self.type = type
            self.beta = beta
            self.doc = doc
            self.location = location
        }
    }

    /// The discriminator field.
    public var discriminator: String
    /// Variants in source order.
    public var variants: [Variant]
    /// The tag used when the discriminator is absent.
    public var defaultTag: String?

    /// Creates a union.
    public init(discriminator: String, variants: [Variant], defaultTag: String? = nil) {
        self.discriminator = discriminator
        self.variants = variants
        self.defaultTag = defaultTag
    }

    /// The variant with `tag`.
    public func variant(tagged tag: String) -> Variant? { variants.first { $0.tag == tag } }
}

/// A union whose variant is chosen by the JSON kind of the value.
public struct OneOfType: Hashable, Sendable {
    /// One variant.
    public struct Variant: Hashable, Sendable {
        /// The case name.
        public var name: String
        /// The variant's type.
        public var type: TypeRef
        /// Where the variant is written (for variants inferred from a list of types, the list entry).
        public var location: SourceLocation?
        /// Creates a variant.
        public init(name: String, type: TypeRef, location: SourceLocation? = nil) {
            self.name = name
            self.type = type
            self.location = location
        }
    }

    /// Variants in source order.
    public var variants: [Variant]

    /// Creates a oneof.
    public init(variants: [Variant]) { self.variants = variants }
}

/// A path to a field, relative to an object (`thinking.budget_tokens`).
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// The field names, outermost first.
    public var segments: [String]
    /// Where the path is written in the spec.
    public var location: SourceLocation

    /// Creates a path.
    public init(segments: [String], location: SourceLocation) {
        self.segments = segments
        self.location = location
    }

    /// The path as written: `a.b`.
    public var description: String { segments.joined(separator: ".") }
}

/// A cross-field rule of an object.
public struct Rule: Hashable, Sendable {
    /// The conditions a rule can state.
    public enum Condition: Hashable, Sendable {
        /// At most one of the fields may be present.
        case exclusive([FieldPath])
        /// The first number must be less than the second.
        case lessThan(FieldPath, FieldPath)
        /// When the first field is present the second must be too.
        case requires(FieldPath, FieldPath)
    }

    /// A stable identifier.
    public var id: String
    /// The condition.
    public var condition: Condition
    /// Error or warning.
    public var severity: Severity
    /// What the user is told when the rule fails.
    public var message: String
    /// Where the rule is declared.
    public var location: SourceLocation

    /// Creates a rule.
    public init(
        id: String, condition: Condition, severity: Severity = .error, message: String, location: SourceLocation
    ) {
        self.id = id
        self.condition = condition
        self.severity = severity
        self.message = message
        self.location = location
    }
}
