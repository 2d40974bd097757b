/// The kind of a JSON value, as rules see it.
public enum RuleJSONKind: Sendable, Hashable {
    case null, bool, number, string, array, object
}

/// A read-only view of a JSON value that rules can be evaluated on.
///
/// `spec-lint` conforms its positioned JSON values (so findings have a line and column), the
/// runtime conforms `AnyJSON` (so generated `validate()` methods apply the same rules).
public protocol RuleJSON {
    /// The kind of value.
    var ruleKind: RuleJSONKind { get }
    /// The member `key` of an object.
    func ruleMember(_ key: String) -> Self?
    /// The number of elements of an array (0 for other kinds).
    var ruleCount: Int { get }
    /// The element at `index` of an array.
    func ruleElement(_ index: Int) -> Self
    /// The string, for strings.
    var ruleString: String? { get }
    /// The number, for numbers.
    var ruleNumber: Double? { get }
    /// The boolean, for booleans.
    var ruleBool: Bool? { get }
    /// The number of members of an object (0 for other kinds).
    var ruleMemberCount: Int { get }
}

/// One failed request rule: the violation as every tool reports it, the value it points at, and
/// an optional note with its own place.
public struct RuleFinding<Value: RuleJSON> {
    /// Pointer, rule id (`rule.<id>`), message and severity.
    public var violation: Violation
    /// The value the violation points at.
    public var value: Value
    /// A second message and the value it points at (where the fix goes).
    public var note: (message: String, pointer: String, value: Value)?
}

/// Evaluates ``RequestRule``s on a request.
///
/// Cost: each rule walks the values its selectors find once per `for_each` item; a reference rule
/// builds a set of the answers per item, so matching ids stays linear in the size of the request.
public struct RuleEngine: Sendable {
    /// The rules, in the order they are reported.
    public var rules: [RequestRule]

    /// Creates an engine.
    public init(rules: [RequestRule]) { self.rules = rules }

    /// Every finding of every rule on `request`.
    public func evaluate<V: RuleJSON>(_ request: V, context: RuleContext) -> [RuleFinding<V>] {
        guard !rules.isEmpty else { return [] }
        let run = RuleRun(root: request, context: context)
        for rule in rules { run.apply(rule) }
        return run.findings
    }
}

/// Where the findings of one evaluation are collected.
final class FindingSink<V: RuleJSON> {
    var findings: [RuleFinding<V>] = []
}

/// A path step of a found value, for its JSON Pointer.
enum FoundStep: Sendable {
    case key(String)
    case index(Int)
}

/// A value a selector found, with the way to it and, for array elements, its array and index.
struct Found<V: RuleJSON> {
    var value: V
    var path: [FoundStep]
    var array: V?
    var index: Int

    var pointer: String {
        var p = JSONPointer()
        for step in path {
            switch step {
            case .key(let k): p = p.appending(k)
            case .index(let i): p = p.appending(i)
            }
        }
        return p.encoded
    }

    /// `messages.1.content.0`, as the API writes paths in its messages.
    var dotted: String { Self.dotted(path) }

    static func dotted(_ path: [FoundStep]) -> String {
        path.map { step in
            switch step {
            case .key(let k): k
            case .index(let i): String(i)
            }
        }.joined(separator: ".")
    }
}

private struct RuleRun<V: RuleJSON> {
    let root: Found<V>
    let context: RuleContext
    let modelID: String?
    let profile: ModelProfile?
    /// Shared so that rules can report while a selector is being walked.
    let sink = FindingSink<V>()
    var findings: [RuleFinding<V>] { sink.findings }

    init(root value: V, context: RuleContext) {
        root = Found(value: value, path: [], array: nil, index: 0)
        self.context = context
        modelID = value.ruleMember(context.models.field)?.ruleString
        profile = modelID.flatMap { context.models.profile(for: $0) }
    }

    /// What a failed test reports: the value (or the item, when a value is missing) and the
    /// text of the value and of the limit for the message.
    struct Failure {
        var at: Found<V>
        var value: String
        var limit: String
    }

    /// A value a subject yields: one in the request, or one from the profile or the headers.
    enum SubjectValue {
        case json(Found<V>)
        case literal(RuleLiteral)
    }

    // MARK: - Rules

    func apply(_ rule: RequestRule) {
        guard let each = rule.forEach else {
            check(rule, item: root)
            return
        }
        // Items are visited one at a time, never collected: a request of millions of messages
        // costs time, not memory.
        _ = visit(each, item: nil) { item in
            check(rule, item: item)
            return true
        }
    }

