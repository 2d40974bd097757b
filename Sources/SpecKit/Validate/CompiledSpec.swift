import SpecValidation

/// A spec prepared for fast validation: types numbered and referenced by index, field data trimmed to what checks
/// need, bounds parsed and patterns compiled. Each type is compiled the first time a document uses it, so that a run
/// over a few small files compiles a few types; compiled types are shared read-only by every thread that validates.
public final class CompiledSpec: Sendable {
    /// Where the declarations come from: a loaded spec, or an archive read one type at a time.
    private enum Source: Sendable {
        case spec(Spec)
        case archive(ArchivedSpec)
    }

    private let source: Source
    /// The declared types' names, in declaration order (the index of a type is its place here).
    public let typeNames: [String]
    let indexByName: [String: Int]
    /// The API.
    public let api: APIInfo
    /// The endpoints.
    public let endpoints: [Endpoint]
    /// The model profiles.
    public let models: ModelCatalog
    /// Header values rules see when a request does not set them: the spec's fixed and default values.
    let defaultHeaders: [String: String]
    /// Which types are compiled: guards `types` while a type is compiled, and is copied by each walk.
    private let ready: Locked<[Bool]>
    /// The compiled types, in declaration order; slot `i` is initialized, once, when `ready[i]` is set (holding its
    /// lock), and then never changes until the compiled spec is freed.
    nonisolated(unsafe) private let types: UnsafeMutablePointer<CompiledType>

    /// Prepares `spec`. The spec must have loaded without errors.
    public convenience init(_ spec: Spec) {
        self.init(
            .spec(spec), names: spec.types.map(\.name), api: spec.api, endpoints: spec.endpoints, models: spec.models)
    }

    /// Prepares the spec in `archive`, decoding each type when it is first used.
    public convenience init(_ archive: ArchivedSpec) {
        self.init(
            .archive(archive), names: archive.typeNames, api: archive.api, endpoints: archive.endpoints,
            models: archive.models)
    }

    private init(_ source: Source, names: [String], api: APIInfo, endpoints: [Endpoint], models: ModelCatalog) {
        self.source = source
        typeNames = names
        var indexByName: [String: Int] = [:]
        indexByName.reserveCapacity(names.count)
        for (i, name) in names.enumerated() where indexByName[name] == nil { indexByName[name] = i }
        self.indexByName = indexByName
        self.api = api
        self.endpoints = endpoints
        self.models = models
        defaultHeaders = api.defaultHeaderValues
        types = .allocate(capacity: max(names.count, 1))
        ready = Locked(Array(repeating: false, count: names.count))
    }

    deinit {
        let compiled = ready.withLock { $0 }
        for (i, done) in compiled.enumerated() where done { (types + i).deinitialize(count: 1) }
        types.deallocate()
    }

    /// The spec this was built from (from an archive, decoded in full on first use).
    public var spec: Spec {
        switch source {
        case .spec(let spec): spec
        case .archive(let archive): archive.spec
        }
    }

    /// Declaration `index`; nil only for an archived type whose bytes cannot be read.
    func decl(_ index: Int) -> TypeDecl? {
        switch source {
        case .spec(let spec): spec.types.indices.contains(index) ? spec.types[index] : nil
        case .archive(let archive): archive.decl(index)
        }
    }

    /// Whether the spec declares a type called `name`.
    public func declares(_ name: String) -> Bool { indexByName[name] != nil }

    /// Compiled type `index`, compiled now if no document has used it yet. The pointer stays valid for the compiled
    /// spec's life.
    func compiledType(_ index: Int) -> UnsafePointer<CompiledType> {
        ready.withLock { ready in
            if !ready[index] {
                (types + index).initialize(to: compile(index))
                ready[index] = true
            }
            return UnsafePointer(types + index)
        }
    }

    /// Initializes `known` (one flag per type) with which types are compiled so far, and returns where they are.
    fileprivate func copyCompiled(into known: UnsafeMutableBufferPointer<Bool>) -> UnsafePointer<CompiledType> {
        ready.withLock { ready in
            _ = known.initialize(from: ready)
            return UnsafePointer(types)
        }
    }

    private func compile(_ index: Int) -> CompiledType {
        guard let decl = decl(index) else { return .unreadable(typeNames[index]) }
        let builder = ShapeBuilder(indexByName: indexByName)
        switch decl.kind {
        case .object(let object): return .object(CompiledObject(decl.name, object, beta: decl.beta, builder))
        case .enumeration(let e): return .enumeration(CompiledEnum(values: e.values.map(\.value)))
        case .union(let u):
            return .union(CompiledUnion(decl.name, u, builder, nullSelectsDefault: nullSelectsDefault(u)))
        case .oneOf(let o): return .oneOf(o.variants.map { builder.shape($0.type) })
        case .constant(let value): return .constant(value)
        case .alias(let base, let checks):
            return .alias(builder.shape(base), checks.isEmpty ? nil : CompiledChecks(checks))
        }
    }

    /// Whether a `null` discriminator selects `union`'s default variant: when that variant
    /// declares its discriminator field `nullable` (a custom tool's `"type": null`).
    private func nullSelectsDefault(_ union: UnionType) -> Bool {
        guard let tag = union.defaultTag, let variant = union.variants.first(where: { $0.tag == tag }),
            let index = indexByName[variant.type], case .object(let object)? = decl(index)?.kind
        else { return false }
        return object.fields.first { $0.name == union.discriminator }?.nullable ?? false
    }

    /// The request rules of `type`, if it has any.
    func requestRules(of type: TypeRef) -> RuleEngine? {
        guard case .named(let name) = type, let index = indexByName[name],
            case .object(let object) = compiledType(index).pointee
        else { return nil }
        return object.requestRules
    }

