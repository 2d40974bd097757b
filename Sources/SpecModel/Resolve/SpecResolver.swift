/// Turns the YAML tree of a spec into a ``Spec``: reads every construct, checks every key and
/// name, and collects all problems. Semantic checks across types live in `SemanticChecks.swift`.
struct SpecResolver {
    let file: String
    var diagnostics = DiagnosticBag()
    /// Declared type names and where they are declared.
    var declared: [String: SourceLocation] = [:]
    var featureNames: [String] = []
    /// Types synthesized for inline `A | B` expressions.
    var synthesized: [TypeDecl] = []
    /// Every reference to a declared type, with its location, for "unused type" checks.
    var references: [(name: String, location: SourceLocation)] = []
    /// Where parts of the spec are written, for later checks: `type:Owner.field`,
    /// `variant:Union.tag`, `constraint:Owner.key`, `endpoint:name.part`.
    /// Request rules with the places of their parts, checked once every type is known.
    var requestRules: [RequestRuleSource] = []

    static let builtins = ["string", "integer", "number", "boolean", "any"]
    static let kinds = [
        "object", "string", "integer", "number", "boolean", "array", "map", "any", "enum", "union", "oneof", "const",
    ]
    static let constraintKeys = [
        "minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "min_length", "max_length", "pattern",
        "format", "min_items", "max_items", "min_properties", "max_properties",
    ]
    static let commonTypeKeys = ["kind", "doc", "deprecated", "beta"]

    /// Whether `resolve` runs ``SemanticChecks`` on the resolved spec.
    var runsSemanticChecks = true

    init(file: String) { self.file = file }

    // MARK: - Top level

    mutating func resolve(_ root: YAMLNode) -> Spec? {
        guard
            let top = MappingReader(
                root, what: "the spec", allowed: ["spec", "api", "endpoints", "types", "models"],
                diagnostics: &diagnostics)
        else {
            return nil
        }
        var version = 1
        if let node = top.require("spec", &diagnostics) {
            if let v = node.scalar?.int, node.scalar?.style == .plain {
                if v != 1 {
                    diagnostics.error(
                        "unsupported spec format version \(v); this tool reads version 1", at: node.location)
                }
                version = v
            } else {
                diagnostics.error(
                    "'spec' must be the format version 1, found '\(node.scalar?.value ?? node.kindName)'",
                    at: node.location)
            }
        }
        // Names first, so references can be checked in any order.
        let typesNode = top.require("types", &diagnostics)
        if let pairs = typesNode?.mapping {
            for pair in pairs {
                guard let name = pair.key.scalar?.value else { continue }
                declared[name] = pair.key.location
            }
        } else if let typesNode {
            diagnostics.error(
                "'types' must be a mapping of type name to type, found a \(typesNode.kindName)", at: typesNode.location)
        }
        let apiNode = top.require("api", &diagnostics)
        var api = APIInfo(name: "API", baseURL: "")
        if let apiNode { api = readAPI(apiNode) }
        let models = top["models"].map { readModels($0) } ?? .empty

        var types: [TypeDecl] = []
        for pair in typesNode?.mapping ?? [] {
            guard let name = pair.key.scalar?.value else { continue }
            checkTypeName(name, at: pair.key.location)
            if let decl = readType(name: name, pair.value, at: pair.key.location) {
                types.append(decl)
                types += synthesized
                synthesized.removeAll()
            }
        }

        var endpoints: [Endpoint] = []
        if let node = top.require("endpoints", &diagnostics) {
            if let pairs = node.mapping {
                if pairs.isEmpty {
                    diagnostics.error("'endpoints' is empty; declare at least one endpoint", at: node.location)
                }
                for pair in pairs {
                    guard let name = pair.key.scalar?.value else { continue }
                    if let endpoint = readEndpoint(name: name, pair.value, at: pair.key.location) {
                        endpoints.append(endpoint)
                    }
                }
            } else {
                diagnostics.error(
                    "'endpoints' must be a mapping of endpoint name to endpoint, found a \(node.kindName)",
                    at: node.location)
            }
        }
        let spec = Spec(file: file, version: version, api: api, endpoints: endpoints, types: types, models: models)
        if runsSemanticChecks {
            var checks = SemanticChecks(spec: spec, resolver: self)
            checks.run()
            diagnostics.merge(checks.diagnostics)
        }
        return spec
    }

