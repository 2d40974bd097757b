import SpecModel
import SpecValidation

// How each model value is written in a ``SpecArchive``: every stored property, in declaration order, so that a
// decoded spec equals the encoded one (`SpecArchiveTests` checks it on every spec of the repository).

extension SourceLocation: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(file)
        w.int(line)
        w.int(column)
        w.optional(offset) { $0.int($1) }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            file: try r.string(), line: try r.int(), column: try r.int(), offset: try r.optional { try $0.int() })
    }
}

extension Spec: Archivable {
    // The types come last, each as its byte length and then its value, so that ``ArchivedSpec`` can read one type
    // without the others.
    func archive(into w: inout ArchiveWriter) {
        w.string(file)
        w.int(version)
        w.write(api)
        w.list(endpoints) { $0.write($1) }
        w.write(models)
        w.list(types) { w, decl in w.sized { $0.write(decl) } }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        let file = try r.string()
        let version = try r.int()
        let api: APIInfo = try r.read()
        let endpoints: [Endpoint] = try r.list { try $0.read() }
        let models: ModelCatalog = try r.read()
        let types: [TypeDecl] = try r.list { try $0.sized { try $0.read() } }
        self.init(file: file, version: version, api: api, endpoints: endpoints, types: types, models: models)
    }
}

extension APIInfo: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(name)
        w.optional(title)
        w.optional(doc)
        w.string(baseURL)
        w.list(auth) { $0.write($1) }
        w.list(headers) { $0.write($1) }
        w.list(features) { $0.write($1) }
        w.optional(errors) { $0.write($1) }
        w.optional(retry) { $0.write($1) }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            name: try r.string(), title: try r.optionalString(), doc: try r.optionalString(),
            baseURL: try r.string(), auth: try r.list { try $0.read() }, headers: try r.list { try $0.read() },
            features: try r.list { try $0.read() }, errors: try r.optional { try $0.read() },
            retry: try r.optional { try $0.read() })
    }
}

extension AuthScheme: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .apiKey(let header):
            w.tag(0)
            w.string(header)
        case .bearer: w.tag(1)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("an auth scheme", below: 2) {
        case 0: self = .apiKey(header: try r.string())
        default: self = .bearer
        }
    }
}

extension HeaderSpec: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(name)
        switch value {
        case .fixed(let v):
            w.tag(0)
            w.string(v)
        case .defaulted(let v):
            w.tag(1)
            w.string(v)
        case .features: w.tag(2)
        }
        w.optional(doc)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        let name = try r.string()
        let value: Value
        switch try r.tag("a header value", below: 3) {
        case 0: value = .fixed(try r.string())
        case 1: value = .defaulted(try r.string())
        default: value = .features
        }
        self.init(name: name, value: value, doc: try r.optionalString())
    }
}

extension Feature: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(name)
        w.optional(doc)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(name: try r.string(), doc: try r.optionalString())
    }
}

extension ErrorBodyShape: Archivable {
    func archive(into w: inout ArchiveWriter) {
        for path in [type, message, requestID] { w.optional(path) { $0.strings($1) } }
        w.optional(requestIDHeader)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            type: try r.optional { try $0.strings() }, message: try r.optional { try $0.strings() },
            requestID: try r.optional { try $0.strings() }, requestIDHeader: try r.optionalString())
    }
}

extension RetrySettings: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.list(statuses) {
            $0.int($1.lowerBound)
            $0.int($1.upperBound)
        }
        w.optional(shouldRetryHeader)
        w.optional(afterMillisecondsHeader)
        w.optional(afterHeader)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        let statuses = try r.list { reader -> ClosedRange<Int> in
            let start = reader.offset
            let low = try reader.int()
            let high = try reader.int()
            guard low <= high else { throw SpecArchive.Corrupt(offset: start, expected: "a status range") }
            return low...high
        }
        self.init(
            statuses: statuses, shouldRetryHeader: try r.optionalString(),
            afterMillisecondsHeader: try r.optionalString(), afterHeader: try r.optionalString())
    }
}

