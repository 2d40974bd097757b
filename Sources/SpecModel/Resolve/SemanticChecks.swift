/// Checks that need the whole spec: constraint fit, bounds, unions, rules, regexes, Swift
/// name collisions, streaming settings and unused types.
struct SemanticChecks {
    let spec: Spec
    let references: [(name: String, location: SourceLocation)]
    let requestRules: [RequestRuleSource]
    var diagnostics = DiagnosticBag()

    init(spec: Spec, resolver: SpecResolver) {
        self.spec = spec
        self.references = resolver.references
        self.requestRules = resolver.requestRules
    }

    mutating func run() {
        for decl in spec.types {
            switch decl.kind {
            case .object(let object): checkObject(decl, object)
            case .alias(let base, let checks):
                checkConstraints(checks, on: base, owner: decl.name, fallback: decl.location)
            case .union(let union): checkUnion(decl, union)
            case .oneOf(let oneOf): checkOneOf(decl, oneOf)
            case .enumeration(let e):
                checkCollisions(e.values.map(\.value), what: "enum values of '\(decl.name)'", at: decl.location)
            case .constant: break
            }
        }
        for endpoint in spec.endpoints { checkEndpoint(endpoint) }
        checkRequestRules()
        checkGeneratedTypeNames()
        checkUnused()
    }

    // MARK: - Type facts

    /// The built-in shape of a reference after following named aliases.
    func base(of ref: TypeRef) -> TypeRef {
        var current = ref
        var seen: Set<String> = []
        while case .named(let name) = current, let decl = spec.type(named: name), !seen.contains(name) {
            seen.insert(name)
            switch decl.kind {
            case .alias(let inner, _): current = inner
            case .enumeration: return .string
            case .constant(let value): return value.typeRef ?? .any
            default: return current
            }
        }
        return current
    }

    /// JSON kinds a value of `ref` can have (`any` has all of them).
    func jsonKinds(of ref: TypeRef) -> Set<String> {
        switch base(of: ref) {
        case .string: return ["string"]
        case .integer, .number: return ["number"]
        case .boolean: return ["boolean"]
        case .array: return ["array"]
        case .map: return ["object"]
        case .any: return ["string", "number", "boolean", "array", "object", "null"]
        case .named(let name):
            guard let decl = spec.type(named: name) else { return [] }
            if case .oneOf(let oneOf) = decl.kind {
                return oneOf.variants.reduce(into: Set<String>()) { $0.formUnion(jsonKinds(of: $1.type)) }
            }
            return ["object"]
        }
    }

    func objectType(_ name: String) -> ObjectType? {
        if case .object(let object)? = spec.type(named: name)?.kind { return object }
        return nil
    }

    // MARK: - Objects and constraints

    mutating func checkObject(_ decl: TypeDecl, _ object: ObjectType) {
        for field in object.fields {
            checkConstraints(
                field.checks, on: field.type, owner: "\(decl.name).\(field.name)", fallback: field.location)
            if let value = field.defaultValue, let type = value.typeRef, !isCompatible(type, with: base(of: field.type))
            {
                diagnostics.error(
                    "default \(value) does not fit the type '\(field.type)' of field '\(field.name)'",
                    at: field.location)
            }
        }
        checkCollisions(object.fields.map(\.name), what: "fields of '\(decl.name)'", at: decl.location)
        for rule in object.rules { checkRule(rule, in: decl, object) }
        var ids: [String: SourceLocation] = [:]
        for rule in object.rules {
            if let first = ids[rule.id] {
                diagnostics.report(
                    .error(
                        "duplicate rule id '\(rule.id)'", at: rule.location,
                        notes: [.init("first used here", at: first)]))
            }
            ids[rule.id] = rule.location
        }
    }

    func isCompatible(_ literal: TypeRef, with base: TypeRef) -> Bool {
        switch (literal, base) {
        case (_, .any): true
        case (.integer, .number): true
        default: literal == base
        }
    }