    func check(_ rule: RequestRule, item: Found<V>) {
        if let when = rule.when, evaluate(when, item: item, vacuous: false) != nil { return }
        switch rule.check {
        case .require(let predicate):
            if let failure = evaluate(predicate, item: item, vacuous: true) {
                report(rule, at: failure.at, item: item, value: failure.value, limit: failure.limit)
            }
        case .reference(let from, let to):
            var known = Set<String>()
            _ = visit(to, item: item) { answer in
                if let s = answer.value.ruleString { known.insert(s) }
                return true
            }
            var missing: [(Found<V>, String)] = []
            _ = visit(from, item: item) { reference in
                if let s = reference.value.ruleString, !known.contains(s) { missing.append((reference, s)) }
                return true
            }
            let place = neighbour(of: item, to.base) ?? item
            for (reference, s) in missing {
                report(rule, at: reference, item: item, value: s, limit: "", noteAt: place)
            }
        case .count(let selectors, let maximum):
            guard case .number(let limit)? = resolve(maximum, item: item) else { return }
            // A bound from a user's model file may be anything: clamp before converting.
            let allowed = limit.isNaN ? 0 : Int(min(max(limit, 0), Double(Int32.max)))
            var total = 0
            var first: Found<V>?
            for selector in selectors {
                _ = visit(selector, item: item) { found in
                    guard found.value.ruleKind != .null else { return true }
                    if total == allowed { first = found }
                    total += 1
                    return true
                }
            }
            if let first {
                report(rule, at: first, item: item, value: "", limit: RuleLiteral.format(limit), count: total)
            }
        }
    }

