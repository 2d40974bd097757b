/// One failed check of a JSON document: the shared ``Violation`` plus the byte offset of the
/// offending value (or key) in the source, for `line:column`.
public struct ValidationIssue: Sendable, Hashable {
    /// Pointer, rule, message and severity, as generated validators report them.
    public var violation: Violation
    /// The byte offset the issue points at.
    public var offset: Int

    /// Creates an issue.
    public init(_ violation: Violation, offset: Int) {
        self.violation = violation
        self.offset = offset
    }
}

/// Options of a validation run.
public struct ValidationOptions: Sendable {
    /// Features (e.g. `anthropic-beta` names) the payload may use.
    public var enabledFeatures: Set<String>
    /// Issues collected per document before the rest are only counted.
    public var maxIssues: Int

    /// Creates options.
    public init(enabledFeatures: Set<String> = [], maxIssues: Int = 200) {
        self.enabledFeatures = enabledFeatures
        self.maxIssues = maxIssues
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

    /// Creates a validator.
    public init(_ compiled: CompiledSpec, options: ValidationOptions = ValidationOptions()) {
        self.compiled = compiled
        self.options = options
    }

    /// The result of validating one value.
    public struct Result: Sendable {
        /// Issues in document order, at most `maxIssues`.
        public var issues: [ValidationIssue]
        /// Issues found beyond `maxIssues`.
        public var omitted: Int
    }

    /// Validates `value` as `type`.
    public func validate(_ value: JSONValue, as type: TypeRef) -> Result {
        var run = Run(compiled: compiled, options: options)
        run.value(value, type, checks: nil, pointer: JSONPointer())
        let sorted = run.issues.enumerated().sorted { a, b in
            a.element.offset != b.element.offset ? a.element.offset < b.element.offset : a.offset < b.offset
        }.map(\.element)
        return Result(issues: sorted, omitted: run.omitted)
    }
}

private struct Run {
    let compiled: CompiledSpec
    let options: ValidationOptions
    var issues: [ValidationIssue] = []
    var omitted = 0

    init(compiled: CompiledSpec, options: ValidationOptions) {
        self.compiled = compiled
        self.options = options
    }

    typealias M = ViolationMessages
    typealias R = ViolationMessages.RuleID

    mutating func report(_ pointer: JSONPointer, _ rule: String, _ message: String, at offset: Int, _ severity: Severity = .error) {
        guard issues.count < options.maxIssues else {
            omitted += 1
            return
        }
        issues.append(ValidationIssue(Violation(pointer: pointer.encoded, rule: rule, message: message, severity: severity), offset: offset))
    }

    // MARK: - Values

    mutating func value(_ v: JSONValue, _ type: TypeRef, checks: CompiledChecks?, pointer: JSONPointer) {
        switch type {
        case .any:
            return
        case .string:
            guard v.kind == .string else { return mismatch(v, "string", pointer) }
        case .boolean:
            guard v.kind == .bool else { return mismatch(v, "boolean", pointer) }
        case .number:
            guard v.kind == .number else { return mismatch(v, "number", pointer) }
        case .integer:
            guard v.kind == .number else { return mismatch(v, "integer", pointer) }
            if !v.isInteger {
                report(pointer, R.integer, M.integer(found: v.number?.text ?? ""), at: v.offset)
                return
            }
        case .array(let element):
            guard v.kind == .array else { return mismatch(v, "array", pointer) }
            for (i, item) in v.elements.enumerated() {
                value(item, element, checks: nil, pointer: pointer.appending(i))
            }
        case .map(let element):
            guard v.kind == .object else { return mismatch(v, "object", pointer) }
            for member in v.members {
                value(member.value, element, checks: nil, pointer: pointer.appending(member.key))
            }
        case .named(let name):
            named(v, name, pointer: pointer)
        }
        if let checks { apply(checks, to: v, pointer: pointer) }
    }

