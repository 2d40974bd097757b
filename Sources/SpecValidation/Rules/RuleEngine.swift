/// One failed request rule: the violation as every tool reports it, the value it points at, and
/// an optional note with its own place.
public struct RuleFinding: Sendable {
    /// Pointer, rule id (`rule.<id>`), message and severity.
    public var violation: Violation
    /// The handle (in the evaluated ``RuleDocument``) of the value the violation points at.
    public var node: Int
    /// A second message and the value it points at (where the fix goes).
    public var note: Note?

    /// A second message of a finding, with its own place.
    public struct Note: Sendable {
        /// The message.
        public var message: String
        /// The JSON Pointer of the value it points at.
        public var pointer: String
        /// The handle of that value.
        public var node: Int
    }
}

/// Evaluates ``RequestRule``s on a request.
///
/// The engine reads the request through a ``RuleDocument``: values are integer handles, so a
/// walk neither allocates nor counts references, and paths, pointers and messages are built only
/// for what is reported. Each rule walks the values its selectors find once per `for_each` item;
/// a reference rule builds a set of the answers per item, so matching ids stays linear in the
/// size of the request.
public struct RuleEngine: Sendable {
    /// The rules, in the order they are reported.
    public var rules: [RequestRule] { boxes.map(\.rule) }
    /// The rules, each behind one reference: walking a rule's selectors passes it to closures,
    /// and a reference is retained once where a `RequestRule` would copy every field.
    let boxes: [RuleBox]
    /// The compiled `pattern`/`not_pattern` tests of the rules, by pattern.
    let matchers: [String: PatternMatcher]

    /// Creates an engine.
    public init(rules: [RequestRule]) {
        boxes = rules.map(RuleBox.init)
        var matchers: [String: PatternMatcher] = [:]
        for rule in rules {
            rule.visitTests { test in
                switch test {
                case .pattern(let p), .notPattern(let p): if matchers[p] == nil { matchers[p] = PatternMatcher.shared(p) }
                default: break
                }
            }
        }
        self.matchers = matchers
    }

    /// Every finding of every rule on `document`, or on the value `root` of it (pointers are
    /// then relative to that value).
    public func evaluate(_ document: some RuleDocument, root: Int? = nil, context: RuleContext) -> [RuleFinding] {
        guard !boxes.isEmpty else { return [] }
        let run = RuleRun(document: document, root: root ?? document.ruleRoot, context: context, matchers: matchers)
        for box in boxes { run.apply(box) }
        return run.findings
    }
}

/// A rule behind a reference.
final class RuleBox: Sendable {
    let rule: RequestRule
    init(_ rule: RequestRule) { self.rule = rule }
}

extension RequestRule {
    /// Calls `body` with every test of the rule's `when` and checks.
    func visitTests(_ body: (RuleTest) -> Void) {
        func visit(_ predicate: RulePredicate) {
            switch predicate {
            case .test(_, let tests): tests.forEach(body)
            case .all(let parts), .any(let parts): parts.forEach(visit)
            }
        }
        if let when { visit(when) }
        if case .require(let predicate) = check { visit(predicate) }
    }
}

/// A value a selector found: its handle and, for array elements, its array and index.
struct Found {
    var node: Int
    /// The array the value is an element of, or -1.
    var array: Int
    var index: Int

    init(node: Int, array: Int = -1, index: Int = 0) {
        self.node = node
        self.array = array
        self.index = index
    }
}

/// One evaluation: the document, what rules see besides it, and the findings so far. A class, so
/// that rules can report while a selector is being walked.
private final class RuleRun {
    let document: any RuleDocument
    let root: Found
    let context: RuleContext
    let matchers: [String: PatternMatcher]
    let modelNode: Int?
    let modelID: String?
    let profile: ModelProfile?
    var findings: [RuleFinding] = []
    /// The number of path steps above `root`, dropped from every reported path.
    lazy var rootDepth: Int = document.rulePath(to: root.node).count

    init(document: any RuleDocument, root: Int, context: RuleContext, matchers: [String: PatternMatcher]) {
        self.document = document
        self.root = Found(node: root)
        self.context = context
        self.matchers = matchers
        modelNode = document.ruleMember(of: root, named: context.models.field)
        modelID = modelNode.flatMap { document.ruleString(of: $0) }
        profile = modelID.flatMap { context.profile(for: $0) }
    }

    /// What a failed test reports: the value (or the item, when a value is missing), the value
    /// shown as `{value}` and the limit shown as `{limit}`. The texts are made only when the
    /// failure is reported: most failures are of `when` conditions, and only decide.
    struct Failure {
        var at: Found
        var shown: SubjectValue?
        var limit: Limit

        init(at: Found, shown: SubjectValue? = nil, limit: Limit = .none) {
            self.at = at
            self.shown = shown
            self.limit = limit
        }
    }