    /// Whether `type` is an object type with a field called `name`.
    public func object(_ type: TypeRef, hasField name: String) -> Bool {
        guard case .named(let typeName) = type, let index = indexByName[typeName],
            case .object(let object) = compiledType(index).pointee
        else { return false }
        return object.index(of: name) != nil
    }

    /// What request rules see besides the body, for a run with `options`.
    func ruleContext(_ options: ValidationOptions) -> RuleContext {
        var headers = defaultHeaders
        for (name, value) in options.headers { headers[name.lowercased()] = value }
        let models = options.models.map { self.models.overridden(by: $0) } ?? self.models
        return RuleContext(headers: headers, features: options.enabledFeatures, models: models)
    }

    /// The request type of `endpoint` (or of the first endpoint with a request).
    public func requestType(endpoint: String? = nil) -> TypeRef? {
        if let endpoint { return endpoints.first { $0.name == endpoint }?.request }
        return endpoints.lazy.compactMap(\.request).first
    }

    /// The shape of a type reference.
    func shape(_ ref: TypeRef) -> Shape { ShapeBuilder(indexByName: indexByName).shape(ref) }
}

/// The compiled types as one walk sees them: which were compiled when it began (or since, by it) and where they are,
/// so that reading a type takes no lock, counts no references and copies nothing.
struct CompiledTypeCache {
    private let compiled: CompiledSpec
    private let types: UnsafePointer<CompiledType>
    private let known: UnsafeMutableBufferPointer<Bool>

    /// Runs `body` with a cache of `compiled`'s types in temporary memory (on the stack, where it fits).
    static func with<Result>(_ compiled: CompiledSpec, _ body: (CompiledTypeCache) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: compiled.typeNames.count) { known in
            let types = compiled.copyCompiled(into: known)
            return body(CompiledTypeCache(compiled: compiled, types: types, known: known))
        }
    }

    private init(compiled: CompiledSpec, types: UnsafePointer<CompiledType>, known: UnsafeMutableBufferPointer<Bool>) {
        self.compiled = compiled
        self.types = types
        self.known = known
    }

    /// Type `index`, read in place.
    subscript(index: Int) -> CompiledType {
        @inline(__always)
        unsafeAddress { known[index] ? types + index : fill(index) }
    }

    /// Type `index`, which this walk has not used yet: compiled now if no walk has.
    @inline(never)
    private func fill(_ index: Int) -> UnsafePointer<CompiledType> {
        let type = compiled.compiledType(index)
        known[index] = true
        return type
    }
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
    /// A type the archive's bytes do not give back (a damaged binary): every use is an error.
    case unreadable(String)
}

final class CompiledObject: Sendable {
    let name: String
    let fields: [CompiledField]
    /// The fields by name, over UTF-8 bytes, so that a member key is looked up without making a `String`.
    let table: FieldTable
    let allowsAdditional: Bool
    let rules: [Rule]
    let beta: String?
    /// The request rules, when the type has some.
    let requestRules: RuleEngine?
    /// Bit `i` set for each required field `i` below 64, and whether a field from 64 on is required.
    let requiredMask: UInt64
    let hasLaterRequired: Bool

    init(_ name: String, _ object: ObjectType, beta: String?, _ builder: ShapeBuilder) {
        self.name = name
        requestRules = object.requestRules.isEmpty ? nil : RuleEngine(rules: object.requestRules)
        var mask: UInt64 = 0
        for (i, field) in object.fields.enumerated() where field.required && i < 64 { mask |= 1 << UInt64(i) }
        requiredMask = mask
        hasLaterRequired = object.fields.dropFirst(64).contains { $0.required }
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
    /// A string constant's UTF-8, to compare values without touching a `String`.
    let constantKey: UTF8Key?

    init(_ field: Field, _ builder: ShapeBuilder) {
        name = field.name
        type = field.type
        shape = builder.shape(field.type)
        constant = field.constant
        required = field.required
        nullable = field.nullable
        beta = field.beta
        checks = field.checks.isEmpty ? nil : CompiledChecks(field.checks)
        if case .string(let text)? = field.constant { constantKey = UTF8Key(text) } else { constantKey = nil }
    }

    deinit { constantKey?.deallocate() }
}

/// A string's UTF-8 in memory of its own, read without reference counting; the owner frees it.
struct UTF8Key: @unchecked Sendable {
    // @unchecked: written once, in `init`, and only read afterwards.
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ text: String) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(text.utf8.count, 1))
        _ = buffer.initialize(from: text.utf8)
        bytes = UnsafeBufferPointer(rebasing: buffer[..<text.utf8.count])
    }

    /// Frees the bytes; called once, by the owner's `deinit`.
    func deallocate() { bytes.deallocate() }
}

final class CompiledEnum: Sendable {
    let values: [String]
    let set: Set<String>
    /// The values by UTF-8 bytes, so that a value is looked up without making a `String`.
    let table: FieldTable

    init(values: [String]) {
        self.values = values
        set = Set(values)
        table = FieldTable(values)
    }

    deinit { table.deallocate() }
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
    /// `discriminator`'s UTF-8, to look the member up without touching a `String`.
    let discriminatorKey: UTF8Key
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
        discriminatorKey = UTF8Key(union.discriminator)
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

    deinit {
        tagTable.deallocate()
        discriminatorKey.deallocate()
    }
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

    /// Whether the `key.count` bytes at `name` are `key`, compared a word at a time (never reading outside either).
    @inline(__always)
    private static func equal(_ name: UnsafePointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = key.baseAddress else { return true }  // both empty
        return JSONBytes.equal(UnsafeRawPointer(name), UnsafeRawPointer(base), count: key.count)
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
