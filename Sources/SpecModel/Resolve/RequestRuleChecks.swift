import SpecValidation

/// Checks of request rules against the types they walk: every field a selector names exists,
/// filter values are values the field can have, tests fit the kinds of what they test, and the
/// model properties, headers, features and message placeholders a rule names are declared.
extension SemanticChecks {
    mutating func checkRequestRules() {
        let requestTypes = Set(
            spec.endpoints.compactMap { endpoint -> String? in
                if case .named(let name)? = endpoint.request { return name }
                return nil
            })
        var ids: [String: SourceLocation] = [:]
        for source in requestRules {
            if let first = ids[source.rule.id] {
                diagnostics.report(
                    .error(
                        "duplicate rule id '\(source.rule.id)'", at: source.location,
                        notes: [.init("first used here", at: first)]))
            }
            ids[source.rule.id] = source.location
            if !requestTypes.contains(source.owner) {
                let names = requestTypes.sorted().map { "'\($0)'" }.joined(separator: ", ")
                diagnostics.error(
                    "rule '\(source.rule.id)' is a request rule, but '\(source.owner)' is not the request type of an endpoint; move it to \(names.isEmpty ? "an endpoint's request type" : names)",
                    at: source.location)
            }
            checkRequestRule(source)
        }
    }

    private mutating func checkRequestRule(_ source: RequestRuleSource) {
        let owner = TypeRef.named(source.owner)
        var itemTypes: [TypeRef] = [owner]
        if let each = source.rule.forEach, let at = source.forEachLocation {
            let found = walk(each, from: [owner], at: at)
            if !each.steps.contains(where: \.isBracket) {
                diagnostics.error("'for_each' must select array elements, such as 'messages[*]'", at: at)
            }
            itemTypes = found
        }
        for (selector, location) in source.selectors
        where selector != source.rule.forEach || location != source.forEachLocation {
            switch selector.base {
            case .next, .previous:
                if source.rule.forEach == nil {
                    diagnostics.error(
                        "'\(selector)' refers to a neighbour of the for_each item, but the rule has no 'for_each'",
                        at: location)
                }
            default: break
            }
        }
        // Tests: the kinds of their subjects.
        for (subject, test, location) in source.tests {
            guard case .path(let selector) = subject else {
                if case .model(let name) = subject, let kind = spec.models.properties[name] {
                    checkTest(test, kinds: Self.kinds(ofProperty: kind), subject: "{model: \(name)}", at: location)
                }
                continue
            }
            let types = walk(
                selector, from: start(selector, owner: owner, item: itemTypes), at: location, report: false)
            guard !types.isEmpty else { continue }
            let kinds = types.reduce(into: Set<String>()) { $0.formUnion(ruleKinds(of: $1)) }
            checkTest(test, kinds: kinds, subject: "'\(selector)'", at: location)
            checkLiterals(test, against: types, selector: selector, at: location)
        }
        // Selectors (each one once, at its own place).
        for (selector, location) in source.selectors
        where !(selector == source.rule.forEach && location == source.forEachLocation) {
            _ = walk(selector, from: start(selector, owner: owner, item: itemTypes), at: location)
        }
        for (name, location) in source.modelNames where spec.models.properties[name] == nil {
            var text = "unknown model property '\(name)'"
            if let s = Suggestions.closest(to: name, in: spec.models.properties.keys.sorted()) {
                text += "; did you mean '\(s)'?"
            } else {
                text += "; declare it under models.properties"
            }
            diagnostics.error(text, at: location)
        }
        let headers = spec.api.headers.map(\.name)
        for (name, location) in source.headerNames
        where !headers.contains(where: { $0.lowercased() == name.lowercased() }) {
            var text = "unknown header '\(name)'; rules can read the headers declared under api.headers"
            if let s = Suggestions.closest(to: name, in: headers) { text += "; did you mean '\(s)'?" }
            diagnostics.error(text, at: location)
        }
        let features = spec.api.features.map(\.name)
        for (name, location) in source.featureNames where !features.contains(name) {
            var text = "unknown feature '\(name)'"
            if let s = Suggestions.closest(to: name, in: features) { text += "; did you mean '\(s)'?" }
            diagnostics.error(text, at: location)
        }
        checkPlaceholders(source.rule.message, at: source.messageLocation)
        if let note = source.rule.note, let at = source.noteLocation { checkPlaceholders(note, at: at) }
    }

    private func start(_ selector: RuleSelector, owner: TypeRef, item: [TypeRef]) -> [TypeRef] {
        switch selector.base {
        case .root: [owner]
        case .current, .next, .previous: item
        }
    }

