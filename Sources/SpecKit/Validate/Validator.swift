/// Options of a validation run.
public struct ValidationOptions: Sendable {
    /// Features (e.g. `anthropic-beta` names) the payload may use.
    public var enabledFeatures: Set<String>
    /// Issues collected per document before the rest are only counted.
    public var maxIssues: Int
    /// Header values request rules read (e.g. `anthropic-version`); the spec's defaults fill the rest.
    public var headers: [String: String]
    /// Model profiles that take precedence over the spec's (a `--models` file).
    public var models: ModelCatalog?

    /// Creates options.
    public init(
        enabledFeatures: Set<String> = [], maxIssues: Int = 200, headers: [String: String] = [:],
        models: ModelCatalog? = nil
    ) {
        self.enabledFeatures = enabledFeatures
        self.maxIssues = maxIssues
        self.headers = headers
        self.models = models
    }
}

/// Checks a parsed JSON value against a spec type and collects every problem.
///
/// The rules are the spec's: types, required and unknown fields, constants, enums, unions,
/// constraints (errors and warnings), cross-field rules and features. Generated `validate()`
/// methods apply the same rules with the same ``ViolationMessages``.
public struct Validator: Sendable {
    /// The compiled spec.
    public let compiled: CompiledSpec
    /// Options.
    public let options: ValidationOptions
    /// What request rules see besides the body (headers, features, model profiles): the same for
    /// every document, so made once.
    let ruleContext: RuleContext

    /// Creates a validator.
    public init(_ compiled: CompiledSpec, options: ValidationOptions = ValidationOptions()) {
        self.compiled = compiled
        self.options = options
        ruleContext = compiled.ruleContext(options)
    }

    /// The result of validating one value.
    public struct Result: Sendable {
        /// The problems, located in the document: schema findings in document order, then request-rule findings
        /// in rule order; at most `maxIssues`. Each carries its rule id and JSON Pointer.
        public var diagnostics: [Diagnostic]
        /// Problems found beyond `maxIssues`.
        public var omitted: Int
    }

    /// Validates `value` as `type`.
    public func validate(_ value: JSONValue, as type: TypeRef) -> Result {
        let document = value.document
        var run = CompiledTypeCache.with(compiled) { types in
            document.withNodes { nodes in
                var run = Run(compiled: compiled, options: options, nodes: nodes, types: types)
                run.value(value.index, compiled.shape(type), checks: nil)
                return run.finished
            }
        }
        let sorted = run.issues.enumerated().sorted { a, b in
            a.element.offset != b.element.offset ? a.element.offset < b.element.offset : a.offset < b.offset
        }.map(\.element)
        var diagnostics = sorted.map { Diagnostic($0.violation, at: document.location(of: $0.offset)) }
        // Request-rule findings follow, in the order the rules are declared (as generated
        // validators report them, which know no byte offsets). Like a compiler's later passes,
        // rules run only on a request without schema errors: they assume the shapes they walk.
        if let engine = compiled.requestRules(of: type), !sorted.contains(where: { $0.violation.severity == .error }) {
            for finding in engine.evaluate(document, root: value.index, context: ruleContext) {
                guard diagnostics.count < options.maxIssues else {
                    run.omitted += 1
                    continue
                }
                let notes = finding.note.map {
                    [Diagnostic.Note($0.message, at: document.location(of: document.offset(of: $0.node)))]
                }
                diagnostics.append(
                    Diagnostic(
                        finding.violation, at: document.location(of: document.offset(of: finding.node)),
                        notes: notes ?? []))
            }
        }
        return Result(diagnostics: diagnostics, omitted: run.omitted)
    }
}

/// One walk over a document's values, by node index (no reference counting on the way).
private struct Run {
    let compiled: CompiledSpec
    let options: ValidationOptions
    let featureHeader: String?
    /// The document's values; valid only during the walk.
    let nodes: JSONNodes
    /// The compiled types, by index.
    let types: CompiledTypeCache
    /// What the walk found, with the byte offset each finding points at; located only when reported.
    var issues: [(violation: Violation, offset: Int)] = []
    var omitted = 0
    /// The path to the value being checked; turned into a JSON Pointer only when reporting.
    var path: [PathStep] = []

    enum PathStep {
        case key(String)
        /// An object member by the node index of its key, which is decoded only when a pointer is made.
        case member(Int)
        case index(Int)
    }

    init(
        compiled: CompiledSpec, options: ValidationOptions, nodes: JSONNodes, types: CompiledTypeCache
    ) {
        self.compiled = compiled
        self.options = options
        self.nodes = nodes
        self.types = types
        featureHeader = compiled.api.featureHeader
        path.reserveCapacity(32)
    }

