import SpecModel

/// Translates the API metadata and endpoints into the client: `<api.name>Client`, one method per endpoint and a
/// streaming method per streaming endpoint, built on the runtime's ``ClientCore``.
struct ClientTranslator {
    let context: TranslationContext

    var access: AccessModifier? { context.access }
    var api: APIInfo { context.spec.api }
    var clientName: String { SwiftNames.clientTypeName(apiName: api.name) }

    /// A runtime type name, qualified when the spec declares a type of the same name.
    func runtime(_ name: String) -> String {
        context.spec.type(named: name) == nil ? name : "SpecRuntime." + name
    }

    func translate() -> [Declaration] {
        var members: [Declaration] = []
        members.append(
            .property(
                PropertyDecl(
                    doc: ["The engine that builds, sends and retries requests."], access: access, isLet: true,
                    name: "core",
                    type: runtime("ClientCore"))))
        members.append(
            .property(
                PropertyDecl(
                    doc: enabledFeaturesDoc(), access: access, isLet: true, name: "enabledFeatures", type: "Set<String>"
                )))
        members.append(
            .property(
                PropertyDecl(
                    doc: ["The spec's base URL, default headers, error body shape and retry rules."], access: access,
                    modifiers: ["static"],
                    isLet: true,
                    name: "defaults", initializer: defaultsExpression())))
        members += initializers()
        members += authentication()
        for endpoint in context.spec.endpoints {
            members.append(.function(method(endpoint)))
            if let stream = endpoint.stream, endpoint.request != nil {
                members.append(.function(streamMethod(endpoint, stream)))
            }
        }
        members.append(requestOptions())
        if let features = featuresFunction() { members.append(features) }
        var doc = Documentation.lines(api.doc)
        if let title = api.title { doc = Documentation.joined([title], doc) }
        doc = Documentation.joined(
            doc,
            [
                "A client for the API, generated from the spec. Requests are validated before they are sent (see",
                "``ClientConfiguration/validatesRequests``); failures are thrown as ``APIError``.",
            ])
        return [
            .structure(
                StructDecl(
                    doc: doc, access: access, name: clientName, conformances: ["Sendable"], members: members))
        ]
    }

    func enabledFeaturesDoc() -> [String] {
        guard let header = api.featureHeader else {
            return ["The optional features requests may use."]
        }
        var doc = ["The beta features requests may use, sent in the `\(header)` header."]
        if !api.features.isEmpty {
            doc.append("")
            doc.append("Features the spec knows:")
            for feature in api.features {
                doc += Documentation.wrap("- `\(feature.name)`" + (feature.doc.map { ": " + $0 } ?? ""))
            }
        }
        return doc
    }

    func defaultsExpression() -> String {
        var headers: [String] = []
        for header in api.headers {
            if case .defaulted(let value) = header.value {
                headers.append("\(SwiftLiteral.string(header.name)): \(SwiftLiteral.string(value))")
            }
        }
        let headerList = headers.isEmpty ? "[:]" : "[" + headers.joined(separator: ", ") + "]"
        var arguments = ["baseURL: \(SwiftLiteral.string(api.baseURL))", "headers: \(headerList)"]
        if let shape = api.errors {
            var parts: [String] = []
            func path(_ label: String, _ path: [String]?) {
                if let path { parts.append("\(label): \(SwiftLiteral.stringArray(path))") }
            }
            path("type", shape.type)
            path("message", shape.message)
            path("requestID", shape.requestID)
            if let header = shape.requestIDHeader { parts.append("requestIDHeader: \(SwiftLiteral.string(header))") }
            arguments.append("errorShape: \(runtime("APIErrorShape"))(\(parts.joined(separator: ", ")))")
        }
        if let retry = api.retry {
            let statuses = retry.statuses.map { "\($0.lowerBound)...\($0.upperBound)" }.joined(separator: ", ")
            var parts = ["statuses: [\(statuses)]"]
            if let header = retry.shouldRetryHeader {
                parts.append("shouldRetryHeader: \(SwiftLiteral.string(header))")
            }
            if let header = retry.afterMillisecondsHeader {
                parts.append("afterMillisecondsHeader: \(SwiftLiteral.string(header))")
            }
            if let header = retry.afterHeader { parts.append("afterHeader: \(SwiftLiteral.string(header))") }
            arguments.append("retry: \(runtime("RetryRules"))(\(parts.joined(separator: ", ")))")
        }
        guard arguments.count > 2 else { return "\(runtime("APIDefaults"))(\(arguments.joined(separator: ", ")))" }
        // One argument per line, indented for the client's member level.
        return "\(runtime("APIDefaults"))(\n" + arguments.map { "        " + $0 }.joined(separator: ",\n") + ")"
    }

