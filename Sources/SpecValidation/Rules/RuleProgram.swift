/// Request rules compiled into flat tables of plain values, which is what ``RuleEngine`` walks.
///
/// Every selector step, filter, literal, test, predicate and rule is a trivial struct in a table
/// allocated once; they refer to each other by index, and keys, filter values and string
/// literals are slices of one UTF-8 pool. Evaluating a rule therefore neither copies a
/// reference-counted value nor allocates, whatever the size of the request: the cost of a rule is
/// its member lookups and comparisons. What is only needed for reporting (messages, the rule
/// literals as written, pattern matchers) stays in ordinary Swift values beside the tables.
final class RuleProgram: @unchecked Sendable {
    // @unchecked: every table is written once in init and only read afterwards.

    /// A range of a table (or of the byte pool).
    struct Slice {
        var start: Int32
        var count: Int32

        static let empty = Slice(start: 0, count: 0)
        var range: Range<Int> { Int(start)..<Int(start + count) }
    }

    enum StepKind: UInt8 { case field, each, index, first, last, butLast, filter }

    struct Step {
        var kind: StepKind
        var negated = false
        /// `[N]`.
        var index: Int32 = 0
        /// `.name`, or the field a filter reads: a slice of `bytes`.
        var key = Slice.empty
        /// A filter's values: a slice of `valueSlices`.
        var values = Slice.empty
    }

    struct Selector {
        var base: RuleBase
        /// A slice of `steps`.
        var steps: Slice
    }

    enum LiteralKind: UInt8 { case string, number, bool, null, list }

    struct Literal {
        var kind: LiteralKind
        var number: Double = 0
        var flag = false
        /// A string: a slice of `bytes`.
        var bytes = Slice.empty
        /// A list: a slice of `indices`, holding literal indices.
        var items = Slice.empty
        /// The literal as written, in `sourceLiterals` (for `{limit}` and for values that are
        /// not in the request: headers, model properties).
        var source: Int32
    }

    enum OperandKind: UInt8 { case literal, model, path }

    struct Operand {
        var kind: OperandKind
        /// A literal, a name (model property) or a selector index.
        var id: Int32
    }

    enum TestKind: UInt8 {
        case present, absent, equals, notEquals, oneOf, noneOf, minimum, maximum, exclusiveMinimum, exclusiveMaximum
        case since, before, contains, pattern, notPattern, nonEmpty
    }

    struct Test {
        var kind: TestKind
        var operand: Operand?
        /// `since`, `before`, `contains`, `pattern`: a name index (patterns also index `matchers`).
        var text: Int32 = -1
    }

    enum SubjectKind: UInt8 { case path, model, header, feature }
    enum PredicateKind: UInt8 { case test, all, any }

    struct Predicate {
        var kind: PredicateKind
        var subjectKind = SubjectKind.path
        /// A selector index (paths) or a name index.
        var subject: Int32 = -1
        /// A slice of `tests`.
        var tests = Slice.empty
        /// A slice of `indices`, holding predicate indices.
        var parts = Slice.empty
    }

    enum CheckKind: UInt8 { case require, reference, count }

    struct Rule {
        var forEach: Int32 = -1
        var when: Int32 = -1
        var check: CheckKind
        var predicate: Int32 = -1
        var from: Int32 = -1
        var to: Int32 = -1
        /// A slice of `indices`, holding selector indices.
        var counted = Slice.empty
        var maximum: Operand?
    }

    let bytes: UnsafeMutableBufferPointer<UInt8>
    let steps: UnsafeMutableBufferPointer<Step>
    let valueSlices: UnsafeMutableBufferPointer<Slice>
    let selectors: UnsafeMutableBufferPointer<Selector>
    let literals: UnsafeMutableBufferPointer<Literal>
    let tests: UnsafeMutableBufferPointer<Test>
    let predicates: UnsafeMutableBufferPointer<Predicate>
    let rules: UnsafeMutableBufferPointer<Rule>
    let indices: UnsafeMutableBufferPointer<Int32>