extension Endpoint: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(name)
        w.optional(doc)
        w.string(method)
        w.string(path)
        w.optional(request) { $0.write($1) }
        w.write(response)
        w.optional(error) { $0.write($1) }
        w.optional(stream) { $0.write($1) }
        w.write(location)
        let parts = partLocations
        for part in [
            parts.request, parts.response, parts.error, parts.streamField, parts.streamEvents, parts.streamEnd,
            parts.streamError,
        ] {
            w.optional(part) { $0.write($1) }
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        let name = try r.string()
        let doc = try r.optionalString()
        let method = try r.string()
        let path = try r.string()
        let request: TypeRef? = try r.optional { try $0.read() }
        let response: TypeRef = try r.read()
        let error: TypeRef? = try r.optional { try $0.read() }
        let stream: StreamSpec? = try r.optional { try $0.read() }
        let location: SourceLocation = try r.read()
        var parts = PartLocations()
        parts.request = try r.optional { try $0.read() }
        parts.response = try r.optional { try $0.read() }
        parts.error = try r.optional { try $0.read() }
        parts.streamField = try r.optional { try $0.read() }
        parts.streamEvents = try r.optional { try $0.read() }
        parts.streamEnd = try r.optional { try $0.read() }
        parts.streamError = try r.optional { try $0.read() }
        self.init(
            name: name, doc: doc, method: method, path: path, request: request, response: response, error: error,
            stream: stream, location: location, partLocations: parts)
    }
}

extension StreamSpec: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(field)
        w.string(events)
        w.optional(end)
        w.optional(error)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            field: try r.string(), events: try r.string(), end: try r.optionalString(), error: try r.optionalString())
    }
}

extension TypeRef: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .string: w.tag(0)
        case .integer: w.tag(1)
        case .number: w.tag(2)
        case .boolean: w.tag(3)
        case .any: w.tag(4)
        case .named(let name):
            w.tag(5)
            w.string(name)
        case .array(let element):
            w.tag(6)
            w.write(element)
        case .map(let value):
            w.tag(7)
            w.write(value)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a type", below: 8) {
        case 0: self = .string
        case 1: self = .integer
        case 2: self = .number
        case 3: self = .boolean
        case 4: self = .any
        case 5: self = .named(try r.string())
        case 6: self = .array(try r.read())
        default: self = .map(try r.read())
        }
    }
}

extension LiteralValue: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .string(let s):
            w.tag(0)
            w.string(s)
        case .integer(let i):
            w.tag(1)
            w.int(i)
        case .number(let text):
            w.tag(2)
            w.string(text)
        case .boolean(let b):
            w.tag(3)
            w.bool(b)
        case .null: w.tag(4)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a literal", below: 5) {
        case 0: self = .string(try r.string())
        case 1: self = .integer(try r.int())
        case 2: self = .number(try r.string())
        case 3: self = .boolean(try r.bool())
        default: self = .null
        }
    }
}

extension Constraints: Archivable {
    func archive(into w: inout ArchiveWriter) {
        for bound in [minimum, maximum, exclusiveMinimum, exclusiveMaximum] { w.optional(bound) }
        for count in [minLength, maxLength] { w.optional(count) { $0.int($1) } }
        w.optional(pattern)
        w.optional(format?.rawValue)
        for count in [minItems, maxItems, minProperties, maxProperties] { w.optional(count) { $0.int($1) } }
        w.map(locations) { $0.write($1) }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init()
        minimum = try r.optionalString()
        maximum = try r.optionalString()
        exclusiveMinimum = try r.optionalString()
        exclusiveMaximum = try r.optionalString()
        minLength = try r.optional { try $0.int() }
        maxLength = try r.optional { try $0.int() }
        pattern = try r.optionalString()
        let start = r.offset
        if let name = try r.optionalString() {
            guard let known = StringFormat(rawValue: name) else {
                throw SpecArchive.Corrupt(offset: start, expected: "a string format")
            }
            format = known
        }
        minItems = try r.optional { try $0.int() }
        maxItems = try r.optional { try $0.int() }
        minProperties = try r.optional { try $0.int() }
        maxProperties = try r.optional { try $0.int() }
        locations = try r.map { try $0.read() }
    }
}

