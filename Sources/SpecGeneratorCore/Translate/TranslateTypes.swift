import SpecModel

/// Translates declared types into Swift declarations with their `Codable` conformance.
struct TypeTranslator {
    let context: TranslationContext

    /// Unions and oneofs declared `indirect` because they contain themselves.
    let indirect: Set<String>

    init(context: TranslationContext) {
        self.context = context
        self.indirect = context.indirectTypes
    }

    var access: AccessModifier? { context.access }

    /// The declaration of one type.
    func translate(_ decl: TypeDecl) -> Declaration {
        switch decl.kind {
        case .object(let object): .structure(translateObject(decl, object))
        case .enumeration(let enumType): .enumeration(translateEnum(decl, enumType))
        case .union(let union): .enumeration(translateUnion(decl, union))
        case .oneOf(let oneOf): .enumeration(translateOneOf(decl, oneOf))
        case .constant(let value): .structure(translateConstant(decl, value))
        case .alias(let base, let checks): .typealias(translateAlias(decl, base, checks))
        }
    }

    static let conformances = ["Codable", "Hashable", "Sendable"]

    // MARK: - Objects

    func translateObject(_ decl: TypeDecl, _ object: ObjectType) -> StructDecl {
        let open = context.isOpen(decl.name)
        var members: [Declaration] = []
        var parameters: [Parameter] = []
        var assignments: [Statement] = []
        for field in object.fields {
            let name = Names.property(field.name)
            let escaped = Names.escaped(name)
            if let constant = field.constant {
                members.append(
                    .property(
                        PropertyDecl(
                            doc: Documentation.joined(Documentation.field(field), ["Always `\(constant)`."]),
                            access: access, name: escaped, type: TranslationContext.constantType(constant),
                            getter: [.code(TranslationContext.literal(constant))])))
                continue
            }
            let type = context.swiftType(of: field)
            members.append(
                .property(PropertyDecl(doc: Documentation.field(field), access: access, name: escaped, type: type)))
            let optionalParameter = !field.required
            parameters.append(Parameter(name: escaped, type: type, defaultValue: optionalParameter ? "nil" : nil))
            assignments.append(.code("self.\(escaped) = \(escaped)"))
        }
        if object.allowsAdditional {
            members.append(
                .property(
                    PropertyDecl(
                        doc: ["Members not declared by the spec, kept as received and sent as given."],
                        access: access, name: "additionalProperties", type: "[String: AnyJSON]")))
            parameters.append(Parameter(name: "additionalProperties", type: "[String: AnyJSON]", defaultValue: "[:]"))
            assignments.append(.code("self.additionalProperties = additionalProperties"))
        }
        members.append(
            .function(
                FunctionDecl(
                    doc: ["Creates a value from its members."], access: access, kind: .initializer(failable: false),
                    parameters: parameters, body: assignments)))
        members.append(.function(objectDecoder(decl, object, open: open)))
        members.append(.function(objectEncoder(object)))
        return StructDecl(
            doc: Documentation.type(decl), access: access, name: decl.name,
            conformances: Self.conformances, members: members)
    }

    /// The wire names of the members, as a Swift array literal: the keys a value of the type may have.
    func memberNames(_ fields: [Field]) -> String {
        SwiftLiteral.stringArray(fields.map(\.name))
    }

    /// A member's key: a string literal, which the runtime's `GeneratedCodingKey` (the one key type of every
    /// generated `Codable` conformance) accepts. One shared key type, rather than a `CodingKeys` enum per type,
    /// means the compiler specialises the containers' generic code once per module instead of once per type.
    func key(_ field: Field) -> String { SwiftLiteral.string(field.name) }

