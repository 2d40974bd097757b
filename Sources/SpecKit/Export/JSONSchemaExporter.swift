/// Exports a spec type as a JSON Schema (draft 2020-12) document, for editors and other tools.
///
/// JSON Schema cannot say everything a spec says. What it cannot express — request rules, `less_than` rules,
/// warnings, feature gates, the default variant of a union — is listed in the output's
/// `$comment` and returned in ``Export/unsupported`` so callers can tell users.
public enum JSONSchemaExporter {
    /// The exported schema and what it could not express.
    public struct Export: Sendable {
        /// The schema as JSON text.
        public var json: String
        /// Spec features that the schema does not enforce, one line each.
        public var unsupported: [String]
    }

    /// Exports `root` (usually an endpoint's request type) with every named type it reaches.
    public static func export(_ spec: Spec, root: TypeRef, title: String? = nil) -> Export {
        var exporter = Exporter(spec: spec)
        let rootSchema = exporter.schema(for: root)
        var defs: [(String, JSONOut)] = []
        var index = 0
        while index < exporter.queue.count {
            let name = exporter.queue[index]
            index += 1
            if let decl = spec.type(named: name) { defs.append((name, exporter.definition(decl))) }
        }
        defs.sort { $0.0 < $1.0 }
        var fields: [(String, JSONOut)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string(title ?? "\(spec.api.name) \(root)")),
        ]
        if !exporter.unsupported.isEmpty {
            fields.append(
                (
                    "$comment",
                    .string(
                        "Not expressible in JSON Schema, checked only by spec-lint and generated validators: "
                            + exporter.unsupported.joined(separator: "; "))
                ))
        }
        if case .object(let rootFields) = rootSchema {
            fields += rootFields
        } else {
            fields.append(("allOf", .array([rootSchema])))
        }
        fields.append(("$defs", .object(defs)))
        return Export(json: JSONOut.object(fields).render(indent: 0) + "\n", unsupported: exporter.unsupported)
    }

    private struct Exporter {
        let spec: Spec
        var queue: [String] = []
        var queued: Set<String> = []
        var unsupported: [String] = []

        init(spec: Spec) { self.spec = spec }

        mutating func schema(for ref: TypeRef) -> JSONOut {
            switch ref {
            case .string: return .object([("type", .string("string"))])
            case .integer: return .object([("type", .string("integer"))])
            case .number: return .object([("type", .string("number"))])
            case .boolean: return .object([("type", .string("boolean"))])
            case .any: return .bool(true)
            case .array(let element): return .object([("type", .string("array")), ("items", schema(for: element))])
            case .map(let element):
                return .object([("type", .string("object")), ("additionalProperties", schema(for: element))])
            case .named(let name):
                if !queued.contains(name) {
                    queued.insert(name)
                    queue.append(name)
                }
                return .object([("$ref", .string("#/$defs/\(name)"))])
            }
        }

        static func literal(_ value: LiteralValue) -> JSONOut {
            switch value {
            case .string(let s): .string(s)
            case .integer(let i): .int(i)
            case .number(let text): .raw(text)
            case .boolean(let b): .bool(b)
            case .null: .null
            }
        }

        mutating func definition(_ decl: TypeDecl) -> JSONOut {
            var fields: [(String, JSONOut)] = []
            if let doc = decl.doc { fields.append(("description", .string(doc))) }
            if decl.deprecated != nil { fields.append(("deprecated", .bool(true))) }
            if let beta = decl.beta { unsupported.append("\(decl.name) needs the feature '\(beta)'") }
            switch decl.kind {
            case .object(let object):
                fields.append(("type", .string("object")))
                var properties: [(String, JSONOut)] = []
                for field in object.fields {
                    properties.append((field.name, fieldSchema(field, owner: decl.name)))
                }
                fields.append(("properties", .object(properties)))
                let required = object.fields.filter(\.required).map { JSONOut.string($0.name) }
                if !required.isEmpty { fields.append(("required", .array(required))) }
                if !object.allowsAdditional { fields.append(("additionalProperties", .bool(false))) }
                var all: [JSONOut] = []
                var dependent: [(String, JSONOut)] = []
                for rule in object.requestRules {
                    unsupported.append("\(decl.name) request rule '\(rule.id)'")
                }
                for rule in object.rules {
                    let where_ = "\(decl.name) rule '\(rule.id)'"
                    if rule.severity == .warning {
                        unsupported.append("\(where_) (a warning)")
                        continue
                    }
                    switch rule.condition {
                    case .exclusive(let paths) where paths.allSatisfy({ $0.segments.count == 1 }):
                        for i in 0..<paths.count {
                            for j in (i + 1)..<paths.count {
                                all.append(
                                    .object([
                                        (
                                            "not",
                                            .object([
                                                (
                                                    "required",
                                                    .array([
                                                        .string(paths[i].description), .string(paths[j].description),
                                                    ])
                                                )
                                            ])
                                        )
                                    ]))
                            }
                        }
                    case .requires(let a, let b) where a.segments.count == 1 && b.segments.count == 1:
                        dependent.append((a.description, .array([.string(b.description)])))
                    default:
                        unsupported.append(where_)
                    }
                }
                if !all.isEmpty { fields.append(("allOf", .array(all))) }
                if !dependent.isEmpty { fields.append(("dependentRequired", .object(dependent))) }
            case .enumeration(let e):
                fields.append(("type", .string("string")))
                fields.append(("enum", .array(e.values.map { .string($0.value) })))
            case .union(let union):
                if let tag = union.defaultTag {
                    unsupported.append(
                        "\(decl.name): '\(tag)' is the variant when '\(union.discriminator)' is absent (any variant that fits is accepted)"
                    )
                }
                for variant in union.variants where variant.beta != nil {
                    unsupported.append(
                        "\(decl.name) variant '\(variant.tag)' needs the feature '\(variant.beta ?? "")'")
                }
                fields.append(("oneOf", .array(union.variants.map { schema(for: .named($0.type)) })))
            case .oneOf(let oneOf):
                fields.append(("oneOf", .array(oneOf.variants.map { schema(for: $0.type) })))
            case .constant(let value):
                fields.append(("const", Self.literal(value)))
            case .alias(let base, let checks):
                if case .object(let baseFields) = schema(for: base) { fields += baseFields } else { return .bool(true) }
                fields += constraints(checks, owner: decl.name)
            }
            return .object(fields)
        }

        mutating func fieldSchema(_ field: Field, owner: String) -> JSONOut {
            var fields: [(String, JSONOut)] = []
            if let doc = field.doc { fields.append(("description", .string(doc))) }
            if field.deprecated != nil { fields.append(("deprecated", .bool(true))) }
            if let value = field.defaultValue { fields.append(("default", Self.literal(value))) }
            if let beta = field.beta { unsupported.append("\(owner).\(field.name) needs the feature '\(beta)'") }
            var core: [(String, JSONOut)]
            if let constant = field.constant {
                core = [("const", Self.literal(constant))]
            } else {
                let base = schema(for: field.type)
                guard case .object(let baseFields) = base else {
                    return fields.isEmpty ? base : .object(fields)
                }
                core = baseFields + constraints(field.checks, owner: "\(owner).\(field.name)")
            }
            if field.nullable {
                fields.append(("anyOf", .array([.object(core), .object([("type", .string("null"))])])))
            } else {
                fields += core
            }
            return .object(fields)
        }

        mutating func constraints(_ checks: Checks, owner: String) -> [(String, JSONOut)] {
            let c = checks.errors
            var out: [(String, JSONOut)] = []
            if let v = c.minimum { out.append(("minimum", .raw(v))) }
            if let v = c.maximum { out.append(("maximum", .raw(v))) }
            if let v = c.exclusiveMinimum { out.append(("exclusiveMinimum", .raw(v))) }
            if let v = c.exclusiveMaximum { out.append(("exclusiveMaximum", .raw(v))) }
            if let v = c.minLength { out.append(("minLength", .int(v))) }
            if let v = c.maxLength { out.append(("maxLength", .int(v))) }
            if let v = c.pattern { out.append(("pattern", .string("^(?:\(PatternMatcher.stripAnchors(v)))$"))) }
            if let v = c.format {
                // JSON Schema patterns search (unanchored): "\S" finds a non-whitespace character.
                out.append(v == .nonBlank ? ("pattern", .string("\\S")) : ("format", .string(v.rawValue)))
            }
            if let v = c.minItems { out.append(("minItems", .int(v))) }
            if let v = c.maxItems { out.append(("maxItems", .int(v))) }
            if let v = c.minProperties { out.append(("minProperties", .int(v))) }
            if let v = c.maxProperties { out.append(("maxProperties", .int(v))) }
            if !checks.warnings.isEmpty { unsupported.append("\(owner) has warning-level constraints") }
            return out
        }
    }
}