    mutating func checkConstraints(_ checks: Checks, on type: TypeRef, owner: String, fallback: SourceLocation) {
        for constraints in [checks.errors, checks.warnings] {
            let shape = base(of: type)
            func location(_ name: String) -> SourceLocation { constraints.location(of: name) ?? fallback }
            let groups: [(keys: [(String, Bool)], fits: Bool, kind: String)] = [
                (
                    [
                        ("minimum", constraints.minimum != nil), ("maximum", constraints.maximum != nil),
                        ("exclusive_minimum", constraints.exclusiveMinimum != nil),
                        ("exclusive_maximum", constraints.exclusiveMaximum != nil),
                    ],
                    shape == .integer || shape == .number, "numbers"
                ),
                (
                    [
                        ("min_length", constraints.minLength != nil), ("max_length", constraints.maxLength != nil),
                        ("pattern", constraints.pattern != nil), ("format", constraints.format != nil),
                    ], shape == .string, "strings"
                ),
                (
                    [("min_items", constraints.minItems != nil), ("max_items", constraints.maxItems != nil)],
                    { if case .array = shape { return true } else { return false } }(), "arrays"
                ),
                (
                    [
                        ("min_properties", constraints.minProperties != nil),
                        ("max_properties", constraints.maxProperties != nil),
                    ],
                    { if case .map = shape { return true } else { return false } }(), "maps"
                ),
            ]
            for group in groups where !group.fits {
                for (name, present) in group.keys where present {
                    diagnostics.error(
                        "'\(name)' applies to \(group.kind), but '\(owner)' has type '\(type)'; remove it or change the type",
                        at: location(name))
                }
            }
            func order<T: Comparable>(
                _ low: T?, _ high: T?, _ lowName: String, _ highName: String, strict: Bool = false
            ) {
                guard let low, let high, strict ? low >= high : low > high else { return }
                diagnostics.error(
                    "'\(lowName)' \(low) is \(strict ? "not below" : "greater than") '\(highName)' \(high), so no value can pass; fix the bounds",
                    at: location(lowName))
            }
            let min = constraints.minimum.flatMap { JSONNumber(exactly: $0) },
                max = constraints.maximum.flatMap { JSONNumber(exactly: $0) }
            let xmin = constraints.exclusiveMinimum.flatMap { JSONNumber(exactly: $0) },
                xmax = constraints.exclusiveMaximum.flatMap { JSONNumber(exactly: $0) }
            order(min, max, "minimum", "maximum")
            order(xmin, xmax, "exclusive_minimum", "exclusive_maximum", strict: true)
            order(min, xmax, "minimum", "exclusive_maximum", strict: true)
            order(xmin, max, "exclusive_minimum", "maximum", strict: true)
            order(constraints.minLength, constraints.maxLength, "min_length", "max_length")
            order(constraints.minItems, constraints.maxItems, "min_items", "max_items")
            order(constraints.minProperties, constraints.maxProperties, "min_properties", "max_properties")
            if let pattern = constraints.pattern {
                do {
                    _ = try Regex(pattern)
                } catch {
                    diagnostics.error(
                        "invalid regular expression '\(pattern)': \(error); fix the pattern", at: location("pattern"))
                }
            }
        }
    }

    // MARK: - Unions

    mutating func checkUnion(_ decl: TypeDecl, _ union: UnionType) {
        for variant in union.variants {
            let at = variant.location ?? decl.location
            guard let object = objectType(variant.type) else {
                diagnostics.error(
                    "variant '\(variant.tag)' of union '\(decl.name)' must be an object type, but '\(variant.type)' is not an object",
                    at: at)
                continue
            }
            guard let field = object.field(named: union.discriminator) else {
                diagnostics.error(
                    "variant type '\(variant.type)' lacks the discriminator field '\(union.discriminator)'; add `\(union.discriminator): { const: \(variant.tag), required: true }`",
                    at: at)
                continue
            }
            switch field.constant {
            case .string(let value)? where value == variant.tag:
                break
            case let value?:
                diagnostics.report(
                    .error(
                        "variant '\(variant.tag)' of union '\(decl.name)' uses '\(variant.type)', whose '\(union.discriminator)' is the constant \(value); make the tag and the constant equal",
                        at: at,
                        notes: [.init("the constant is declared here", at: field.location)]))
            case nil:
                diagnostics.report(
                    .error(
                        "discriminator field '\(union.discriminator)' of '\(variant.type)' must be a const; write `\(union.discriminator): { const: \(variant.tag), required: true }`",
                        at: field.location))
            }
        }
        var tags: [String: String] = [:]
        for variant in union.variants {
            if let other = tags[variant.type] {
                diagnostics.error(
                    "type '\(variant.type)' is used by two variants ('\(other)' and '\(variant.tag)') of union '\(decl.name)'",
                    at: variant.location ?? decl.location)
            }
            tags[variant.type] = variant.tag
        }
        checkCollisions(union.variants.map(\.tag), what: "variants of '\(decl.name)'", at: decl.location)
    }