    mutating func checkTypeName(_ name: String, at location: SourceLocation) {
        if Self.builtins.contains(name) || name == "array" || name == "map" {
            diagnostics.error("'\(name)' is a built-in type; choose another name", at: location)
        } else if SwiftNames.upperCamel(name) != name {
            diagnostics.error(
                "type name '\(name)' is not UpperCamelCase; rename it to '\(SwiftNames.upperCamel(name))'", at: location
            )
        }
    }

    // MARK: - api

    mutating func readAPI(_ node: YAMLNode) -> APIInfo {
        var info = APIInfo(name: "API", baseURL: "")
        guard
            let m = MappingReader(
                node, what: "'api'",
                allowed: ["name", "title", "doc", "base_url", "auth", "headers", "features", "errors", "retry"],
                diagnostics: &diagnostics)
        else {
            return info
        }
        if let name = m.string("name", &diagnostics, required: true), let nameNode = m["name"] {
            if SwiftNames.upperCamel(name) != name {
                diagnostics.error(
                    "api name '\(name)' must be an UpperCamelCase Swift name such as '\(SwiftNames.upperCamel(name))'",
                    at: nameNode.location)
            }
            info.name = name
        }
        info.title = m.string("title", &diagnostics)
        info.doc = m.doc(&diagnostics)
        if let url = m.string("base_url", &diagnostics, required: true), let urlNode = m["base_url"] {
            if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                diagnostics.error("base_url '\(url)' must start with https:// or http://", at: urlNode.location)
            }
            info.baseURL = url
        }
        if let features = m["features"] {
            if let pairs = features.mapping {
                for pair in pairs {
                    guard let name = pair.key.scalar?.value else { continue }
                    let doc = pair.value.scalar.flatMap { $0.isNull ? nil : $0.value }
                    if pair.value.scalar == nil {
                        diagnostics.error("feature '\(name)' must map to a description string", at: pair.value.location)
                    }
                    info.features.append(Feature(name: name, doc: doc))
                    featureNames.append(name)
                }
            } else {
                diagnostics.error("'features' must be a mapping of feature name to description", at: features.location)
            }
        }
        if let auth = m["auth"] {
            if let items = auth.sequence {
                for item in items {
                    guard
                        let a = MappingReader(
                            item, what: "an auth scheme", allowed: ["scheme", "header"], diagnostics: &diagnostics)
                    else { continue }
                    switch a.string("scheme", &diagnostics, required: true) {
                    case "api_key":
                        if let header = a.string("header", &diagnostics, required: true) {
                            info.auth.append(.apiKey(header: header))
                        }
                    case "bearer":
                        if let header = a.keyNode("header") {
                            diagnostics.error(
                                "the bearer scheme always uses the Authorization header; remove 'header'",
                                at: header.location)
                        }
                        info.auth.append(.bearer)
                    case let other?:
                        let location = a["scheme"]?.location
                        var text = "unknown auth scheme '\(other)'; use 'api_key' or 'bearer'"
                        if let s = Suggestions.closest(to: other, in: ["api_key", "bearer"]) {
                            text = "unknown auth scheme '\(other)'; did you mean '\(s)'?"
                        }
                        diagnostics.error(text, at: location)
                    case nil: break
                    }
                }
            } else {
                diagnostics.error("'auth' must be a list of schemes, found a \(auth.kindName)", at: auth.location)
            }
        }
        if let headers = m["headers"] {
            if let pairs = headers.mapping {
                var featureHeader: YAMLNode?
                for pair in pairs {
                    guard let name = pair.key.scalar?.value else { continue }
                    guard
                        let h = MappingReader(
                            pair.value, what: "header '\(name)'", allowed: ["value", "default", "features", "doc"],
                            diagnostics: &diagnostics)
                    else { continue }
                    let doc = h.doc(&diagnostics)
                    let given = ["value", "default", "features"].filter { h.has($0) }
                    if given.count != 1 {
                        diagnostics.error(
                            "header '\(name)' needs exactly one of 'value', 'default' or 'features'",
                            at: pair.key.location)
                        continue
                    }
                    if let v = h.string("value", &diagnostics) {
                        info.headers.append(HeaderSpec(name: name, value: .fixed(v), doc: doc))
                    } else if let v = h.string("default", &diagnostics) {
                        info.headers.append(HeaderSpec(name: name, value: .defaulted(v), doc: doc))
                    } else if h.bool("features", &diagnostics) == true {
                        if let first = featureHeader {
                            diagnostics.report(
                                .error(
                                    "only one header may carry the feature names", at: pair.key.location,
                                    notes: [.init("'\(first.scalar?.value ?? "")' already does", at: first.location)]))
                        }
                        featureHeader = pair.key
                        info.headers.append(HeaderSpec(name: name, value: .features, doc: doc))
                    }
                }
            } else {
                diagnostics.error("'headers' must be a mapping of header name to header", at: headers.location)
            }
        }
        if let errors = m["errors"] { info.errors = readErrorShape(errors) }
        if let retry = m["retry"] { info.retry = readRetry(retry) }
        return info
    }

    /// `api.errors`: member paths (`error.message`) into error bodies, and the request-id header.
    mutating func readErrorShape(_ node: YAMLNode) -> ErrorBodyShape? {
        guard
            let m = MappingReader(
                node, what: "'api.errors'", allowed: ["type", "message", "request_id", "request_id_header"],
                diagnostics: &diagnostics)
        else { return nil }
        func path(_ key: String) -> [String]? {
            guard let text = m.string(key, &diagnostics) else { return nil }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if parts.contains(where: \.isEmpty) {
                diagnostics.error(
                    "'\(text)' is not a member path; write member names separated by dots, e.g. 'error.message'",
                    at: m[key]?.location ?? node.location)
                return nil
            }
            return parts
        }
        return ErrorBodyShape(
            type: path("type"), message: path("message"), requestID: path("request_id"),
            requestIDHeader: m.string("request_id_header", &diagnostics))
    }

    /// `api.retry`: the retried statuses (`429`, `500-599`) and the retry-hint headers.
    mutating func readRetry(_ node: YAMLNode) -> RetrySettings? {
        guard
            let m = MappingReader(
                node, what: "'api.retry'",
                allowed: ["statuses", "should_retry_header", "after_ms_header", "after_header"],
                diagnostics: &diagnostics)
        else { return nil }
        var statuses: [ClosedRange<Int>] = []
        if let list = m.require("statuses", &diagnostics) {
            if let items = list.sequence {
                for item in items {
                    let text = item.scalar?.value ?? ""
                    let bounds = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                    guard item.scalar != nil, (1...2).contains(bounds.count), let low = bounds.first ?? nil,
                        let high = bounds.last ?? nil, (100...599).contains(low), (100...599).contains(high),
                        low <= high
                    else {
                        diagnostics.error(
                            "'\(text)' is not an HTTP status or range; write e.g. 429 or 500-599 (statuses are 100 to 599)",
                            at: item.location)
                        continue
                    }
                    statuses.append(low...high)
                }
            } else {
                diagnostics.error(
                    "'statuses' must be a list such as [408, 429, 500-599], found a \(list.kindName)", at: list.location
                )
            }
        }
        return RetrySettings(
            statuses: statuses, shouldRetryHeader: m.string("should_retry_header", &diagnostics),
            afterMillisecondsHeader: m.string("after_ms_header", &diagnostics),
            afterHeader: m.string("after_header", &diagnostics))
    }

    // MARK: - endpoints

    mutating func readEndpoint(name: String, _ node: YAMLNode, at location: SourceLocation) -> Endpoint? {
        guard
            let m = MappingReader(
                node, what: "endpoint '\(name)'",
                allowed: ["doc", "method", "path", "request", "response", "error", "stream"], diagnostics: &diagnostics)
        else { return nil }
        if SwiftNames.lowerCamel(name) != name {
            diagnostics.error(
                "endpoint name '\(name)' must be a lowerCamelCase Swift name such as '\(SwiftNames.lowerCamel(name))'",
                at: location)
        }
        var method = "GET"
        if let value = m.string("method", &diagnostics, required: true), let node = m["method"] {
            let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
            if methods.contains(value) {
                method = value
            } else {
                var text = "unknown HTTP method '\(value)'"
                if let s = Suggestions.closest(to: value, in: methods) {
                    text += "; did you mean '\(s)'?"
                } else {
                    text += "; use one of GET, POST, PUT, PATCH, DELETE"
                }
                diagnostics.error(text, at: node.location)
            }
        }
        let path = m.string("path", &diagnostics, required: true) ?? "/"
        if let node = m["path"], !path.hasPrefix("/") {
            diagnostics.error("path '\(path)' must start with '/'", at: node.location)
        }
        let request = m["request"].flatMap { typeRef($0, owner: name) }
        let response = m.require("response", &diagnostics).flatMap { typeRef($0, owner: name) } ?? .any
        let error = m["error"].flatMap { typeRef($0, owner: name) }
        var stream: StreamSpec?
        var parts = Endpoint.PartLocations()
        parts.request = m["request"]?.location
        parts.response = m["response"]?.location
        parts.error = m["error"]?.location
        if let node = m["stream"],
            let s = MappingReader(
                node, what: "'stream'", allowed: ["field", "events", "end", "error"], diagnostics: &diagnostics)
        {
            let field = s.string("field", &diagnostics, required: true)
            let events = s.require("events", &diagnostics).flatMap { typeRef($0, owner: name) }
            parts.streamField = s["field"]?.location
            parts.streamEvents = s["events"]?.location
            parts.streamEnd = s["end"]?.location
            parts.streamError = s["error"]?.location
            if let field, case .named(let eventsName)? = events {
                stream = StreamSpec(
                    field: field, events: eventsName, end: s.string("end", &diagnostics),
                    error: s.string("error", &diagnostics))
            } else if let events, let eventsNode = s["events"] {
                diagnostics.error("stream events must be a union type, found '\(events)'", at: eventsNode.location)
            }
        }
        return Endpoint(
            name: name, doc: m.doc(&diagnostics), method: method, path: path, request: request,
            response: response, error: error, stream: stream, location: location, partLocations: parts)
    }

    // MARK: - type expressions

    /// Parses and checks a type expression node; inline alternatives become a synthesized oneof
    /// named after `owner`.
    mutating func typeRef(_ node: YAMLNode, owner: @autoclosure () -> String) -> TypeRef? {
        guard let scalar = node.scalar, !scalar.isNull || scalar.style != .plain else {
            diagnostics.error(
                "a type must be a type expression such as 'string' or 'array<Name>', found a \(node.kindName)",
                at: node.location)
            return nil
        }
        let base = scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
        do {
            let expression = try TypeExpression.parse(scalar.value)
            return resolve(expression, node: node, base: base, owner: owner)
        } catch {
            diagnostics.error(error.message, at: shifted(node.location, by: base + error.offset))
            return nil
        }
    }

    func shifted(_ location: SourceLocation, by columns: Int) -> SourceLocation {
        var copy = location
        copy.column += columns
        copy.offset = copy.offset.map { $0 + columns }
        return copy
    }

    /// `owner` names a synthesized oneof; it is computed only when one is made (the lint path rarely needs it).
    mutating func resolve(_ expression: TypeExpression, node: YAMLNode, base: Int, owner: () -> String) -> TypeRef? {
        switch expression {
        case .name(let name, let offset):
            let location = shifted(node.location, by: base + offset)
            switch name {
            case "string": return .string
            case "integer": return .integer
            case "number": return .number
            case "boolean": return .boolean
            case "any": return .any
            default:
                if declared[name] != nil {
                    references.append((name, location))
                    return .named(name)
                }
                let candidates = Self.builtins + declared.keys.sorted()
                var text = "unknown type '\(name)'"
                if let s = Suggestions.closest(to: name, in: candidates) {
                    text += "; did you mean '\(s)'?"
                } else if name == "array" || name == "map" {
                    text = "'\(name)' needs an element type: write \(name)<T>"
                } else {
                    text += "; declare it under 'types' or use a built-in type (string, integer, number, boolean, any)"
                }
                diagnostics.error(text, at: location)
                return nil
            }
        case .array(let inner):
            return resolve(inner, node: node, base: base, owner: owner).map { .array($0) }
        case .map(let inner):
            return resolve(inner, node: node, base: base, owner: owner).map { .map($0) }
        case .alternatives(let items):
            var variants: [OneOfType.Variant] = []
            for item in items {
                guard let ref = resolve(item, node: node, base: base, owner: owner) else { return nil }
                variants.append(OneOfType.Variant(name: Self.caseName(for: ref), type: ref, location: node.location))
            }
            var name = SwiftNames.upperCamel(owner())
            while declared[name] != nil { name += "Value" }
            declared[name] = node.location
            references.append((name, node.location))
            synthesized.append(
                TypeDecl(name: name, kind: .oneOf(OneOfType(variants: variants)), location: node.location))
            return .named(name)
        }
    }

    /// A case name for an alternative: `string` → `string`, `array<TextBlock>` → `textBlocks`.
    static func caseName(for ref: TypeRef) -> String {
        switch ref {
        case .named(let name): SwiftNames.lowerCamel(name)
        case .array(let inner): caseName(for: inner) + "s"
        case .map(let inner): caseName(for: inner) + "Map"
        default: ref.description
        }
    }

    // MARK: - types

    mutating func readType(name: String, _ node: YAMLNode, at location: SourceLocation) -> TypeDecl? {
        guard let pairs = node.mapping else {
            diagnostics.error(
                "type '\(name)' must be a mapping with a 'kind', found a \(node.kindName)", at: node.location)
            return nil
        }
        let kindNode = pairs.first { $0.key.scalar?.value == "kind" }?.value
        guard let kindNode, let kind = kindNode.scalar?.value else {
            diagnostics.error(
                "type '\(name)' is missing its 'kind' (one of \(Self.kinds.joined(separator: ", ")))", at: location)
            return nil
        }
        guard Self.kinds.contains(kind) else {
            var text = "unknown kind '\(kind)'"
            if let s = Suggestions.closest(to: kind, in: Self.kinds) {
                text += "; did you mean '\(s)'?"
            } else {
                text += "; use one of \(Self.kinds.joined(separator: ", "))"
            }
            diagnostics.error(text, at: kindNode.location)
            return nil
        }
        let specific: [String]
        switch kind {
        case "object": specific = ["fields", "additional", "rules"]
        case "enum": specific = ["values"]
        case "union": specific = ["discriminator", "variants", "default"]
        case "oneof": specific = ["variants"]
        case "const": specific = ["value"]
        case "array": specific = ["items", "min_items", "max_items", "warn"]
        case "map": specific = ["values", "min_properties", "max_properties", "warn"]
        case "string": specific = ["min_length", "max_length", "pattern", "format", "warn"]
        case "integer", "number": specific = ["minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "warn"]
        default: specific = []
        }
        guard
            let m = MappingReader(
                node, what: "\(kind) type '\(name)'", allowed: Self.commonTypeKeys + specific, diagnostics: &diagnostics
            )
        else { return nil }
        let beta = readBeta(m)
        var decl = TypeDecl(
            name: name, doc: m.doc(&diagnostics), deprecated: m.deprecated(&diagnostics), beta: beta,
            kind: .constant(.null), location: location)
        switch kind {
        case "object": decl.kind = .object(readObject(name: name, m))
        case "enum": decl.kind = .enumeration(readEnum(name: name, m))
        case "union": decl.kind = .union(readUnion(name: name, m))
        case "oneof": decl.kind = .oneOf(readOneOf(name: name, m))
        case "const":
            guard let value = m.require("value", &diagnostics), let literal = literal(value, what: "a const value")
            else { return nil }
            decl.kind = .constant(literal)
        case "array":
            let items = m.require("items", &diagnostics).flatMap { typeRef($0, owner: name + "Item") } ?? .any
            decl.kind = .alias(.array(items), readChecks(m, type: .array(items)))
        case "map":
            let values = m.require("values", &diagnostics).flatMap { typeRef($0, owner: name + "Value") } ?? .any
            decl.kind = .alias(.map(values), readChecks(m, type: .map(values)))
        case "string": decl.kind = .alias(.string, readChecks(m, type: .string))
        case "integer": decl.kind = .alias(.integer, readChecks(m, type: .integer))
        case "number": decl.kind = .alias(.number, readChecks(m, type: .number))
        case "boolean": decl.kind = .alias(.boolean, Checks())
        default: decl.kind = .alias(.any, Checks())
        }
        return decl
    }

    mutating func readBeta(_ m: MappingReader) -> String? {
        guard let value = m.string("beta", &diagnostics), let node = m["beta"] else { return nil }
        if !featureNames.contains(value) {
            var text = "unknown feature '\(value)'"
            if let s = Suggestions.closest(to: value, in: featureNames) {
                text += "; did you mean '\(s)'?"
            } else {
                text += "; declare it under api.features"
            }
            diagnostics.error(text, at: node.location)
        }
        return value
    }

    mutating func literal(_ node: YAMLNode, what: String) -> LiteralValue? {
        guard let scalar = node.scalar else {
            diagnostics.error(
                "\(what) must be a string, number or boolean, found a \(node.kindName)", at: node.location)
            return nil
        }
        guard scalar.style == .plain else { return .string(scalar.value) }
        if scalar.isNull { return .null }
        if let b = scalar.bool { return .boolean(b) }
        if let i = scalar.int { return .integer(i) }
        if JSONNumber(exactly: scalar.value) != nil { return .number(scalar.value) }
        return .string(scalar.value)
    }

    mutating func readObject(name: String, _ m: MappingReader) -> ObjectType {
        var object = ObjectType(fields: [])
        if let additional = m.string("additional", &diagnostics), let node = m["additional"] {
            switch additional {
            case "allow": object.allowsAdditional = true
            case "error": object.allowsAdditional = false
            default:
                diagnostics.error("'additional' must be 'error' or 'allow', found '\(additional)'", at: node.location)
            }
        }
        if let fieldsNode = m["fields"] {
            if let pairs = fieldsNode.mapping {
                for pair in pairs {
                    guard let fieldName = pair.key.scalar?.value else { continue }
                    if let field = readField(owner: name, name: fieldName, pair.value, at: pair.key.location) {
                        object.fields.append(field)
                    }
                }
            } else {
                diagnostics.error(
                    "'fields' must be a mapping of field name to field, found a \(fieldsNode.kindName)",
                    at: fieldsNode.location)
            }
        }
        if let rulesNode = m["rules"] {
            if let items = rulesNode.sequence {
                for item in items {
                    if Self.isRequestRule(item) {
                        if let source = readRequestRule(item, owner: name) {
                            object.requestRules.append(source.rule)
                            object.requestRuleLocations[source.rule.id] = source.location
                            requestRules.append(source)
                        }
                    } else if let rule = readRule(item) {
                        object.rules.append(rule)
                    }
                }
            } else {
                diagnostics.error(
                    "'rules' must be a list of rules, found a \(rulesNode.kindName)", at: rulesNode.location)
            }
        }
        return object
    }

    static let fieldKeys =
        ["type", "const", "required", "nullable", "default", "doc", "deprecated", "beta", "warn"] + constraintKeys

    mutating func readField(owner: String, name: String, _ node: YAMLNode, at location: SourceLocation) -> Field? {
        if node.scalar != nil {
            guard let type = typeRef(node, owner: owner + SwiftNames.upperCamel(name)) else { return nil }
            return Field(name: name, type: type, location: location)
        }
        guard let m = MappingReader(node, what: "field '\(name)'", allowed: Self.fieldKeys, diagnostics: &diagnostics)
        else { return nil }
        var constant: LiteralValue?
        if let c = m["const"] {
            constant = literal(c, what: "'const'")
            if constant == .null {
                diagnostics.error("'const' cannot be null; use 'nullable: true' instead", at: c.location)
                constant = nil
            }
        }
        var type: TypeRef?
        if let t = m["type"] {
            type = typeRef(t, owner: owner + SwiftNames.upperCamel(name))
            if let constantType = constant?.typeRef, let type, type != constantType, let c = m["const"] {
                diagnostics.error(
                    "const \(constant?.description ?? "") does not match the field type '\(type)'; remove 'type' or fix the value",
                    at: c.location)
            }
        } else if let constantType = constant?.typeRef {
            type = constantType
        } else if m["const"] == nil {
            diagnostics.error("field '\(name)' needs a 'type' (or a 'const')", at: location)
            return nil
        }
        guard let type else { return nil }
        var field = Field(name: name, type: type, constant: constant, location: location)
        field.required = m.bool("required", &diagnostics) ?? false
        field.nullable = m.bool("nullable", &diagnostics) ?? false
        if let d = m["default"] { field.defaultValue = literal(d, what: "'default'") }
        field.doc = m.doc(&diagnostics)
        field.deprecated = m.deprecated(&diagnostics)
        field.beta = readBeta(m)
        field.checks = readChecks(m, type: type)
        return field
    }

    mutating func readChecks(_ m: MappingReader, type: TypeRef) -> Checks {
        var checks = Checks()
        checks.errors = readConstraints(m)
        if let warn = m["warn"],
            let w = MappingReader(
                warn, what: "'warn'", allowed: Self.constraintKeys + ["message"], diagnostics: &diagnostics)
        {
            checks.warnings = readConstraints(w)
            checks.warningMessage = w.string("message", &diagnostics)
            if checks.warnings.isEmpty {
                diagnostics.error(
                    "'warn' holds no constraint; add one such as 'maximum' or remove 'warn'", at: warn.location)
            }
        }
        return checks
    }

    mutating func readConstraints(_ m: MappingReader) -> Constraints {
        var c = Constraints()
        for key in Self.constraintKeys {
            if let node = m.keyNode(key) { c.locations[key] = node.location }
        }
        c.minimum = m.decimal("minimum", &diagnostics)
        c.maximum = m.decimal("maximum", &diagnostics)
        c.exclusiveMinimum = m.decimal("exclusive_minimum", &diagnostics)
        c.exclusiveMaximum = m.decimal("exclusive_maximum", &diagnostics)
        c.minLength = m.nonNegativeInt("min_length", &diagnostics)
        c.maxLength = m.nonNegativeInt("max_length", &diagnostics)
        c.minItems = m.nonNegativeInt("min_items", &diagnostics)
        c.maxItems = m.nonNegativeInt("max_items", &diagnostics)
        c.minProperties = m.nonNegativeInt("min_properties", &diagnostics)
        c.maxProperties = m.nonNegativeInt("max_properties", &diagnostics)
        c.pattern = m.string("pattern", &diagnostics)
        if let format = m.string("format", &diagnostics), let node = m["format"] {
            if let f = StringFormat(rawValue: format) {
                c.format = f
            } else {
                let names = StringFormat.allCases.map(\.rawValue)
                var text = "unknown format '\(format)'"
                if let s = Suggestions.closest(to: format, in: names) {
                    text += "; did you mean '\(s)'?"
                } else {
                    text += "; use one of \(names.joined(separator: ", "))"
                }
                diagnostics.error(text, at: node.location)
            }
        }
        return c
    }

    mutating func readEnum(name: String, _ m: MappingReader) -> EnumType {
        var values: [EnumType.Value] = []
        var seen: [String: SourceLocation] = [:]
        guard let node = m.require("values", &diagnostics) else { return EnumType(values: []) }
        guard let items = node.sequence else {
            diagnostics.error("enum values must be a list, found a \(node.kindName)", at: node.location)
            return EnumType(values: [])
        }
        if items.isEmpty { diagnostics.error("enum '\(name)' has no values", at: node.location) }
        for item in items {
            var value: String?
            var doc: String?
            var location = item.location
            if let scalar = item.scalar {
                value = scalar.value
            } else if let pairs = item.mapping, pairs.count == 1, let key = pairs[0].key.scalar?.value {
                value = key
                location = pairs[0].key.location
                doc = pairs[0].value.scalar?.value.trimmingWhitespace()
            } else {
                diagnostics.error(
                    "an enum value must be a string or 'value: doc', found a \(item.kindName)", at: item.location)
            }
            guard let value else { continue }
            if let first = seen[value] {
                diagnostics.report(
                    .error(
                        "duplicate enum value '\(value)' in '\(name)'", at: location,
                        notes: [.init("'\(value)' was first listed here", at: first)]))
                continue
            }
            seen[value] = location
            values.append(EnumType.Value(value, doc: doc, location: location))
        }
        return EnumType(values: values)
    }

    mutating func readUnion(name: String, _ m: MappingReader) -> UnionType {
        let discriminator = m.string("discriminator", &diagnostics, required: true) ?? "type"
        var union = UnionType(discriminator: discriminator, variants: [])
        if let node = m.require("variants", &diagnostics) {
            if let pairs = node.mapping {
                for pair in pairs {
                    guard let tag = pair.key.scalar?.value else { continue }
                    var typeNode = pair.value
                    var beta: String?
                    var doc: String?
                    if pair.value.mapping != nil {
                        guard
                            let v = MappingReader(
                                pair.value, what: "variant '\(tag)'", allowed: ["type", "beta", "doc"],
                                diagnostics: &diagnostics),
                            let t = v.require("type", &diagnostics)
                        else { continue }
                        typeNode = t
                        beta = readBeta(v)
                        doc = v.doc(&diagnostics)
                    }
                    guard let ref = typeRef(typeNode, owner: name + SwiftNames.upperCamel(tag)) else { continue }
                    guard case .named(let typeName) = ref else {
                        diagnostics.error(
                            "variant '\(tag)' of union '\(name)' must be an object type, found '\(ref)'",
                            at: typeNode.location)
                        continue
                    }
                    union.variants.append(
                        UnionType.Variant(tag: tag, type: typeName, beta: beta, doc: doc, location: typeNode.location))
                }
                if pairs.isEmpty { diagnostics.error("union '\(name)' has no variants", at: node.location) }
            } else {
                diagnostics.error(
                    "union variants must be a mapping of tag to type, found a \(node.kindName)", at: node.location)
            }
        }
        if let tag = m.string("default", &diagnostics), let node = m["default"] {
            if union.variant(tagged: tag) == nil {
                var text = "default variant '\(tag)' is not a variant of '\(name)'"
                if let s = Suggestions.closest(to: tag, in: union.variants.map(\.tag)) {
                    text += "; did you mean '\(s)'?"
                }
                diagnostics.error(text, at: node.location)
            } else {
                union.defaultTag = tag
            }
        }
        return union
    }

    mutating func readOneOf(name: String, _ m: MappingReader) -> OneOfType {
        var oneOf = OneOfType(variants: [])
        guard let node = m.require("variants", &diagnostics) else { return oneOf }
        guard let pairs = node.mapping else {
            diagnostics.error(
                "oneof variants must be a mapping of case name to type, found a \(node.kindName)", at: node.location)
            return oneOf
        }
        for pair in pairs {
            guard let caseName = pair.key.scalar?.value else { continue }
            if let ref = typeRef(pair.value, owner: name + SwiftNames.upperCamel(caseName)) {
                oneOf.variants.append(OneOfType.Variant(name: caseName, type: ref, location: pair.value.location))
            }
        }
        if pairs.count < 2 { diagnostics.error("oneof '\(name)' needs at least two variants", at: node.location) }
        return oneOf
    }

    mutating func readRule(_ node: YAMLNode) -> Rule? {
        let conditions = ["exclusive", "less_than", "requires"]
        guard
            let m = MappingReader(
                node, what: "a rule", allowed: ["id", "message", "severity"] + conditions, diagnostics: &diagnostics)
        else { return nil }
        let id = m.string("id", &diagnostics, required: true)
        let message = m.string("message", &diagnostics, required: true)
        var severity = Severity.error
        if let s = m.string("severity", &diagnostics), let sNode = m["severity"] {
            if let parsed = Severity(rawValue: s) {
                severity = parsed
            } else {
                diagnostics.error("severity must be 'error' or 'warning', found '\(s)'", at: sNode.location)
            }
        }
        let given = conditions.filter { m.has($0) }
        guard given.count == 1 else {
            diagnostics.error(
                "a rule needs exactly one condition: \(conditions.joined(separator: ", "))", at: node.location)
            return nil
        }
        guard let operandsNode = m[given[0]], let items = operandsNode.sequence else {
            diagnostics.error("'\(given[0])' must be a list of field paths", at: m[given[0]]?.location ?? node.location)
            return nil
        }
        var paths: [FieldPath] = []
        for item in items {
            guard let text = item.scalar?.value, !text.isEmpty else {
                diagnostics.error(
                    "a rule operand must be a field path such as 'max_tokens' or 'thinking.budget_tokens'",
                    at: item.location)
                return nil
            }
            paths.append(
                FieldPath(
                    segments: text.split(separator: ".", omittingEmptySubsequences: false).map(String.init),
                    location: item.location))
        }
        let condition: Rule.Condition
        switch given[0] {
        case "exclusive":
            guard paths.count >= 2 else {
                diagnostics.error("'exclusive' needs at least two fields", at: operandsNode.location)
                return nil
            }
            condition = .exclusive(paths)
        default:
            guard paths.count == 2 else {
                diagnostics.error(
                    "'\(given[0])' needs exactly two fields, found \(paths.count)", at: operandsNode.location)
                return nil
            }
            condition = given[0] == "less_than" ? .lessThan(paths[0], paths[1]) : .requires(paths[0], paths[1])
        }
        guard let id, let message else { return nil }
        return Rule(id: id, condition: condition, severity: severity, message: message, location: node.location)
    }
}