    private mutating func checkPlaceholders(_ text: String, at location: SourceLocation) {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            if RequestRule.isPlaceholderName(after[..<close]), !RequestRule.placeholders.contains(name) {
                var message = "unknown placeholder '{\(name)}' in a rule message"
                if let s = Suggestions.closest(to: name, in: RequestRule.placeholders) {
                    message += "; did you mean '{\(s)}'?"
                } else {
                    message += "; use " + RequestRule.placeholders.map { "{\($0)}" }.joined(separator: ", ")
                }
                diagnostics.error(message, at: location)
            }
            rest = after[after.index(after: close)...]
        }
    }

    static func kinds(ofProperty kind: String) -> Set<String> {
        switch kind {
        case "integer", "number": ["number"]
        case "boolean": ["boolean"]
        case "list": ["array"]
        default: ["string"]
        }
    }

    private mutating func checkTest(_ test: RuleTest, kinds: Set<String>, subject: String, at location: SourceLocation)
    {
        let described = kinds.sorted().joined(separator: " or ")
        func need(_ kind: String, _ what: String) {
            if !kinds.contains(kind) {
                diagnostics.error(
                    "'\(what)' tests \(kind)s, but \(subject) is \(described.isEmpty ? "never a value" : described)",
                    at: location)
            }
        }
        switch test {
        case .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum:
            need("number", Self.name(of: test))
        case .since, .before, .pattern, .notPattern, .contains:
            need("string", Self.name(of: test))
        case .nonEmpty:
            if kinds.isDisjoint(with: ["string", "array", "object"]) {
                diagnostics.error(
                    "'non_empty' tests strings, arrays and objects, but \(subject) is \(described)", at: location)
            }
        case .equals(.literal(let l)), .notEquals(.literal(let l)):
            if let kind = Self.kind(of: l), !kinds.contains(kind), !kinds.isEmpty {
                diagnostics.error(
                    "'\(Self.name(of: test))' compares with the \(kind) '\(l)', but \(subject) is \(described)",
                    at: location)
            }
        default: break
        }
    }

    /// String literals compared with a field whose values are known (a const or an enum) must be
    /// among them.
    private mutating func checkLiterals(
        _ test: RuleTest, against types: [TypeRef], selector: RuleSelector, at location: SourceLocation
    ) {
        var literals: [String] = []
        switch test {
        case .equals(.literal(.string(let s))), .notEquals(.literal(.string(let s))): literals = [s]
        case .oneOf(.literal(.list(let items))), .noneOf(.literal(.list(let items))):
            literals = items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        default: return
        }
        guard let allowed = knownValues(types) else { return }
        for literal in literals where !allowed.contains(literal) {
            var text = "'\(literal)' is not a value '\(selector)' can have"
            if let s = Suggestions.closest(to: literal, in: allowed.sorted()) {
                text += "; did you mean '\(s)'?"
            } else {
                text += "; it is one of " + allowed.sorted().map { "'\($0)'" }.joined(separator: ", ")
            }
            diagnostics.error(text, at: location)
        }
    }

    /// The string values of `types` when all of them are constants or enums.
    func knownValues(_ types: [TypeRef]) -> Set<String>? {
        var values = Set<String>()
        for type in types {
            guard case .named(let name) = type else { return nil }
            if name.hasPrefix(Self.constPrefix) {
                values.insert(String(name.dropFirst(Self.constPrefix.count)))
                continue
            }
            guard let decl = spec.type(named: name) else { return nil }
            switch decl.kind {
            case .enumeration(let e): values.formUnion(e.values.map(\.value))
            case .constant(.string(let s)): values.insert(s)
            default: return nil
            }
        }
        return values
    }

    static func name(of test: RuleTest) -> String {
        switch test {
        case .present: "present"
        case .absent: "absent"
        case .equals: "equals"
        case .notEquals: "not_equals"
        case .oneOf: "in"
        case .noneOf: "not_in"
        case .minimum: "minimum"
        case .maximum: "maximum"
        case .exclusiveMinimum: "exclusive_minimum"
        case .exclusiveMaximum: "exclusive_maximum"
        case .since: "since"
        case .before: "before"
        case .contains: "contains"
        case .pattern: "pattern"
        case .notPattern: "not_pattern"
        case .nonEmpty: "non_empty"
        }
    }

    static func kind(of literal: RuleLiteral) -> String? {
        switch literal {
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null, .list: nil
        }
    }

    // MARK: - Walking types

    /// The types of the values `selector` can find, starting from `types`; reports (once) a field
    /// that none of them has, or a bracket on something that is not an array.
    mutating func walk(
        _ selector: RuleSelector, from types: [TypeRef], at location: SourceLocation, report: Bool = true
    ) -> [TypeRef] {
        var current = types
        var previous = "the request"
        var afterBracket = false
        for step in selector.steps {
            defer { afterBracket = step.isBracket }
            switch step {
            case .field(let name):
                var next: [TypeRef] = []
                var candidates: [String] = []
                var sawAny = false
                for type in current {
                    for (fieldName, fieldType) in fields(of: type) {
                        candidates.append(fieldName)
                        if fieldName == name { next.append(fieldType) }
                    }
                    if case .any = base(of: type) { sawAny = true }
                    if case .map(let value) = base(of: type) { next.append(value) }
                }
                if sawAny { next.append(.any) }
                if next.isEmpty {
                    if report {
                        var text = "'\(selector)' names no field: '\(name)' is not a field of \(previous)"
                        if let s = Suggestions.closest(to: name, in: Array(Set(candidates)).sorted()) {
                            text += "; did you mean '\(s)'?"
                        }
                        diagnostics.error(text, at: location)
                    }
                    return []
                }
                current = next
                previous = "'\(name)'"
            case .each, .first, .last, .butLast, .index, .filter:
                // The first bracket after a field takes the elements out of the array; the next
                // ones narrow the elements already taken.
                var elements = current
                if !afterBracket {
                    elements = current.flatMap { elementTypes(of: $0) }
                    guard !elements.isEmpty else {
                        if report {
                            diagnostics.error(
                                "'\(selector)' selects elements of \(previous), which is not an array", at: location)
                        }
                        return []
                    }
                }
                if case .filter(let field, let values, _) = step {
                    let fieldTypes = elements.flatMap { type in fields(of: type).filter { $0.0 == field }.map(\.1) }
                    if fieldTypes.isEmpty {
                        if report {
                            let names = Array(Set(elements.flatMap { fields(of: $0).map(\.0) })).sorted()
                            var text =
                                "'\(selector)' filters on '\(field)', which is not a field of the elements of \(previous)"
                            if let s = Suggestions.closest(to: field, in: names) { text += "; did you mean '\(s)'?" }
                            diagnostics.error(text, at: location)
                        }
                        return []
                    }
                    if let allowed = knownValues(fieldTypes), !values.allSatisfy(allowed.contains) {
                        // Reported once here; the rest of the selector is walked without narrowing.
                        for value in values where report && !allowed.contains(value) {
                            var text =
                                "'\(selector)' filters on \(field) '\(value)', which no element of \(previous) has"
                            if let s = Suggestions.closest(to: value, in: allowed.sorted()) {
                                text += "; did you mean '\(s)'?"
                            }
                            diagnostics.error(text, at: location)
                        }
                        current = elements
                        continue
                    }
                    // Only the variants that can carry one of the values remain.
                    elements = elements.filter { type in
                        let own = fields(of: type).filter { $0.0 == field }.map(\.1)
                        guard let allowed = knownValues(own) else { return true }
                        return !allowed.isDisjoint(with: values)
                    }
                }
                current = elements
            }
        }
        return current
    }

    /// The element types of an array type (also through `oneof` alternatives).
    func elementTypes(of type: TypeRef) -> [TypeRef] {
        switch base(of: type) {
        case .array(let element): return [element]
        case .any: return [.any]
        case .named(let name):
            if case .oneOf(let o)? = spec.type(named: name)?.kind {
                return o.variants.flatMap { elementTypes(of: $0.type) }
            }
            return []
        default: return []
        }
    }

    /// The fields of an object type, of every variant of a union, or of every object alternative of a `oneof`.
    func fields(of type: TypeRef) -> [(String, TypeRef)] {
        guard case .named(let name) = base(of: type), let decl = spec.type(named: name) else { return [] }
        switch decl.kind {
        case .object(let o):
            return o.fields.map { ($0.name, $0.constant.map { Self.constantType($0, owner: name) } ?? $0.type) }
        case .union(let u): return u.variants.flatMap { fields(of: .named($0.type)) }
        case .oneOf(let o): return o.variants.flatMap { fields(of: $0.type) }
        default: return []
        }
    }

    static let constPrefix = "\u{0}const:"

    /// The JSON kinds of a type as rules see it (a `const` field is a string).
    func ruleKinds(of type: TypeRef) -> Set<String> {
        if case .named(let name) = type, name.hasPrefix(Self.constPrefix) { return ["string"] }
        return jsonKinds(of: type)
    }

    /// A `const` field, typed as a synthetic constant so filters and literals can be checked against it.
    static func constantType(_ value: LiteralValue, owner: String) -> TypeRef {
        if case .string(let s) = value { return .named(constPrefix + s) }
        return value.typeRef ?? .any
    }
}
