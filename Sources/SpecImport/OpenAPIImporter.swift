import SpecJSON
import SpecModel
import SpecValidation

/// Writes a spec in this project's format from operations of an OpenAPI 3.0/3.1 document (JSON).
///
/// Objects, required and nullable fields (`nullable: true` or `anyOf` with `{"type": "null"}`), defaults,
/// numeric ranges, lengths, counts, patterns and formats, string enums, `const`, `oneOf`/`anyOf` with a
/// `discriminator` (unions) and without one (alternatives by JSON kind), `additionalProperties`, local `$ref`s,
/// single-member `allOf`, descriptions, deprecation, API-key and bearer security schemes and header parameters
/// with defaults. Whatever cannot be expressed is a diagnostic located at its JSON Pointer in the document and a
/// `# not imported:` comment in the output; nothing is dropped silently. Types come in dependency order (a type
/// after those it uses), the same for the same input.
public struct OpenAPIImporter {
    /// The imported spec text, or `nil` after a fatal problem (not OpenAPI, an unknown operation).
    public var yaml: String?
    /// Problems: errors are fatal, warnings name what was not imported.
    public var diagnostics: [Diagnostic]

    /// Imports the operations `operationIDs` (all operations when empty) of the document in `bytes`.
    public static func run(bytes: [UInt8], file: String, operationIDs: [String]) -> OpenAPIImporter {
        let parsed = JSONParser.parse(bytes, file: file)
        guard let document = parsed.document, !parsed.diagnostics.contains(where: { $0.severity == .error }) else {
            return OpenAPIImporter(yaml: nil, diagnostics: parsed.diagnostics)
        }
        var state = ImportState(root: document.root, file: file)
        let yaml = state.run(operationIDs)
        return OpenAPIImporter(yaml: yaml, diagnostics: state.diagnostics)
    }
}

/// A field or type expression being built.
struct Shape {
    var type = "any"
    var nullable = false
    var constant: String?
    var defaultValue: String?
    var doc: String?
    var deprecated = false
    var constraints: [(String, String)] = []
    var notes: [String] = []
}

struct ImportState {
    let root: JSONValue
    let file: String
    var diagnostics: [Diagnostic] = []
    /// Emitted types by name: their YAML lines (without the name line) and the types they use.
    var emitted: [String: (lines: [String], uses: [String])] = [:]
    /// The order in which types were first named, for stable output.
    var firstSeen: [String] = []
    /// Component schemas being emitted (for recursion).
    var inProgress: Set<String> = []
    /// The types the type being emitted uses.
    var uses: [String] = []

    init(root: JSONValue, file: String) {
        self.root = root
        self.file = file
    }