    mutating func checkOneOf(_ decl: TypeDecl, _ oneOf: OneOfType) {
        var owner: [String: String] = [:]
        for variant in oneOf.variants {
            let at = variant.location ?? decl.location
            for kind in jsonKinds(of: variant.type).sorted() {
                if let other = owner[kind] {
                    diagnostics.error(
                        "variants '\(other)' and '\(variant.name)' of oneof '\(decl.name)' can both be a JSON \(kind), so the value cannot pick one; use a discriminated union or merge them",
                        at: at)
                    break
                }
                owner[kind] = variant.name
            }
        }
        checkCollisions(oneOf.variants.map(\.name), what: "variants of '\(decl.name)'", at: decl.location)
    }

    // MARK: - Rules

    /// The fields a path reaches; nil after reporting when a segment names no field.
    mutating func resolvePath(_ path: FieldPath, in decl: TypeDecl, _ object: ObjectType) -> [Field]? {
        var objects: [(String, ObjectType)] = [(decl.name, object)]
        var reached: [Field] = []
        for (index, segment) in path.segments.enumerated() {
            reached = objects.compactMap { $0.1.field(named: segment) }
            guard !reached.isEmpty else {
                let names = Set(objects.flatMap { $0.1.fields.map(\.name) }).sorted()
                var text =
                    "rule operand '\(path)' names no field: '\(segment)' is not a field of \(objects.map { "'\($0.0)'" }.joined(separator: " or "))"
                if let s = Suggestions.closest(to: segment, in: names) { text += "; did you mean '\(s)'?" }
                diagnostics.error(text, at: path.location)
                return nil
            }
            guard index < path.segments.count - 1 else { break }
            objects = reached.flatMap { field -> [(String, ObjectType)] in
                guard case .named(let name) = field.type, let decl = spec.type(named: name) else { return [] }
                switch decl.kind {
                case .object(let o): return [(name, o)]
                case .union(let u): return u.variants.compactMap { v in objectType(v.type).map { (v.type, $0) } }
                default: return []
                }
            }
            if objects.isEmpty {
                diagnostics.error(
                    "rule operand '\(path)' goes through '\(segment)', which is not an object or union",
                    at: path.location)
                return nil
            }
        }
        return reached
    }

    mutating func checkRule(_ rule: Rule, in decl: TypeDecl, _ object: ObjectType) {
        switch rule.condition {
        case .exclusive(let paths):
            for path in paths { _ = resolvePath(path, in: decl, object) }
        case .requires(let a, let b):
            _ = resolvePath(a, in: decl, object)
            _ = resolvePath(b, in: decl, object)
        case .lessThan(let a, let b):
            for path in [a, b] {
                guard let fields = resolvePath(path, in: decl, object) else { continue }
                for field in fields where !(base(of: field.type) == .integer || base(of: field.type) == .number) {
                    diagnostics.error(
                        "'less_than' compares numbers, but '\(path)' has type '\(field.type)'", at: path.location)
                }
            }
        }
    }

    // MARK: - Names

    mutating func checkCollisions(_ names: [String], what: String, at location: SourceLocation) {
        var seen: [String: String] = [:]
        for name in names {
            let identifier = SwiftNames.lowerCamel(name)
            if let other = seen[identifier], other != name {
                diagnostics.error(
                    "'\(other)' and '\(name)' in \(what) both become the Swift name '\(identifier)'; rename one",
                    at: location)
            }
            seen[identifier] = name
        }
    }