    // MARK: - Initializers

    func initializers() -> [Declaration] {
        var out: [Declaration] = []
        out.append(
            .function(
                FunctionDecl(
                    doc: [
                        "Creates a client from a full configuration.",
                        "",
                        "- Parameters:",
                        "  - configuration: Credentials, base URL, headers, timeouts, retries and transport.",
                        "  - enabledFeatures: The beta features requests may use.",
                    ],
                    access: access, kind: .initializer(failable: false),
                    parameters: [
                        Parameter(name: "configuration", type: runtime("ClientConfiguration")),
                        Parameter(name: "enabledFeatures", type: "Set<String>", defaultValue: "[]"),
                    ],
                    body: [
                        .code(
                            "self.core = \(runtime("ClientCore"))(configuration: configuration, defaults: Self.defaults)"
                        ),
                        .code("self.enabledFeatures = enabledFeatures"),
                    ])))
        for scheme in api.auth {
            let (label, what, value): (String, String, String)
            switch scheme {
            case .apiKey(let header):
                (label, what, value) = ("apiKey", "an API key, sent in the `\(header)` header", "Self.apiKey(apiKey)")
            case .bearer:
                (label, what, value) = (
                    "bearerToken", "a token, sent as `Authorization: Bearer`", "Self.bearerToken(bearerToken)"
                )
            }
            out.append(
                .function(
                    FunctionDecl(
                        doc: [
                            "Creates a client that authenticates with \(what).",
                            "",
                            "- Parameters:",
                            "  - \(label): The secret; it never appears in descriptions or errors.",
                            "  - baseURL: The base URL, or `nil` for `\(api.baseURL)`.",
                            "  - enabledFeatures: The beta features requests may use.",
                        ],
                        access: access, kind: .initializer(failable: false),
                        parameters: [
                            Parameter(name: label, type: "String"),
                            Parameter(name: "baseURL", type: "URL?", defaultValue: "nil"),
                            Parameter(name: "enabledFeatures", type: "Set<String>", defaultValue: "[]"),
                        ],
                        body: [
                            .code("self.init("),
                            .code(
                                "    configuration: \(runtime("ClientConfiguration"))(authentication: \(value), baseURL: baseURL),"
                            ),
                            .code("    enabledFeatures: enabledFeatures)"),
                        ])))
        }
        return out
    }

    func authentication() -> [Declaration] {
        api.auth.map { scheme in
            switch scheme {
            case .apiKey(let header):
                .function(
                    FunctionDecl(
                        doc: ["The credentials for an API key, sent in the `\(header)` header."], access: access,
                        modifiers: ["static"], kind: .function("apiKey"),
                        parameters: [Parameter(label: "_", name: "key", type: "String")],
                        returnType: runtime("Authentication"),
                        body: [.code(".apiKey(header: \(SwiftLiteral.string(header)), key)")]))
            case .bearer:
                .function(
                    FunctionDecl(
                        doc: ["The credentials for a token, sent as `Authorization: Bearer TOKEN`."], access: access,
                        modifiers: ["static"], kind: .function("bearerToken"),
                        parameters: [Parameter(label: "_", name: "token", type: "String")],
                        returnType: runtime("Authentication"),
                        body: [.code(".bearer(token)")]))
            }
        }
    }

    // MARK: - Endpoints

