import SpecModel

/// What every translation step needs to know about the spec: lookups, Swift names and types, and which
/// types the client receives.
struct TranslationContext: Sendable {
    /// The resolved spec.
    let spec: Spec
    /// Generator options.
    let options: GeneratorOptions
    /// Names of types reachable from a response, an error or a stream event: decoded leniently ("open").
    let receivedTypes: Set<String>

    init(spec: Spec, options: GeneratorOptions) {
        self.spec = spec
        self.options = options
        self.receivedTypes = spec.receivedTypes
    }

    /// Unions and oneofs that contain themselves by value (not inside an array or map): declared `indirect`.
    var indirectTypes: Set<String> { spec.indirectTypes }

    /// Whether the Swift struct of `typeName` can be created as `TypeName()`: an object whose fields are all
    /// constants or optional (no required parameter in its memberwise initializer).
    func isCreatableWithoutArguments(_ typeName: String) -> Bool {
        guard case .object(let object)? = decl(typeName)?.kind else { return false }
        return object.fields.allSatisfy { $0.constant != nil || !$0.required }
    }

    /// The access modifier written on public API (`nil` for internal, which is the default).
    var access: AccessModifier? { options.access == .internal ? nil : options.access }

    /// Whether values of the type are decoded leniently (unknown enum values and union tags kept).
    func isOpen(_ typeName: String) -> Bool { receivedTypes.contains(typeName) }

    /// The declaration of a named type.
    func decl(_ name: String) -> TypeDecl? { spec.type(named: name) }

    // MARK: - Swift types

    /// The Swift type of a type reference.
    func swiftType(_ type: TypeRef) -> String {
        switch type {
        case .string: "String"
        case .integer: "Int"
        case .number: "Double"
        case .boolean: "Bool"
        case .any: "AnyJSON"
        case .named(let name): name
        case .array(let element): "[\(swiftType(element))]"
        case .map(let value): "[String: \(swiftType(value))]"
        }
    }

    /// The Swift type of a field's property: `T`, `T?` (optional, or required and nullable) or `Nullable<T>?`
    /// (optional and nullable: `nil` is absent, `.null` is JSON `null`).
    func swiftType(of field: Field) -> String {
        let base = field.constant.map(Self.constantType) ?? swiftType(field.type)
        switch (field.required, field.nullable) {
        case (true, false): return base
        case (true, true), (false, false): return base + "?"
        case (false, true): return "Nullable<\(base)>?"
        }
    }

    /// The Swift type of a constant.
    static func constantType(_ value: LiteralValue) -> String {
        switch value {
        case .string: "String"
        case .integer: "Int"
        case .number: "Double"
        case .boolean: "Bool"
        case .null: "AnyJSON"
        }
    }

    /// A constant as a Swift literal.
    static func literal(_ value: LiteralValue) -> String {
        switch value {
        case .string(let text): SwiftLiteral.string(text)
        case .integer(let number): String(number)
        case .number(let text): text
        case .boolean(let flag): String(flag)
        case .null: ".null"
        }
    }

    /// The JSON kinds a value of the type may have, as named in messages (`string`, `number`, `object`…).
    func jsonKinds(_ type: TypeRef) -> [JSONKindName] {
        switch type {
        case .string: return [.string]
        case .integer, .number: return [.number]
        case .boolean: return [.boolean]
        case .any: return JSONKindName.allCases
        case .array: return [.array]
        case .map: return [.object]
        case .named(let name):
            guard let decl = decl(name) else { return [] }
            switch decl.kind {
            case .object, .union: return [.object]
            case .enumeration: return [.string]
            case .oneOf(let oneOf): return oneOf.variants.flatMap { jsonKinds($0.type) }
            case .constant(let value): return value.typeRef.map(jsonKinds) ?? [.null]
            case .alias(let base, _): return jsonKinds(base)
            }
        }
    }

    /// The "expected …" name of a type in messages, as the linter words it.
    func expectedName(_ type: TypeRef) -> String {
        switch type {
        case .named(let name):
            guard let decl = decl(name) else { return name }
            switch decl.kind {
            case .object, .union: return "object"
            case .enumeration: return "string"
            case .oneOf(let oneOf): return oneOf.variants.map { expectedName($0.type) }.joined(separator: " or ")
            case .constant(let value): return value.description
            case .alias(let base, _): return expectedName(base)
            }
        case .map: return "object"
        case .array: return "array"
        default: return type.description
        }
    }
}

/// A JSON kind as the generated decoders test for it.
enum JSONKindName: String, CaseIterable, Sendable {
    case null, boolean, number, string, array, object
}

/// Swift names for spec names.
enum Names {
    /// Members every generated enum may declare, which a case of the same name would clash with. (`none` is
    /// allowed: where an optional is expected, Swift reads `.none` as `nil` and warns, so the docs of such cases say
    /// to write the type's name.)
    static let reservedCases: Set<String> = ["some", "unknown", "init", "rawValue", "allCases", "hashValue"]
    /// Members every generated struct declares or inherits.
    static let reservedProperties: Set<String> = [
        "validate", "encode", "hashValue", "hash", "additionalProperties", "init", "self",
    ]

    /// The property name of a wire field name, unescaped: `max_tokens` → `maxTokens`, `validate` → `validate_`.
    static func property(_ wireName: String) -> String {
        let name = identifier(SwiftNames.lowerCamel(wireName))
        return reservedProperties.contains(name) ? name + "_" : name
    }

    /// `_` (a name without letters or digits) is not an identifier; `_unnamed` cannot come out of camel-casing.
    static func identifier(_ name: String) -> String { name == "_" ? "_unnamed" : name }

    /// The case name of an enum value, union tag or oneof variant, unescaped: `end_turn` → `endTurn`,
    /// `some` → `some_`.
    static func enumCase(_ value: String) -> String {
        let name = identifier(SwiftNames.lowerCamel(value))
        return reservedCases.contains(name) ? name + "_" : name
    }

    /// The identifier as written in declarations and after a dot.
    static func escaped(_ identifier: String) -> String { SwiftNames.escaped(identifier) }
}

/// Swift literal syntax.
enum SwiftLiteral {
    /// A string literal with quotes, backslashes and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// An array of string literals.
    static func stringArray(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }
}