extension Checks: Archivable {
    // Most fields check nothing: a 0 byte stands for `Checks()`, which then costs a start-up nothing to read.
    func archive(into w: inout ArchiveWriter) {
        guard self != Checks() else { return w.tag(0) }
        w.tag(1)
        w.write(errors)
        w.write(warnings)
        w.optional(warningMessage)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        guard try r.tag("checks", below: 2) == 1 else {
            self.init()
            return
        }
        self.init(errors: try r.read(), warnings: try r.read(), warningMessage: try r.optionalString())
    }
}

extension TypeDecl: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(name)
        w.optional(doc)
        w.optional(deprecated)
        w.optional(beta)
        switch kind {
        case .object(let object):
            w.tag(0)
            w.write(object)
        case .enumeration(let e):
            w.tag(1)
            w.list(e.values) {
                $0.string($1.value)
                $0.optional($1.doc)
                $0.optional($1.location) { $0.write($1) }
            }
        case .union(let union):
            w.tag(2)
            w.string(union.discriminator)
            w.list(union.variants) {
                $0.string($1.tag)
                $0.string($1.type)
                $0.optional($1.beta)
                $0.optional($1.doc)
                $0.optional($1.location) { $0.write($1) }
            }
            w.optional(union.defaultTag)
        case .oneOf(let oneOf):
            w.tag(3)
            w.list(oneOf.variants) {
                $0.string($1.name)
                $0.write($1.type)
                $0.optional($1.location) { $0.write($1) }
            }
        case .constant(let value):
            w.tag(4)
            w.write(value)
        case .alias(let base, let checks):
            w.tag(5)
            w.write(base)
            w.write(checks)
        }
        w.write(location)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        let name = try r.string()
        let doc = try r.optionalString()
        let deprecated = try r.optionalString()
        let beta = try r.optionalString()
        let kind: Kind
        switch try r.tag("a type kind", below: 6) {
        case 0: kind = .object(try r.read())
        case 1:
            kind = .enumeration(
                EnumType(
                    values: try r.list {
                        EnumType.Value(
                            try $0.string(), doc: try $0.optionalString(), location: try $0.optional { try $0.read() })
                    }))
        case 2:
            let discriminator = try r.string()
            let variants = try r.list {
                UnionType.Variant(
                    tag: try $0.string(), type: try $0.string(), beta: try $0.optionalString(),
                    doc: try $0.optionalString(), location: try $0.optional { try $0.read() })
            }
            kind = .union(
                UnionType(discriminator: discriminator, variants: variants, defaultTag: try r.optionalString()))
        case 3:
            kind = .oneOf(
                OneOfType(
                    variants: try r.list {
                        OneOfType.Variant(
                            name: try $0.string(), type: try $0.read(), location: try $0.optional { try $0.read() })
                    }))
        case 4: kind = .constant(try r.read())
        default: kind = .alias(try r.read(), try r.read())
        }
        self.init(name: name, doc: doc, deprecated: deprecated, beta: beta, kind: kind, location: try r.read())
    }
}

extension ObjectType: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.list(fields) { $0.write($1) }
        w.bool(allowsAdditional)
        w.list(rules) { $0.write($1) }
        w.list(requestRules) { $0.write($1) }
        w.map(requestRuleLocations) { $0.write($1) }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            fields: try r.list { try $0.read() }, allowsAdditional: try r.bool(), rules: try r.list { try $0.read() },
            requestRules: try r.list { try $0.read() })
        requestRuleLocations = try r.map { try $0.read() }
    }
}

extension Field: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(name)
        w.write(type)
        w.optional(constant) { $0.write($1) }
        w.bool(required)
        w.bool(nullable)
        w.optional(defaultValue) { $0.write($1) }
        w.optional(doc)
        w.optional(deprecated)
        w.optional(beta)
        w.write(checks)
        w.write(location)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            name: try r.string(), type: try r.read(), constant: try r.optional { try $0.read() },
            required: try r.bool(), nullable: try r.bool(), defaultValue: try r.optional { try $0.read() },
            doc: try r.optionalString(), deprecated: try r.optionalString(), beta: try r.optionalString(),
            checks: try r.read(), location: try r.read())
    }
}