    func report(
        _ rule: RequestRule, at found: Found<V>, item: Found<V>, value: String, limit: String, count: Int = 0,
        noteAt: Found<V>? = nil
    ) {
        let next = item.array == nil ? "" : Found<V>.dotted(Self.sibling(item.path, offset: 1))
        func fill(_ template: String) -> String {
            var out = ""
            var rest = Substring(template)
            while let open = rest.firstIndex(of: "{") {
                out += rest[..<open]
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "}") else { break }
                let name = String(after[..<close])
                guard RequestRule.isPlaceholderName(after[..<close]) else {
                    out += "{"
                    rest = after
                    continue
                }
                switch name {
                case "value": out += Self.shorten(value)
                case "limit": out += limit
                case "count": out += String(count)
                case "model": out += Self.shorten(modelID ?? "")
                case "pointer": out += found.dotted
                case "item": out += item.dotted
                case "next": out += next
                default: out += "{\(name)}"
                }
                rest = after[after.index(after: close)...]
            }
            out += rest
            return out
        }
        let violation = Violation(
            pointer: found.pointer, rule: "rule.\(rule.id)", message: fill(rule.message), severity: rule.severity)
        var finding = RuleFinding(violation: violation, value: found.value)
        if let note = rule.note {
            let place = noteAt ?? item
            finding.note = (fill(note), place.pointer, place.value)
        }
        sink.findings.append(finding)
    }

    static func sibling(_ path: [FoundStep], offset: Int) -> [FoundStep] {
        guard case .index(let i)? = path.last else { return path }
        return path.dropLast() + [.index(i + offset)]
    }

    static func shorten(_ text: String) -> String {
        let limit = 60
        guard text.unicodeScalars.count > limit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
    }

    // MARK: - Selection

    func neighbour(of item: Found<V>, _ base: RuleBase) -> Found<V>? {
        guard let array = item.array else { return nil }
        let index: Int
        switch base {
        case .next: index = item.index + 1
        case .previous: index = item.index - 1
        case .current, .root: return nil
        }
        guard index >= 0, index < array.ruleCount else { return nil }
        return Found(
            value: array.ruleElement(index), path: Self.sibling(item.path, offset: index - item.index), array: array,
            index: index)
    }

    /// The values `selector` finds, in document order (for subjects, which stay within one item).
    func select(_ selector: RuleSelector, item: Found<V>?) -> [Found<V>] {
        var found: [Found<V>] = []
        _ = visit(selector, item: item) { value in
            found.append(value)
            return true
        }
        return found
    }

    /// Calls `body` with each value `selector` finds, in document order, until it returns false;
    /// returns false when stopped.
    func visit(_ selector: RuleSelector, item: Found<V>?, _ body: (Found<V>) -> Bool) -> Bool {
        let start: Found<V>
        switch selector.base {
        case .current: start = item ?? root
        case .root: start = root
        case .next, .previous:
            guard let item, let n = neighbour(of: item, selector.base) else { return true }
            start = n
        }
        return walk(selector.steps[...], from: start, body)
    }

    private func walk(_ steps: ArraySlice<RuleStep>, from found: Found<V>, _ body: (Found<V>) -> Bool) -> Bool {
        guard let step = steps.first else { return body(found) }
        guard case .field(let name) = step else { return walk(steps.dropFirst(), from: found, body) }
        guard let member = found.value.ruleMember(name) else { return true }
        let child = Found(value: member, path: found.path + [.key(name)], array: nil, index: 0)
        let rest = steps.dropFirst()
        let brackets = rest.prefix { $0.isBracket }
        let after = rest.dropFirst(brackets.count)
        guard !brackets.isEmpty else { return walk(after, from: child, body) }
        guard member.ruleKind == .array else { return true }
        return Self.selectIndices(member, brackets) { index in
            let element = Found(
                value: member.ruleElement(index), path: child.path + [.index(index)], array: member, index: index)
            return walk(after, from: element, body)
        }
    }

    /// Whether element `i` of `array` passes a `[field=values]` filter.
    static func passes(_ array: V, _ i: Int, field: String, values: [String], negated: Bool) -> Bool {
        let listed = array.ruleElement(i).ruleMember(field)?.ruleString.map { values.contains($0) } ?? false
        return negated ? !listed : listed
    }

    /// Calls `body` with the indices of `array` that `brackets` select, in order. Filters stay lazy;
    /// `[first]` or `[last]` after a filter is found by scanning; only `[N]` or `[but_last]` after a
    /// filter collects the matching indices.
    static func selectIndices(_ array: V, _ brackets: ArraySlice<RuleStep>, _ body: (Int) -> Bool) -> Bool {
        var range = 0..<array.ruleCount
        var filters: [(field: String, values: [String], negated: Bool)] = []
        var list: [Int]?
        func passesAll(_ i: Int) -> Bool {
            filters.allSatisfy { passes(array, i, field: $0.field, values: $0.values, negated: $0.negated) }
        }
        for step in brackets {
            if case .filter(let field, let values, let negated) = step {
                if let current = list {
                    list = current.filter { passes(array, $0, field: field, values: values, negated: negated) }
                } else {
                    filters.append((field, values, negated))
                }
                continue
            }
            if list == nil, !filters.isEmpty {
                switch step {
                case .each: continue
                case .first:
                    list = range.first(where: passesAll).map { [$0] } ?? []
                    continue
                case .last:
                    list = range.last(where: passesAll).map { [$0] } ?? []
                    continue
                default:
                    list = range.filter(passesAll)
                }
            }
            if var current = list {
                switch step {
                case .each, .field, .filter: break
                case .first: current = Array(current.prefix(1))
                case .last: current = current.last.map { [$0] } ?? []
                case .butLast: current = Array(current.dropLast())
                case .index(let n):
                    let k = n < 0 ? current.count + n : n
                    current = k >= 0 && k < current.count ? [current[k]] : []
                }
                list = current
            } else {
                switch step {
                case .each, .field, .filter: break
                case .first: range = range.prefix(1)
                case .last: range = range.suffix(1)
                case .butLast: range = range.dropLast()
                case .index(let n):
                    let k = n < 0 ? range.count + n : n
                    let at = range.lowerBound + k
                    range = k >= 0 && k < range.count ? at..<(at + 1) : range.lowerBound..<range.lowerBound
                }
            }
        }
        if let list {
            for i in list where !body(i) { return false }
            return true
        }
        for i in range where passesAll(i) {
            if !body(i) { return false }
        }
        return true
    }

    // MARK: - Predicates

    func values(of subject: RuleSubject, item: Found<V>) -> [SubjectValue] {
        switch subject {
        case .path(let selector): return select(selector, item: item).map(SubjectValue.json)
        case .model(let name): return profile?.properties[name].map { [.literal($0)] } ?? []
        case .header(let name): return context.headers[name.lowercased()].map { [.literal(.string($0))] } ?? []
        case .feature(let name): return context.features.contains(name) ? [.literal(.string(name))] : []
        }
    }

    /// nil when the predicate holds, else where and why it fails. `vacuous` is the outcome of a
    /// test whose subject (or operand) is absent.
    func evaluate(_ predicate: RulePredicate, item: Found<V>, vacuous: Bool) -> Failure? {
        switch predicate {
        case .all(let parts):
            for part in parts { if let failure = evaluate(part, item: item, vacuous: vacuous) { return failure } }
            return nil
        case .any(let parts):
            var first: Failure?
            for part in parts {
                guard let failure = evaluate(part, item: item, vacuous: vacuous) else { return nil }
                if first == nil { first = failure }
            }
            return first ?? Failure(at: item, value: "", limit: "")
        case .test(let subject, let tests):
            let found = values(of: subject, item: item)
            for test in tests {
                guard var failure = check(test, found, item: item, vacuous: vacuous) else { continue }
                // A test of the model profile points at the model field.
                if case .model = subject, let field = root.value.ruleMember(context.models.field) {
                    failure.at = Found(value: field, path: [.key(context.models.field)], array: nil, index: 0)
                }
                return failure
            }
            return nil
        }
    }

    func check(_ test: RuleTest, _ found: [SubjectValue], item: Found<V>, vacuous: Bool) -> Failure? {
        switch test {
        case .present:
            return found.isEmpty ? Failure(at: item, value: "", limit: "") : nil
        case .absent:
            guard let first = found.first else { return nil }
            return Failure(at: place(first, item), value: Self.text(first), limit: "")
        default:
            break
        }
        guard !found.isEmpty else { return vacuous ? nil : Failure(at: item, value: "", limit: "") }
        let operand: RuleLiteral?
        switch test {
        case .equals(let o), .notEquals(let o), .oneOf(let o), .noneOf(let o), .minimum(let o), .maximum(let o),
            .exclusiveMinimum(let o), .exclusiveMaximum(let o):
            operand = resolve(o, item: item)
            if operand == nil { return vacuous ? nil : Failure(at: item, value: "", limit: "") }
        default:
            operand = nil
        }
        for value in found {
            let literal = Self.literal(value)
            let outcome: Bool?
            switch test {
            case .present, .absent: outcome = true
            case .equals: outcome = literal == operand
            case .notEquals: outcome = literal != operand
            case .oneOf, .noneOf:
                guard case .list(let items)? = operand else {
                    outcome = nil
                    break
                }
                let listed = literal.map { items.contains($0) } ?? false
                if case .oneOf = test { outcome = listed } else { outcome = !listed }
            case .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum:
                guard case .number(let n)? = literal, case .number(let limit)? = operand else {
                    outcome = nil
                    break
                }
                switch test {
                case .minimum: outcome = n >= limit
                case .maximum: outcome = n <= limit
                case .exclusiveMinimum: outcome = n > limit
                default: outcome = n < limit
                }
            case .since(let s), .before(let s):
                guard case .string(let v)? = literal else {
                    outcome = nil
                    break
                }
                if case .since = test { outcome = !Self.lessThan(v, s) } else { outcome = Self.lessThan(v, s) }
            case .contains(let text):
                guard case .string(let v)? = literal else {
                    outcome = nil
                    break
                }
                outcome = v.contains(text)
            case .pattern(let p), .notPattern(let p):
                guard case .string(let v)? = literal, let matcher = PatternMatcher.shared(p) else {
                    outcome = nil
                    break
                }
                if case .pattern = test { outcome = matcher.matches(v) } else { outcome = !matcher.matches(v) }
            case .nonEmpty:
                switch value {
                case .json(let f):
                    switch f.value.ruleKind {
                    case .string: outcome = !(f.value.ruleString ?? "").isEmpty
                    case .array: outcome = f.value.ruleCount > 0
                    case .object: outcome = f.value.ruleMemberCount > 0
                    default: outcome = nil
                    }
                case .literal(let l):
                    if case .string(let s) = l { outcome = !s.isEmpty } else { outcome = nil }
                }
            }
            switch outcome {
            case true?: continue
            case nil where vacuous: continue
            default:
                return Failure(
                    at: place(value, item), value: Self.text(value), limit: operand?.description ?? Self.bound(test))
            }
        }
        return nil
    }

    static func bound(_ test: RuleTest) -> String {
        switch test {
        case .since(let s), .before(let s), .pattern(let s), .notPattern(let s), .contains(let s): s
        default: ""
        }
    }

    /// Code-point order, so `2026-10-21` sorts after `2023-06-01`.
    static func lessThan(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    func place(_ value: SubjectValue, _ item: Found<V>) -> Found<V> {
        if case .json(let f) = value { return f }
        return item
    }

    func resolve(_ operand: RuleOperand, item: Found<V>) -> RuleLiteral? {
        switch operand {
        case .literal(let l): return l
        case .model(let name): return profile?.properties[name]
        case .path(let selector): return select(selector, item: item).first.flatMap { Self.literal(.json($0)) }
        }
    }

    static func literal(_ value: SubjectValue) -> RuleLiteral? {
        switch value {
        case .literal(let l): return l
        case .json(let f):
            switch f.value.ruleKind {
            case .null: return .null
            case .bool: return f.value.ruleBool.map(RuleLiteral.bool)
            case .number: return f.value.ruleNumber.map(RuleLiteral.number)
            case .string: return f.value.ruleString.map(RuleLiteral.string)
            case .array, .object: return nil
            }
        }
    }

    static func text(_ value: SubjectValue) -> String {
        literal(value)?.description ?? ""
    }
}