    /// Type names and shapes that valid YAML allows but the generated Swift cannot have: a name the generated
    /// code uses for itself, the client's name, or a struct that contains itself.
    mutating func checkGeneratedTypeNames() {
        for decl in spec.types where SwiftNames.reservedTypeNames.contains(decl.name) {
            diagnostics.error(
                "type name '\(decl.name)' clashes with a Swift or runtime type that the generated code uses; rename the type",
                at: decl.location)
        }
        for decl in spec.selfContainingObjects {
            diagnostics.error(
                "type '\(decl.name)' contains itself through object fields, which a Swift struct cannot; "
                    + "put the recursive field in an array or a union",
                at: decl.location)
        }
        let clientName = SwiftNames.clientTypeName(apiName: spec.api.name)
        if let decl = spec.type(named: clientName) {
            diagnostics.error(
                "type name '\(decl.name)' clashes with the generated client '\(clientName)'; rename the type or change api.name",
                at: decl.location)
        }
    }

    // MARK: - Endpoints

    mutating func checkEndpoint(_ endpoint: Endpoint) {
        if let request = endpoint.request {
            let isObject: Bool = {
                if case .named(let n) = request { return objectType(n) != nil } else { return false }
            }()
            if !isObject {
                diagnostics.error(
                    "the request of '\(endpoint.name)' must be an object type, found '\(request)'",
                    at: endpoint.partLocations.request ?? endpoint.location)
            }
        }
        guard let stream = endpoint.stream else { return }
        guard case .union(let events)? = spec.type(named: stream.events)?.kind else {
            diagnostics.error(
                "stream events '\(stream.events)' must be a discriminated union whose tags are the SSE event names",
                at: endpoint.partLocations.streamEvents ?? endpoint.location)
            return
        }
        if case .named(let requestName)? = endpoint.request, let object = objectType(requestName) {
            let fieldNames = object.fields.map(\.name)
            if let field = object.field(named: stream.field) {
                if base(of: field.type) != .boolean {
                    diagnostics.error(
                        "stream field '\(stream.field)' must be a boolean, found '\(field.type)'",
                        at: endpoint.partLocations.streamField ?? endpoint.location)
                }
            } else {
                var text = "stream field '\(stream.field)' is not a field of '\(requestName)'"
                if let s = Suggestions.closest(to: stream.field, in: fieldNames) { text += "; did you mean '\(s)'?" }
                diagnostics.error(text, at: endpoint.partLocations.streamField ?? endpoint.location)
            }
        }
        let parts = endpoint.partLocations
        for (tag, at) in [(stream.end, parts.streamEnd), (stream.error, parts.streamError)] {
            guard let tag, events.variant(tagged: tag) == nil else { continue }
            var text = "'\(tag)' is not an event of '\(stream.events)'"
            if let s = Suggestions.closest(to: tag, in: events.variants.map(\.tag)) { text += "; did you mean '\(s)'?" }
            diagnostics.error(text, at: at ?? endpoint.location)
        }
    }

    // MARK: - Unused types

    mutating func checkUnused() {
        var reachable: Set<String> = []
        var queue: [String] = []
        func visit(_ ref: TypeRef?) {
            for name in ref?.namedTypes ?? [] where !reachable.contains(name) {
                reachable.insert(name)
                queue.append(name)
            }
        }
        for endpoint in spec.endpoints {
            visit(endpoint.request)
            visit(endpoint.response)
            visit(endpoint.error)
            visit(endpoint.stream.map { .named($0.events) })
        }
        while let name = queue.popLast() {
            guard let decl = spec.type(named: name) else { continue }
            switch decl.kind {
            case .object(let o): o.fields.forEach { visit($0.type) }
            case .union(let u): u.variants.forEach { visit(.named($0.type)) }
            case .oneOf(let o): o.variants.forEach { visit($0.type) }
            case .alias(let base, _): visit(base)
            case .enumeration, .constant: break
            }
        }
        for decl in spec.types where !reachable.contains(decl.name) {
            diagnostics.warning(
                "type '\(decl.name)' is not used by any endpoint; remove it or reference it", at: decl.location)
        }
    }
}
