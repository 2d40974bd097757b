import SpecValidation

/// A request rule as read from the spec, with the places of its parts, for the checks that need
/// the whole spec (``SemanticChecks/checkRequestRules()``).
struct RequestRuleSource {
    var rule: RequestRule
    /// The object type the rule is declared on.
    var owner: String
    var location: SourceLocation
    /// Where `for_each` is written.
    var forEachLocation: SourceLocation?
    /// Every selector, where it is written, and whether it is relative to the `for_each` item.
    var selectors: [(selector: RuleSelector, location: SourceLocation)] = []
    /// Every test with its subject, where it is written.
    var tests: [(subject: RuleSubject, test: RuleTest, location: SourceLocation)] = []
    /// Model properties, headers and features the rule names.
    var modelNames: [(String, SourceLocation)] = []
    var headerNames: [(String, SourceLocation)] = []
    var featureNames: [(String, SourceLocation)] = []
    var messageLocation: SourceLocation
    var noteLocation: SourceLocation?
}

extension SpecResolver {
    static let requestRuleChecks = ["require", "reference", "count"]
    static let requestRuleKeys = ["id", "message", "note", "severity", "for_each", "when"] + requestRuleChecks
    static let subjectKeys = ["path", "model", "header", "feature"]
    static let testKeys = [
        "present", "absent", "equals", "not_equals", "in", "not_in", "minimum", "maximum", "exclusive_minimum",
        "exclusive_maximum", "since", "before", "contains", "pattern", "not_pattern", "non_empty",
    ]

    /// Whether a rule mapping uses the request-rule vocabulary.
    static func isRequestRule(_ node: YAMLNode) -> Bool {
        guard let pairs = node.mapping else { return false }
        return pairs.contains { pair in
            guard let key = pair.key.scalar?.value else { return false }
            return requestRuleChecks.contains(key) || key == "for_each" || key == "when" || key == "note"
        }
    }

    mutating func readRequestRule(_ node: YAMLNode, owner: String) -> RequestRuleSource? {
        guard let m = MappingReader(node, what: "a rule", allowed: Self.requestRuleKeys, diagnostics: &diagnostics)
        else { return nil }
        let id = m.string("id", &diagnostics, required: true)
        let message = m.string("message", &diagnostics, required: true)
        var severity = Severity.error
        if let s = m.string("severity", &diagnostics), let sNode = m["severity"] {
            if let parsed = Severity(rawValue: s) {
                severity = parsed
            } else {
                diagnostics.error("severity must be 'error' or 'warning', found '\(s)'", at: sNode.location)
            }
        }
        var source = RequestRuleSource(
            rule: RequestRule(id: id ?? "", message: message ?? "", check: .require(.all([]))), owner: owner,
            location: node.location, messageLocation: m["message"]?.location ?? node.location)
        source.rule.severity = severity
        if let note = m["note"] {
            source.rule.note = MappingReader.string(note, key: "note", &diagnostics)
            source.noteLocation = note.location
        }
        if let each = m["for_each"] {
            source.rule.forEach = readSelector(each, into: &source)
            source.forEachLocation = each.location
        }
        if let when = m["when"] { source.rule.when = readPredicate(when, into: &source) }
        let given = Self.requestRuleChecks.filter { m.has($0) }
        guard given.count == 1, let checkNode = m[given[0]] else {
            diagnostics.error(
                "a rule needs exactly one check: 'require' (a condition), 'reference' (ids answered elsewhere) or 'count' (a limit on how many)",
                at: node.location)
            return nil
        }
        switch given[0] {
        case "require":
            guard let predicate = readPredicate(checkNode, into: &source) else { return nil }
            source.rule.check = .require(predicate)
        case "reference":
            guard
                let r = MappingReader(
                    checkNode, what: "'reference'", allowed: ["from", "to"], diagnostics: &diagnostics),
                let fromNode = r.require("from", &diagnostics), let toNode = r.require("to", &diagnostics),
                let from = readSelector(fromNode, into: &source), let to = readSelector(toNode, into: &source)
            else { return nil }
            source.rule.check = .reference(from: from, to: to)
        default:
            guard
                let c = MappingReader(
                    checkNode, what: "'count'", allowed: ["of", "maximum"], diagnostics: &diagnostics),
                let ofNode = c.require("of", &diagnostics), let maxNode = c.require("maximum", &diagnostics)
            else { return nil }
            let items = ofNode.sequence ?? [ofNode]
            let selectors = items.compactMap { readSelector($0, into: &source) }
            guard selectors.count == items.count, let maximum = readOperand(maxNode, into: &source) else { return nil }
            if case .literal(let l) = maximum, !l.isNumber {
                diagnostics.error(
                    "'maximum' of a count must be a number or {model: NAME}, found '\(l)'", at: maxNode.location)
            }
            source.rule.check = .count(of: selectors, maximum: maximum)
        }
        guard id != nil, message != nil else { return nil }
        return source
    }