    /// The rules as given (ids, messages, severities), in the order of `rules`.
    let source: [RequestRule]
    /// Literals as written, for messages and for comparing values that are not in the request.
    let sourceLiterals: [RuleLiteral]
    /// Model property names, header names (lowercased), feature names and test texts.
    let names: [String]
    /// The compiled pattern of each name used by `pattern`/`not_pattern`, else nil.
    let matchers: [PatternMatcher?]

    init(_ rules: [RequestRule]) {
        var builder = Builder()
        let compiled = rules.map { builder.rule($0) }
        source = rules
        sourceLiterals = builder.sourceLiterals
        names = builder.names
        matchers = builder.names.indices.map {
            builder.patterns.contains($0) ? PatternMatcher.shared(builder.names[$0]) : nil
        }
        bytes = Self.table(builder.bytes)
        steps = Self.table(builder.steps)
        valueSlices = Self.table(builder.valueSlices)
        selectors = Self.table(builder.selectors)
        literals = Self.table(builder.literals)
        tests = Self.table(builder.tests)
        predicates = Self.table(builder.predicates)
        self.rules = Self.table(compiled)
        indices = Self.table(builder.indices)
    }

    deinit {
        for table in [
            UnsafeMutableRawPointer(bytes.baseAddress), UnsafeMutableRawPointer(steps.baseAddress),
            UnsafeMutableRawPointer(valueSlices.baseAddress), UnsafeMutableRawPointer(selectors.baseAddress),
            UnsafeMutableRawPointer(literals.baseAddress), UnsafeMutableRawPointer(tests.baseAddress),
            UnsafeMutableRawPointer(predicates.baseAddress), UnsafeMutableRawPointer(rules.baseAddress),
            UnsafeMutableRawPointer(indices.baseAddress),
        ] {
            table?.deallocate()
        }
    }