    static let ignoredKeywords: Set<String> = [
        "title", "examples", "example", "readOnly", "writeOnly", "$schema", "$id",
    ]
    static let knownKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "default", "description",
        "deprecated", "nullable", "anyOf", "oneOf", "allOf", "discriminator", "$ref", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems",
        "minProperties", "maxProperties",
    ]

    mutating func warn(_ message: String, at value: JSONValue, pointer: String) {
        diagnostics.append(
            Diagnostic(
                .warning, at: value.location, message + " (at \(pointer.isEmpty ? "/" : pointer))",
                rule: "import.unsupported", pointer: pointer))
    }

    mutating func fail(_ message: String, at value: JSONValue, pointer: String) {
        diagnostics.append(Diagnostic(.error, at: value.location, message, rule: "import", pointer: pointer))
    }

    static func escape(_ key: String) -> String { key.replacing("~", with: "~0").replacing("/", with: "~1") }

    /// A YAML double-quoted scalar (JSON string syntax, which YAML accepts).
    static func quote(_ text: String) -> String { JSONText.quote(text) }

    /// A YAML literal for a JSON scalar.
    static func literal(_ value: JSONValue) -> String? {
        switch value.kind {
        case .string: return value.string.map(quote)
        case .number, .bool: return value.sourceText
        case .null: return "null"
        default: return nil
        }
    }

    /// A spec type name for a schema name: UpperCamelCase, and `Body` appended to names the generated code
    /// reserves (`Error` becomes `ErrorBody`).
    static func typeName(_ raw: String) -> String {
        let cleaned = raw.unicodeScalars.map { scalar -> String in
            (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) ? String(scalar) : "_"
        }.joined()
        var name = SwiftNames.upperCamel(cleaned)
        if name.isEmpty || name.first?.isNumber == true { name = "T" + name }
        if SwiftNames.reservedTypeNames.contains(name) { name += "Body" }
        return name
    }

    // MARK: - Document

    mutating func run(_ operationIDs: [String]) -> String? {
        guard let version = root.member("openapi")?.string, version.hasPrefix("3.") else {
            fail(
                "not an OpenAPI 3 document: it has no 'openapi: 3.x' field (Swagger 2.0 documents must be converted first)",
                at: root.member("openapi") ?? root, pointer: "/openapi")
            return nil
        }
        var operations: [(id: String, method: String, path: String, op: JSONValue, pointer: String)] = []
        for pathMember in root.member("paths")?.members.map({ $0 }) ?? [] {
            for methodMember in pathMember.value.members
            where ["get", "put", "post", "delete", "patch"].contains(methodMember.key) {
                let pointer = "/paths/\(Self.escape(pathMember.key))/\(methodMember.key)"
                let id = methodMember.value.member("operationId")?.string ?? "\(methodMember.key)\(pathMember.key)"
                operations.append((id, methodMember.key.uppercased(), pathMember.key, methodMember.value, pointer))
            }
        }
        var chosen = operations
        if !operationIDs.isEmpty {
            chosen = []
            for id in operationIDs {
                guard let found = operations.first(where: { $0.id == id }) else {
                    var text = "unknown operation '\(id)'"
                    if let s = Suggestions.closest(to: id, in: operations.map(\.id)) {
                        text += "; did you mean '\(s)'?"
                    }
                    text += "; the document has " + operations.map(\.id).joined(separator: ", ")
                    fail(text, at: root.member("paths") ?? root, pointer: "/paths")
                    return nil
                }
                chosen.append(found)
            }
        }
        guard !chosen.isEmpty else {
            fail("the document has no operations under 'paths'", at: root, pointer: "/paths")
            return nil
        }

        var endpointLines: [String] = []
        var headers: [String] = []
        var headerNotes: [String] = []
        var auth: [String] = []
        for operation in chosen {
            endpointLines += endpoint(operation.id, operation.method, operation.path, operation.op, operation.pointer)
            for (index, parameter) in (operation.op.member("parameters")?.elements.map { $0 } ?? []).enumerated() {
                let pointer = operation.pointer + "/parameters/\(index)"
                guard parameter.member("in")?.string == "header", let name = parameter.member("name")?.string else {
                    if let place = parameter.member("in")?.string {
                        warn(
                            "\(place) parameter '\(parameter.member("name")?.string ?? "?")' not imported: specs describe bodies and headers only",
                            at: parameter, pointer: pointer)
                    }
                    continue
                }
                let lower = name.lowercased()
                if lower == "x-api-key" || lower == "authorization" {
                    let scheme = lower == "x-api-key" ? "{ scheme: api_key, header: \(lower) }" : "{ scheme: bearer }"
                    if !auth.contains(scheme) { auth.append(scheme) }
                    continue
                }
                if headers.contains(where: { $0.hasPrefix("    \(lower):") }) { continue }
                let schema = parameter.member("schema")
                let doc = (parameter.member("description") ?? schema?.member("description"))?.string
                if let value = schema?.member("default").flatMap(Self.literal) {
                    headers.append("    \(lower): { default: \(value)\(doc.map { ", doc: \(Self.quote($0))" } ?? "") }")
                } else if lower.hasSuffix("-beta") || schema?.member("type")?.string == "array" {
                    headers.append("    \(lower): { features: true\(doc.map { ", doc: \(Self.quote($0))" } ?? "") }")
                } else {
                    headerNotes.append(
                        "  # not imported: header '\(lower)' has no default value (at \(pointer)); add one with 'default:'"
                    )
                    warn(
                        "header '\(lower)' not imported: it has no default value; add one with 'default:'",
                        at: parameter, pointer: pointer)
                }
            }
        }
        for scheme in root.member("components")?.member("securitySchemes")?.members.map({ $0 }) ?? [] {
            let s = scheme.value
            if s.member("type")?.string == "apiKey", s.member("in")?.string == "header",
                let name = s.member("name")?.string
            {
                let line = "{ scheme: api_key, header: \(name.lowercased()) }"
                if !auth.contains(line) { auth.append(line) }
            } else if s.member("type")?.string == "http", s.member("scheme")?.string?.lowercased() == "bearer" {
                if !auth.contains("{ scheme: bearer }") { auth.append("{ scheme: bearer }") }
            } else {
                warn(
                    "security scheme '\(scheme.key)' not imported: only API keys in headers and bearer tokens are",
                    at: s, pointer: "/components/securitySchemes/\(Self.escape(scheme.key))")
            }
        }

        let title = root.member("info")?.member("title")?.string ?? "API"
        var baseURL = root.member("servers")?.elements.first?.member("url")?.string
        if baseURL == nil {
            warn(
                "the document names no server; base_url is set to https://api.example.com, change it", at: root,
                pointer: "/servers")
            baseURL = "https://api.example.com"
        }
        var out = [
            "# Imported by spec-lint import from \(file)"
                + (operationIDs.isEmpty ? "" : ", operations \(operationIDs.joined(separator: ", "))") + ".",
            "spec: 1",
            "api:",
            "  name: \(Self.typeName(title))",
            "  title: \(Self.quote(title))",
            "  base_url: \(Self.quote(baseURL ?? ""))",
        ]
        if let doc = root.member("info")?.member("description")?.string { out.append("  doc: \(Self.quote(doc))") }
        if !auth.isEmpty {
            out.append("  auth:")
            out += auth.map { "    - \($0)" }
        }
        out += headerNotes
        if !headers.isEmpty {
            out.append("  headers:")
            out += headers
        }
        out.append("endpoints:")
        out += endpointLines
        out.append("types:")
        for name in orderedTypes() {
            guard let type = emitted[name] else { continue }
            out.append("  \(name):")
            out += type.lines.map { "    " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A type after the types it uses (depth first from the order first seen); cycles are cut where they close.
    func orderedTypes() -> [String] {
        var done: Set<String> = []
        var visiting: Set<String> = []
        var order: [String] = []
        func visit(_ name: String) {
            guard !done.contains(name), !visiting.contains(name), let type = emitted[name] else { return }
            visiting.insert(name)
            for used in type.uses { visit(used) }
            visiting.remove(name)
            done.insert(name)
            order.append(name)
        }
        for name in firstSeen { visit(name) }
        return order
    }

    mutating func endpoint(_ id: String, _ method: String, _ path: String, _ op: JSONValue, _ pointer: String)
        -> [String]
    {
        var lines = ["  \(SwiftNames.lowerCamel(Self.typeName(id).lowercasedFirst())):"]
        if let doc = (op.member("description") ?? op.member("summary"))?.string {
            lines.append("    doc: \(Self.quote(doc))")
        }
        lines.append("    method: \(method)")
        lines.append("    path: \(path)")
        if let schema = op.member("requestBody")?.member("content")?.member("application/json")?.member("schema") {
            lines.append(
                "    request: \(namedType(schema, suggested: Self.typeName(id) + "Request", pointer: pointer + "/requestBody/content/application~1json/schema"))"
            )
        }
        var response = "any"
        var error: String?
        var streamNote: String?
        for member in op.member("responses")?.members.map({ $0 }) ?? [] {
            let responsePointer = pointer + "/responses/" + Self.escape(member.key)
            let content = member.value.member("content")
            if content?.member("text/event-stream") != nil {
                streamNote =
                    "# not imported: the text/event-stream response (at \(responsePointer)); add 'stream:' with the event union"
                warn(
                    "the event stream of '\(id)' not imported: add 'stream:' with the event union", at: member.value,
                    pointer: responsePointer)
            }
            guard let schema = content?.member("application/json")?.member("schema") else { continue }
            let schemaPointer = responsePointer + "/content/application~1json/schema"
            if member.key.hasPrefix("2"), response == "any" {
                response = namedType(schema, suggested: Self.typeName(id) + "Response", pointer: schemaPointer)
            } else if member.key.hasPrefix("4") || member.key.hasPrefix("5") || member.key == "default", error == nil {
                error = namedType(schema, suggested: Self.typeName(id) + "Error", pointer: schemaPointer)
            }
        }
        lines.append("    response: \(response)")
        if let error { lines.append("    error: \(error)") }
        if let streamNote { lines.append("    " + streamNote) }
        return lines
    }

    /// The type expression of a schema used at the top of a request or response (named when inline).
    mutating func namedType(_ schema: JSONValue, suggested: String, pointer: String) -> String {
        shape(schema, name: suggested, pointer: pointer).type
    }

    // MARK: - Schemas

    mutating func resolve(_ ref: String, at value: JSONValue, pointer: String) -> (name: String, schema: JSONValue)? {
        guard ref.hasPrefix("#/") else {
            fail(
                "'$ref' \(ref) is not a local reference (only '#/…' is supported); bundle the document first",
                at: value, pointer: pointer)
            return nil
        }
        var target: JSONValue? = root
        for raw in ref.dropFirst(2).split(separator: "/") {
            let step = String(raw).replacing("~1", with: "/").replacing("~0", with: "~")
            target = target?.member(step)
        }
        guard let target else {
            fail("'$ref' \(ref) points at nothing in the document", at: value, pointer: pointer)
            return nil
        }
        let last = ref.split(separator: "/").last.map(String.init) ?? "Type"
        return (Self.typeName(last), target)
    }

    /// Emits component `name` from `schema` once.
    mutating func emitComponent(_ name: String, _ schema: JSONValue, pointer: String) {
        if !firstSeen.contains(name) { firstSeen.append(name) }
        guard emitted[name] == nil, !inProgress.contains(name) else { return }
        inProgress.insert(name)
        let saved = uses
        uses = []
        let lines = typeBody(schema, name: name, pointer: pointer)
        emitted[name] = (lines, uses)
        uses = saved
        inProgress.remove(name)
    }

    mutating func use(_ name: String) { if !uses.contains(name) { uses.append(name) } }

    /// The YAML lines of a named type declaration (below its name).
    mutating func typeBody(_ schema: JSONValue, name: String, pointer: String) -> [String] {
        var lines: [String] = []
        if let doc = schema.member("description")?.string { lines.append("doc: \(Self.quote(doc))") }
        if schema.member("deprecated")?.boolValue == true { lines.append("deprecated: true") }
        let members = nonNullMembers(schema)
        if let discriminator = schema.member("discriminator"), let members {
            lines.insert("kind: union", at: 0)
            let property = discriminator.member("propertyName")?.string ?? "type"
            lines.append("discriminator: \(property)")
            lines.append("variants:")
            var mapping: [(String, String)] = []
            if let map = discriminator.member("mapping") {
                for entry in map.members {
                    guard let ref = entry.value.string,
                        let (target, targetSchema) = resolve(
                            ref, at: entry.value, pointer: pointer + "/discriminator/mapping/" + Self.escape(entry.key))
                    else { continue }
                    emitComponent(target, targetSchema, pointer: String(ref.dropFirst()))
                    use(target)
                    mapping.append((entry.key, target))
                }
            } else {
                for (index, member) in members.enumerated() {
                    let memberPointer = pointer + "/oneOf/\(index)"
                    guard let ref = member.member("$ref")?.string,
                        let (target, targetSchema) = resolve(ref, at: member, pointer: memberPointer)
                    else { continue }
                    emitComponent(target, targetSchema, pointer: String(ref.dropFirst()))
                    use(target)
                    let tag = targetSchema.member("properties")?.member(property)?.member("const")?.string ?? target
                    mapping.append((tag, target))
                }
            }
            lines += mapping.map { "  \(Self.quote($0.0)): \($0.1)" }
            return lines
        }
        if let members, members.count > 1, let inferred = inferredDiscriminator(members) {
            // No `discriminator`, but every alternative is an object with its own constant in one property (as
            // generated documents often write tagged unions): a union by that property.
            lines.insert("kind: union", at: 0)
            lines.append("discriminator: \(inferred.property)")
            if let tag = inferred.defaultTag { lines.append("default: \(Self.quote(tag))") }
            lines.append(
                "# discriminator inferred: each alternative has its own constant '\(inferred.property)' (at \(pointer))"
            )
            lines.append("variants:")
            for (tag, ref) in inferred.variants {
                guard let (target, targetSchema) = resolve(ref, at: schema, pointer: pointer) else { continue }
                emitComponent(target, targetSchema, pointer: String(ref.dropFirst()))
                var variantType = target
                if inferred.variants.count(where: { $0.1 == ref }) > 1 {
                    // An alternative with an enum of tags: one copy per tag, its property fixed to the tag.
                    variantType = singleTagCopy(of: target, property: inferred.property, tag: tag)
                }
                use(variantType)
                lines.append("  \(Self.quote(tag)): \(variantType)")
            }
            return lines
        }
        if let members, members.count > 1 || schema.member("anyOf") != nil || schema.member("oneOf") != nil {
            // Alternatives by JSON kind.
            if members.allSatisfy({ $0.member("const")?.string != nil }) {
                lines.insert("kind: enum", at: 0)
                lines.append(
                    "values: ["
                        + members.compactMap { $0.member("const")?.string }.map(Self.quote).joined(separator: ", ")
                        + "]")
                return lines
            }
            let key = schema.member("anyOf") != nil ? "anyOf" : "oneOf"
            var byKind: [(kind: String, types: [String])] = []
            for (index, member) in members.enumerated() {
                let memberShape = shape(
                    member, name: name + "Option\(index + 1)", pointer: pointer + "/\(key)/\(index)")
                var kind = jsonKind(of: memberShape.type)
                if kind == "any", let constant = memberShape.constant {
                    kind =
                        constant.hasPrefix("\"")
                        ? "string" : (constant == "true" || constant == "false") ? "boolean" : "number"
                }
                if let k = byKind.firstIndex(where: { $0.kind == kind }) {
                    byKind[k].types.append(memberShape.type)
                } else {
                    byKind.append((kind, [memberShape.type]))
                }
            }
            var variants: [(String, String)] = []
            for group in byKind {
                if group.types.count == 1, let only = group.types.first {
                    variants.append((group.kind == "object" ? SwiftNames.lowerCamel(only) : group.kind, only))
                } else if group.types.contains(group.kind) {
                    // A plain scalar beside an enum of its known values: the plain type accepts them all.
                    variants.append((group.kind, group.kind))
                    lines.append("# the known values of the \(group.kind) are documentation only (at \(pointer))")
                } else {
                    warn(
                        "'\(name)': \(group.types.count) alternatives are \(group.kind)s and no discriminator tells them apart; imported as an open object",
                        at: schema, pointer: pointer)
                    return [
                        "kind: object", "additional: allow",
                        "# not imported: alternatives of the same JSON kind without a discriminator (at \(pointer))",
                        "fields: {}",
                    ]
                }
            }
            if variants.count == 1, let only = variants.first, ["string", "integer", "number"].contains(only.1) {
                lines.insert("kind: \(only.1)", at: 0)
                return lines
            }
            lines.insert("kind: oneof", at: 0)
            lines.append("variants:")
            lines += variants.map { "  \($0.0): \($0.1)" }
            return lines
        }
        if let values = schema.member("enum"), schema.member("const") == nil {
            let strings = values.elements.compactMap(\.string)
            if strings.count == values.elements.count {
                lines.insert("kind: enum", at: 0)
                lines.append("values: [" + strings.map(Self.quote).joined(separator: ", ") + "]")
                return lines
            }
        }
        let type = schema.member("type")?.string ?? (schema.member("properties") != nil ? "object" : nil)
        if type == "object" && schema.member("properties") != nil
            || (type == "object" && schema.member("additionalProperties") == nil)
        {
            lines.insert("kind: object", at: 0)
            let additional = schema.member("additionalProperties")
            if additional?.boolValue != false {
                lines.append("additional: allow")
                if let additional, additional.kind == .object {
                    lines.append(
                        "# not imported: the schema of additional properties (at \(pointer)/additionalProperties)")
                    warn(
                        "the schema of additional properties of '\(name)' not imported; they are allowed as any",
                        at: additional, pointer: pointer + "/additionalProperties")
                }
            }
            let required = Set(schema.member("required")?.elements.compactMap(\.string) ?? [])
            let properties = schema.member("properties")?.members.map { $0 } ?? []
            if properties.isEmpty {
                lines.append("fields: {}")
                return lines
            }
            lines.append("fields:")
            for property in properties {
                let propertyPointer = pointer + "/properties/" + Self.escape(property.key)
                let field = shape(property.value, name: name + Self.typeName(property.key), pointer: propertyPointer)
                lines += fieldLines(property.key, field, required: required.contains(property.key))
            }
            reportUnknownKeywords(schema, pointer: pointer)
            return lines
        }
        // A named scalar, array or map.
        let alias = shape(schema, name: name + "Value", pointer: pointer, naming: false)
        if let kind = alias.type.split(separator: "<").first, ["array", "map"].contains(kind) {
            lines.insert("kind: \(kind)", at: 0)
            let inner = alias.type.dropFirst(kind.count + 1).dropLast()
            lines.append(kind == "array" ? "items: \(inner)" : "values: \(inner)")
        } else if ["string", "integer", "number"].contains(alias.type) {
            lines.insert("kind: \(alias.type)", at: 0)
        } else if alias.type == "boolean" || alias.type == "any" {
            lines.insert("kind: \(alias.type)", at: 0)
            return lines
        } else {
            lines.insert("kind: object", at: 0)
            lines.append("additional: allow")
            lines.append("fields: {}")
            return lines
        }
        lines += alias.constraints.map { "\($0.0): \($0.1)" }
        lines += alias.notes
        return lines
    }

    /// The JSON kind values of a type expression have (`object` for objects and unions).
    func jsonKind(of type: String) -> String {
        switch type {
        case "string", "integer", "number", "boolean": return type
        case _ where type.hasPrefix("array<"): return "array"
        case _ where type.hasPrefix("map<"): return "object"
        case "any": return "any"
        default:
            let kind = emitted[type]?.lines.first { $0.hasPrefix("kind: ") }?.dropFirst(6)
            switch kind {
            case "enum", "string": return "string"
            case "integer", "number": return String(kind ?? "")
            case "array": return "array"
            default: return "object"
            }
        }
    }

    /// An OpenAPI pattern (matched anywhere in the string, as ECMA-262 `test` does) as a spec pattern (matched
    /// against the whole string): a side without its anchor may be followed or preceded by anything.
    static func wholeStringPattern(_ pattern: String) -> String {
        let starts = pattern.hasPrefix("^")
        let ends = pattern.hasSuffix("$") && !pattern.hasSuffix("\\$")
        if starts && ends && !pattern.contains("|") { return pattern }
        // Anchors stay inside the group, where they keep their meaning (`^a|b` is "starts with a, or has b").
        return "[\\s\\S]*(?:" + pattern + ")[\\s\\S]*"
    }

    /// Emits a copy of component `name` whose `property` is the constant `tag`, for an alternative whose enum of
    /// tags a union cannot split; returns the copy's name.
    mutating func singleTagCopy(of name: String, property: String, tag: String) -> String {
        let base = name + SwiftNames.upperCamel(tag)
        var copy = base
        var suffix = 2
        while emitted[copy] != nil && !(emitted[copy]?.lines.contains { $0.hasPrefix("# copy of '\(name)'") } ?? false)
        {
            copy = base + "\(suffix)"
            suffix += 1
        }
        guard emitted[copy] == nil, let original = emitted[name] else { return copy }
        var lines = original.lines
        let fieldPrefix = "  \(property): "
        if let index = lines.firstIndex(where: { $0.hasPrefix(fieldPrefix) }) {
            lines[index] = fieldPrefix + "{ const: \(Self.quote(tag)), required: true }"
        }
        lines.insert("# copy of '\(name)' for the tag '\(tag)' (its '\(property)' is an enum of several tags)", at: 1)
        if !firstSeen.contains(copy) { firstSeen.append(copy) }
        emitted[copy] = (lines, original.uses)
        return copy
    }

    /// The property that tells alternatives apart when the document names none: every alternative is a local
    /// `$ref` to an object whose property (`type` preferred) holds one constant of its own, required in all but at
    /// most one alternative (which becomes the union's default, as for a custom tool whose `type` may be left out).
    func inferredDiscriminator(_ members: [JSONValue]) -> (
        property: String, defaultTag: String?, variants: [(String, String)]
    )? {
        var targets: [(ref: String, schema: JSONValue)] = []
        for member in members {
            guard let ref = member.member("$ref")?.string, ref.hasPrefix("#/") else { return nil }
            var target: JSONValue? = root
            for raw in ref.dropFirst(2).split(separator: "/") {
                target = target?.member(String(raw).replacing("~1", with: "/").replacing("~0", with: "~"))
            }
            guard let target, target.member("properties") != nil else { return nil }
            targets.append((ref, target))
        }
        guard let first = targets.first?.schema.member("properties") else { return nil }
        var candidates = first.members.map(\.key)
        if let index = candidates.firstIndex(of: "type") { candidates.insert(candidates.remove(at: index), at: 0) }
        candidateLoop: for property in candidates {
            var variants: [(String, String)] = []
            var defaultTag: String?
            for (ref, target) in targets {
                guard let schema = target.member("properties")?.member(property) else { continue candidateLoop }
                // One constant, or an enum of a few (an alternative may answer to a dated and an undated tag).
                var values = schema.member("const")?.string.map { [$0] } ?? []
                var nullable = false
                if values.isEmpty, let list = schema.member("enum")?.elements {
                    values = list.compactMap(\.string)
                    if values.count != list.count { values = [] }
                }
                if values.isEmpty, let list = schema.member("anyOf") ?? schema.member("oneOf") {
                    let nonNull = list.elements.filter { $0.member("type")?.string != "null" }
                    nullable = nonNull.count < list.elements.count
                    if nonNull.count == 1, let value = nonNull.first?.member("const")?.string { values = [value] }
                }
                guard !values.isEmpty, !values.contains(where: { value in variants.contains { $0.0 == value } })
                else { continue candidateLoop }
                let required = target.member("required")?.elements.contains { $0.string == property } ?? false
                if !required || nullable {
                    guard defaultTag == nil, values.count == 1 else { continue candidateLoop }
                    defaultTag = values.first
                }
                variants += values.map { ($0, ref) }
            }
            return (property, defaultTag, variants)
        }
        return nil
    }

    func nonNullMembers(_ schema: JSONValue) -> [JSONValue]? {
        guard let list = schema.member("oneOf") ?? schema.member("anyOf") else { return nil }
        return list.elements.filter { $0.member("type")?.string != "null" }
    }

    mutating func reportUnknownKeywords(_ schema: JSONValue, pointer: String) {
        var ignored = Shape()
        reportUnknownKeywords(schema, pointer: pointer, into: &ignored)
    }

    /// Warns about keywords the spec format cannot express, and notes them for the output.
    mutating func reportUnknownKeywords(_ schema: JSONValue, pointer: String, into shape: inout Shape) {
        guard schema.kind == .object else { return }
        for member in schema.members {
            let key = member.key
            guard !Self.knownKeywords.contains(key), !Self.ignoredKeywords.contains(key), !key.hasPrefix("x-") else {
                continue
            }
            let at = pointer + "/" + Self.escape(key)
            warn("'\(key)' not imported: the spec format has no such keyword", at: member.keyNode, pointer: at)
            shape.notes.append("# not imported: '\(key)' (at \(at))")
        }
    }

    func fieldLines(_ name: String, _ field: Shape, required: Bool) -> [String] {
        var parts: [String] = []
        if let constant = field.constant {
            parts.append("const: \(constant)")
            if field.type != "any" && field.type != "string" { parts.append("type: \(field.type)") }
        } else {
            parts.append("type: \(field.type)")
        }
        if required { parts.append("required: true") }
        if field.nullable { parts.append("nullable: true") }
        if let value = field.defaultValue, field.constant == nil { parts.append("default: \(value)") }
        parts += field.constraints.map { "\($0.0): \($0.1)" }
        if field.deprecated { parts.append("deprecated: true") }
        if let doc = field.doc { parts.append("doc: \(Self.quote(doc))") }
        let key = name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) ? name : Self.quote(name)
        return field.notes.map { "  " + $0 } + ["  \(key): { " + parts.joined(separator: ", ") + " }"]
    }

    /// The shape of a schema used as a field (or array element): a type expression with its modifiers. Inline
    /// objects, enums and unions become named types called `name`.
    mutating func shape(_ schema: JSONValue, name: String, pointer: String, naming: Bool = true) -> Shape {
        var result = Shape()
        if schema.member("properties") == nil { reportUnknownKeywords(schema, pointer: pointer, into: &result) }
        result.doc = schema.member("description")?.string
        result.deprecated = schema.member("deprecated")?.boolValue == true
        if let d = schema.member("default") {
            if let value = Self.literal(d) {
                result.defaultValue = value
            } else {
                result.notes.append("# not imported: a default that is not a scalar (at \(pointer)/default)")
                warn("a default that is not a scalar not imported", at: d, pointer: pointer + "/default")
            }
        }
        if schema.member("nullable")?.boolValue == true { result.nullable = true }
        if let ref = schema.member("$ref")?.string {
            guard
                let (target, targetSchema) = resolve(
                    ref, at: schema.member("$ref") ?? schema, pointer: pointer + "/$ref")
            else { return result }
            emitComponent(target, targetSchema, pointer: String(ref.dropFirst()))
            use(target)
            result.type = target
            return result
        }
        if let all = schema.member("allOf") {
            if all.elements.count == 1, let only = all.elements.first {
                let inner = shape(only, name: name, pointer: pointer + "/allOf/0")
                result.type = inner.type
                result.nullable = result.nullable || inner.nullable
                result.constraints = inner.constraints
                result.constant = inner.constant
                result.doc = result.doc ?? inner.doc
                return result
            }
            warn(
                "'allOf' with \(all.elements.count) members not imported; the field is imported as any", at: all,
                pointer: pointer + "/allOf")
            result.notes.append("# not imported: allOf with \(all.elements.count) members (at \(pointer)/allOf)")
            return result
        }
        if let members = nonNullMembers(schema) {
            let total = (schema.member("oneOf") ?? schema.member("anyOf"))?.elements.count ?? 0
            if members.count < total { result.nullable = true }
            if members.count == 1, schema.member("discriminator") == nil, let only = members.first {
                let key = schema.member("anyOf") != nil ? "anyOf" : "oneOf"
                let index = (schema.member(key)?.elements.firstIndex { $0.member("type")?.string != "null" }) ?? 0
                let inner = shape(only, name: name, pointer: pointer + "/\(key)/\(index)")
                result.type = inner.type
                result.constant = inner.constant
                result.constraints = inner.constraints
                result.doc = result.doc ?? inner.doc
                result.defaultValue = result.defaultValue ?? inner.defaultValue
                result.notes += inner.notes
                return result
            }
            if members.isEmpty { return result }
            emitInline(name, schema, pointer: pointer)
            result.type = name
            return result
        }
        if let constant = schema.member("const") {
            result.constant = Self.literal(constant)
            result.type = schema.member("type")?.string.map(scalarType) ?? "any"
            return result
        }
        if let values = schema.member("enum") {
            if values.elements.count == 1, let only = values.elements.first {
                result.constant = Self.literal(only)
                result.type = schema.member("type")?.string.map(scalarType) ?? "any"
                return result
            }
            if naming, values.elements.allSatisfy({ $0.kind == .string }) {
                emitInline(name, schema, pointer: pointer)
                result.type = name
                return result
            }
        }
        var type = schema.member("type")?.string
        if type == nil, let list = schema.member("type"), list.kind == .array {
            let names = list.elements.compactMap(\.string)
            if names.contains("null") { result.nullable = true }
            type = names.first { $0 != "null" }
        }
        if type == nil, schema.member("properties") != nil { type = "object" }
        switch type {
        case "string":
            result.type = "string"
            if let n = schema.member("minLength") { result.constraints.append(("min_length", n.sourceText)) }
            if let n = schema.member("maxLength") { result.constraints.append(("max_length", n.sourceText)) }
            if let p = schema.member("pattern")?.string {
                result.constraints.append(("pattern", Self.quote(Self.wholeStringPattern(p))))
            }
            if let format = schema.member("format")?.string {
                let mapped = ["uri": "uri", "url": "uri", "byte": "base64", "date-time": "date-time", "uuid": "uuid"][
                    format]
                if let mapped {
                    result.constraints.append(("format", mapped))
                } else {
                    result.notes.append("# not imported: format '\(format)' (at \(pointer)/format)")
                    warn(
                        "format '\(format)' not imported: the spec format knows uri, base64, date-time and uuid",
                        at: schema.member("format") ?? schema, pointer: pointer + "/format")
                }
            }
        case "integer", "number":
            result.type = type ?? "number"
            for (key, spec) in [
                ("minimum", "minimum"), ("maximum", "maximum"), ("exclusiveMinimum", "exclusive_minimum"),
                ("exclusiveMaximum", "exclusive_maximum"),
            ] {
                guard let bound = schema.member(key) else { continue }
                if bound.kind == .number {
                    result.constraints.append((spec, bound.sourceText))
                } else if bound.boolValue == true,
                    let base = schema.member(key == "exclusiveMinimum" ? "minimum" : "maximum")
                {
                    // OpenAPI 3.0: a boolean that makes minimum/maximum exclusive.
                    result.constraints.removeAll { $0.0 == (key == "exclusiveMinimum" ? "minimum" : "maximum") }
                    result.constraints.append((spec, base.sourceText))
                }
            }
        case "boolean":
            result.type = "boolean"
        case "array":
            let itemName = name.hasSuffix("s") && name.count > 1 ? String(name.dropLast()) : name + "Item"
            let items = schema.member("items").map { shape($0, name: itemName, pointer: pointer + "/items") }
            result.type = "array<\(items?.type ?? "any")>"
            if let items, items.nullable {
                result.notes.append("# not imported: null array elements (at \(pointer)/items)")
                warn("null array elements not imported", at: schema, pointer: pointer + "/items")
            }
            if let n = schema.member("minItems") { result.constraints.append(("min_items", n.sourceText)) }
            if let n = schema.member("maxItems") { result.constraints.append(("max_items", n.sourceText)) }
        case "object":
            if schema.member("properties") != nil || !naming {
                if naming {
                    emitInline(name, schema, pointer: pointer)
                    result.type = name
                } else {
                    result.type = "any"
                }
            } else if let values = schema.member("additionalProperties"), values.kind == .object {
                let inner = shape(values, name: name + "Value", pointer: pointer + "/additionalProperties")
                result.type = "map<\(inner.type)>"
            } else {
                result.type = "map<any>"
            }
            if let n = schema.member("minProperties") { result.constraints.append(("min_properties", n.sourceText)) }
            if let n = schema.member("maxProperties") { result.constraints.append(("max_properties", n.sourceText)) }
        case nil:
            result.type = "any"
        default:
            result.type = "any"
        }
        return result
    }

    func scalarType(_ name: String) -> String {
        ["string", "integer", "number", "boolean"].contains(name) ? name : "any"
    }

    mutating func emitInline(_ name: String, _ schema: JSONValue, pointer: String) {
        use(name)
        emitComponent(name, schema, pointer: pointer)
    }
}

extension String {
    func lowercasedFirst() -> String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