    mutating func readSelector(_ node: YAMLNode, into source: inout RequestRuleSource) -> RuleSelector? {
        guard let text = node.scalar?.value else {
            diagnostics.error(
                "a selector must be a string such as 'messages[*].content', found a \(node.kindName)", at: node.location
            )
            return nil
        }
        do {
            let selector = try RuleSelector(parsing: text)
            source.selectors.append((selector, node.location))
            return selector
        } catch {
            var at = node.location
            // Point into a plain or quoted scalar on its line.
            if node.scalar?.style == .plain { at.column += error.offset } else { at.column += error.offset + 1 }
            diagnostics.error("invalid selector '\(text)': \(error.message)", at: at)
            return nil
        }
    }

    mutating func readPredicate(_ node: YAMLNode, into source: inout RequestRuleSource) -> RulePredicate? {
        guard let pairs = node.mapping else {
            diagnostics.error(
                "a condition must be a mapping such as {path: thinking.type, equals: enabled}, found a \(node.kindName)",
                at: node.location)
            return nil
        }
        let keys = pairs.compactMap { $0.key.scalar?.value }
        if keys.count == 1, keys[0] == "all" || keys[0] == "any", let list = pairs[0].value.sequence {
            let parts = list.compactMap { readPredicate($0, into: &source) }
            guard parts.count == list.count else { return nil }
            return keys[0] == "all" ? .all(parts) : .any(parts)
        }
        if keys.contains("all") || keys.contains("any") {
            diagnostics.error(
                "'all' and 'any' take a list of conditions and stand alone in their mapping", at: node.location)
            return nil
        }
        guard
            let m = MappingReader(
                node, what: "a condition", allowed: Self.subjectKeys + Self.testKeys, diagnostics: &diagnostics)
        else { return nil }
        let subjects = Self.subjectKeys.filter { m.has($0) }
        guard subjects.count == 1, let subjectNode = m[subjects[0]] else {
            diagnostics.error(
                "a condition needs exactly one of 'path', 'model', 'header' or 'feature' (what is tested)",
                at: node.location)
            return nil
        }
        let subject: RuleSubject
        switch subjects[0] {
        case "path":
            guard let selector = readSelector(subjectNode, into: &source) else { return nil }
            subject = .path(selector)
        default:
            guard let name = MappingReader.string(subjectNode, key: subjects[0], &diagnostics) else { return nil }
            switch subjects[0] {
            case "model":
                source.modelNames.append((name, subjectNode.location))
                subject = .model(name)
            case "header":
                source.headerNames.append((name, subjectNode.location))
                subject = .header(name)
            default:
                source.featureNames.append((name, subjectNode.location))
                subject = .feature(name)
            }
        }
        var tests: [RuleTest] = []
        for pair in pairs {
            guard let key = pair.key.scalar?.value, Self.testKeys.contains(key) else { continue }
            guard let test = readTest(key, pair.value, into: &source) else { continue }
            tests.append(test)
            source.tests.append((subject, test, pair.key.location))
        }
        let unknownKeys = pairs.contains { !(Self.subjectKeys + Self.testKeys).contains($0.key.scalar?.value ?? "") }
        if tests.isEmpty, !unknownKeys {
            diagnostics.error(
                "a condition needs a test: " + Self.testKeys.map { "'\($0)'" }.joined(separator: ", "),
                at: node.location)
            return nil
        }
        if tests.isEmpty { return nil }
        return .test(subject, tests)
    }