    func objectDecoder(_ decl: TypeDecl, _ object: ObjectType, open: Bool) -> FunctionDecl {
        var body: [Statement] = []
        body.append(.code("let container = try decoder.container(keyedBy: GeneratedCodingKey.self)"))
        if !open && !object.allowsAdditional {
            body.append(
                .code(
                    "try decoder.rejectUnknownKeys(\(memberNames(object.fields)), of: \(SwiftLiteral.string(decl.name)))"
                ))
        }
        for field in object.fields {
            let key = self.key(field)
            let target = "self." + Names.escaped(Names.property(field.name))
            if let constant = field.constant {
                // Received types do not check constants: the discriminator already chose the type.
                if !open {
                    let nullable = field.nullable ? ", nullable: true" : ""
                    body.append(
                        .code(
                            "try container.decodeConstant(\(anyJSONLiteral(constant)), forKey: \(key), required: \(field.required)\(nullable))"
                        ))
                }
                continue
            }
            let type = context.swiftType(field.type)
            switch (field.required, field.nullable) {
            case (true, false):
                body.append(.code("\(target) = try container.decode(\(type).self, forKey: \(key))"))
            case (true, true):
                body.append(.code("\(target) = try container.decode(\(type)?.self, forKey: \(key))"))
            case (false, false) where open:
                body.append(.code("\(target) = try container.decodeIfPresent(\(type).self, forKey: \(key))"))
            case (false, false):
                body.append(.code("\(target) = try container.decodeNonNullIfPresent(\(type).self, forKey: \(key))"))
            case (false, true):
                body.append(.code("\(target) = try container.decodeNullable(\(type).self, forKey: \(key))"))
            }
        }
        if object.allowsAdditional {
            body.append(
                .code(
                    "self.additionalProperties = try decoder.additionalProperties(excluding: \(memberNames(object.fields)))"
                ))
        }
        let readsMembers = object.fields.contains { $0.constant == nil || !open }
        if !readsMembers {
            // Nothing reads the members (no fields, or a received type of constants only); still insist on an object.
            body[0] = .code("_ = try decoder.container(keyedBy: GeneratedCodingKey.self)")
        }
        return FunctionDecl(
            doc: decoderDoc(open: open, allowsAdditional: object.allowsAdditional), access: access,
            kind: .initializer(failable: false),
            parameters: [Parameter(label: "from", name: "decoder", type: "any Decoder")], isThrowing: true, body: body)
    }

    func decoderDoc(open: Bool, allowsAdditional: Bool = false) -> [String] {
        if allowsAdditional {
            return ["Decodes a value; members the spec does not declare are kept in `additionalProperties`."]
        }
        return open
            ? ["Decodes a value leniently: unknown members are ignored, unknown enum values and variants are kept."]
            : ["Decodes a value strictly: unknown members, enum values and variants are errors."]
    }

    func objectEncoder(_ object: ObjectType) -> FunctionDecl {
        var body: [Statement] = [
            .code(
                object.fields.isEmpty
                    ? "_ = encoder.container(keyedBy: GeneratedCodingKey.self)"
                    : "var container = encoder.container(keyedBy: GeneratedCodingKey.self)")
        ]
        for field in object.fields {
            let key = self.key(field)
            let value = "self." + Names.escaped(Names.property(field.name))
            if let constant = field.constant {
                body.append(.code("try container.encode(\(TranslationContext.literal(constant)), forKey: \(key))"))
                continue
            }
            switch (field.required, field.nullable) {
            case (true, _):
                body.append(.code("try container.encode(\(value), forKey: \(key))"))
            case (false, false):
                body.append(.code("try container.encodeIfPresent(\(value), forKey: \(key))"))
            case (false, true):
                body.append(.code("try container.encodeNullable(\(value), forKey: \(key))"))
            }
        }
        if object.allowsAdditional {
            body.append(.code("try encoder.encodeAdditionalProperties(additionalProperties)"))
        }
        return FunctionDecl(
            doc: ["Encodes the members in spec order; absent optional members are left out."],
            access: access, kind: .function("encode"),
            parameters: [Parameter(label: "to", name: "encoder", type: "any Encoder")],
            isThrowing: true, body: body)
    }

    func anyJSONLiteral(_ value: LiteralValue) -> String {
        switch value {
        case .null: "nil"
        default: TranslationContext.literal(value)
        }
    }

    // MARK: - Enumerations