    /// A table holding `values` (all trivial types, so deallocating is enough to free it).
    private static func table<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
        let table = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
        _ = table.initialize(from: values)
        return UnsafeMutableBufferPointer(rebasing: table[0..<values.count])
    }

    /// The bytes of a slice of the pool.
    @inline(__always)
    func utf8(_ slice: Slice) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[slice.range])
    }

    /// Builds the tables.
    private struct Builder {
        var bytes: [UInt8] = []
        var steps: [Step] = []
        var valueSlices: [Slice] = []
        var selectors: [Selector] = []
        var literals: [Literal] = []
        var tests: [Test] = []
        var predicates: [Predicate] = []
        var indices: [Int32] = []
        var sourceLiterals: [RuleLiteral] = []
        var names: [String] = []
        var patterns: Set<Int> = []

        mutating func text(_ s: String) -> Slice {
            let start = Int32(bytes.count)
            bytes += Array(s.utf8)
            return Slice(start: start, count: Int32(bytes.count) - start)
        }

        mutating func name(_ s: String) -> Int32 {
            // By bytes: strings in rules compare by their UTF-8, and `==` would merge two spellings.
            if let i = names.firstIndex(where: { $0.utf8.elementsEqual(s.utf8) }) { return Int32(i) }
            names.append(s)
            return Int32(names.count - 1)
        }

        mutating func list(_ items: [Int32]) -> Slice {
            let start = Int32(indices.count)
            indices += items
            return Slice(start: start, count: Int32(items.count))
        }

        mutating func selector(_ s: RuleSelector) -> Int32 {
            let start = Int32(steps.count)
            for step in s.steps {
                switch step {
                case .field(let name): steps.append(Step(kind: .field, key: text(name)))
                case .each: steps.append(Step(kind: .each))
                case .index(let i): steps.append(Step(kind: .index, index: Int32(clamping: i)))
                case .first: steps.append(Step(kind: .first))
                case .last: steps.append(Step(kind: .last))
                case .butLast: steps.append(Step(kind: .butLast))
                case .filter(let field, let values, let negated):
                    let key = text(field)
                    let first = Int32(valueSlices.count)
                    for value in values { valueSlices.append(text(value)) }
                    steps.append(
                        Step(
                            kind: .filter, negated: negated, key: key,
                            values: Slice(start: first, count: Int32(values.count))))
                }
            }
            selectors.append(Selector(base: s.base, steps: Slice(start: start, count: Int32(steps.count) - start)))
            return Int32(selectors.count - 1)
        }

        mutating func literal(_ l: RuleLiteral) -> Int32 {
            sourceLiterals.append(l)
            let source = Int32(sourceLiterals.count - 1)
            var compiled: Literal
            switch l {
            case .string(let s): compiled = Literal(kind: .string, bytes: text(s), source: source)
            case .number(let n): compiled = Literal(kind: .number, number: n, source: source)
            case .bool(let b): compiled = Literal(kind: .bool, flag: b, source: source)
            case .null: compiled = Literal(kind: .null, source: source)
            case .list(let items):
                let ids = items.map { literal($0) }
                compiled = Literal(kind: .list, items: list(ids), source: source)
            }
            literals.append(compiled)
            return Int32(literals.count - 1)
        }

        mutating func operand(_ o: RuleOperand) -> Operand {
            switch o {
            case .literal(let l): Operand(kind: .literal, id: literal(l))
            case .model(let n): Operand(kind: .model, id: name(n))
            case .path(let s): Operand(kind: .path, id: selector(s))
            }
        }

        mutating func test(_ t: RuleTest) -> Test {
            switch t {
            case .present: return Test(kind: .present)
            case .absent: return Test(kind: .absent)
            case .nonEmpty: return Test(kind: .nonEmpty)
            case .equals(let o): return Test(kind: .equals, operand: operand(o))
            case .notEquals(let o): return Test(kind: .notEquals, operand: operand(o))
            case .oneOf(let o): return Test(kind: .oneOf, operand: operand(o))
            case .noneOf(let o): return Test(kind: .noneOf, operand: operand(o))
            case .minimum(let o): return Test(kind: .minimum, operand: operand(o))
            case .maximum(let o): return Test(kind: .maximum, operand: operand(o))
            case .exclusiveMinimum(let o): return Test(kind: .exclusiveMinimum, operand: operand(o))
            case .exclusiveMaximum(let o): return Test(kind: .exclusiveMaximum, operand: operand(o))
            case .since(let s): return Test(kind: .since, text: name(s))
            case .before(let s): return Test(kind: .before, text: name(s))
            case .contains(let s): return Test(kind: .contains, text: name(s))
            case .pattern(let p), .notPattern(let p):
                let id = name(p)
                patterns.insert(Int(id))
                if case .pattern = t { return Test(kind: .pattern, text: id) }
                return Test(kind: .notPattern, text: id)
            }
        }

        mutating func predicate(_ p: RulePredicate) -> Int32 {
            var compiled: Predicate
            switch p {
            case .test(let subject, let list):
                compiled = Predicate(kind: .test)
                switch subject {
                case .path(let s):
                    compiled.subjectKind = .path
                    compiled.subject = selector(s)
                case .model(let n):
                    compiled.subjectKind = .model
                    compiled.subject = name(n)
                case .header(let n):
                    compiled.subjectKind = .header
                    compiled.subject = name(n.lowercased())
                case .feature(let n):
                    compiled.subjectKind = .feature
                    compiled.subject = name(n)
                }
                let made = list.map { test($0) }
                let start = Int32(tests.count)
                tests += made
                compiled.tests = Slice(start: start, count: Int32(made.count))
            case .all(let parts), .any(let parts):
                let ids = parts.map { predicate($0) }
                compiled = Predicate(kind: p.isAll ? .all : .any, parts: list(ids))
            }
            predicates.append(compiled)
            return Int32(predicates.count - 1)
        }

        mutating func rule(_ r: RequestRule) -> Rule {
            var compiled: Rule
            switch r.check {
            case .require(let p):
                compiled = Rule(check: .require)
                compiled.predicate = predicate(p)
            case .reference(let from, let to):
                compiled = Rule(check: .reference)
                compiled.from = selector(from)
                compiled.to = selector(to)
            case .count(let of, let maximum):
                compiled = Rule(check: .count)
                let ids = of.map { selector($0) }
                compiled.counted = list(ids)
                compiled.maximum = operand(maximum)
            }
            if let each = r.forEach { compiled.forEach = selector(each) }
            if let when = r.when { compiled.when = predicate(when) }
            return compiled
        }
    }
}

extension RulePredicate {
    fileprivate var isAll: Bool {
        if case .all = self { return true }
        return false
    }
}