    mutating func readTest(_ key: String, _ node: YAMLNode, into source: inout RequestRuleSource) -> RuleTest? {
        func flag() -> Bool? {
            guard let scalar = node.scalar, scalar.style == .plain, let b = scalar.bool else {
                diagnostics.error("'\(key)' must be true or false", at: node.location)
                return nil
            }
            return b
        }
        func text() -> String? { MappingReader.string(node, key: key, &diagnostics) }
        switch key {
        case "present": return flag().map { $0 ? .present : .absent }
        case "absent": return flag().map { $0 ? .absent : .present }
        case "non_empty":
            guard let b = flag() else { return nil }
            if !b {
                diagnostics.error(
                    "'non_empty: false' tests nothing; write 'non_empty: true' or remove it", at: node.location)
            }
            return .nonEmpty
        case "since": return text().map(RuleTest.since)
        case "contains": return text().map(RuleTest.contains)
        case "before": return text().map(RuleTest.before)
        case "pattern", "not_pattern":
            guard let p = text() else { return nil }
            if (try? PatternMatcher(p)) == nil {
                diagnostics.error("'\(p)' is not a valid regular expression", at: node.location)
                return nil
            }
            return key == "pattern" ? .pattern(p) : .notPattern(p)
        default: break
        }
        guard let operand = readOperand(node, into: &source) else { return nil }
        switch key {
        case "equals": return .equals(operand)
        case "not_equals": return .notEquals(operand)
        case "in", "not_in":
            if case .literal(let l) = operand, !l.isList {
                diagnostics.error("'\(key)' takes a list of values such as [enabled, adaptive]", at: node.location)
                return nil
            }
            return key == "in" ? .oneOf(operand) : .noneOf(operand)
        default:
            if case .literal(let l) = operand, !l.isNumber {
                diagnostics.error("'\(key)' compares numbers, but '\(l)' is not a number", at: node.location)
                return nil
            }
            switch key {
            case "minimum": return .minimum(operand)
            case "maximum": return .maximum(operand)
            case "exclusive_minimum": return .exclusiveMinimum(operand)
            default: return .exclusiveMaximum(operand)
            }
        }
    }

    mutating func readOperand(_ node: YAMLNode, into source: inout RequestRuleSource) -> RuleOperand? {
        if let pairs = node.mapping {
            guard
                let r = MappingReader(
                    node, what: "a value reference", allowed: ["model", "path"], diagnostics: &diagnostics)
            else { return nil }
            guard pairs.count == 1 else {
                diagnostics.error("a value reference is {model: NAME} or {path: SELECTOR}", at: node.location)
                return nil
            }
            if let name = r.string("model", &diagnostics), let at = r["model"]?.location {
                source.modelNames.append((name, at))
                return .model(name)
            }
            if let selectorNode = r["path"], let selector = readSelector(selectorNode, into: &source) {
                return .path(selector)
            }
            return nil
        }
        return Self.literal(node, &diagnostics).map(RuleOperand.literal)
    }