    func translateEnum(_ decl: TypeDecl, _ enumType: EnumType) -> EnumDecl {
        let open = context.isOpen(decl.name)
        let cases: [(name: String, value: EnumType.Value)] = enumType.values.map { (Names.enumCase($0.value), $0) }
        var members: [Declaration] = cases.map { name, value in
            var doc = Documentation.lines(value.doc)
            if name == "none" {
                doc = Documentation.joined(
                    doc, ["Where an optional is expected, `.none` means `nil`: write `\(decl.name).none` there."])
            }
            return .enumCase(
                EnumCaseDecl(
                    doc: doc, name: Names.escaped(name),
                    rawValue: open || name == value.value ? nil : SwiftLiteral.string(value.value)))
        }
        if open {
            members.append(
                .enumCase(
                    EnumCaseDecl(
                        doc: ["A value this version of the client does not know, kept as received."],
                        name: "unknown", associatedValues: [.init(type: "String")])))
            members.append(
                .function(
                    FunctionDecl(
                        doc: ["The case for a value; an unknown value becomes ``unknown(_:)``."], access: access,
                        kind: .initializer(failable: false), parameters: [Parameter(name: "rawValue", type: "String")],
                        body: [
                            .switch(
                                "rawValue",
                                cases.map { name, value in
                                    SwitchCase(
                                        [SwiftLiteral.string(value.value)], [.code("self = .\(Names.escaped(name))")])
                                } + [.default([.code("self = .unknown(rawValue)")])])
                        ])))
            members.append(
                .property(
                    PropertyDecl(
                        doc: ["The value as sent on the wire."], access: access, name: "rawValue", type: "String",
                        getter: [
                            .switch(
                                "self",
                                cases.map { name, value in
                                    SwitchCase([".\(Names.escaped(name))"], [.code(SwiftLiteral.string(value.value))])
                                } + [SwitchCase([".unknown(let value)"], [.code("value")])])
                        ])))
            members.append(
                .property(
                    PropertyDecl(
                        doc: ["The values this version of the client knows."], access: access, modifiers: ["static"],
                        isLet: true, name: "knownValues", type: "[\(decl.name)]",
                        initializer: "[" + cases.map { "." + Names.escaped($0.name) }.joined(separator: ", ") + "]")))
            members.append(
                .function(
                    FunctionDecl(
                        doc: ["Decodes the value; an unknown value becomes ``unknown(_:)``."], access: access,
                        kind: .initializer(failable: false),
                        parameters: [Parameter(label: "from", name: "decoder", type: "any Decoder")], isThrowing: true,
                        body: [.code("self.init(rawValue: try decoder.singleValueContainer().decode(String.self))")])))
            members.append(
                .function(
                    FunctionDecl(
                        doc: ["Encodes the raw value."], access: access, kind: .function("encode"),
                        parameters: [Parameter(label: "to", name: "encoder", type: "any Encoder")], isThrowing: true,
                        body: [
                            .code("var container = encoder.singleValueContainer()"),
                            .code("try container.encode(rawValue)"),
                        ])))
            return EnumDecl(
                doc: Documentation.type(decl), access: access, name: decl.name,
                conformances: Self.conformances + ["RawRepresentable"], members: members)
        }
        members.append(
            .function(
                FunctionDecl(
                    doc: ["Decodes the value; an unknown value is an error."], access: access,
                    kind: .initializer(failable: false),
                    parameters: [Parameter(label: "from", name: "decoder", type: "any Decoder")], isThrowing: true,
                    body: [
                        .code("let container = try decoder.singleValueContainer()"),
                        .code("let value = try container.decode(String.self)"),
                        .guard(
                            "let known = Self(rawValue: value)",
                            else: [
                                .code("throw DecodingError.dataCorruptedError("),
                                .code("    in: container,"),
                                .code("    debugDescription: ViolationMessages.enumeration("),
                                .code("        value, allowed: Self.allCases.map(\\.rawValue), suggestion: nil))"),
                            ]),
                        .code("self = known"),
                    ])))
        return EnumDecl(
            doc: Documentation.type(decl), access: access, name: decl.name,
            conformances: ["String"] + Self.conformances + ["CaseIterable"], members: members)
    }

    // MARK: - Discriminated unions

