import Foundation
import SpecKit
import SpecRuntime
import Testing

/// Tests of the code generated from `Resources/constructs.yaml`, which the plugin compiles into this target.
@Suite struct GeneratedCodeTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The coding path of a decoding error, as member names and indices.
    static func codingPath(_ error: any Error) -> [String] {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .dataCorrupted(let c)?, .typeMismatch(_, let c)?, .valueNotFound(_, let c)?: context = c
        case .keyNotFound(let key, let c)?: return (c.codingPath + [key]).map(\.stringValue)
        default: return ["not a DecodingError: \(error)"]
        }
        return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
    }

    static func decodingError<T: Decodable>(_ type: T.Type, _ json: String) -> (any Error)? {
        do {
            _ = try decode(type, json)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Strict request types

    @Test func requestTypesRejectUnknownFieldsEnumValuesAndTags() throws {
        let unknownField = try #require(
            Self.decodingError(
                ThingRequest.self,
                #"{"name":"a","parent":null,"kind":"thing","nodes":[{"value":"v","extra":1}],"colour":1}"#))
        #expect(Self.codingPath(unknownField) == ["colour"])
        #expect("\(unknownField)".contains("unknown field 'colour' in ThingRequest"))

        let badEnum = try #require(
            Self.decodingError(
                ThingRequest.self, #"{"name":"a","parent":null,"kind":"thing","type":"purple"}"#))
        #expect(Self.codingPath(badEnum) == ["type"])
        #expect("\(badEnum)".contains("'purple' is not one of 'none', 'default'"))

        let badTag = try #require(
            Self.decodingError(
                ThingRequest.self, #"{"name":"a","parent":null,"kind":"thing","shape":{"type":"hexagon"}}"#))
        #expect(Self.codingPath(badTag) == ["shape", "type"])
        #expect("\(badTag)".contains("unknown type 'hexagon' for Shape"))

        let nested = try #require(
            Self.decodingError(
                ThingRequest.self,
                #"{"name":"a","parent":null,"kind":"thing","content":[{"text":"x"},{"text":"y","z":0}]}"#))
        #expect(Self.codingPath(nested) == ["content", "1", "z"])

        let badConstant = try #require(
            Self.decodingError(ThingRequest.self, #"{"name":"a","parent":null,"kind":"other"}"#))
        #expect(Self.codingPath(badConstant) == ["kind"])
        #expect("\(badConstant)".contains(#"expected "thing", found "other""#))

        let nullNotAllowed = try #require(
            Self.decodingError(ThingRequest.self, #"{"name":"a","parent":null,"kind":"thing","count":null}"#))
        #expect(Self.codingPath(nullNotAllowed) == ["count"])

        let missingRequired = try #require(Self.decodingError(ThingRequest.self, #"{"name":"a","kind":"thing"}"#))
        #expect(Self.codingPath(missingRequired) == ["parent"])
    }

    @Test func awkwardNamesRoundTrip() throws {
        let json =
            #"{"2fa":true,"default":"https://x.example","kind":"thing","name":"a","parent":"p","protocol":"abc","self":"id","type":"kebab-case","validate":false,"version":2,"x-request-id":"r"}"#
        let request = try Self.decode(ThingRequest.self, json)
        #expect(request._2fa == true)
        #expect(request.default == "https://x.example")
        #expect(request.self_ == "id")
        #expect(request.protocol == "abc")
        #expect(request.type == .kebabCase)
        #expect(request.validate_ == false)
        #expect(request.xRequestId == "r")
        #expect(try Self.encode(request) == json)
        #expect(
            Color.allCases.map(\.rawValue) == [
                "none", "default", "self", "2d", "kebab-case", "protocol", "unknown", "x.y", "café",
            ])
        let odd = try Self.decode(
            ThingRequest.self, #"{"name":"a","parent":null,"kind":"thing","":"e","container":true,"c":0,"value":[1]}"#)
        #expect(odd._unnamed == "e" && odd.container == true && odd.c == 0 && odd.value == [1])
        #expect(odd.validate().map(\.pointer) == ["/c"])
        #expect(try Self.decode(Color.self, #""none""#) == Color.none)
    }

    // MARK: - Optional and nullable members

    @Test func absentNullAndValueAreDistinct() throws {
        var request = ThingRequest(name: "a", parent: nil)
        #expect(try Self.encode(request) == #"{"kind":"thing","name":"a","parent":null,"version":2}"#)
        request.note = .null
        #expect(try Self.encode(request).contains(#""note":null"#))
        request.note = .value("hi")
        #expect(try Self.encode(request).contains(#""note":"hi""#))

        let absent = try Self.decode(ThingRequest.self, #"{"name":"a","parent":null,"kind":"thing"}"#)
        #expect(absent.note == nil)
        let null = try Self.decode(ThingRequest.self, #"{"name":"a","parent":null,"kind":"thing","note":null}"#)
        #expect(null.note == .null)
        let value = try Self.decode(ThingRequest.self, #"{"name":"a","parent":"p","kind":"thing","note":"x"}"#)
        #expect(value.note == .value("x"))
        #expect(value.parent == "p")
    }

    // MARK: - Unions and oneofs

    @Test func unionsDecodeByTagWithDefaultVariant() throws {
        #expect(try Self.decode(Shape.self, #"{"radius":2}"#) == .circle(Circle(radius: 2)))
        #expect(try Self.decode(Shape.self, #"{"type":"square","side":3}"#) == .square(Square(side: 3)))
        #expect(try Self.decode(Shape.self, #"{"type":"none"}"#) == .none(NoShape()))
        #expect(Shape.none == .none(NoShape()), "a variant without required members is a static member too")
        #expect(try Self.encode(Shape.none) == #"{"type":"none"}"#)
        #expect(try Self.encode(Shape.circle(Circle(radius: 1))) == #"{"radius":1,"type":"circle"}"#)
    }

    @Test func oneofsDecodeByJSONKind() throws {
        #expect(try Self.decode(Scalar.self, "3") == .number(3))
        #expect(try Self.decode(Scalar.self, "true") == .flag(true))
        #expect(try Self.decode(Scalar.self, #"{"text":"t"}"#) == .block(Block(text: "t")))
        let wrongKind = try #require(Self.decodingError(Scalar.self, #""text""#))
        #expect("\(wrongKind)".contains("expected integer or boolean or object, found string"))
        #expect(try Self.decode(ThingRequestContent.self, #""hi""#) == .string("hi"))
        #expect(try Self.decode(ThingRequestContent.self, #"[{"text":"a"}]"#) == .blocks([Block(text: "a")]))
        #expect(try Self.encode(ThingRequestContent.blocks([Block(text: "a")])) == #"[{"text":"a"}]"#)
    }

    @Test func additionalPropertiesAreKept() throws {
        let limits = try Self.decode(Limits.self, #"{"low":1,"zeta":[1,2],"alpha":"a"}"#)
        #expect(limits.low == 1)
        #expect(limits.additionalProperties == ["zeta": [1, 2], "alpha": "a"])
        #expect(try Self.encode(limits) == #"{"alpha":"a","low":1,"zeta":[1,2]}"#)
    }

    @Test func objectsWithoutFields() throws {
        #expect(try Self.decode(Empty.self, "{}") == Empty())
        #expect(try Self.encode(Empty()) == "{}")
        let unknown = try #require(Self.decodingError(Empty.self, #"{"a":1}"#))
        #expect(Self.codingPath(unknown) == ["a"])
        let bag = try Self.decode(Bag.self, #"{"a":1,"b":[true]}"#)
        #expect(bag.additionalProperties == ["a": 1, "b": [true]])
        #expect(try Self.encode(bag) == #"{"a":1,"b":[true]}"#)
        #expect(try Self.encode(Bag()) == "{}")
    }

    @Test func constantTypes() throws {
        #expect(try Self.decode(Ephemeral.self, #""ephemeral""#) == Ephemeral())
        #expect(Self.decodingError(Ephemeral.self, #""persistent""#) != nil)
        #expect(try Self.encode([Ephemeral()]) == #"["ephemeral"]"#)
    }

    // MARK: - Received (open) types

    @Test func receivedTypesKeepUnknownValuesAndVariants() throws {
        let thing = try Self.decode(
            Thing.self, #"{"id":"t1","kind":"thing","status":"melting","made":null,"new_field":{"a":1}}"#)
        #expect(thing.status == .unknown("melting"))
        #expect(thing.status.rawValue == "melting")
        #expect(try Self.encode(thing) == #"{"id":"t1","kind":"thing","made":null,"status":"melting"}"#)

        let unknownEvent = #"{"data":[1,2.5,"x",null],"nested":{"deep":true},"type":"teleported"}"#
        let event = try Self.decode(ThingEvent.self, unknownEvent)
        guard case .unknown(let json) = event else {
            Issue.record("expected .unknown, got \(event)")
            return
        }
        #expect(json["type"] == "teleported")
        #expect(try Self.encode(event) == unknownEvent)
        #expect(try Self.decode(ThingEvent.self, #"{"no":"tag"}"#) == .unknown(["no": "tag"]))
        #expect(
            try Self.decode(ThingEvent.self, #"{"type":"progress","percent":50,"eta":3}"#)
                == .progress(Progress(percent: 50)))
    }

    // MARK: - Validation

    static let spec: Spec = {
        let path = ReferenceTests.testsDirectory.appendingPathComponent("Resources/constructs.yaml").path
        let result = SpecLoader.load(path: path)
        guard let spec = result.spec, result.isUsable else { fatalError("constructs.yaml: \(result.diagnostics)") }
        return spec
    }()

    /// The linter's violations for the JSON encoding of `value`, its members put in spec order (the order the
    /// generated `validate()` reports in; `JSONEncoder` does not keep the order written).
    static func lint<T: Encodable>(_ value: T, as type: String, features: Set<String> = []) throws -> [Violation] {
        let json = try AnyJSON(parsing: try JSONEncoder().encode(value))
        let bytes = Array(SpecOrder(spec: spec).reorder(json, as: .named(type)).serialized().utf8)
        let parsed = JSONParser.parse(bytes, file: "value.json")
        let document = try #require(parsed.document)
        let validator = Validator(CompiledSpec(spec), options: ValidationOptions(enabledFeatures: features))
        return validator.validate(document.root, as: .named(type)).diagnostics.compactMap(\.violation)
    }

    static let invalidRequest: ThingRequest = {
        var request = ThingRequest(name: "Not_An_Identifier", parent: nil)
        request.count = 1000
        request.ratio = 1.5
        request.tags = []
        request.labels = ["a": "1", "b": "2", "c": "3"]
        request.note = .value("too long")
        request.default = "not a uri"
        request.self_ = "not-a-uuid"
        request.protocol = "ABC"
        request.xRequestId = "yesterday"
        request.shape = .square(Square(side: 0))
        request.content = .blocks([Block(text: "ok"), Block(text: "")])
        request.scalar = .block(Block(text: ""))
        request.extra = "x"
        request.limits = Limits(low: 5000)
        request.nodes = [Node(value: "root", children: [Node(value: ""), Node(value: "leaf")])]
        request.blob = ["k": ["Bad", "ok"], "e": []]
        request.gadget = Gadget(size: 0)
        return request
    }()

    @Test func validateReportsEverythingWithPointersRulesAndMessages() {
        let violations = Self.invalidRequest.validate()
        let summary = violations.map { "\($0.pointer) \($0.rule) \($0.severity.rawValue)" }
        #expect(summary.contains("/name string.pattern error"))
        #expect(summary.contains("/count number.maximum error"))
        #expect(summary.contains("/count number.exclusive-maximum error"))
        #expect(summary.contains("/ratio number.maximum warning"))
        #expect(summary.contains("/note string.max-length error"))
        #expect(summary.contains("/shape/type beta error"))
        #expect(summary.contains("/shape/side number.minimum error"))
        #expect(summary.contains("/content/1/text string.min-length error"))
        #expect(summary.contains("/nodes/0/children/0/value string.min-length error"))
        #expect(summary.contains("/blob/e array.min-items error"))
        #expect(summary.contains("/blob/k/0 string.pattern error"))
        #expect(summary.contains("/gadget beta error"))
        #expect(summary.contains("/labels rule.note-or-labels error"))
        #expect(summary.contains("/limits/low rule.low-below-count error"))
        let ratio = violations.first { $0.pointer == "/ratio" }
        #expect(ratio?.message == "1.5 is greater than the maximum 1: values above 1 are unusual")
        #expect(
            Self.invalidRequest.validate(enabledFeatures: ["shapes-2024", "extra-field"]).allSatisfy {
                $0.rule != "beta"
            })
        #expect(ThingRequest(name: "ok", parent: nil).validate().isEmpty)
    }

    @Test func validateMatchesTheLinterExactly() throws {
        let generated = Self.invalidRequest.validate()
        let linted = try Self.lint(Self.invalidRequest, as: "ThingRequest")
        #expect(
            generated == linted,
            "\n\(LineDiff.describe(expected: linted.map(\.description).joined(separator: "\n"), actual: generated.map(\.description).joined(separator: "\n")))"
        )

        var request = ThingRequest(name: "ok", parent: "p")
        request.ratio = 0.5
        request.shape = .triangle(Triangle(corners: [1, 2, 3, 4]))
        request.scalar = .number(7)
        request.note = .null
        for features: Set<String> in [[], ["shapes-2024"]] {
            #expect(
                request.validate(enabledFeatures: features)
                    == (try Self.lint(request, as: "ThingRequest", features: features)))
        }
        let event = ThingEvent.progress(Progress(percent: 101))
        #expect(event.validate() == (try Self.lint(event, as: "ThingEvent")))
        let unknown = ThingEvent.unknown(["type": "teleported"])
        #expect(unknown.validate() == (try Self.lint(unknown, as: "ThingEvent")))
        let typo = ThingEvent.unknown(["type": "progres"])
        #expect(typo.validate() == (try Self.lint(typo, as: "ThingEvent")))
        #expect(typo.validate().first?.message.hasSuffix("did you mean 'progress'?") == true)
        #expect(State.unknown("redy").validate() == (try Self.lint(State.unknown("redy"), as: "State")))
        #expect(State.unknown("melting").validate().map(\.rule) == ["enum"])
    }
}

/// Puts the members of JSON objects in the order of the spec's fields (map entries sorted by key).
struct SpecOrder {
    let spec: Spec

    func reorder(_ json: AnyJSON, as type: TypeRef) -> AnyJSON {
        switch (type, json) {
        case (.array(let element), .array(let items)):
            return .array(items.map { reorder($0, as: element) })
        case (.map(let value), .object(let members)):
            return .object(
                members.sorted { $0.key < $1.key }.map { (key: $0.key, value: reorder($0.value, as: value)) })
        case (.named(let name), _):
            return reorder(json, named: name)
        default:
            return json
        }
    }

    func reorder(_ json: AnyJSON, named name: String) -> AnyJSON {
        guard let decl = spec.type(named: name) else { return json }
        switch decl.kind {
        case .object(let object):
            guard case .object(let members) = json else { return json }
            let order = Dictionary(uniqueKeysWithValues: object.fields.enumerated().map { ($1.name, $0) })
            return .object(
                members.sorted { (order[$0.key] ?? Int.max) < (order[$1.key] ?? Int.max) }.map { member in
                    let field = object.field(named: member.key)
                    return (key: member.key, value: field.map { reorder(member.value, as: $0.type) } ?? member.value)
                })
        case .union(let union):
            let tag = json[union.discriminator]?.stringValue ?? union.defaultTag
            guard let variant = tag.flatMap(union.variant(tagged:)) else { return json }
            return reorder(json, named: variant.type)
        case .oneOf(let oneOf):
            for variant in oneOf.variants {
                switch (variant.type, json) {
                case (.array, .array), (.map, .object): return reorder(json, as: variant.type)
                case (.named(let other), .object):
                    if case .object? = spec.type(named: other)?.kind { return reorder(json, as: variant.type) }
                default: continue
                }
            }
            return json
        case .alias(let base, _):
            return reorder(json, as: base)
        case .enumeration, .constant:
            return json
        }
    }
}