    func endpointExpression(_ endpoint: Endpoint) -> String {
        "\(runtime("EndpointDescription"))(method: \(SwiftLiteral.string(endpoint.method)), path: \(SwiftLiteral.string(endpoint.path)))"
    }

    func endpointDoc(_ endpoint: Endpoint, streaming: Bool) -> [String] {
        var doc = Documentation.lines(endpoint.doc)
        var route = "`\(endpoint.method) \(endpoint.path)`" + (streaming ? ", streamed as server-sent events." : ".")
        if let stream = endpoint.stream, let request = endpoint.request, let field = streamField(request, stream) {
            let other = streaming ? Names.escaped(endpoint.name) : Self.streamMethodName(endpoint.name)
            route +=
                streaming
                ? " This method turns the request's `\(field.property)` on; ``\(other)(_:options:)`` returns the"
                    + " whole response at once."
                : " The response comes whole: this method turns the request's `\(field.property)` off;"
                    + " ``\(other)(_:options:)`` receives it as server-sent events."
        }
        doc = Documentation.joined(doc, Documentation.wrap(route))
        var parameters: [String] = []
        if endpoint.request != nil {
            parameters.append("  - request: The request; it is validated first unless validation is turned off.")
        }
        parameters.append("  - options: Headers, timeout and retries for this call.")
        var text = ["- Parameters:"] + parameters
        if streaming {
            text.append("- Returns: The events as they arrive; the stream throws ``APIError`` on failure.")
        } else {
            text.append("- Returns: The decoded response.")
            var throwsLine = "- Throws: ``APIError``"
            if let error = endpoint.error {
                throwsLine +=
                    "; for an error status, `error.statusError?.decodeBody(as: \(context.swiftType(error)).self)`"
                throwsLine += " gives the typed body"
            }
            text.append(throwsLine + ".")
        }
        return Documentation.joined(doc, text.flatMap { Documentation.wrap($0) })
    }

    /// The pre-flight check of a call's request: with the headers the call sends and the
    /// configured model profiles when the request type has request rules.
    func validation(_ endpoint: Endpoint) -> String {
        if case .named(let name)? = endpoint.request, case .object(let object)? = context.spec.type(named: name)?.kind,
            !object.requestRules.isEmpty
        {
            return
                "request.validate(enabledFeatures: \(validationFeatures), headers: core.headerValues(options), models: core.configuration.modelProfiles)"
        }
        return "request.validate(enabledFeatures: \(validationFeatures))"
    }

    /// The features a call's request is validated with.
    var validationFeatures: String {
        api.featureHeader == nil ? "enabledFeatures" : "features(in: options)"
    }

    func method(_ endpoint: Endpoint) -> FunctionDecl {
        var parameters: [Parameter] = []
        var body: [Statement] = [.code("let options = requestOptions(options)")]
        if let request = endpoint.request {
            parameters.append(Parameter(label: "_", name: "request", type: context.swiftType(request)))
            if let stream = endpoint.stream, let field = streamField(request, stream) {
                body.append(.code("var request = request"))
                body.append(.code("request.\(field.property) = \(field.required ? "false" : "nil")"))
            }
            body += [
                .code("return try await core.send("),
                .code("    endpoint: \(endpointExpression(endpoint)),"),
                .code("    body: request, as: \(context.swiftType(endpoint.response)).self, options: options,"),
                .code("    validation: \(validation(endpoint)))"),
            ]
        } else {
            body += [
                .code("return try await core.send("),
                .code("    endpoint: \(endpointExpression(endpoint)),"),
                .code("    as: \(context.swiftType(endpoint.response)).self, options: options)"),
            ]
        }
        parameters.append(
            Parameter(name: "options", type: runtime("RequestOptions"), defaultValue: "\(runtime("RequestOptions"))()"))
        return FunctionDecl(
            doc: endpointDoc(endpoint, streaming: false), access: access, kind: .function(Names.escaped(endpoint.name)),
            parameters: parameters, isAsync: true, isThrowing: false,
            returnType: context.swiftType(endpoint.response), body: body
        ).throwing(runtime("APIError"))
    }