    mutating func mismatch(_ v: JSONValue, _ expected: String, _ pointer: JSONPointer) {
        report(pointer, R.type, M.type(expected: expected, found: Self.describe(v)), at: v.offset)
    }

    /// A value for "found …" in messages: the JSON kind, with short scalars shown.
    static func describe(_ v: JSONValue) -> String {
        switch v.kind {
        case .string: return "string " + M.quote(v.string ?? "")
        case .number: return "number \(v.number?.text ?? "")"
        case .bool: return v.boolValue == true ? "true" : "false"
        case .null: return "null"
        case .array: return "array"
        case .object: return "object"
        }
    }

    mutating func named(_ v: JSONValue, _ name: String, pointer: JSONPointer) {
        guard let type = compiled.types[name] else { return }
        switch type {
        case .object(let object):
            guard v.kind == .object else { return mismatch(v, "object", pointer) }
            if let beta = object.beta, !options.enabledFeatures.contains(beta) {
                report(pointer, R.beta, M.beta("a \(name) object", feature: beta, header: compiled.spec.api.featureHeader), at: v.offset)
            }
            self.object(v, object, pointer: pointer)
        case .enumeration(let e):
            guard v.kind == .string, let s = v.string else { return mismatch(v, "string", pointer) }
            if !e.set.contains(s) {
                report(pointer, R.enumeration, M.enumeration(s, allowed: e.values, suggestion: Suggestions.closest(to: s, in: e.values)), at: v.offset)
            }
        case .union(let union):
            guard v.kind == .object else { return mismatch(v, "object", pointer) }
            self.union(v, name, union, pointer: pointer)
        case .oneOf(let oneOf):
            self.oneOf(v, oneOf, pointer: pointer)
        case .constant(let literal):
            constant(v, literal, pointer: pointer)
        case .alias(let base, let checks):
            value(v, base, checks: checks, pointer: pointer)
        }
    }

    mutating func constant(_ v: JSONValue, _ literal: LiteralValue, pointer: JSONPointer) {
        let matches: Bool
        switch literal {
        case .string(let s): matches = v.kind == .string && v.stringEquals(s)
        case .integer(let i): matches = v.number.map { $0 == JSONNumber(i) } ?? false
        case .number(let text): matches = v.number.map { $0 == JSONNumber(exactly: text) } ?? false
        case .boolean(let b): matches = v.boolValue == b
        case .null: matches = v.isNull
        }
        if !matches {
            report(pointer, R.constant, M.constant(expected: literal.description, found: Self.describe(v)), at: v.offset)
        }
    }

    // MARK: - Objects

    mutating func object(_ v: JSONValue, _ object: CompiledObject, pointer: JSONPointer) {
        var seen = [Bool](repeating: false, count: object.fields.count)
        for member in v.members {
            let key = member.key
            let memberPointer = pointer.appending(key)
            guard let index = object.index[key] else {
                if !object.allowsAdditional {
                    let suggestion = Suggestions.closest(to: key, in: object.fields.lazy.map(\.field.name).filter { !v.hasMember($0) })
                    report(memberPointer, R.unknownField, M.unknownField(key, in: object.name, suggestion: suggestion), at: member.keyOffset)
                }
                continue
            }
            seen[index] = true
            let compiledField = object.fields[index]
            let field = compiledField.field
            if let beta = field.beta, !options.enabledFeatures.contains(beta) {
                report(memberPointer, R.beta, M.beta("field '\(key)'", feature: beta, header: compiled.spec.api.featureHeader), at: member.keyOffset)
            }
            let fieldValue = member.value
            if fieldValue.isNull {
                if !field.nullable {
                    report(memberPointer, R.type, M.type(expected: expectedName(field.type), found: "null"), at: fieldValue.offset)
                }
                continue
            }
            if let constant = field.constant {
                self.constant(fieldValue, constant, pointer: memberPointer)
                continue
            }
            value(fieldValue, field.type, checks: compiledField.checks, pointer: memberPointer)
        }
        for (index, compiledField) in object.fields.enumerated() where compiledField.field.required && !seen[index] {
            report(pointer, R.required, M.required(compiledField.field.name, in: object.name), at: v.offset)
        }
        for rule in object.rules { self.rule(rule, on: v, pointer: pointer) }
    }