    /// What outlives the walk: the findings (the node view does not).
    var finished: (issues: [(violation: Violation, offset: Int)], omitted: Int) { (issues, omitted) }

    /// The key of the member whose key is node `key`.
    func key(_ key: Int) -> String { nodes.string(key) ?? "" }

    typealias M = ViolationMessages
    typealias R = ViolationMessages.RuleID

    var pointer: JSONPointer {
        path.reduce(into: JSONPointer()) { pointer, step in
            switch step {
            case .key(let key): pointer = pointer.appending(key)
            case .member(let member): pointer = pointer.appending(key(member))
            case .index(let index): pointer = pointer.appending(index)
            }
        }
    }

    mutating func report(
        _ rule: String, _ message: String, at offset: Int, _ severity: Severity = .error, extra: PathStep? = nil
    ) {
        guard issues.count < options.maxIssues else {
            omitted += 1
            return
        }
        var at = pointer
        switch extra {
        case .key(let key)?: at = at.appending(key)
        case .member(let member)?: at = at.appending(key(member))
        case .index(let index)?: at = at.appending(index)
        case nil: break
        }
        issues.append(
            (Violation(pointer: at.encoded, rule: rule, message: message, severity: severity), offset: offset))
    }

    // MARK: - Values

    mutating func value(_ v: Int, _ shape: Shape, checks: CompiledChecks?) {
        switch shape {
        case .any, .missing:
            return
        case .string:
            guard nodes.kind(v) == .string else { return mismatch(v, "string") }
        case .boolean:
            guard nodes.kind(v) == .bool else { return mismatch(v, "boolean") }
        case .number:
            guard nodes.kind(v) == .number else { return mismatch(v, "number") }
        case .integer:
            guard nodes.kind(v) == .number else { return mismatch(v, "integer") }
            if !nodes.isInteger(v) {
                report(R.integer, M.integer(found: Self.clip(nodes.number(v)?.text ?? "")), at: nodes.offset(v))
                return
            }
        case .array(let element):
            guard nodes.kind(v) == .array else { return mismatch(v, "array") }
            let first = nodes.firstChild(v)
            for i in 0..<nodes.count(v) {
                path.append(.index(i))
                value(first + i, element, checks: nil)
                path.removeLast()
            }
        case .map(let element):
            guard nodes.kind(v) == .object else { return mismatch(v, "object") }
            let first = nodes.firstChild(v)
            for k in 0..<nodes.count(v) {
                path.append(.member(first + 2 * k))
                value(first + 2 * k + 1, element, checks: nil)
                path.removeLast()
            }
        case .type(let index):
            declared(v, index)
        }
        if let checks { apply(checks, to: v) }
    }

    mutating func mismatch(_ v: Int, _ expected: String) {
        // Past the cap only the count matters: a 50 MB array of wrong elements builds no messages.
        guard issues.count < options.maxIssues else {
            omitted += 1
            return
        }
        report(R.type, M.type(expected: expected, found: describe(v)), at: nodes.offset(v))
    }