    func streamMethod(_ endpoint: Endpoint, _ stream: StreamSpec) -> FunctionDecl {
        var body: [Statement] = [.code("let options = requestOptions(options)")]
        var parameters: [Parameter] = []
        if let request = endpoint.request {
            parameters.append(Parameter(label: "_", name: "request", type: context.swiftType(request)))
            if let field = streamField(request, stream) {
                body.append(.code("var request = request"))
                body.append(.code("request.\(field.property) = true"))
            }
        }
        parameters.append(
            Parameter(name: "options", type: runtime("RequestOptions"), defaultValue: "\(runtime("RequestOptions"))()"))
        body += [
            .code("return core.stream("),
            .code("    endpoint: \(endpointExpression(endpoint)),"),
            .code("    body: request, eventType: \(stream.events).self,"),
            .code(
                "    endEvent: \(stream.end.map(SwiftLiteral.string) ?? "nil"), errorEvent: \(stream.error.map(SwiftLiteral.string) ?? "nil"),"
            ),
            .code("    options: options,"),
            .code("    validation: \(validation(endpoint)))"),
        ]
        return FunctionDecl(
            doc: endpointDoc(endpoint, streaming: true), access: access,
            kind: .function(Self.streamMethodName(endpoint.name)),
            parameters: parameters, returnType: "\(runtime("APIEventStream"))<\(stream.events)>", body: body)
    }

    /// `createMessage` → `streamMessage`; a one-word name gets a `Stream` suffix.
    static func streamMethodName(_ endpointName: String) -> String {
        let scalars = Array(endpointName.unicodeScalars)
        guard let split = scalars.firstIndex(where: { $0.properties.isUppercase }), split > 0 else {
            return endpointName + "Stream"
        }
        return "stream" + String(String.UnicodeScalarView(scalars[split...]))
    }

    /// The request's stream switch: its Swift property name and whether it is required.
    func streamField(_ request: TypeRef, _ stream: StreamSpec) -> (property: String, required: Bool)? {
        guard case .named(let name) = request, case .object(let object)? = context.decl(name)?.kind,
            let field = object.field(named: stream.field), field.constant == nil
        else { return nil }
        return (Names.escaped(Names.property(field.name)), field.required)
    }

    func requestOptions() -> Declaration {
        let fixed = api.headers.compactMap { header -> String? in
            guard case .fixed(let value) = header.value else { return nil }
            return "(\(SwiftLiteral.string(header.name)), \(SwiftLiteral.string(value)))"
        }
        let header = api.featureHeader.map(SwiftLiteral.string) ?? "nil"
        let call =
            "core.options(options, enabling: enabledFeatures, featureHeader: \(header)"
            + (fixed.isEmpty ? ")" : ", fixedHeaders: [\(fixed.joined(separator: ", "))])")
        return .function(
            FunctionDecl(
                doc: ["The call's options with the spec's fixed headers and the enabled features added."],
                access: .private, kind: .function("requestOptions"),
                parameters: [Parameter(label: "_", name: "options", type: runtime("RequestOptions"))],
                returnType: runtime("RequestOptions"), body: [.code(call)]))
    }

    /// The features a call may use: the enabled ones, and any named in the feature header of the configuration
    /// or the call (which override the enabled ones on the wire).
    func featuresFunction() -> Declaration? {
        guard let header = api.featureHeader else { return nil }
        return .function(
            FunctionDecl(
                doc: [
                    "The features a call may use: those its `\(header)` header names (the call's, else the",
                    "configuration's, else the enabled ones).",
                ],
                access: .private, kind: .function("features"),
                parameters: [Parameter(label: "in", name: "options", type: runtime("RequestOptions"))],
                returnType: "Set<String>",
                body: [
                    .code(
                        "core.features(in: options, enabled: enabledFeatures, featureHeader: \(SwiftLiteral.string(header)))"
                    )
                ]))
    }
}

extension FunctionDecl {
    /// The function with a typed `throws(E)` clause.
    func throwing(_ errorType: String) -> FunctionDecl {
        var copy = self
        copy.isThrowing = true
        copy.thrownType = errorType
        return copy
    }
}
