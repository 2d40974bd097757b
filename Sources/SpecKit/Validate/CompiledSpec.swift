/// A ``Spec`` prepared for fast validation: types numbered and referenced by index, field data
/// trimmed to what checks need, bounds parsed and patterns compiled. Built once and shared
/// read-only by every thread that validates.
public final class CompiledSpec: Sendable {
    /// The spec this was built from.
    public let spec: Spec
    let types: [CompiledType]
    let indexByName: [String: Int]

    /// Prepares `spec`. The spec must have loaded without errors.
    public init(_ spec: Spec) {
        self.spec = spec
        var indexByName: [String: Int] = [:]
        for (i, decl) in spec.types.enumerated() where indexByName[decl.name] == nil { indexByName[decl.name] = i }
        self.indexByName = indexByName
        var engines: [String: RuleEngine] = [:]
        for decl in spec.types {
            if case .object(let object) = decl.kind, !object.requestRules.isEmpty {
                engines[decl.name] = RuleEngine(rules: object.requestRules)
            }
        }
        ruleEngines = engines
        defaultHeaders = spec.api.defaultHeaderValues
        let builder = ShapeBuilder(indexByName: indexByName)
        types = spec.types.map { decl in
            switch decl.kind {
            case .object(let object): .object(CompiledObject(decl.name, object, beta: decl.beta, builder))
            case .enumeration(let e): .enumeration(CompiledEnum(values: e.values.map(\.value)))
            case .union(let u):
                .union(CompiledUnion(u, builder, nullSelectsDefault: Self.nullSelectsDefault(u, in: spec)))
            case .oneOf(let o): .oneOf(o.variants.map { builder.shape($0.type) })
            case .constant(let value): .constant(value)
            case .alias(let base, let checks):
                .alias(builder.shape(base), checks.isEmpty ? nil : CompiledChecks(checks))
            }
        }
    }

    /// Whether a `null` discriminator selects `union`'s default variant: when that variant
    /// declares its discriminator field `nullable` (a custom tool's `"type": null`).
    static func nullSelectsDefault(_ union: UnionType, in spec: Spec) -> Bool {
        guard let tag = union.defaultTag, let variant = union.variants.first(where: { $0.tag == tag }),
            case .object(let object)? = spec.type(named: variant.type)?.kind
        else { return false }
        return object.fields.first { $0.name == union.discriminator }?.nullable ?? false
    }

    /// Request rule engines by type name (types with request rules only).
    let ruleEngines: [String: RuleEngine]
    /// Header values rules see when a request does not set them: the spec's fixed and default values.
    let defaultHeaders: [String: String]

    /// The request rules of `type`, if it has any.
    func requestRules(of type: TypeRef) -> RuleEngine? {
        guard case .named(let name) = type else { return nil }
        return ruleEngines[name]
    }

    /// What request rules see besides the body, for a run with `options`.
    func ruleContext(_ options: ValidationOptions) -> RuleContext {
        var headers = defaultHeaders
        for (name, value) in options.headers { headers[name.lowercased()] = value }
        let models = options.models.map { spec.models.overridden(by: $0) } ?? spec.models
        return RuleContext(headers: headers, features: options.enabledFeatures, models: models)
    }

    /// The request type of `endpoint` (or of the first endpoint with a request).
    public func requestType(endpoint: String? = nil) -> TypeRef? {
        if let endpoint { return spec.endpoint(named: endpoint)?.request }
        return spec.endpoints.lazy.compactMap(\.request).first
    }

    /// The shape of a type reference.
    func shape(_ ref: TypeRef) -> Shape { ShapeBuilder(indexByName: indexByName).shape(ref) }
}

/// A type reference with declared types replaced by their index in ``CompiledSpec/types``.
indirect enum Shape: Sendable {
    case any, string, integer, number, boolean
    case array(Shape)
    case map(Shape)
    case type(Int)
    /// A name the spec does not declare (only in specs that loaded with errors).
    case missing
}

struct ShapeBuilder {
    let indexByName: [String: Int]

    func shape(_ ref: TypeRef) -> Shape {
        switch ref {
        case .any: .any
        case .string: .string
        case .integer: .integer
        case .number: .number
        case .boolean: .boolean
        case .array(let element): .array(shape(element))
        case .map(let element): .map(shape(element))
        case .named(let name): indexByName[name].map(Shape.type) ?? .missing
        }
    }
}

enum CompiledType: Sendable {
    case object(CompiledObject)
    case enumeration(CompiledEnum)
    case union(CompiledUnion)
    case oneOf([Shape])
    case constant(LiteralValue)
    case alias(Shape, CompiledChecks?)
}

final class CompiledObject: Sendable {
    let name: String
    let fields: [CompiledField]
    /// The fields by name, over UTF-8 bytes, so that a member key is looked up without making a `String`.
    let table: FieldTable
    let allowsAdditional: Bool
    let rules: [Rule]
    let beta: String?