    /// Input text (a key, a number) for a message, cut to 60 Unicode scalars the way
    /// `ViolationMessages.quote` cuts strings, so that a 50 MB key or a 10,000-digit number does not
    /// make a message as long as itself.
    static func clip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let cut = scalars.index(scalars.startIndex, offsetBy: 57, limitedBy: scalars.endIndex),
            scalars.index(cut, offsetBy: 4, limitedBy: scalars.endIndex) != nil  // more than 60
        else { return text }
        return String(scalars[..<cut]) + "…"
    }

    /// A value for "found …" in messages: the JSON kind, with short scalars shown.
    func describe(_ v: Int) -> String {
        switch nodes.kind(v) {
        case .string: return "string " + M.quote(nodes.string(v) ?? "")
        case .number: return "number \(Self.clip(nodes.number(v)?.text ?? ""))"
        case .bool: return nodes.boolValue(v) == true ? "true" : "false"
        case .null: return "null"
        case .array: return "array"
        case .object: return "object"
        }
    }

    mutating func declared(_ v: Int, _ index: Int) {
        switch types[index] {
        case .object(let object):
            guard nodes.kind(v) == .object else { return mismatch(v, "object") }
            if let beta = object.beta, !options.enabledFeatures.contains(beta) {
                let message = M.beta("a \(object.name) object", feature: beta, header: featureHeader)
                report(R.beta, message, at: nodes.offset(v))
            }
            self.object(v, object)
        case .enumeration(let e):
            guard nodes.kind(v) == .string else { return mismatch(v, "string") }
            // Bytes first; a value that misses is compared as a String (canonically equivalent spellings match).
            if nodes.lookUpString(v, { e.table.index(of: $0) }) != nil { break }
            guard let s = nodes.string(v) else { return mismatch(v, "string") }
            if !e.set.contains(s) {
                report(
                    R.enumeration,
                    M.enumeration(s, allowed: e.values, suggestion: Suggestions.closest(to: s, in: e.values)),
                    at: nodes.offset(v))
            }
        case .union(let union):
            guard nodes.kind(v) == .object else { return mismatch(v, "object") }
            self.union(v, union)
        case .oneOf(let variants):
            oneOf(v, variants)
        case .constant(let literal):
            constant(v, literal)
        case .alias(let base, let checks):
            value(v, base, checks: checks)
        case .unreadable(let name):
            report(R.type, M.unreadableType(name), at: nodes.offset(v))
        }
    }

    mutating func constant(_ v: Int, _ literal: LiteralValue) {
        let matches: Bool
        switch literal {
        case .string(let s): matches = nodes.stringEquals(v, s)
        case .integer(let i): matches = nodes.number(v).map { $0 == JSONNumber(i) } ?? false
        case .number(let text): matches = nodes.number(v).map { $0 == JSONNumber(exactly: text) } ?? false
        case .boolean(let b): matches = nodes.boolValue(v) == b
        case .null: matches = nodes.isNull(v)
        }
        if !matches {
            report(R.constant, M.constant(expected: literal.description, found: describe(v)), at: nodes.offset(v))
        }
    }

    // MARK: - Objects

    mutating func object(_ v: Int, _ object: CompiledObject) {
        var seen = 0 as UInt64  // fields 0..<64 seen; larger objects use `seenOverflow`
        var seenOverflow: Set<Int> = []
        // The declared fields the object has, gathered in one pass at its first unknown key: looking
        // each candidate up with `member` made an object of n unknown keys cost O(n²).
        var present: Set<Int>?
        let first = nodes.firstChild(v)
        for k in 0..<nodes.count(v) {
            let member = first + 2 * k  // the key; the value follows it
            // Bytes first; a non-ASCII key that misses is compared as a String too, as before (canonically
            // equivalent spellings match).
            guard
                let index = nodes.lookUpString(member, { object.table.index(of: $0) })
                    ?? (nodes.string(member).flatMap { $0.utf8.allSatisfy { $0 < 0x80 } ? nil : object.index(of: $0) })
            else {
                if !object.allowsAdditional {
                    let key = self.key(member)
                    // Past the cap the issue is only counted, so its suggestion is not worth computing.
                    guard issues.count < options.maxIssues else {
                        omitted += 1
                        continue
                    }
                    let nodes = self.nodes
                    let taken =
                        present
                        ?? Set(
                            (0..<nodes.count(v)).lazy.compactMap {
                                object.index(of: nodes.string(first + 2 * $0) ?? "")
                            })
                    present = taken
                    let suggestion = Suggestions.closest(
                        to: key,
                        in: object.fields.indices.lazy.filter { !taken.contains($0) }.map { object.fields[$0].name })
                    report(
                        R.unknownField, M.unknownField(Self.clip(key), in: object.name, suggestion: suggestion),
                        at: nodes.offset(member), extra: .key(key))
                }
                continue
            }
            if index < 64 { seen |= 1 << UInt64(index) } else { seenOverflow.insert(index) }
            let field = object.fields[index]
            path.append(.member(member))
            defer { path.removeLast() }
            if let beta = field.beta, !options.enabledFeatures.contains(beta) {
                let message = M.beta("field '\(field.name)'", feature: beta, header: featureHeader)
                report(R.beta, message, at: nodes.offset(member))
            }
            let fieldValue = member + 1
            if nodes.isNull(fieldValue) {
                if !field.nullable {
                    let expected = expectedName(field.shape)
                    report(R.type, M.type(expected: expected, found: "null"), at: nodes.offset(fieldValue))
                }
                continue
            }
            if let key = field.constantKey {
                if !nodes.stringEquals(fieldValue, utf8: key.bytes), let constant = field.constant {
                    self.constant(fieldValue, constant)
                }
                continue
            }
            if let constant = field.constant {
                self.constant(fieldValue, constant)
                continue
            }
            value(fieldValue, field.shape, checks: field.checks)
        }
        // Most objects have every required field: one mask test says so.
        if seen & object.requiredMask != object.requiredMask || object.hasLaterRequired {
            for (index, field) in object.fields.enumerated() where field.required {
                let wasSeen = index < 64 ? seen & (1 << UInt64(index)) != 0 : seenOverflow.contains(index)
                if !wasSeen { report(R.required, M.required(field.name, in: object.name), at: nodes.offset(v)) }
            }
        }
        for rule in object.rules { self.rule(rule, on: v) }
    }

    /// The "expected …" name of a type in messages.
    func expectedName(_ shape: Shape) -> String {
        switch shape {
        case .type(let index):
            switch types[index] {
            case .object, .union: return "object"
            case .enumeration: return "string"
            case .oneOf(let variants): return variants.map(expectedName).joined(separator: " or ")
            case .constant(let literal): return literal.description
            case .alias(let base, _): return expectedName(base)
            case .unreadable: return "any"
            }
        case .map: return "object"
        case .array: return "array"
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .any, .missing: return "any"
        }
    }

    mutating func union(_ v: Int, _ union: CompiledUnion) {
        let variant: CompiledUnion.Variant
        if let tagValue = nodes.member(v, utf8: union.discriminatorKey.bytes),
            !(nodes.isNull(tagValue) && union.nullSelectsDefault)
        {
            var step: PathStep { .key(union.discriminator) }
            guard nodes.kind(tagValue) == .string else {
                path.append(step)
                mismatch(tagValue, "string")
                path.removeLast()
                return
            }
            if let i = nodes.lookUpString(tagValue, { union.tagTable.index(of: $0) }) {
                variant = union.variantList[i]
            } else {
                let tag = nodes.string(tagValue) ?? ""
                guard let found = union.variants[tag] else {
                    report(
                        R.discriminator,
                        M.unknownDiscriminator(
                            tag, field: union.discriminator, union: union.name, allowed: union.tags,
                            suggestion: Suggestions.closest(to: tag, in: union.tags)),
                        at: nodes.offset(tagValue), extra: step)
                    return
                }
                variant = found
            }
            if let beta = variant.beta ?? betaOf(variant.type), !options.enabledFeatures.contains(beta) {
                let message = M.beta("\(union.discriminator) '\(variant.tag)'", feature: beta, header: featureHeader)
                report(R.beta, message, at: nodes.offset(tagValue), extra: step)
            }
        } else if let fallback = union.defaultVariant {
            variant = fallback
        } else {
            report(
                R.discriminator, M.missingDiscriminator(union.discriminator, union: union.name, allowed: union.tags),
                at: nodes.offset(v))
            return
        }
        if let index = variant.type, case .object(let object) = types[index] {
            self.object(v, object)
        }
    }

    func betaOf(_ index: Int?) -> String? {
        if let index, case .object(let object) = types[index] { return object.beta }
        return nil
    }

    mutating func oneOf(_ v: Int, _ variants: [Shape]) {
        let kind = nodes.kind(v)
        for variant in variants where accepts(variant, kind: kind) {
            value(v, variant, checks: nil)
            return
        }
        let expected = variants.map(expectedName)
        report(R.oneOf, M.oneOf(expected: expected, found: describe(v)), at: nodes.offset(v))
    }

    /// Whether a value of JSON kind `kind` belongs to a variant of shape `shape`.
    func accepts(_ shape: Shape, kind: JSONKind) -> Bool {
        switch shape {
        case .any, .missing: return true
        case .string: return kind == .string
        case .integer, .number: return kind == .number
        case .boolean: return kind == .bool
        case .array: return kind == .array
        case .map: return kind == .object
        case .type(let index):
            switch types[index] {
            case .object, .union: return kind == .object
            case .enumeration: return kind == .string
            case .oneOf(let variants): return variants.contains { accepts($0, kind: kind) }
            case .constant(let literal):
                switch literal {
                case .string: return kind == .string
                case .integer, .number: return kind == .number
                case .boolean: return kind == .bool
                case .null: return kind == .null
                }
            case .alias(let base, _): return accepts(base, kind: kind)
            case .unreadable: return true
            }
        }
    }

    // MARK: - Constraints

    /// Whether value `v` matches `pattern`: over its bytes where the pattern allows, else as a `String`; a value that
    /// is not a string passes (its type is checked elsewhere).
    func matches(_ v: Int, _ pattern: PatternMatcher) -> Bool {
        // (The closures return plain `Bool`s: an optional result costs a generic metadata lookup per call.)
        if pattern.matchesBytes { return nodes.withStringUTF8(v, { pattern.matches(utf8: $0) }) ?? true }
        return nodes.string(v).map(pattern.matches) ?? true
    }

    mutating func apply(_ checks: CompiledChecks, to v: Int) {
        let before = issues.count + omitted
        constraints(checks.errors, v, .error, reason: nil)
        // Warnings only matter for values that pass the error-level checks.
        if let warnings = checks.warnings, issues.count + omitted == before {
            constraints(warnings, v, .warning, reason: checks.warningMessage)
        }
    }

    mutating func constraints(_ c: CompiledConstraints, _ v: Int, _ severity: Severity, reason: String?) {
        let offset = nodes.offset(v)
        func say(_ rule: String, _ message: String) {
            report(rule, severity == .warning ? M.warning(message, because: reason) : message, at: offset, severity)
        }
        switch nodes.kind(v) {
        case .number:
            guard let n = nodes.number(v) else { return }
            if let bound = c.minimum, n < bound { say(R.minimum, M.minimum(Self.clip(n.text), bound.text)) }
            if let bound = c.maximum, n > bound { say(R.maximum, M.maximum(Self.clip(n.text), bound.text)) }
            if let bound = c.exclusiveMinimum, n <= bound {
                say(R.exclusiveMinimum, M.exclusiveMinimum(Self.clip(n.text), bound.text))
            }
            if let bound = c.exclusiveMaximum, n >= bound {
                say(R.exclusiveMaximum, M.exclusiveMaximum(Self.clip(n.text), bound.text))
            }
        case .string:
            if c.minLength != nil || c.maxLength != nil {
                let length = nodes.stringScalarCount(v)
                if let bound = c.minLength, length < bound { say(R.minLength, M.minLength(length, bound)) }
                if let bound = c.maxLength, length > bound { say(R.maxLength, M.maxLength(length, bound)) }
            }
            if let pattern = c.pattern, !matches(v, pattern), let string = nodes.string(v) {
                say(R.pattern, M.pattern(string, pattern.source))
            }
            if let format = c.format,
                nodes.withStringUTF8(v, { StringFormats.isValid(utf8: $0, format: format.rawValue) }) == false
            {
                say(R.format, M.format(nodes.string(v) ?? "", format.rawValue))
            }
        case .array:
            let count = nodes.count(v)
            if let bound = c.minItems, count < bound { say(R.minItems, M.minItems(count, bound)) }
            if let bound = c.maxItems, count > bound { say(R.maxItems, M.maxItems(count, bound)) }
        case .object:
            let count = nodes.count(v)
            if let bound = c.minProperties, count < bound { say(R.minProperties, M.minProperties(count, bound)) }
            if let bound = c.maxProperties, count > bound { say(R.maxProperties, M.maxProperties(count, bound)) }
        default:
            break
        }
    }

    // MARK: - Rules

    /// The value at a field path and the steps to it; nil when any step is absent or null.
    func lookup(_ fieldPath: FieldPath, in v: Int) -> (Int, [PathStep])? {
        var current = v
        var steps: [PathStep] = []
        for segment in fieldPath.segments {
            guard let next = nodes.member(current, segment), !nodes.isNull(next) else { return nil }
            current = next
            steps.append(.key(segment))
        }
        return (current, steps)
    }

    mutating func report(_ rule: Rule, at found: (Int, [PathStep])) {
        let depth = path.count
        path += found.1
        report(R.rule(rule.id), rule.message, at: nodes.offset(found.0), rule.severity)
        path.removeLast(path.count - depth)
    }

    mutating func rule(_ rule: Rule, on v: Int) {
        switch rule.condition {
        case .exclusive(let paths):
            let present = paths.compactMap { lookup($0, in: v) }
            if present.count > 1 { report(rule, at: present[1]) }
        case .lessThan(let a, let b):
            guard let left = lookup(a, in: v), let right = lookup(b, in: v),
                let x = nodes.number(left.0), let y = nodes.number(right.0)
            else { return }
            if !(x < y) { report(rule, at: left) }
        case .requires(let a, let b):
            guard let present = lookup(a, in: v) else { return }
            if lookup(b, in: v) == nil { report(rule, at: present) }
        }
    }
}

extension ViolationMessages {
    /// A type an archived spec's bytes do not give back.
    static func unreadableType(_ name: String) -> String {
        "the spec's type '\(name)' cannot be read from the archive compiled into this tool (the binary is damaged); "
            + "rebuild the tool, or set SPEC_LINT_NO_ARCHIVE=1 to load the spec's YAML instead"
    }
}
