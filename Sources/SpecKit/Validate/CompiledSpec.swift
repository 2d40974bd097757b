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
                .union(CompiledUnion(decl.name, u, builder, nullSelectsDefault: Self.nullSelectsDefault(u, in: spec)))
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

    deinit { table.deallocate() }

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

    /// The union's type name, for messages.
    let name: String
    let discriminator: String
    let tags: [String]
    let variants: [String: Variant]
    /// The variants in tag order, and an index of their tags over UTF-8 bytes (the first of a repeated tag wins).
    let variantList: [Variant]
    let tagTable: FieldTable
    let defaultVariant: Variant?
    /// Whether `"discriminator": null` selects the default variant (as an absent one does).
    let nullSelectsDefault: Bool

    init(_ name: String, _ union: UnionType, _ builder: ShapeBuilder, nullSelectsDefault: Bool) {
        self.name = name
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

    deinit { tagTable.deallocate() }
}

/// Constraints with bounds parsed and patterns compiled; the counts are copied out of ``Constraints``, so that
/// checking a value does not copy (and count references to) all of its strings.
final class CompiledConstraints: Sendable {
    let minimum, maximum, exclusiveMinimum, exclusiveMaximum: JSONNumber?
    let minLength, maxLength, minItems, maxItems, minProperties, maxProperties: Int?
    let format: StringFormat?
    let pattern: PatternMatcher?

    init(_ c: Constraints) {
        minLength = c.minLength
        maxLength = c.maxLength
        minItems = c.minItems
        maxItems = c.maxItems
        minProperties = c.minProperties
        maxProperties = c.maxProperties
        format = c.format
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

/// Field names by their UTF-8 bytes: open addressing on a hash of a name's length and three of its bytes, a
/// power-of-two table at most half full, names stored back to back. Plain pointers into one block, so that a
/// lookup counts no references and allocates nothing; the owner (a compiled object or union) frees the block.
struct FieldTable: @unchecked Sendable {
    // @unchecked: the block is written once, in `init`, and only read afterwards.
    private let slots: UnsafeMutablePointer<Int32>
    private let mask: Int
    /// `starts[i] ..< starts[i + 1]` are the bytes of name `i` in `names`.
    private let starts: UnsafeMutablePointer<Int32>
    private let names: UnsafeMutablePointer<UInt8>

    init(_ fieldNames: [String]) {
        var size = 4
        while size < fieldNames.count * 2 { size *= 2 }
        let byteCount = fieldNames.reduce(0) { $0 + $1.utf8.count }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        mask = size - 1
        starts = .allocate(capacity: fieldNames.count + 1)
        names = .allocate(capacity: max(byteCount, 1))
        var offset = 0
        for (i, name) in fieldNames.enumerated() {
            starts[i] = Int32(offset)
            for byte in name.utf8 {
                names[offset] = byte
                offset += 1
            }
        }
        starts[fieldNames.count] = Int32(offset)
        for i in fieldNames.indices {
            let name = UnsafeBufferPointer(start: names + Int(starts[i]), count: Int(starts[i + 1] - starts[i]))
            var slot = Int(Self.hash(name)) & mask
            var duplicate = false
            while slots[slot] >= 0 {
                if self.name(Int(slots[slot])).elementsEqual(name) { duplicate = true }
                slot = (slot + 1) & mask
            }
            if !duplicate { slots[slot] = Int32(i) }  // the first of a repeated name wins
        }
    }

    /// Frees the table's memory; called once, by its owner's `deinit`.
    func deallocate() {
        slots.deallocate()
        starts.deallocate()
        names.deallocate()
    }

    private func name(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: names + Int(starts[i]), count: Int(starts[i + 1] - starts[i]))
    }

    /// The length and the first, middle and last bytes, mixed: field names differ in those, and reading four
    /// bytes costs the same for every key.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let n = key.count
        guard n > 0 else { return 0 }
        var h = UInt32(truncatingIfNeeded: n) &* 0x9E37_79B1
        h ^= UInt32(key[0]) | UInt32(key[n >> 1]) << 8 | UInt32(key[n - 1]) << 16
        h = (h ^ (h >> 15)) &* 0x85EB_CA6B
        return h ^ (h >> 13)
    }

    /// Whether the `key.count` bytes at `name` are `key`: eight at a time, then one at a time (names are short,
    /// and a call to `memcmp` costs more than comparing them).
    @inline(__always)
    private static func equal(_ name: UnsafePointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = key.baseAddress else { return true }  // both empty
        let n = key.count
        var k = 0
        while k + 8 <= n {
            if UnsafeRawPointer(name + k).loadUnaligned(as: UInt64.self)
                != UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
            {
                return false
            }
            k += 8
        }
        while k < n {
            if name[k] != base[k] { return false }
            k += 1
        }
        return true
    }

    /// The index of the field named by UTF-8 `key`.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Int(Self.hash(key)) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            let start = Int(starts[i])
            if Int(starts[i + 1]) - start == key.count && Self.equal(names + start, key) { return i }
            slot = (slot + 1) & mask
        }
    }
}
