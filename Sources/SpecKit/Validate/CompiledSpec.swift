/// A ``Spec`` prepared for fast validation: lookup tables, parsed bounds and compiled patterns,
/// built once and shared (read-only) by every thread that validates.
public final class CompiledSpec: Sendable {
    /// The spec this was built from.
    public let spec: Spec
    let types: [String: CompiledType]

    /// Prepares `spec`. The spec must have loaded without errors.
    public init(_ spec: Spec) {
        self.spec = spec
        var types: [String: CompiledType] = [:]
        for decl in spec.types {
            switch decl.kind {
            case .object(let object): types[decl.name] = .object(CompiledObject(decl.name, object, beta: decl.beta))
            case .enumeration(let e): types[decl.name] = .enumeration(CompiledEnum(values: e.values.map(\.value)))
            case .union(let u): types[decl.name] = .union(u)
            case .oneOf(let o): types[decl.name] = .oneOf(o)
            case .constant(let value): types[decl.name] = .constant(value)
            case .alias(let base, let checks): types[decl.name] = .alias(base, CompiledChecks(checks))
            }
        }
        self.types = types
    }

    /// The request type of `endpoint` (or of the first endpoint with a request).
    public func requestType(endpoint: String? = nil) -> TypeRef? {
        if let endpoint { return spec.endpoint(named: endpoint)?.request }
        return spec.endpoints.lazy.compactMap(\.request).first
    }
}

enum CompiledType: Sendable {
    case object(CompiledObject)
    case enumeration(CompiledEnum)
    case union(UnionType)
    case oneOf(OneOfType)
    case constant(LiteralValue)
    case alias(TypeRef, CompiledChecks)
}

struct CompiledObject: Sendable {
    let name: String
    let fields: [CompiledField]
    let index: [String: Int]
    let allowsAdditional: Bool
    let rules: [Rule]
    let beta: String?

    init(_ name: String, _ object: ObjectType, beta: String?) {
        self.name = name
        fields = object.fields.map(CompiledField.init)
        index = Dictionary(object.fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        allowsAdditional = object.allowsAdditional
        rules = object.rules
        self.beta = beta
    }
}

struct CompiledField: Sendable {
    let field: Field
    let checks: CompiledChecks?

    init(_ field: Field) {
        self.field = field
        checks = field.checks.isEmpty ? nil : CompiledChecks(field.checks)
    }
}

struct CompiledEnum: Sendable {
    let values: [String]
    let set: Set<String>
    init(values: [String]) {
        self.values = values
        set = Set(values)
    }
}

/// Constraints with bounds parsed and patterns compiled.
struct CompiledConstraints: Sendable {
    let source: Constraints
    let minimum, maximum, exclusiveMinimum, exclusiveMaximum: JSONNumber?
    let pattern: PatternMatcher?

    init(_ c: Constraints) {
        source = c
        minimum = c.minimum.flatMap { JSONNumber(exactly: $0) }
        maximum = c.maximum.flatMap { JSONNumber(exactly: $0) }
        exclusiveMinimum = c.exclusiveMinimum.flatMap { JSONNumber(exactly: $0) }
        exclusiveMaximum = c.exclusiveMaximum.flatMap { JSONNumber(exactly: $0) }
        pattern = c.pattern.flatMap { PatternMatcher.shared($0) }
    }
}

struct CompiledChecks: Sendable {
    let errors: CompiledConstraints
    let warnings: CompiledConstraints?
    let warningMessage: String?

    init(_ checks: Checks) {
        errors = CompiledConstraints(checks.errors)
        warnings = checks.warnings.isEmpty ? nil : CompiledConstraints(checks.warnings)
        warningMessage = checks.warningMessage
    }
}
