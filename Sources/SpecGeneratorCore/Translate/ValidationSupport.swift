/// The fixed support code of generated validators: a private `Checker` that collects violations with their
/// place in the encoded document and sorts them at the end.
enum ValidationSupport {
    /// The support declarations; `featureHeader` is the header that carries feature names, if the spec has one.
    static func declarations(featureHeader: String?) -> [Declaration] {
        let header = featureHeader.map(SwiftLiteral.string) ?? "nil"
        return [
            .mark("Validation support"),
            .verbatim(checker(featureHeader: header)),
        ]
    }

    static func checker(featureHeader: String) -> [String] {
        """
        /// Collects violations while walking a value, each with its place in the encoded JSON (member and element
        /// indices), so the result comes out in document order like the linter's.
        private struct Checker {
            typealias M = ViolationMessages
            typealias R = ViolationMessages.RuleID

            /// The beta features the payload may use.
            let enabledFeatures: Set<String>
            private var pointer = JSONPointer()
            private var position: [Int] = []
            private var found: [(position: [Int], violation: Violation)] = []

            init(enabledFeatures: Set<String>) {
                self.enabledFeatures = enabledFeatures
            }

            /// How many violations were reported so far.
            var count: Int { found.count }

            /// The violations in document order; violations at the same place in the order reported.
            var violations: [Violation] {
                found.enumerated().sorted { a, b in
                    if a.element.position != b.element.position {
                        return a.element.position.lexicographicallyPrecedes(b.element.position)
                    }
                    return a.offset < b.offset
                }.map(\\.element.violation)
            }

            /// Runs `body` at the member `key`, the `index`-th member of the object in encoding order.
            mutating func member(_ key: String, _ index: Int, _ body: (inout Checker) -> Void) {
                let saved = pointer
                pointer = pointer.appending(key)
                position.append(index)
                body(&self)
                position.removeLast()
                pointer = saved
            }

            /// Runs `body` at the element `index` of the array.
            mutating func element(_ index: Int, _ body: (inout Checker) -> Void) {
                let saved = pointer
                pointer = pointer.appending(index)
                position.append(index)
                body(&self)
                position.removeLast()
                pointer = saved
            }

            /// Reports a violation of the current value.
            mutating func report(_ rule: String, _ message: String, _ severity: Severity = .error, because reason: String? = nil) {
                let text = severity == .warning ? M.warning(message, because: reason) : message
                found.append((position, Violation(pointer: pointer.encoded, rule: rule, message: text, severity: severity)))
            }

            /// Reports a violation of the member at `path` below the current value.
            mutating func report(at path: [(String, Int)], _ rule: String, _ message: String, _ severity: Severity = .error) {
                var target = pointer
                for step in path { target = target.appending(step.0) }
                found.append((position + path.map(\\.1), Violation(pointer: target.encoded, rule: rule, message: message, severity: severity)))
            }

            /// Reports the use of a feature that is not enabled.
            mutating func feature(_ feature: String, _ what: String) {
                guard !enabledFeatures.contains(feature) else { return }
                report(R.beta, M.beta(what, feature: feature, header: \(featureHeader)))
            }

            // MARK: Constraints, in the linter's order: bounds, lengths, pattern, format, counts.

            mutating func minimum(_ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard Double(value) < bound else { return }
                report(R.minimum, M.minimum(String(value), text), severity, because: reason)
            }

            mutating func minimum(_ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard value < bound else { return }
                report(R.minimum, M.minimum(M.number(value), text), severity, because: reason)
            }

            mutating func maximum(_ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard Double(value) > bound else { return }
                report(R.maximum, M.maximum(String(value), text), severity, because: reason)
            }

            mutating func maximum(_ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard value > bound else { return }
                report(R.maximum, M.maximum(M.number(value), text), severity, because: reason)
            }

            mutating func exclusiveMinimum(_ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard Double(value) <= bound else { return }
                report(R.exclusiveMinimum, M.exclusiveMinimum(String(value), text), severity, because: reason)
            }

            mutating func exclusiveMinimum(_ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard value <= bound else { return }
                report(R.exclusiveMinimum, M.exclusiveMinimum(M.number(value), text), severity, because: reason)
            }

            mutating func exclusiveMaximum(_ value: Int, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard Double(value) >= bound else { return }
                report(R.exclusiveMaximum, M.exclusiveMaximum(String(value), text), severity, because: reason)
            }

            mutating func exclusiveMaximum(_ value: Double, _ bound: Double, _ text: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard value >= bound else { return }
                report(R.exclusiveMaximum, M.exclusiveMaximum(M.number(value), text), severity, because: reason)
            }

            /// Length in Unicode scalars.
            mutating func minLength(_ value: String, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil) {
                let length = value.unicodeScalars.count
                guard length < bound else { return }
                report(R.minLength, M.minLength(length, bound), severity, because: reason)
            }

            /// Length in Unicode scalars.
            mutating func maxLength(_ value: String, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil) {
                let length = value.unicodeScalars.count
                guard length > bound else { return }
                report(R.maxLength, M.maxLength(length, bound), severity, because: reason)
            }

            /// A whole-string match.
            mutating func pattern(_ value: String, _ pattern: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard let matcher = PatternMatcher.shared(pattern), !matcher.matches(value) else { return }
                report(R.pattern, M.pattern(value, pattern), severity, because: reason)
            }

            mutating func format(_ value: String, _ format: String, _ severity: Severity = .error, because reason: String? = nil) {
                guard !StringFormats.isValid(value, format: format) else { return }
                report(R.format, M.format(value, format), severity, because: reason)
            }

            mutating func minItems(_ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil) {
                guard count < bound else { return }
                report(R.minItems, M.minItems(count, bound), severity, because: reason)
            }

            mutating func maxItems(_ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil) {
                guard count > bound else { return }
                report(R.maxItems, M.maxItems(count, bound), severity, because: reason)
            }

            mutating func minProperties(_ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil) {
                guard count < bound else { return }
                report(R.minProperties, M.minProperties(count, bound), severity, because: reason)
            }

            mutating func maxProperties(_ count: Int, _ bound: Int, _ severity: Severity = .error, because reason: String? = nil) {
                guard count > bound else { return }
                report(R.maxProperties, M.maxProperties(count, bound), severity, because: reason)
            }

            /// Reports a string outside an enumeration.
            mutating func unknownValue(_ value: String, allowed: [String]) {
                report(R.enumeration, M.enumeration(value, allowed: allowed, suggestion: Suggestions.closest(to: value, in: allowed)))
            }

            /// A value for "found …" in messages, worded as the linter words it.
            static func describe(_ json: AnyJSON) -> String {
                switch json {
                case .string(let value): "string " + M.quote(value)
                case .integer, .double: "number \\(json)"
                case .bool(let value): value ? "true" : "false"
                case .null: "null"
                case .array: "array"
                case .object: "object"
                }
            }

            /// Reports a union variant this client does not know: its discriminator is missing, not a string or unknown.
            mutating func unknownVariant(_ json: AnyJSON, discriminator: String, union: String, allowed: [String]) {
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
                    c.report(R.discriminator, M.unknownDiscriminator(tag, field: discriminator, union: union, allowed: allowed, suggestion: suggestion))
                }
            }
        }
        """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
