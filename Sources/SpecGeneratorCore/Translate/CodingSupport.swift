/// Private helpers that generated `Codable` code calls. A file includes exactly the ones it uses, so generated
/// files need nothing from the runtime beyond ``AnyJSON`` and ``ViolationMessages``.
enum CodingSupport: Int, Hashable, Sendable, CaseIterable, Comparable {
    case rejectUnknownKeys
    case additionalProperties
    case decodeConstant
    case decodeNonNull
    case nullable

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The declarations for a set of helpers, in a stable order.
    static func declarations(for used: Set<CodingSupport>) -> [Declaration] {
        guard !used.isEmpty else { return [] }
        var decoder: [Declaration] = []
        var encoder: [Declaration] = []
        var keyedDecoding: [Declaration] = []
        var keyedEncoding: [Declaration] = []
        for helper in used.sorted() {
            switch helper {
            case .rejectUnknownKeys:
                decoder.append(.function(FunctionDecl(
                    doc: ["Throws when the object has a member that `Keys` does not name."],
                    access: .fileprivate, kind: .function("rejectUnknownKeys"),
                    genericParameters: ["Keys: CodingKey & CaseIterable"],
                    parameters: [
                        Parameter(label: "_", name: "keys", type: "Keys.Type"),
                        Parameter(label: "of", name: "typeName", type: "String"),
                    ],
                    isThrowing: true,
                    body: [
                        .code("let known = Set(Keys.allCases.map(\\.stringValue))"),
                        .code("let members = try container(keyedBy: AnyCodingKey.self).allKeys.map(\\.stringValue)"),
                        .guard("let unknown = members.filter({ !known.contains($0) }).sorted().first", else: [.code("return")]),
                        .code("throw DecodingError.dataCorrupted(DecodingError.Context("),
                        .code("    codingPath: codingPath + [AnyCodingKey(unknown)],"),
                        .code("    debugDescription: ViolationMessages.unknownField(unknown, in: typeName, suggestion: nil)))"),
                    ])))
            case .additionalProperties:
                decoder.append(.function(FunctionDecl(
                    doc: ["The members of the object that `Keys` does not name."],
                    access: .fileprivate, kind: .function("additionalProperties"),
                    genericParameters: ["Keys: CodingKey & CaseIterable"],
                    parameters: [Parameter(label: "excluding", name: "keys", type: "Keys.Type")],
                    isThrowing: true, returnType: "[String: AnyJSON]",
                    body: [
                        .code("let known = Set(Keys.allCases.map(\\.stringValue))"),
                        .code("let container = try container(keyedBy: AnyCodingKey.self)"),
                        .code("var members: [String: AnyJSON] = [:]"),
                        .for("key", in: "container.allKeys where !known.contains(key.stringValue)", body: [
                            .code("members[key.stringValue] = try container.decode(AnyJSON.self, forKey: key)"),
                        ]),
                        .code("return members"),
                    ])))
                encoder.append(.function(FunctionDecl(
                    doc: ["Encodes members not declared by the spec, sorted by name."],
                    access: .fileprivate, kind: .function("encodeAdditionalProperties"),
                    parameters: [Parameter(label: "_", name: "members", type: "[String: AnyJSON]")],
                    isThrowing: true,
                    body: [
                        .code("var container = container(keyedBy: AnyCodingKey.self)"),
                        .for("(name, value)", in: "members.sorted(by: { $0.key < $1.key })", body: [
                            .code("try container.encode(value, forKey: AnyCodingKey(name))"),
                        ]),
                    ])))
            case .decodeConstant:
                keyedDecoding.append(.function(FunctionDecl(
                    doc: [
                        "Checks that the member, if present (and it must be when `required`), has the only allowed value",
                        "(or is `null`, when `nullable`).",
                    ],
                    access: .fileprivate, kind: .function("decodeConstant"),
                    parameters: [
                        Parameter(label: "_", name: "expected", type: "AnyJSON"),
                        Parameter(label: "forKey", name: "key", type: "Key"),
                        Parameter(name: "required", type: "Bool"),
                        Parameter(name: "nullable", type: "Bool", defaultValue: "false"),
                    ],
                    isThrowing: true,
                    body: [
                        .guard("required || contains(key)", else: [.code("return")]),
                        .code("if nullable, try decodeNil(forKey: key) { return }"),
                        .code("let found = try decode(AnyJSON.self, forKey: key)"),
                        .guard("found == expected", else: [
                            .code("throw DecodingError.dataCorruptedError("),
                            .code("    forKey: key, in: self,"),
                            .code("    debugDescription: ViolationMessages.constant(expected: expected.description, found: found.description))"),
                        ]),
                    ])))
            case .decodeNonNull:
                keyedDecoding.append(.function(FunctionDecl(
                    doc: ["Decodes an optional member that must not be `null` when present."],
                    access: .fileprivate, kind: .function("decodeNonNullIfPresent"),
                    genericParameters: ["T: Decodable"],
                    parameters: [
                        Parameter(label: "_", name: "type", type: "T.Type"),
                        Parameter(label: "forKey", name: "key", type: "Key"),
                    ],
                    isThrowing: true, returnType: "T?",
                    body: [
                        .guard("contains(key)", else: [.code("return nil")]),
                        .code("return try decode(T.self, forKey: key)"),
                    ])))
            case .nullable:
                keyedDecoding.append(.function(FunctionDecl(
                    doc: ["Decodes an optional, nullable member: `nil` when absent, `.some(nil)` when `null`."],
                    access: .fileprivate, kind: .function("decodeNullable"),
                    genericParameters: ["T: Decodable"],
                    parameters: [
                        Parameter(label: "_", name: "type", type: "T.Type"),
                        Parameter(label: "forKey", name: "key", type: "Key"),
                    ],
                    isThrowing: true, returnType: "T??",
                    body: [
                        .guard("contains(key)", else: [.code("return nil")]),
                        .if([ConditionalBranch("try decodeNil(forKey: key)", [.code("return .some(nil)")])], else: nil),
                        .code("return .some(try decode(T.self, forKey: key))"),
                    ])))
                keyedEncoding.append(.function(FunctionDecl(
                    doc: ["Encodes an optional, nullable member: nothing when `nil`, `null` when `.some(nil)`."],
                    access: .fileprivate, modifiers: ["mutating"], kind: .function("encodeNullable"),
                    genericParameters: ["T: Encodable"],
                    parameters: [
                        Parameter(label: "_", name: "value", type: "T??"),
                        Parameter(label: "forKey", name: "key", type: "Key"),
                    ],
                    isThrowing: true,
                    body: [.switch("value", [
                        SwitchCase([".none"], []),
                        SwitchCase([".some(.none)"], [.code("try encodeNil(forKey: key)")]),
                        SwitchCase([".some(.some(let value))"], [.code("try encode(value, forKey: key)")]),
                    ])])))
            }
        }
        var declarations: [Declaration] = [.mark("Coding support")]
        if !decoder.isEmpty || !encoder.isEmpty {
            declarations.append(.structure(StructDecl(
                doc: ["A coding key for any member name."], access: .private, name: "AnyCodingKey",
                conformances: ["CodingKey"],
                members: [
                    .property(PropertyDecl(name: "stringValue", type: "String")),
                    .property(PropertyDecl(name: "intValue", type: "Int?", getter: [.code("nil")])),
                    .function(FunctionDecl(
                        kind: .initializer(failable: false), parameters: [Parameter(label: "_", name: "name", type: "String")],
                        body: [.code("stringValue = name")])),
                    .function(FunctionDecl(
                        kind: .initializer(failable: false), parameters: [Parameter(name: "stringValue", type: "String")],
                        body: [.code("self.stringValue = stringValue")])),
                    .function(FunctionDecl(
                        kind: .initializer(failable: true), parameters: [Parameter(name: "intValue", type: "Int")],
                        body: [.code("nil")])),
                ])))
        }
        if !decoder.isEmpty { declarations.append(.extension(ExtensionDecl(type: "Decoder", members: decoder))) }
        if !encoder.isEmpty { declarations.append(.extension(ExtensionDecl(type: "Encoder", members: encoder))) }
        if !keyedDecoding.isEmpty {
            declarations.append(.extension(ExtensionDecl(type: "KeyedDecodingContainer", members: keyedDecoding)))
        }
        if !keyedEncoding.isEmpty {
            declarations.append(.extension(ExtensionDecl(type: "KeyedEncodingContainer", members: keyedEncoding)))
        }
        return declarations
    }
}
