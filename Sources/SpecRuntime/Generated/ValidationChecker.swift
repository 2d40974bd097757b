// The violation collector that validators written by spec-gen report to. Generated code imports it with
// `@_spi(Generated) import SpecRuntime`; it is not API for hand-written code.

/// Collects violations while walking a value, each with its place in the encoded JSON (member and element
/// indices), so the result comes out in document order like the linter's.
@_spi(Generated)
public struct ValidationChecker {
    /// The message texts, shortened for generated code.
    public typealias M = ViolationMessages
    /// The rule ids, shortened for generated code.
    public typealias R = ViolationMessages.RuleID

    /// The beta features the payload may use.
    public let enabledFeatures: Set<String>
    /// The header that enables features, named in messages.
    public let featureHeader: String?
    private var pointer = JSONPointer()
    private var position: [Int] = []
    private var found: [(position: [Int], violation: Violation)] = []

    /// A checker for a payload that may use `enabledFeatures`, enabled by `featureHeader`.
    public init(enabledFeatures: Set<String>, featureHeader: String? = nil) {
        self.enabledFeatures = enabledFeatures
        self.featureHeader = featureHeader
    }

    /// How many violations were reported so far.
    public var count: Int { found.count }

    /// The violations in document order; violations at the same place in the order reported.
    public var violations: [Violation] {
        found.enumerated().sorted { a, b in
            if a.element.position != b.element.position {
                return a.element.position.lexicographicallyPrecedes(b.element.position)
            }
            return a.offset < b.offset
        }.map(\.element.violation)
    }

    /// Runs `body` at the member `key`, the `index`-th member of the object in encoding order.
    public mutating func member(_ key: String, _ index: Int, _ body: (inout ValidationChecker) -> Void) {
        let saved = pointer
        pointer = pointer.appending(key)
        position.append(index)
        body(&self)
        position.removeLast()
        pointer = saved
    }

    /// Runs `body` at the element `index` of the array.
    public mutating func element(_ index: Int, _ body: (inout ValidationChecker) -> Void) {
        let saved = pointer
        pointer = pointer.appending(index)
        position.append(index)
        body(&self)
        position.removeLast()
        pointer = saved
    }

    /// Reports a violation of the current value.
    public mutating func report(
        _ rule: String, _ message: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        let text = severity == .warning ? M.warning(message, because: reason) : message
        found.append((position, Violation(pointer: pointer.encoded, rule: rule, message: text, severity: severity)))
    }

    /// Reports a violation of the member at `path` below the current value.
    public mutating func report(
        at path: [(String, Int)], _ rule: String, _ message: String, _ severity: Severity = .error
    ) {
        var target = pointer
        for step in path { target = target.appending(step.0) }
        found.append(
            (
                position + path.map(\.1),
                Violation(pointer: target.encoded, rule: rule, message: message, severity: severity)
            ))
    }

    /// Reports the use of a feature that is not enabled.
    public mutating func feature(_ feature: String, _ what: String) {
        guard !enabledFeatures.contains(feature) else { return }
        report(R.beta, M.beta(what, feature: feature, header: featureHeader))
    }

    // MARK: Constraints, in the linter's order: bounds, lengths, pattern, format, counts.

    /// Reports `value` when it is below the inclusive `bound` (written `text` in messages).
    public mutating func minimum(
        _ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard Double(value) < bound else { return }
        report(R.minimum, M.minimum(String(value), text), severity, because: reason)
    }

    /// Reports `value` when it is below the inclusive `bound` (written `text` in messages).
    public mutating func minimum(
        _ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard value < bound else { return }
        report(R.minimum, M.minimum(M.number(value), text), severity, because: reason)
    }

    /// Reports `value` when it is above the inclusive `bound` (written `text` in messages).
    public mutating func maximum(
        _ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard Double(value) > bound else { return }
        report(R.maximum, M.maximum(String(value), text), severity, because: reason)
    }

    /// Reports `value` when it is above the inclusive `bound` (written `text` in messages).
    public mutating func maximum(
        _ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard value > bound else { return }
        report(R.maximum, M.maximum(M.number(value), text), severity, because: reason)
    }