    /// The "expected …" name of a type in messages.
    func expectedName(_ type: TypeRef) -> String {
        switch type {
        case .named(let name):
            switch compiled.types[name] {
            case .object?, .union?: return "object"
            case .enumeration?: return "string"
            case .oneOf(let o)?: return o.variants.map { expectedName($0.type) }.joined(separator: " or ")
            case .constant(let literal)?: return literal.description
            case .alias(let base, _)?: return expectedName(base)
            case nil: return name
            }
        case .map: return "object"
        case .array: return "array"
        default: return type.description
        }
    }

    mutating func union(_ v: JSONValue, _ name: String, _ union: UnionType, pointer: JSONPointer) {
        let tags = union.variants.map(\.tag)
        let variant: UnionType.Variant
        if let tagValue = v.member(union.discriminator) {
            let tagPointer = pointer.appending(union.discriminator)
            guard tagValue.kind == .string, let tag = tagValue.string else {
                return mismatch(tagValue, "string", tagPointer)
            }
            guard let found = union.variant(tagged: tag) else {
                report(tagPointer, R.discriminator,
                       M.unknownDiscriminator(tag, field: union.discriminator, union: name, allowed: tags, suggestion: Suggestions.closest(to: tag, in: tags)),
                       at: tagValue.offset)
                return
            }
            variant = found
            if let beta = variant.beta ?? betaOf(variant.type), !options.enabledFeatures.contains(beta) {
                report(tagPointer, R.beta, M.beta("\(union.discriminator) '\(tag)'", feature: beta, header: compiled.spec.api.featureHeader), at: tagValue.offset)
            }
        } else if let defaultTag = union.defaultTag, let found = union.variant(tagged: defaultTag) {
            variant = found
        } else {
            report(pointer, R.discriminator, M.missingDiscriminator(union.discriminator, union: name, allowed: tags), at: v.offset)
            return
        }
        if case .object(let object)? = compiled.types[variant.type] {
            self.object(v, object, pointer: pointer)
        }
    }

    func betaOf(_ typeName: String) -> String? {
        if case .object(let object)? = compiled.types[typeName] { return object.beta }
        return nil
    }

    mutating func oneOf(_ v: JSONValue, _ oneOf: OneOfType, pointer: JSONPointer) {
        for variant in oneOf.variants where accepts(variant.type, kind: v.kind) {
            value(v, variant.type, checks: nil, pointer: pointer)
            return
        }
        report(pointer, R.oneOf, M.oneOf(expected: oneOf.variants.map { expectedName($0.type) }, found: Self.describe(v)), at: v.offset)
    }

    /// Whether a value of JSON kind `kind` belongs to the variant of type `type`.
    func accepts(_ type: TypeRef, kind: JSONKind) -> Bool {
        switch type {
        case .any: return true
        case .string: return kind == .string
        case .integer, .number: return kind == .number
        case .boolean: return kind == .bool
        case .array: return kind == .array
        case .map: return kind == .object
        case .named(let name):
            switch compiled.types[name] {
            case .object?, .union?: return kind == .object
            case .enumeration?: return kind == .string
            case .oneOf(let o)?: return o.variants.contains { accepts($0.type, kind: kind) }
            case .constant(let literal)?: return literal.typeRef.map { accepts($0, kind: kind) } ?? (kind == .null)
            case .alias(let base, _)?: return accepts(base, kind: kind)
            case nil: return false
            }
        }
    }

    // MARK: - Constraints

    mutating func apply(_ checks: CompiledChecks, to v: JSONValue, pointer: JSONPointer) {
        let before = issues.count + omitted
        constraints(checks.errors, v, pointer, .error, reason: nil)
        // Warnings only matter for values that pass the error-level checks.
        if let warnings = checks.warnings, issues.count + omitted == before {
            constraints(warnings, v, pointer, .warning, reason: checks.warningMessage)
        }
    }