    /// The `{limit}` of a failure.
    enum Limit {
        case none
        case literal(RuleLiteral)
        case test(RuleTest)
    }

    /// A value a subject yields: one in the request, or one from the profile or the headers.
    enum SubjectValue {
        case json(Found)
        case literal(RuleLiteral)
    }

    // MARK: - Rules

    func apply(_ box: RuleBox) {
        guard let each = box.rule.forEach else {
            check(box, item: root)
            return
        }
        // Items are visited one at a time, never collected: a request of millions of messages
        // costs time, not memory.
        _ = visit(each, item: nil) { item in
            check(box, item: item)
            return true
        }
    }

    func check(_ box: RuleBox, item: Found) {
        if let when = box.rule.when, evaluate(when, item: item, vacuous: false) != nil { return }
        switch box.rule.check {
        case .require(let predicate):
            if let failure = evaluate(predicate, item: item, vacuous: true) {
                let limit: String
                switch failure.limit {
                case .none: limit = ""
                case .literal(let l): limit = l.description
                case .test(let t): limit = Self.bound(t)
                }
                report(box.rule, at: failure.at, item: item, value: failure.shown.map(text) ?? "", limit: limit)
            }
        case .reference(let from, let to):
            var known = Set<String>()
            _ = visit(to, item: item) { answer in
                if let s = document.ruleString(of: answer.node) { known.insert(s) }
                return true
            }
            var missing: [(Found, String)] = []
            _ = visit(from, item: item) { reference in
                if let s = document.ruleString(of: reference.node), !known.contains(s) { missing.append((reference, s)) }
                return true
            }
            guard !missing.isEmpty else { return }
            let place = neighbour(of: item, to.base) ?? item
            for (reference, s) in missing {
                report(box.rule, at: reference, item: item, value: s, limit: "", noteAt: place)
            }
        case .count(let selectors, let maximum):
            guard case .number(let limit)? = resolve(maximum, item: item) else { return }
            // A bound from a user's model file may be anything: clamp before converting.
            let allowed = limit.isNaN ? 0 : Int(min(max(limit, 0), Double(Int32.max)))
            var total = 0
            var first: Found?
            for selector in selectors {
                _ = visit(selector, item: item) { found in
                    guard document.ruleKind(of: found.node) != .null else { return true }
                    if total == allowed { first = found }
                    total += 1
                    return true
                }
            }
            if let first {
                report(box.rule, at: first, item: item, value: "", limit: RuleLiteral.format(limit), count: total)
            }
        }
    }

    // MARK: - Reporting

    /// The steps from the evaluated value to `found`.
    func path(_ found: Found) -> ArraySlice<RulePathStep> {
        document.rulePath(to: found.node).dropFirst(rootDepth)
    }

    func pointer(_ found: Found) -> String {
        var p = JSONPointer()
        for step in path(found) {
            switch step {
            case .key(let k): p = p.appending(k)
            case .index(let i): p = p.appending(i)
            }
        }
        return p.encoded
    }

    /// `messages.1.content.0`, as the API writes paths in its messages.
    static func dotted(_ path: some Sequence<RulePathStep>) -> String {
        path.map { step in
            switch step {
            case .key(let k): k
            case .index(let i): String(i)
            }
        }.joined(separator: ".")
    }