extension FieldPath: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.strings(segments)
        w.write(location)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(segments: try r.strings(), location: try r.read())
    }
}

extension Severity: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .note: w.tag(0)
        case .warning: w.tag(1)
        case .error: w.tag(2)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a severity", below: 3) {
        case 0: self = .note
        case 1: self = .warning
        default: self = .error
        }
    }
}

extension Rule: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(id)
        switch condition {
        case .exclusive(let paths):
            w.tag(0)
            w.list(paths) { $0.write($1) }
        case .lessThan(let a, let b):
            w.tag(1)
            w.write(a)
            w.write(b)
        case .requires(let a, let b):
            w.tag(2)
            w.write(a)
            w.write(b)
        }
        w.write(severity)
        w.string(message)
        w.write(location)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        let id = try r.string()
        let condition: Condition
        switch try r.tag("a rule condition", below: 3) {
        case 0: condition = .exclusive(try r.list { try $0.read() })
        case 1: condition = .lessThan(try r.read(), try r.read())
        default: condition = .requires(try r.read(), try r.read())
        }
        self.init(id: id, condition: condition, severity: try r.read(), message: try r.string(), location: try r.read())
    }
}

// MARK: - Request rules and model profiles

extension RuleLiteral: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .string(let s):
            w.tag(0)
            w.string(s)
        case .number(let n):
            w.tag(1)
            w.double(n)
        case .bool(let b):
            w.tag(2)
            w.bool(b)
        case .null: w.tag(3)
        case .list(let items):
            w.tag(4)
            w.list(items) { $0.write($1) }
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a rule literal", below: 5) {
        case 0: self = .string(try r.string())
        case 1: self = .number(try r.double())
        case 2: self = .bool(try r.bool())
        case 3: self = .null
        default: self = .list(try r.list { try $0.read() })
        }
    }
}

extension RuleSelector: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch base {
        case .current: w.tag(0)
        case .root: w.tag(1)
        case .next: w.tag(2)
        case .previous: w.tag(3)
        }
        w.list(steps) { w, step in
            switch step {
            case .field(let name):
                w.tag(0)
                w.string(name)
            case .each: w.tag(1)
            case .index(let i):
                w.tag(2)
                w.int(i)
            case .first: w.tag(3)
            case .last: w.tag(4)
            case .butLast: w.tag(5)
            case .filter(let field, let values, let negated):
                w.tag(6)
                w.string(field)
                w.strings(values)
                w.bool(negated)
            }
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        let base: RuleBase
        switch try r.tag("a selector base", below: 4) {
        case 0: base = .current
        case 1: base = .root
        case 2: base = .next
        default: base = .previous
        }
        let steps = try r.list { r -> RuleStep in
            switch try r.tag("a selector step", below: 7) {
            case 0: return .field(try r.string())
            case 1: return .each
            case 2: return .index(try r.int())
            case 3: return .first
            case 4: return .last
            case 5: return .butLast
            default: return .filter(field: try r.string(), values: try r.strings(), negated: try r.bool())
            }
        }
        self.init(base: base, steps)
    }
}

extension RuleOperand: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .literal(let value):
            w.tag(0)
            w.write(value)
        case .model(let name):
            w.tag(1)
            w.string(name)
        case .path(let selector):
            w.tag(2)
            w.write(selector)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a rule operand", below: 3) {
        case 0: self = .literal(try r.read())
        case 1: self = .model(try r.string())
        default: self = .path(try r.read())
        }
    }
}

extension RuleSubject: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .path(let selector):
            w.tag(0)
            w.write(selector)
        case .model(let name):
            w.tag(1)
            w.string(name)
        case .header(let name):
            w.tag(2)
            w.string(name)
        case .feature(let name):
            w.tag(3)
            w.string(name)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a rule subject", below: 4) {
        case 0: self = .path(try r.read())
        case 1: self = .model(try r.string())
        case 2: self = .header(try r.string())
        default: self = .feature(try r.string())
        }
    }
}