    func translateUnion(_ decl: TypeDecl, _ union: UnionType) -> EnumDecl {
        let open = context.isOpen(decl.name)
        var members: [Declaration] = union.variants.map { variant in
            var doc = Documentation.lines(variant.doc)
            if doc.isEmpty { doc = ["`\(union.discriminator)` is `\(variant.tag)`."] }
            if let beta = variant.beta {
                doc = Documentation.joined(doc, ["- Note: Needs the beta feature `\(beta)`."])
            }
            return .enumCase(
                EnumCaseDecl(
                    doc: doc, name: Names.escaped(Names.enumCase(variant.tag)),
                    associatedValues: [.init(type: variant.type)]))
        }
        if open {
            members.append(
                .enumCase(
                    EnumCaseDecl(
                        doc: [
                            "A variant this version of the client does not know, kept as received and encoded unchanged."
                        ],
                        name: "unknown", associatedValues: [.init(type: "AnyJSON")])))
        }
        // A variant whose struct needs no arguments is also a static member: `.auto` for `.auto(ToolChoiceAuto())`.
        for variant in union.variants where context.isCreatableWithoutArguments(variant.type) {
            let name = Names.enumCase(variant.tag)
            var doc = ["`\(union.discriminator)` is `\(variant.tag)`, with no other members set."]
            if name == "none" {
                doc += ["", "Where an optional is expected, `.none` means `nil`: write `\(decl.name).none` there."]
            }
            members.append(
                .property(
                    PropertyDecl(
                        doc: doc, access: access, modifiers: ["static"], name: Names.escaped(name), type: decl.name,
                        getter: [.code(".\(Names.escaped(name))(\(variant.type)())")])))
        }
        let discriminator = SwiftLiteral.string(union.discriminator)
        let tags = SwiftLiteral.stringArray(union.variants.map(\.tag))
        var decode: [Statement] = [.code("let container = try decoder.container(keyedBy: GeneratedCodingKey.self)")]
        let missing: [Statement]
        if let defaultTag = union.defaultTag {
            missing = []
            decode.append(
                .code(
                    "let tag = try container.decodeIfPresent(String.self, forKey: \(discriminator)) ?? \(SwiftLiteral.string(defaultTag))"
                ))
        } else if open {
            missing = [.code("self = .unknown(try AnyJSON(from: decoder))"), .code("return")]
        } else {
            missing = [
                .code("throw DecodingError.keyNotFound(GeneratedCodingKey(\(discriminator)), DecodingError.Context("),
                .code("    codingPath: decoder.codingPath,"),
                .code("    debugDescription: ViolationMessages.missingDiscriminator("),
                .code(
                    "        \(SwiftLiteral.string(union.discriminator)), union: \(SwiftLiteral.string(decl.name)), allowed: \(tags))))"
                ),
            ]
        }
        if union.defaultTag == nil {
            decode.append(
                .guard("let tag = try container.decodeIfPresent(String.self, forKey: \(discriminator))", else: missing))
        }
        var cases = union.variants.map { variant in
            SwitchCase(
                [SwiftLiteral.string(variant.tag)],
                [.code("self = .\(Names.escaped(Names.enumCase(variant.tag)))(try \(variant.type)(from: decoder))")])
        }
        if open {
            cases.append(.default([.code("self = .unknown(try AnyJSON(from: decoder))")]))
        } else {
            cases.append(
                .default([
                    .code("throw DecodingError.dataCorruptedError("),
                    .code("    forKey: \(discriminator), in: container,"),
                    .code("    debugDescription: ViolationMessages.unknownDiscriminator("),
                    .code(
                        "        tag, field: \(SwiftLiteral.string(union.discriminator)), union: \(SwiftLiteral.string(decl.name)), allowed: \(tags), suggestion: nil))"
                    ),
                ]))
        }
        decode.append(.switch("tag", cases))
        members.append(
            .function(
                FunctionDecl(
                    doc: open
                        ? [
                            "Decodes the variant named by `\(union.discriminator)`; an unknown one becomes ``unknown(_:)``."
                        ]
                        : ["Decodes the variant named by `\(union.discriminator)`; an unknown one is an error."],
                    access: access, kind: .initializer(failable: false),
                    parameters: [Parameter(label: "from", name: "decoder", type: "any Decoder")], isThrowing: true,
                    body: decode)))

        var encodeCases = union.variants.map { variant in
            SwitchCase(
                [".\(Names.escaped(Names.enumCase(variant.tag)))(let value)"], [.code("try value.encode(to: encoder)")])
        }
        if open { encodeCases.append(SwitchCase([".unknown(let json)"], [.code("try json.encode(to: encoder)")])) }
        members.append(
            .function(
                FunctionDecl(
                    doc: ["Encodes the variant's value, discriminator included."], access: access,
                    kind: .function("encode"),
                    parameters: [Parameter(label: "to", name: "encoder", type: "any Encoder")], isThrowing: true,
                    body: [.switch("self", encodeCases)])))
        return EnumDecl(
            doc: Documentation.type(decl), access: access, isIndirect: indirect.contains(decl.name),
            name: decl.name, conformances: Self.conformances, members: members)
    }

    // MARK: - Untagged unions