    mutating func constraints(_ c: CompiledConstraints, _ v: JSONValue, _ pointer: JSONPointer, _ severity: Severity, reason: String?) {
        func say(_ rule: String, _ message: String) {
            report(pointer, rule, severity == .warning ? M.warning(message, because: reason) : message, at: v.offset, severity)
        }
        switch v.kind {
        case .number:
            guard let n = v.number else { return }
            if let bound = c.minimum, n < bound { say(R.minimum, M.minimum(n.text, bound.text)) }
            if let bound = c.maximum, n > bound { say(R.maximum, M.maximum(n.text, bound.text)) }
            if let bound = c.exclusiveMinimum, n <= bound { say(R.exclusiveMinimum, M.exclusiveMinimum(n.text, bound.text)) }
            if let bound = c.exclusiveMaximum, n >= bound { say(R.exclusiveMaximum, M.exclusiveMaximum(n.text, bound.text)) }
        case .string:
            let s = c.source
            if s.minLength != nil || s.maxLength != nil, let length = v.stringScalarCount {
                if let bound = s.minLength, length < bound { say(R.minLength, M.minLength(length, bound)) }
                if let bound = s.maxLength, length > bound { say(R.maxLength, M.maxLength(length, bound)) }
            }
            if let pattern = c.pattern, let string = v.string, !pattern.matches(string) {
                say(R.pattern, M.pattern(string, pattern.source))
            }
            if let format = s.format, let string = v.string, !StringFormats.isValid(string, format: format.rawValue) {
                say(R.format, M.format(string, format.rawValue))
            }
        case .array:
            let count = v.count ?? 0
            if let bound = c.source.minItems, count < bound { say(R.minItems, M.minItems(count, bound)) }
            if let bound = c.source.maxItems, count > bound { say(R.maxItems, M.maxItems(count, bound)) }
        case .object:
            let count = v.count ?? 0
            if let bound = c.source.minProperties, count < bound { say(R.minProperties, M.minProperties(count, bound)) }
            if let bound = c.source.maxProperties, count > bound { say(R.maxProperties, M.maxProperties(count, bound)) }
        default:
            break
        }
    }

    // MARK: - Rules

    /// The value at a field path, and its pointer; nil when any step is absent or null.
    func lookup(_ path: FieldPath, in v: JSONValue, pointer: JSONPointer) -> (JSONValue, JSONPointer)? {
        var current = v
        var currentPointer = pointer
        for segment in path.segments {
            guard current.kind == .object, let next = current.member(segment), !next.isNull else { return nil }
            current = next
            currentPointer = currentPointer.appending(segment)
        }
        return (current, currentPointer)
    }

    mutating func rule(_ rule: Rule, on v: JSONValue, pointer: JSONPointer) {
        let id = R.rule(rule.id)
        switch rule.condition {
        case .exclusive(let paths):
            let present = paths.compactMap { lookup($0, in: v, pointer: pointer) }
            if present.count > 1 {
                report(present[1].1, id, rule.message, at: present[1].0.offset, rule.severity)
            }
        case .lessThan(let a, let b):
            guard let (left, leftPointer) = lookup(a, in: v, pointer: pointer), let (right, _) = lookup(b, in: v, pointer: pointer),
                  let x = left.number, let y = right.number else { return }
            if !(x < y) { report(leftPointer, id, rule.message, at: left.offset, rule.severity) }
        case .requires(let a, let b):
            guard let (present, presentPointer) = lookup(a, in: v, pointer: pointer) else { return }
            if lookup(b, in: v, pointer: pointer) == nil {
                report(presentPointer, id, rule.message, at: present.offset, rule.severity)
            }
        }
    }
}

extension JSONValue {
    /// Whether an object has a member called `key`.
    func hasMember(_ key: String) -> Bool { member(key) != nil }
}