extension RuleTest: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .present: w.tag(0)
        case .absent: w.tag(1)
        case .nonEmpty: w.tag(2)
        case .equals(let o): w.operand(3, o)
        case .notEquals(let o): w.operand(4, o)
        case .oneOf(let o): w.operand(5, o)
        case .noneOf(let o): w.operand(6, o)
        case .minimum(let o): w.operand(7, o)
        case .maximum(let o): w.operand(8, o)
        case .exclusiveMinimum(let o): w.operand(9, o)
        case .exclusiveMaximum(let o): w.operand(10, o)
        case .since(let s): w.text(11, s)
        case .before(let s): w.text(12, s)
        case .contains(let s): w.text(13, s)
        case .pattern(let s): w.text(14, s)
        case .notPattern(let s): w.text(15, s)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a rule test", below: 16) {
        case 0: self = .present
        case 1: self = .absent
        case 2: self = .nonEmpty
        case 3: self = .equals(try r.read())
        case 4: self = .notEquals(try r.read())
        case 5: self = .oneOf(try r.read())
        case 6: self = .noneOf(try r.read())
        case 7: self = .minimum(try r.read())
        case 8: self = .maximum(try r.read())
        case 9: self = .exclusiveMinimum(try r.read())
        case 10: self = .exclusiveMaximum(try r.read())
        case 11: self = .since(try r.string())
        case 12: self = .before(try r.string())
        case 13: self = .contains(try r.string())
        case 14: self = .pattern(try r.string())
        default: self = .notPattern(try r.string())
        }
    }
}

extension ArchiveWriter {
    fileprivate mutating func operand(_ tag: UInt8, _ operand: RuleOperand) {
        self.tag(tag)
        write(operand)
    }
    fileprivate mutating func text(_ tag: UInt8, _ text: String) {
        self.tag(tag)
        string(text)
    }
}

extension RulePredicate: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .test(let subject, let tests):
            w.tag(0)
            w.write(subject)
            w.list(tests) { $0.write($1) }
        case .all(let predicates):
            w.tag(1)
            w.list(predicates) { $0.write($1) }
        case .any(let predicates):
            w.tag(2)
            w.list(predicates) { $0.write($1) }
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a rule predicate", below: 3) {
        case 0: self = .test(try r.read(), try r.list { try $0.read() })
        case 1: self = .all(try r.list { try $0.read() })
        default: self = .any(try r.list { try $0.read() })
        }
    }
}

extension RuleCheck: Archivable {
    func archive(into w: inout ArchiveWriter) {
        switch self {
        case .require(let predicate):
            w.tag(0)
            w.write(predicate)
        case .reference(let from, let to):
            w.tag(1)
            w.write(from)
            w.write(to)
        case .count(let of, let maximum):
            w.tag(2)
            w.list(of) { $0.write($1) }
            w.write(maximum)
        }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        switch try r.tag("a rule check", below: 3) {
        case 0: self = .require(try r.read())
        case 1: self = .reference(from: try r.read(), to: try r.read())
        default: self = .count(of: try r.list { try $0.read() }, maximum: try r.read())
        }
    }
}

extension RequestRule: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(id)
        w.write(severity)
        w.string(message)
        w.optional(note)
        w.optional(forEach) { $0.write($1) }
        w.optional(when) { $0.write($1) }
        w.write(check)
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            id: try r.string(), severity: try r.read(), message: try r.string(), note: try r.optionalString(),
            forEach: try r.optional { try $0.read() }, when: try r.optional { try $0.read() }, check: try r.read())
    }
}

extension ModelProfile: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.strings(match)
        w.optional(doc)
        w.map(properties) { $0.write($1) }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(match: try r.strings(), doc: try r.optionalString(), properties: try r.map { try $0.read() })
    }
}

extension ModelCatalog: Archivable {
    func archive(into w: inout ArchiveWriter) {
        w.string(field)
        w.strings(prefixes)
        w.map(properties) { $0.string($1) }
        w.list(profiles) { $0.write($1) }
    }
    init(unarchiving r: inout ArchiveReader) throws {
        self.init(
            field: try r.string(), prefixes: try r.strings(), properties: try r.map { try $0.string() },
            profiles: try r.list { try $0.read() })
    }
}