    static func literal(_ node: YAMLNode, _ diagnostics: inout DiagnosticBag) -> RuleLiteral? {
        if let items = node.sequence {
            let values = items.compactMap { literal($0, &diagnostics) }
            return values.count == items.count ? .list(values) : nil
        }
        guard let scalar = node.scalar else {
            diagnostics.error("expected a value, found a \(node.kindName)", at: node.location)
            return nil
        }
        guard scalar.style == .plain else { return .string(scalar.value) }
        if scalar.isNull { return .null }
        if let b = scalar.bool { return .bool(b) }
        if let i = scalar.int { return .number(Double(i)) }
        if let d = scalar.double { return .number(d) }
        return .string(scalar.value)
    }

    // MARK: - models

    /// Reads a `models:` section (or a `--models` file of the same shape).
    mutating func readModels(_ node: YAMLNode, inherited: [String: String] = [:]) -> ModelCatalog {
        var catalog = ModelCatalog(properties: inherited)
        guard
            let m = MappingReader(
                node, what: "'models'", allowed: ["field", "prefixes", "properties", "profiles"],
                diagnostics: &diagnostics)
        else {
            return catalog
        }
        if let field = m.string("field", &diagnostics) { catalog.field = field }
        if let prefixes = m["prefixes"] {
            if let items = prefixes.sequence {
                catalog.prefixes = items.compactMap { MappingReader.string($0, key: "prefixes", &diagnostics) }
            } else {
                diagnostics.error(
                    "'prefixes' must be a list of strings such as ['us.anthropic.', 'anthropic/']",
                    at: prefixes.location)
            }
        }
        let kinds = ["integer", "number", "boolean", "string", "list"]
        if let properties = m["properties"] {
            for pair in properties.mapping ?? [] {
                guard let name = pair.key.scalar?.value,
                    let kind = MappingReader.string(pair.value, key: name, &diagnostics)
                else { continue }
                if !kinds.contains(kind) {
                    var text = "unknown property kind '\(kind)'; use one of " + kinds.joined(separator: ", ")
                    if let s = Suggestions.closest(to: kind, in: kinds) { text += "; did you mean '\(s)'?" }
                    diagnostics.error(text, at: pair.value.location)
                }
                catalog.properties[name] = kind
            }
            if properties.mapping == nil {
                diagnostics.error(
                    "'properties' must map property names to kinds (integer, number, boolean, string, list)",
                    at: properties.location)
            }
        }
        guard let profiles = m["profiles"] else { return catalog }
        guard let items = profiles.sequence else {
            diagnostics.error("'profiles' must be a list of model profiles", at: profiles.location)
            return catalog
        }
        for item in items {
            if let profile = readProfile(item, catalog: catalog) { catalog.profiles.append(profile) }
        }
        return catalog
    }

    mutating func readProfile(_ node: YAMLNode, catalog: ModelCatalog) -> ModelProfile? {
        let names = catalog.properties.keys.sorted()
        guard
            let m = MappingReader(
                node, what: "a model profile", allowed: ["match", "doc"] + names, diagnostics: &diagnostics)
        else { return nil }
        guard let matchNode = m.require("match", &diagnostics) else { return nil }
        let patterns = (matchNode.sequence ?? [matchNode]).compactMap {
            MappingReader.string($0, key: "match", &diagnostics)
        }
        var profile = ModelProfile(match: patterns, doc: m.doc(&diagnostics), properties: [:])
        for pair in node.mapping ?? [] {
            guard let name = pair.key.scalar?.value, let kind = catalog.properties[name] else { continue }
            guard let value = Self.literal(pair.value, &diagnostics) else { continue }
            let fits: Bool
            switch (kind, value) {
            case ("integer", .number(let n)): fits = n.rounded() == n
            case ("number", .number), ("boolean", .bool), ("string", .string), ("list", .list): fits = true
            default: fits = false
            }
            if !fits {
                diagnostics.error(
                    "model property '\(name)' is declared as \(kind), but this profile gives '\(value)'",
                    at: pair.value.location)
                continue
            }
            profile.properties[name] = value
        }
        return profile
    }
}

extension RuleLiteral {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    var isList: Bool {
        if case .list = self { return true }
        return false
    }
}