    func translateOneOf(_ decl: TypeDecl, _ oneOf: OneOfType) -> EnumDecl {
        var members: [Declaration] = oneOf.variants.map { variant in
            .enumCase(
                EnumCaseDecl(
                    doc: ["A JSON \(context.expectedName(variant.type))."],
                    name: Names.escaped(Names.enumCase(variant.name)),
                    associatedValues: [.init(type: context.swiftType(variant.type))]))
        }
        var decode: [Statement] = []
        var catchAll: OneOfType.Variant?
        for variant in oneOf.variants {
            let kinds = context.jsonKinds(variant.type)
            if kinds.count == JSONKindName.allCases.count {
                catchAll = variant
                continue
            }
            let assign: [Statement] = [
                .code(
                    "self = .\(Names.escaped(Names.enumCase(variant.name)))(try \(context.swiftType(variant.type))(from: decoder))"
                ),
                .code("return"),
            ]
            let conditions = kinds.map { "json.\(kindTest($0))" }
            decode.append(.if([ConditionalBranch(conditions.joined(separator: " || "), assign)], else: nil))
        }
        if let catchAll {
            decode.append(.code("self = .\(Names.escaped(Names.enumCase(catchAll.name)))(try AnyJSON(from: decoder))"))
        } else {
            let expected = SwiftLiteral.stringArray(oneOf.variants.map { context.expectedName($0.type) })
            decode.append(.code("throw DecodingError.typeMismatch(Self.self, DecodingError.Context("))
            decode.append(.code("    codingPath: decoder.codingPath,"))
            decode.append(
                .code("    debugDescription: ViolationMessages.oneOf(expected: \(expected), found: json.kind)))"))
        }
        decode.insert(.code("let json = try AnyJSON(from: decoder)"), at: 0)
        members.append(
            .function(
                FunctionDecl(
                    doc: ["Decodes the variant that matches the JSON kind of the value."], access: access,
                    kind: .initializer(failable: false),
                    parameters: [Parameter(label: "from", name: "decoder", type: "any Decoder")],
                    isThrowing: true, body: decode)))
        members.append(
            .function(
                FunctionDecl(
                    doc: ["Encodes the variant's value."], access: access, kind: .function("encode"),
                    parameters: [Parameter(label: "to", name: "encoder", type: "any Encoder")], isThrowing: true,
                    body: [
                        .switch(
                            "self",
                            oneOf.variants.map { variant in
                                SwitchCase(
                                    [".\(Names.escaped(Names.enumCase(variant.name)))(let value)"],
                                    [.code("try value.encode(to: encoder)")])
                            })
                    ])))
        return EnumDecl(
            doc: Documentation.type(decl), access: access, isIndirect: indirect.contains(decl.name), name: decl.name,
            conformances: Self.conformances, members: members)
    }

    func kindTest(_ kind: JSONKindName) -> String {
        switch kind {
        case .null: "isNull"
        case .boolean: "boolValue != nil"
        case .number: "doubleValue != nil"
        case .string: "stringValue != nil"
        case .array: "arrayValue != nil"
        case .object: "objectValue != nil"
        }
    }

    // MARK: - Constants and aliases

    func translateConstant(_ decl: TypeDecl, _ value: LiteralValue) -> StructDecl {
        let type = TranslationContext.constantType(value)
        return StructDecl(
            doc: Documentation.joined(Documentation.type(decl), ["Always `\(value)`."]), access: access,
            name: decl.name, conformances: Self.conformances,
            members: [
                .property(
                    PropertyDecl(
                        doc: ["The only value."], access: access, name: "value", type: type,
                        getter: [.code(TranslationContext.literal(value))])),
                .function(
                    FunctionDecl(doc: ["Creates the value."], access: access, kind: .initializer(failable: false))),
                .function(
                    FunctionDecl(
                        doc: ["Decodes the value; any other value is an error."], access: access,
                        kind: .initializer(failable: false),
                        parameters: [Parameter(label: "from", name: "decoder", type: "any Decoder")], isThrowing: true,
                        body: [
                            .code("let container = try decoder.singleValueContainer()"),
                            .code("let json = try container.decode(AnyJSON.self)"),
                            .guard(
                                "json == \(anyJSONLiteral(value))",
                                else: [
                                    .code("throw DecodingError.dataCorruptedError("),
                                    .code("    in: container,"),
                                    .code(
                                        "    debugDescription: ViolationMessages.constant(expected: \(SwiftLiteral.string(value.description)), found: json.description))"
                                    ),
                                ]),
                        ])),
                .function(
                    FunctionDecl(
                        doc: ["Encodes the value."], access: access, kind: .function("encode"),
                        parameters: [Parameter(label: "to", name: "encoder", type: "any Encoder")], isThrowing: true,
                        body: [
                            .code("var container = encoder.singleValueContainer()"),
                            .code("try container.encode(value)"),
                        ])),
            ])
    }

    func translateAlias(_ decl: TypeDecl, _ base: TypeRef, _ checks: Checks) -> TypealiasDecl {
        var notes: [String] = []
        let constraints = Documentation.describe(checks.errors)
        if !constraints.isEmpty { notes.append("- Constraints: " + constraints.joined(separator: ", ") + ".") }
        let warnings = Documentation.describe(checks.warnings)
        if !warnings.isEmpty {
            notes.append("- Warning: reported as a warning unless " + warnings.joined(separator: ", ") + ".")
        }
        return TypealiasDecl(
            doc: Documentation.joined(Documentation.type(decl), notes), access: access, name: decl.name,
            type: context.swiftType(base))
    }
}