    init(_ name: String, _ object: ObjectType, beta: String?, _ builder: ShapeBuilder) {
        self.name = name
        fields = object.fields.map { CompiledField($0, builder) }
        table = FieldTable(object.fields.map(\.name))
        allowsAdditional = object.allowsAdditional
        rules = object.rules
        self.beta = beta
    }

    /// The index of the field named `name` (the first, if repeated), compared as Swift compares strings: a
    /// non-ASCII key that misses the byte table is compared with each name (canonically equivalent spellings
    /// match, as they always have).
    func index(of name: String) -> Int? {
        var name = name
        if let found = name.withUTF8({ table.index(of: $0) }) { return found }
        guard !name.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return fields.firstIndex { $0.name == name }
    }
}

/// What validation needs of a field, and nothing else (no docs), so reading one is one retain.
final class CompiledField: Sendable {
    let name: String
    let type: TypeRef
    let shape: Shape
    let constant: LiteralValue?
    let required: Bool
    let nullable: Bool
    let beta: String?
    let checks: CompiledChecks?

    init(_ field: Field, _ builder: ShapeBuilder) {
        name = field.name
        type = field.type
        shape = builder.shape(field.type)
        constant = field.constant
        required = field.required
        nullable = field.nullable
        beta = field.beta
        checks = field.checks.isEmpty ? nil : CompiledChecks(field.checks)
    }
}

final class CompiledEnum: Sendable {
    let values: [String]
    let set: Set<String>

    init(values: [String]) {
        self.values = values
        set = Set(values)
    }
}

final class CompiledUnion: Sendable {
    struct Variant: Sendable {
        let tag: String
        let type: Int?
        let beta: String?
    }

    let discriminator: String
    let tags: [String]
    let variants: [String: Variant]
    /// The variants in tag order, and an index of their tags over UTF-8 bytes (the first of a repeated tag wins).
    let variantList: [Variant]
    let tagTable: FieldTable
    let defaultVariant: Variant?
    /// Whether `"discriminator": null` selects the default variant (as an absent one does).
    let nullSelectsDefault: Bool

    init(_ union: UnionType, _ builder: ShapeBuilder, nullSelectsDefault: Bool) {
        self.nullSelectsDefault = nullSelectsDefault
        discriminator = union.discriminator
        tags = union.variants.map(\.tag)
        var variants: [String: Variant] = [:]
        for v in union.variants where variants[v.tag] == nil {
            variants[v.tag] = Variant(tag: v.tag, type: builder.indexByName[v.type], beta: v.beta)
        }
        self.variants = variants
        variantList = union.variants.map { variants[$0.tag] ?? Variant(tag: $0.tag, type: nil, beta: nil) }
        tagTable = FieldTable(tags)
        defaultVariant = union.defaultTag.flatMap { variants[$0] }
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

final class CompiledChecks: Sendable {
    let errors: CompiledConstraints
    let warnings: CompiledConstraints?
    let warningMessage: String?

    init(_ checks: Checks) {
        errors = CompiledConstraints(checks.errors)
        warnings = checks.warnings.isEmpty ? nil : CompiledConstraints(checks.warnings)
        warningMessage = checks.warningMessage
    }
}

/// Field names by their UTF-8 bytes: open addressing on a 32-bit FNV-1a hash, a power-of-two table at most half
/// full, names stored back to back. `index(of:)` allocates nothing and hashes each key once.
struct FieldTable: Sendable {
    private let slots: [Int32]
    private let names: [UInt8]
    private let starts: [Int]

    init(_ fieldNames: [String]) {
        var names: [UInt8] = []
        var starts: [Int] = []
        for name in fieldNames {
            starts.append(names.count)
            names += name.utf8
        }
        starts.append(names.count)
        var size = 4
        while size < fieldNames.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (i, name) in fieldNames.enumerated() {
            var slot = Int(Self.hash(name.utf8) & UInt32(size - 1))
            var duplicate = false
            while slots[slot] >= 0 {
                let other = Int(slots[slot])
                if names[starts[other]..<starts[other + 1]].elementsEqual(name.utf8) { duplicate = true }
                slot = (slot + 1) & (size - 1)
            }
            if !duplicate { slots[slot] = Int32(i) }  // the first of a repeated name wins, as in `index`
        }
        self.slots = slots
        self.names = names
        self.starts = starts
    }

    @inline(__always)
    static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        var h: UInt32 = 0x811c_9dc5
        for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }

    /// The index of the field named by UTF-8 `key`.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(Self.hash(key) & UInt32(mask))
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            let start = starts[i]
            if starts[i + 1] - start == key.count {
                var equal = true
                var k = 0
                while k < key.count {
                    if names[start + k] != key[k] {
                        equal = false
                        break
                    }
                    k += 1
                }
                if equal { return i }
            }
            slot = (slot + 1) & mask
        }
    }
}