    /// Reports `value` when it is at or below the exclusive `bound` (written `text` in messages).
    public mutating func exclusiveMinimum(
        _ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard Double(value) <= bound else { return }
        report(R.exclusiveMinimum, M.exclusiveMinimum(String(value), text), severity, because: reason)
    }

    /// Reports `value` when it is at or below the exclusive `bound` (written `text` in messages).
    public mutating func exclusiveMinimum(
        _ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard value <= bound else { return }
        report(R.exclusiveMinimum, M.exclusiveMinimum(M.number(value), text), severity, because: reason)
    }

    /// Reports `value` when it is at or above the exclusive `bound` (written `text` in messages).
    public mutating func exclusiveMaximum(
        _ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard Double(value) >= bound else { return }
        report(R.exclusiveMaximum, M.exclusiveMaximum(String(value), text), severity, because: reason)
    }

    /// Reports `value` when it is at or above the exclusive `bound` (written `text` in messages).
    public mutating func exclusiveMaximum(
        _ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard value >= bound else { return }
        report(R.exclusiveMaximum, M.exclusiveMaximum(M.number(value), text), severity, because: reason)
    }

    /// Length in Unicode scalars.
    public mutating func minLength(
        _ value: String, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil
    ) {
        let length = value.unicodeScalars.count
        guard length < bound else { return }
        report(R.minLength, M.minLength(length, bound), severity, because: reason)
    }

    /// Length in Unicode scalars.
    public mutating func maxLength(
        _ value: String, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil
    ) {
        let length = value.unicodeScalars.count
        guard length > bound else { return }
        report(R.maxLength, M.maxLength(length, bound), severity, because: reason)
    }

    /// A whole-string match.
    public mutating func pattern(
        _ value: String, _ pattern: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard let matcher = PatternMatcher.shared(pattern), !matcher.matches(value) else { return }
        report(R.pattern, M.pattern(value, pattern), severity, because: reason)
    }

    /// Reports a string that is not in `format`.
    public mutating func format(
        _ value: String, _ format: String, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard !StringFormats.isValid(value, format: format) else { return }
        report(R.format, M.format(value, format), severity, because: reason)
    }

    /// Reports an array with fewer than `bound` items.
    public mutating func minItems(
        _ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard count < bound else { return }
        report(R.minItems, M.minItems(count, bound), severity, because: reason)
    }

    /// Reports an array with more than `bound` items.
    public mutating func maxItems(
        _ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard count > bound else { return }
        report(R.maxItems, M.maxItems(count, bound), severity, because: reason)
    }

    /// Reports a map with fewer than `bound` entries.
    public mutating func minProperties(
        _ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard count < bound else { return }
        report(R.minProperties, M.minProperties(count, bound), severity, because: reason)
    }

    /// Reports a map with more than `bound` entries.
    public mutating func maxProperties(
        _ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil
    ) {
        guard count > bound else { return }
        report(R.maxProperties, M.maxProperties(count, bound), severity, because: reason)
    }

    /// Reports a string outside an enumeration.
    public mutating func unknownValue(_ value: String, allowed: [String]) {
        report(
            R.enumeration,
            M.enumeration(value, allowed: allowed, suggestion: Suggestions.closest(to: value, in: allowed)))
    }

    /// A value for "found …" in messages, worded as the linter words it.
    public static func describe(_ json: AnyJSON) -> String {
        switch json {
        case .string(let value): "string " + M.quote(value)
        case .integer, .double: "number \(json)"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Reports a union variant this client does not know: its discriminator is missing, not a string or unknown.
    public mutating func unknownVariant(_ json: AnyJSON, discriminator: String, union: String, allowed: [String]) {
        guard let members = json.objectValue else {
            report(R.type, M.type(expected: "object", found: Self.describe(json)))
            return
        }
        guard let index = members.lastIndex(where: { $0.key == discriminator }) else {
            report(R.discriminator, M.missingDiscriminator(discriminator, union: union, allowed: allowed))
            return
        }
        member(discriminator, index) { c in
            guard let tag = members[index].value.stringValue else {
                c.report(R.type, M.type(expected: "string", found: Self.describe(members[index].value)))
                return
            }
            let suggestion = Suggestions.closest(to: tag, in: allowed)
            c.report(
                R.discriminator,
                M.unknownDiscriminator(
                    tag, field: discriminator, union: union, allowed: allowed, suggestion: suggestion))
        }
    }
}
