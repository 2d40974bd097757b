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
/// The rules are compiled once into flat tables (`RuleProgram`) and the request is read through
/// a ``RuleDocument``, whose values are integer handles: a walk neither allocates nor counts
/// references, and paths, pointers and messages are built only for what is reported. Each rule
/// walks the values its selectors find once per `for_each` item; a reference rule builds a set of
/// the answers per item, so matching ids stays linear in the size of the request.
public struct RuleEngine: Sendable {
    let program: RuleProgram

    /// The rules, in the order they are reported.
    public var rules: [RequestRule] { program.source }

    /// Creates an engine (compiling `rules`).
    public init(rules: [RequestRule]) {
        program = RuleProgram(rules)
    }

    /// Every finding of every rule on `document`, or on the value `root` of it (pointers are
    /// then relative to that value).
    public func evaluate(_ document: some RuleDocument, root: Int? = nil, context: RuleContext) -> [RuleFinding] {
        guard program.rules.count > 0 else { return [] }
        let run = RuleRun(program: program, document: document, root: root ?? document.ruleRoot, context: context)
        for index in 0..<program.rules.count { run.apply(index) }
        return run.findings
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

/// One evaluation: the program, the document, what rules see besides it, and the findings so
/// far. A class, so that rules can report while a selector is being walked.
private final class RuleRun {
    typealias P = RuleProgram
    let program: RuleProgram
    let document: any RuleDocument
    let root: Found
    let context: RuleContext
    let modelNode: Int?
    /// The model id, for `{model}` (made only when a message uses it: an id may be megabytes).
    lazy var modelID: String? = modelNode.flatMap { document.ruleString(of: $0) }
    let profile: ModelProfile?
    var findings: [RuleFinding] = []
    /// The number of path steps above `root`, dropped from every reported path.
    lazy var rootDepth: Int = document.rulePath(to: root.node).count

    init(program: RuleProgram, document: any RuleDocument, root: Int, context: RuleContext) {
        self.program = program
        self.document = document
        self.root = Found(node: root)
        self.context = context
        let field = context.models.field
        modelNode =
            field.utf8.withContiguousStorageIfAvailable { document.ruleMember(of: root, named: $0) }
            ?? Array(field.utf8).withUnsafeBufferPointer { document.ruleMember(of: root, named: $0) }
        profile = modelNode.flatMap { node in document.ruleWithString(of: node) { context.profile(forUTF8: $0) } ?? nil
        }
    }

    /// A value a subject yields: one in the request, or a model property, header or feature
    /// (by name index; their literal is looked up when a test needs it). Plain values, like
    /// ``Operand`` and ``Failure``: passing them around costs no reference counting.
    enum SubjectValue {
        case json(Found)
        case model(Int32)
        case header(Int32)
        case feature(Int32)
    }

    /// A test's operand once resolved: a literal of the program, a model property (by name
    /// index) or a value of the request (never an array or object).
    enum Operand {
        case compiled(Int32)
        case model(Int32)
        case json(Found)
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
        case operand(Operand)
        /// The text of a `since`/`before`/`contains`/`pattern` test (a name index).
        case name(Int32)
    }

    // MARK: - Rules

    // The closures below capture `self` as `unowned(unsafe)`: a run lives only inside
    // `RuleEngine.evaluate`, and a strong capture costs an atomic retain and release for every
    // closure made, which was most of the time of a walk.

    func apply(_ index: Int) {
        let rule = program.rules[index]
        guard rule.forEach >= 0 else {
            check(index, item: root)
            return
        }
        // Items are visited one at a time, never collected: a request of millions of messages
        // costs time, not memory.
        _ = visit(rule.forEach, item: nil) { [unowned(unsafe) self] item in
            check(index, item: item)
            return true
        }
    }

    func check(_ index: Int, item: Found) {
        let rule = program.rules[index]
        if rule.when >= 0, evaluate(rule.when, item: item, vacuous: false) != nil { return }
        switch rule.check {
        case .require:
            if let failure = evaluate(rule.predicate, item: item, vacuous: true) {
                let limit: String
                switch failure.limit {
                case .none: limit = ""
                case .operand(let o): limit = description(o)
                case .name(let n): limit = program.names[Int(n)]
                }
                report(index, at: failure.at, item: item, value: failure.shown.map(text) ?? "", limit: limit)
            }
        case .reference:
            // The answers are kept as nodes and compared as bytes, so that no `String` is made unless a reference is
            // reported. Strings compare by canonical equivalence, which bytes decide only when both are ASCII; many
            // answers, or one that is not ASCII, go into a set of strings instead (linear either way).
            var answers: [Int] = []
            var allASCII = true
            _ = visit(rule.to, item: item) { [unowned(unsafe) self] answer in
                if document.ruleKind(of: answer.node) == .string {
                    answers.append(answer.node)
                    allASCII = allASCII && document.ruleStringIsASCII(of: answer.node)
                }
                return true
            }
            let known: Set<String>? =
                allASCII && answers.count <= 8 ? nil : Set(answers.compactMap { document.ruleString(of: $0) })
            var missing: [(Found, String)] = []
            _ = visit(rule.from, item: item) { [unowned(unsafe) self] reference in
                let answered: Bool?
                if let known {
                    answered = document.ruleString(of: reference.node).map(known.contains)
                } else {
                    if document.ruleStringIsASCII(of: reference.node) {
                        answered = answers.contains { document.ruleStrings($0, equal: reference.node) }
                    } else {
                        answered = document.ruleString(of: reference.node).map { s in
                            answers.contains { document.ruleString(of: $0) == s }
                        }
                    }
                }
                if answered == false, let s = document.ruleString(of: reference.node) { missing.append((reference, s)) }
                return true
            }
            guard !missing.isEmpty else { return }
            let place = neighbour(of: item, program.selectors[Int(rule.to)].base) ?? item
            for (reference, s) in missing {
                report(index, at: reference, item: item, value: s, limit: "", noteAt: place)
            }
        case .count:
            guard let maximum = rule.maximum, let operand = resolve(maximum, item: item),
                let limit = number(operand)
            else { return }
            // A bound from a user's model file may be anything: clamp before converting.
            let allowed = limit.isNaN ? 0 : Int(min(max(limit, 0), Double(Int32.max)))
            var total = 0
            var first: Found?
            for position in rule.counted.range {
                _ = visit(program.indices[position], item: item) { [unowned(unsafe) self] found in
                    guard document.ruleKind(of: found.node) != .null else { return true }
                    if total == allowed { first = found }
                    total += 1
                    return true
                }
            }
            if let first {
                report(index, at: first, item: item, value: "", limit: RuleLiteral.format(limit), count: total)
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
        _ index: Int, at found: Found, item: Found, value: String, limit: String, count: Int = 0, noteAt: Found? = nil
    ) {
        let rule = program.source[index]
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

    /// Calls `body` with each value selector `id` finds, in document order, until it returns
    /// false; returns false when stopped.
    func visit(_ id: Int32, item: Found?, _ body: (Found) -> Bool) -> Bool {
        let selector = program.selectors[Int(id)]
        let start: Found
        switch selector.base {
        case .current: start = item ?? root
        case .root: start = root
        case .next, .previous:
            guard let item, let n = neighbour(of: item, selector.base) else { return true }
            start = n
        }
        return walk(Int(selector.steps.start), end: Int(selector.steps.start + selector.steps.count), from: start, body)
    }

    /// Follows steps `position..<end` of the program from `found`.
    private func walk(_ position: Int, end: Int, from found: Found, _ body: (Found) -> Bool) -> Bool {
        guard position < end else { return body(found) }
        let step = program.steps[position]
        guard step.kind == .field else { return walk(position + 1, end: end, from: found, body) }
        guard let member = document.ruleMember(of: found.node, named: program.utf8(step.key)) else { return true }
        var after = position + 1
        while after < end, program.steps[after].kind != .field { after += 1 }
        guard after > position + 1 else { return walk(after, end: end, from: Found(node: member), body) }
        guard document.ruleKind(of: member) == .array else { return true }
        return selectIndices(member, (position + 1)..<after) { [unowned(unsafe) self] index in
            walk(
                after, end: end,
                from: Found(node: document.ruleElement(of: member, at: index), array: member, index: index), body)
        }
    }

    /// Whether element `i` of `array` passes the filter step at `position`.
    func passes(_ array: Int, _ i: Int, _ position: Int) -> Bool {
        let step = program.steps[position]
        guard step.kind == .filter else { return true }
        var listed = false
        if let member = document.ruleMember(of: document.ruleElement(of: array, at: i), named: program.utf8(step.key)) {
            for v in step.values.range
            where document.ruleString(of: member, equals: program.utf8(program.valueSlices[v])) {
                listed = true
                break
            }
        }
        return step.negated ? !listed : listed
    }

    /// Calls `body` with the indices of `array` that the bracket steps at `brackets` select, in
    /// order. Filters stay lazy; `[first]` or `[last]` after a filter is found by scanning; only
    /// `[N]` or `[but_last]` after a filter collects the matching indices.
    func selectIndices(_ array: Int, _ brackets: Range<Int>, _ body: (Int) -> Bool) -> Bool {
        var range = 0..<document.ruleElementCount(of: array)
        // The lazy filters are the filter steps of `brackets` before `filtersEnd`.
        var filtersEnd = brackets.lowerBound
        var lazyFilters = false
        var list: [Int]?
        // (A method, not a nested function: one capturing the mutable state above costs an allocation per call.)
        for position in brackets {
            let step = program.steps[position]
            if step.kind == .filter {
                if let current = list {
                    list = current.filter { passes(array, $0, position) }
                } else {
                    lazyFilters = true
                    filtersEnd = position + 1
                }
                continue
            }
            if list == nil, lazyFilters {
                let filters = brackets.lowerBound..<filtersEnd
                switch step.kind {
                case .each: continue
                case .first:
                    list = range.first { passesAll(array, filters, $0) }.map { [$0] } ?? []
                    continue
                case .last:
                    list = range.last { passesAll(array, filters, $0) }.map { [$0] } ?? []
                    continue
                default:
                    list = range.filter { passesAll(array, filters, $0) }
                }
            }
            if var current = list {
                switch step.kind {
                case .each, .field, .filter: break
                case .first: current = Array(current.prefix(1))
                case .last: current = current.last.map { [$0] } ?? []
                case .butLast: current = Array(current.dropLast())
                case .index:
                    let n = Int(step.index)
                    let k = n < 0 ? current.count + n : n
                    current = k >= 0 && k < current.count ? [current[k]] : []
                }
                list = current
            } else {
                switch step.kind {
                case .each, .field, .filter: break
                case .first: range = range.prefix(1)
                case .last: range = range.suffix(1)
                case .butLast: range = range.dropLast()
                case .index:
                    let n = Int(step.index)
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
        let filters = lazyFilters ? brackets.lowerBound..<filtersEnd : brackets.lowerBound..<brackets.lowerBound
        for i in range where passesAll(array, filters, i) {
            if !body(i) { return false }
        }
        return true
    }

    /// Whether element `i` of `array` passes every filter step at `filters`.
    func passesAll(_ array: Int, _ filters: Range<Int>, _ i: Int) -> Bool {
        for s in filters where !passes(array, i, s) { return false }
        return true
    }

    // MARK: - Predicates

    /// Calls `body` with each value of the subject of test predicate `p` until it returns false.
    func forEachValue(of p: P.Predicate, item: Found, _ body: (SubjectValue) -> Bool) {
        switch p.subjectKind {
        case .path: _ = visit(p.subject, item: item) { body(.json($0)) }
        case .model:
            if modelValue(p.subject) != nil { _ = body(.model(p.subject)) }
        case .header:
            if context.headers[program.names[Int(p.subject)]] != nil { _ = body(.header(p.subject)) }
        case .feature:
            if context.features.contains(program.names[Int(p.subject)]) { _ = body(.feature(p.subject)) }
        }
    }

    /// nil when predicate `id` holds, else where and why it fails. `vacuous` is the outcome of
    /// a test whose subject (or operand) is absent.
    func evaluate(_ id: Int32, item: Found, vacuous: Bool) -> Failure? {
        let p = program.predicates[Int(id)]
        switch p.kind {
        case .all:
            for position in p.parts.range {
                if let failure = evaluate(program.indices[position], item: item, vacuous: vacuous) { return failure }
            }
            return nil
        case .any:
            var first: Failure?
            for position in p.parts.range {
                guard let failure = evaluate(program.indices[position], item: item, vacuous: vacuous) else {
                    return nil
                }
                if first == nil { first = failure }
            }
            return first ?? Failure(at: item)
        case .test:
            for position in p.tests.range {
                guard var failure = check(program.tests[position], of: p, item: item, vacuous: vacuous) else {
                    continue
                }
                // A test of the model profile points at the model field.
                if p.subjectKind == .model, let modelNode { failure.at = Found(node: modelNode) }
                return failure
            }
            return nil
        }
    }

    func check(_ test: P.Test, of p: P.Predicate, item: Found, vacuous: Bool) -> Failure? {
        switch test.kind {
        case .present:
            var found = false
            forEachValue(of: p, item: item) { _ in
                found = true
                return false
            }
            return found ? nil : Failure(at: item)
        case .absent:
            var first: SubjectValue?
            forEachValue(of: p, item: item) { value in
                first = value
                return false
            }
            guard let first else { return nil }
            return Failure(at: place(first, item), shown: first)
        default:
            break
        }
        var operand: Operand?
        if let o = test.operand {
            operand = resolve(o, item: item)
            // No operand: as vacuous as no subject.
            if operand == nil { return vacuous ? nil : Failure(at: item) }
        }
        var any = false
        var failure: Failure?
        forEachValue(of: p, item: item) { [unowned(unsafe) self] value in
            any = true
            switch outcome(test, value, operand) {
            case true?: return true
            case nil where vacuous: return true
            default:
                let limit = operand.map(Limit.operand) ?? (test.text >= 0 ? .name(test.text) : .none)
                failure = Failure(at: place(value, item), shown: value, limit: limit)
                return false
            }
        }
        if let failure { return failure }
        return any || vacuous ? nil : Failure(at: item)
    }

    /// Whether `value` passes `test`; nil when the test does not apply to it (a number test of
    /// a string, say).
    func outcome(_ test: P.Test, _ value: SubjectValue, _ operand: Operand?) -> Bool? {
        switch test.kind {
        case .present, .absent: return true
        case .equals: return operand.map { equal(value, $0) } ?? false
        case .notEquals: return !(operand.map { equal(value, $0) } ?? false)
        case .oneOf, .noneOf:
            guard let operand, let listed = contains(operand, value) else { return nil }
            return test.kind == .oneOf ? listed : !listed
        case .minimum, .maximum, .exclusiveMinimum, .exclusiveMaximum:
            guard let n = number(value), let operand, let limit = number(operand) else { return nil }
            switch test.kind {
            case .minimum: return n >= limit
            case .maximum: return n <= limit
            case .exclusiveMinimum: return n > limit
            default: return n < limit
            }
        case .since, .before:
            guard let v = string(value) else { return nil }
            let bound = program.names[Int(test.text)]
            return test.kind == .since ? !Self.lessThan(v, bound) : Self.lessThan(v, bound)
        case .contains:
            var part = program.names[Int(test.text)]
            if case .json(let f) = value {
                // Searched in place: the value may be megabytes.
                return part.withUTF8 { p in document.ruleWithString(of: f.node) { Self.contains($0, p) } }
            }
            guard var v = string(value) else { return nil }
            return v.withUTF8 { t in part.withUTF8 { Self.contains(t, $0) } }
        case .pattern, .notPattern:
            guard let matcher = program.matchers[Int(test.text)], let v = string(value) else { return nil }
            return test.kind == .pattern ? matcher.matches(v) : !matcher.matches(v)
        case .nonEmpty:
            switch value {
            case .json(let f):
                switch document.ruleKind(of: f.node) {
                case .string: return document.ruleStringUTF8Count(of: f.node) > 0
                case .array: return document.ruleElementCount(of: f.node) > 0
                case .object: return document.ruleMemberCount(of: f.node) > 0
                default: return nil
                }
            default:
                if case .string(let s)? = dynamic(value) { return !s.isEmpty }
                return nil
            }
        }
    }

    /// The model property with name index `name`, if the request's model has a profile that sets it.
    func modelValue(_ name: Int32) -> RuleLiteral? {
        profile?.properties[program.names[Int(name)]]
    }

    /// The literal of a value that is not in the request.
    func dynamic(_ value: SubjectValue) -> RuleLiteral? {
        switch value {
        case .json(let f): return literal(f)
        case .model(let n): return modelValue(n)
        case .header(let n): return context.headers[program.names[Int(n)]].map(RuleLiteral.string)
        case .feature(let n): return .string(program.names[Int(n)])
        }
    }

    /// The literal of an operand.
    func dynamic(_ operand: Operand) -> RuleLiteral? {
        switch operand {
        case .compiled(let id): return program.sourceLiterals[Int(program.literals[Int(id)].source)]
        case .model(let n): return modelValue(n)
        case .json(let f): return literal(f)
        }
    }

    /// Whether `value` equals `operand` (a string of the request is compared with a literal of
    /// the program without making a `String`).
    func equal(_ value: SubjectValue, _ operand: Operand) -> Bool {
        if case .json(let f) = value, case .compiled(let id) = operand {
            return equal(f.node, program.literals[Int(id)])
        }
        guard let v = dynamic(value) else { return false }
        return v == dynamic(operand)
    }

    func equal(_ node: Int, _ literal: P.Literal) -> Bool {
        switch (document.ruleKind(of: node), literal.kind) {
        case (.null, .null): return true
        case (.bool, .bool): return document.ruleBool(of: node) == literal.flag
        case (.number, .number): return document.ruleNumber(of: node) == literal.number
        case (.string, .string): return document.ruleString(of: node, equals: program.utf8(literal.bytes))
        default: return false
        }
    }

    /// Whether the list `operand` holds `value`; nil when the operand is not a list.
    func contains(_ operand: Operand, _ value: SubjectValue) -> Bool? {
        switch operand {
        case .compiled(let id):
            let list = program.literals[Int(id)]
            guard list.kind == .list else { return nil }
            for position in list.items.range where equal(value, .compiled(program.indices[position])) { return true }
            return false
        case .model, .json:
            guard case .list(let items)? = dynamic(operand) else { return nil }
            guard let v = dynamic(value) else { return false }
            return items.contains(v)
        }
    }

    func number(_ operand: Operand) -> Double? {
        switch operand {
        case .compiled(let id):
            let l = program.literals[Int(id)]
            return l.kind == .number ? l.number : nil
        case .json(let f): return document.ruleNumber(of: f.node)
        case .model:
            if case .number(let n)? = dynamic(operand) { return n }
            return nil
        }
    }

    func description(_ operand: Operand) -> String {
        dynamic(operand)?.description ?? ""
    }

    func number(_ value: SubjectValue) -> Double? {
        if case .json(let f) = value { return document.ruleNumber(of: f.node) }
        if case .number(let n)? = dynamic(value) { return n }
        return nil
    }

    func string(_ value: SubjectValue) -> String? {
        if case .json(let f) = value { return document.ruleString(of: f.node) }
        if case .string(let s)? = dynamic(value) { return s }
        return nil
    }

    /// Whether the UTF-8 of `text` contains that of `part` (a byte search: `String.contains`
    /// compares characters and costs far more, and rule texts are plain ASCII words).
    static func contains(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = p.first else { return true }
        guard t.count >= p.count else { return false }
        for i in 0...(t.count - p.count) where t[i] == first {
            if UnsafeBufferPointer(rebasing: t[i..<(i + p.count)]).elementsEqual(p) { return true }
        }
        return false
    }

    /// Code-point order, so `2026-10-21` sorts after `2023-06-01`.
    static func lessThan(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    func place(_ value: SubjectValue, _ item: Found) -> Found {
        if case .json(let f) = value { return f }
        return item
    }

    func resolve(_ operand: P.Operand, item: Found) -> Operand? {
        switch operand.kind {
        case .literal: return .compiled(operand.id)
        case .model: return modelValue(operand.id) == nil ? nil : .model(operand.id)
        case .path:
            var first: Found?
            _ = visit(operand.id, item: item) { found in
                first = found
                return false
            }
            // An array or object is no operand.
            guard let first, document.ruleKind(of: first.node) != .array, document.ruleKind(of: first.node) != .object
            else { return nil }
            return .json(first)
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
        dynamic(value)?.description ?? ""
    }
}