    func report(
        _ rule: RequestRule, at found: Found, item: Found, value: String, limit: String, count: Int = 0,
        noteAt: Found? = nil
    ) {
        let itemPath = path(item)
        var next = ""
        if item.array >= 0, case .index(let i)? = itemPath.last {
            next = Self.dotted(itemPath.dropLast() + [.index(i + 1)])
        }
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
                case "pointer": out += Self.dotted(path(found))
                case "item": out += Self.dotted(itemPath)
                case "next": out += next
                default: out += "{\(name)}"
                }
                rest = after[after.index(after: close)...]
            }
            out += rest
            return out
        }
        let violation = Violation(
            pointer: pointer(found), rule: "rule.\(rule.id)", message: fill(rule.message), severity: rule.severity)
        var finding = RuleFinding(violation: violation, node: found.node)
        if let note = rule.note {
            let place = noteAt ?? item
            finding.note = RuleFinding.Note(message: fill(note), pointer: pointer(place), node: place.node)
        }
        findings.append(finding)
    }

    static func shorten(_ text: String) -> String {
        let limit = 60
        guard text.unicodeScalars.count > limit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))) + "…"
    }

    // MARK: - Selection

    func neighbour(of item: Found, _ base: RuleBase) -> Found? {
        guard item.array >= 0 else { return nil }
        let index: Int
        switch base {
        case .next: index = item.index + 1
        case .previous: index = item.index - 1
        case .current, .root: return nil
        }
        guard index >= 0, index < document.ruleElementCount(of: item.array) else { return nil }
        return Found(node: document.ruleElement(of: item.array, at: index), array: item.array, index: index)
    }

    /// Calls `body` with each value `selector` finds, in document order, until it returns false;
    /// returns false when stopped.
    func visit(_ selector: RuleSelector, item: Found?, _ body: (Found) -> Bool) -> Bool {
        let start: Found
        switch selector.base {
        case .current: start = item ?? root
        case .root: start = root
        case .next, .previous:
            guard let item, let n = neighbour(of: item, selector.base) else { return true }
            start = n
        }
        return walk(selector.steps, 0, from: start, body)
    }

    private func walk(_ steps: [RuleStep], _ position: Int, from found: Found, _ body: (Found) -> Bool) -> Bool {
        guard position < steps.count else { return body(found) }
        guard case .field(let name) = steps[position] else { return walk(steps, position + 1, from: found, body) }
        guard let member = document.ruleMember(of: found.node, named: name) else { return true }
        var after = position + 1
        while after < steps.count, steps[after].isBracket { after += 1 }
        guard after > position + 1 else { return walk(steps, after, from: Found(node: member), body) }
        guard document.ruleKind(of: member) == .array else { return true }
        return selectIndices(member, steps, (position + 1)..<after) { index in
            walk(steps, after, from: Found(node: document.ruleElement(of: member, at: index), array: member, index: index), body)
        }
    }

    /// Whether element `i` of `array` passes a `[field=values]` filter.
    func passes(_ array: Int, _ i: Int, _ filter: RuleStep) -> Bool {
        guard case .filter(let field, let values, let negated) = filter else { return true }
        var listed = false
        if let member = document.ruleMember(of: document.ruleElement(of: array, at: i), named: field) {
            listed = values.contains { document.ruleString(of: member, equals: $0) }
        }
        return negated ? !listed : listed
    }

    /// Calls `body` with the indices of `array` that the bracket steps `brackets` of `steps`
    /// select, in order. Filters stay lazy; `[first]` or `[last]` after a filter is found by
    /// scanning; only `[N]` or `[but_last]` after a filter collects the matching indices.
    func selectIndices(_ array: Int, _ steps: [RuleStep], _ brackets: Range<Int>, _ body: (Int) -> Bool) -> Bool {
        var range = 0..<document.ruleElementCount(of: array)
        // The lazy filters are the `.filter` steps of `brackets` before `filtersEnd`.
        var filtersEnd = brackets.lowerBound
        var lazyFilters = false
        var list: [Int]?
        func passesAll(_ i: Int) -> Bool {
            guard lazyFilters else { return true }
            for s in brackets.lowerBound..<filtersEnd where !passes(array, i, steps[s]) { return false }
            return true
        }
        for position in brackets {
            let step = steps[position]
            if case .filter = step {
                if let current = list {
                    list = current.filter { passes(array, $0, step) }
                } else {
                    lazyFilters = true
                    filtersEnd = position + 1
                }
                continue
            }
            if list == nil, lazyFilters {
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

    /// Calls `body` with each value of `subject` until it returns false.
    func forEachValue(of subject: RuleSubject, item: Found, _ body: (SubjectValue) -> Bool) {
        switch subject {
        case .path(let selector): _ = visit(selector, item: item) { body(.json($0)) }
        case .model(let name): if let value = profile?.properties[name] { _ = body(.literal(value)) }
        case .header(let name):
            let key = name.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ? name.lowercased() : name
            if let value = context.headers[key] { _ = body(.literal(.string(value))) }
        case .feature(let name): if context.features.contains(name) { _ = body(.literal(.string(name))) }
        }
    }

    /// nil when the predicate holds, else where and why it fails. `vacuous` is the outcome of a
    /// test whose subject (or operand) is absent.
    func evaluate(_ predicate: RulePredicate, item: Found, vacuous: Bool) -> Failure? {
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
            return first ?? Failure(at: item)
        case .test(let subject, let tests):
            for test in tests {
                guard var failure = check(test, of: subject, item: item, vacuous: vacuous) else { continue }
                // A test of the model profile points at the model field.
                if case .model = subject, let modelNode {
                    failure.at = Found(node: modelNode)
                }
                return failure
            }
            return nil
        }
    }

    func check(_ test: RuleTest, of subject: RuleSubject, item: Found, vacuous: Bool) -> Failure? {
        switch test {
        case .present:
            var found = false
            forEachValue(of: subject, item: item) { _ in
                found = true
                return false
            }
            return found ? nil : Failure(at: item)
        case .absent:
            var first: SubjectValue?
            forEachValue(of: subject, item: item) { value in
                first = value
                return false
            }
            guard let first else { return nil }
            return Failure(at: place(first, item), shown: first)
        default:
            break
        }
        let operand: RuleLiteral?
        switch test {
        case .equals(let o), .notEquals(let o), .oneOf(let o), .noneOf(let o), .minimum(let o), .maximum(let o),
            .exclusiveMinimum(let o), .exclusiveMaximum(let o):
            operand = resolve(o, item: item)
            // No operand: as vacuous as no subject.
            if operand == nil { return vacuous ? nil : Failure(at: item) }
        default:
            operand = nil
        }
        var any = false
        var failure: Failure?
        forEachValue(of: subject, item: item) { value in
            any = true
            switch outcome(test, value, operand) {
            case true?: return true
            case nil where vacuous: return true
            default:
                failure = Failure(at: place(value, item), shown: value, limit: operand.map(Limit.literal) ?? .test(test))
                return false
            }
        }
        if let failure { return failure }
        return any || vacuous ? nil : Failure(at: item)
    }

    /// Whether `value` passes `test`; nil when the test does not apply to it (a number test of
    /// a string, say).
    func outcome(_ test: RuleTest, _ value: SubjectValue, _ operand: RuleLiteral?) -> Bool? {
        switch test {
        case .present, .absent: return true
        case .equals: return operand.map { equal(value, $0) } ?? false
        case .notEquals: return !(operand.map { equal(value, $0) } ?? false)
        case .oneOf, .noneOf:
            guard case .list(let items)? = operand else { return nil }
            let listed = items.contains { equal(value, $0) }
            if case .oneOf = test { return listed }
            return !listed
        case .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum:
            guard let n = number(value), case .number(let limit)? = operand else { return nil }
            switch test {
            case .minimum: return n >= limit
            case .maximum: return n <= limit
            case .exclusiveMinimum: return n > limit
            default: return n < limit
            }
        case .since(let s), .before(let s):
            guard let v = string(value) else { return nil }
            if case .since = test { return !Self.lessThan(v, s) }
            return Self.lessThan(v, s)
        case .contains(let text):
            guard let v = string(value) else { return nil }
            return v.contains(text)
        case .pattern(let p), .notPattern(let p):
            guard let matcher = matchers[p], let v = string(value) else { return nil }
            if case .pattern = test { return matcher.matches(v) }
            return !matcher.matches(v)
        case .nonEmpty:
            switch value {
            case .json(let f):
                switch document.ruleKind(of: f.node) {
                case .string: return document.ruleStringUTF8Count(of: f.node) > 0
                case .array: return document.ruleElementCount(of: f.node) > 0
                case .object: return document.ruleMemberCount(of: f.node) > 0
                default: return nil
                }
            case .literal(let l):
                if case .string(let s) = l { return !s.isEmpty }
                return nil
            }
        }
    }

    /// Whether `value` equals `literal` (a string is compared without making a `String`).
    func equal(_ value: SubjectValue, _ literal: RuleLiteral) -> Bool {
        switch value {
        case .literal(let l): return l == literal
        case .json(let f):
            switch (document.ruleKind(of: f.node), literal) {
            case (.null, .null): return true
            case (.bool, .bool(let b)): return document.ruleBool(of: f.node) == b
            case (.number, .number(let n)): return document.ruleNumber(of: f.node) == n
            case (.string, .string(let s)): return document.ruleString(of: f.node, equals: s)
            default: return false
            }
        }
    }

    func number(_ value: SubjectValue) -> Double? {
        switch value {
        case .literal(let l):
            if case .number(let n) = l { return n }
            return nil
        case .json(let f): return document.ruleNumber(of: f.node)
        }
    }

    func string(_ value: SubjectValue) -> String? {
        switch value {
        case .literal(let l):
            if case .string(let s) = l { return s }
            return nil
        case .json(let f): return document.ruleString(of: f.node)
        }
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

    func place(_ value: SubjectValue, _ item: Found) -> Found {
        if case .json(let f) = value { return f }
        return item
    }

    func resolve(_ operand: RuleOperand, item: Found) -> RuleLiteral? {
        switch operand {
        case .literal(let l): return l
        case .model(let name): return profile?.properties[name]
        case .path(let selector):
            var first: Found?
            _ = visit(selector, item: item) { found in
                first = found
                return false
            }
            return first.flatMap { literal($0) }
        }
    }

    /// The value as a literal; nil for arrays and objects.
    func literal(_ found: Found) -> RuleLiteral? {
        switch document.ruleKind(of: found.node) {
        case .null: return .null
        case .bool: return document.ruleBool(of: found.node).map(RuleLiteral.bool)
        case .number: return document.ruleNumber(of: found.node).map(RuleLiteral.number)
        case .string: return document.ruleString(of: found.node).map(RuleLiteral.string)
        case .array, .object: return nil
        }
    }

    func text(_ value: SubjectValue) -> String {
        switch value {
        case .literal(let l): return l.description
        case .json(let f): return literal(f)?.description ?? ""
        }
    }
}
