/// A resolved spec: every name checked, every type reference valid.
///
/// This is the boundary between the resolve stage and its consumers (the JSON validator and the
/// generator). Collections keep the order of the source file, so output is stable.
public struct Spec: Hashable, Sendable {
    /// The path the spec was read from.
    public var file: String
    /// The format version (always 1 for now).
    public var version: Int
    /// API metadata.
    public var api: APIInfo
    /// Endpoints in source order.
    public var endpoints: [Endpoint]
    /// Types in source order (inline unions synthesized by the resolver follow their owner).
    public var types: [TypeDecl]

    /// Model profiles that request rules read with `{model: NAME}`.
    public var models: ModelCatalog

    /// Creates a spec.
    public init(
        file: String, version: Int, api: APIInfo, endpoints: [Endpoint], types: [TypeDecl],
        models: ModelCatalog = .empty
    ) {
        self.file = file
        self.models = models
        self.version = version
        self.api = api
        self.endpoints = endpoints
        self.types = types
        self.typeIndex = Dictionary(types.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    private var typeIndex: [String: Int]

    /// The type declared with `name`.
    public func type(named name: String) -> TypeDecl? {
        typeIndex[name].map { types[$0] }
    }

    /// The endpoint called `name`.
    public func endpoint(named name: String) -> Endpoint? {
        endpoints.first { $0.name == name }
    }
}

/// API-wide metadata.
public struct APIInfo: Hashable, Sendable {
    /// The Swift-facing name; the client type is `<name>Client`.
    public var name: String
    /// A human title.
    public var title: String?
    /// Documentation.
    public var doc: String?
    /// The default base URL.
    public var baseURL: String
    /// Accepted auth schemes, in order of preference.
    public var auth: [AuthScheme]
    /// Headers sent with every request.
    public var headers: [HeaderSpec]
    /// Optional features that payloads may use only when enabled.
    public var features: [Feature]
    /// Where error responses carry their type, message and request id (`api.errors`); `nil` when the spec
    /// declares nothing and clients read only the common `message` and `error` members.
    public var errors: ErrorBodyShape?
    /// Which failures are retried and the server's retry hints (`api.retry`); `nil` for the plain HTTP rules.
    public var retry: RetrySettings?

    /// Creates API metadata.
    public init(
        name: String, title: String? = nil, doc: String? = nil, baseURL: String, auth: [AuthScheme] = [],
        headers: [HeaderSpec] = [], features: [Feature] = [], errors: ErrorBodyShape? = nil,
        retry: RetrySettings? = nil
    ) {
        self.name = name
        self.title = title
        self.doc = doc
        self.baseURL = baseURL
        self.auth = auth
        self.headers = headers
        self.features = features
        self.errors = errors
        self.retry = retry
    }

    /// The values of the fixed and defaulted headers, by lowercased name: what request rules see
    /// when a request sets no header of its own.
    public var defaultHeaderValues: [String: String] {
        var values: [String: String] = [:]
        for header in headers {
            switch header.value {
            case .fixed(let v), .defaulted(let v): values[header.name.lowercased()] = v
            case .features: break
            }
        }
        return values
    }

    /// The header that carries enabled feature names, if any.
    public var featureHeader: String? { headers.first { $0.carriesFeatures }?.name }
}

/// How a client authenticates.
public enum AuthScheme: Hashable, Sendable {
    /// An API key sent in the named header.
    case apiKey(header: String)
    /// `Authorization: Bearer <token>`.
    case bearer
}

/// A header the client sends.
public struct HeaderSpec: Hashable, Sendable {
    /// The header name.
    public var name: String
    /// What the client sends.
    public var value: Value
    /// Documentation.
    public var doc: String?

    /// How the header value is chosen.
    public enum Value: Hashable, Sendable {
        /// Always this value.
        case fixed(String)
        /// This value unless the caller sets another.
        case defaulted(String)
        /// The enabled feature names, comma-separated.
        case features
    }

    /// Creates a header.
    public init(name: String, value: Value, doc: String? = nil) {
        self.name = name
        self.value = value
        self.doc = doc
    }

    /// Whether the header carries feature names.
    public var carriesFeatures: Bool { value == .features }
}

/// An optional, named feature (e.g. an `anthropic-beta` value).
public struct Feature: Hashable, Sendable {
    /// The feature name as sent on the wire.
    public var name: String
    /// What it enables.
    public var doc: String?

    /// Creates a feature.
    public init(name: String, doc: String? = nil) {
        self.name = name
        self.doc = doc
    }
}

/// One HTTP endpoint.
public struct Endpoint: Hashable, Sendable {
    /// The endpoint name, used for the client method (`createMessage`).
    public var name: String
    /// Documentation.
    public var doc: String?
    /// The HTTP method.
    public var method: String
    /// The path below the base URL.
    public var path: String
    /// The request body type, if the endpoint takes a body.
    public var request: TypeRef?
    /// The success body type.
    public var response: TypeRef
    /// The error body type.
    public var error: TypeRef?
    /// Streaming support.
    public var stream: StreamSpec?
    /// Where the endpoint is declared.
    public var location: SourceLocation
    /// Where its parts are written.
    public var partLocations: PartLocations

    /// Where the parts of an endpoint are written in the spec, for diagnostics.
    public struct PartLocations: Hashable, Sendable {
        /// The `request` type.
        public var request: SourceLocation?
        /// The `response` type.
        public var response: SourceLocation?
        /// The `error` type.
        public var error: SourceLocation?
        /// The `stream.field` name.
        public var streamField: SourceLocation?
        /// The `stream.events` type.
        public var streamEvents: SourceLocation?
        /// The `stream.end` tag.
        public var streamEnd: SourceLocation?
        /// The `stream.error` tag.
        public var streamError: SourceLocation?

        /// No locations.
        public init() {}
    }

    /// Creates an endpoint.
    public init(
        name: String, doc: String? = nil, method: String, path: String, request: TypeRef?, response: TypeRef,
        error: TypeRef? = nil, stream: StreamSpec? = nil, location: SourceLocation,
        partLocations: PartLocations = PartLocations()
    ) {
        self.partLocations = partLocations
        self.name = name
        self.doc = doc
        self.method = method
        self.path = path
        self.request = request
        self.response = response
        self.error = error
        self.stream = stream
        self.location = location
    }
}

/// How an endpoint streams its response as server-sent events.
public struct StreamSpec: Hashable, Sendable {
    /// The request boolean field that turns streaming on.
    public var field: String
    /// The discriminated union of events; its tags are the SSE `event:` names.
    public var events: String
    /// The tag of the last event of a complete stream.
    public var end: String?
    /// The tag of an event that carries an error.
    public var error: String?

    /// Creates a stream description.
    public init(field: String, events: String, end: String? = nil, error: String? = nil) {
        self.field = field
        self.events = events
        self.end = end
        self.error = error
    }
}

/// Where an API's error responses (and stream error events) carry their parts: member paths into the JSON body,
/// e.g. `["error", "message"]` for `{"error": {"message": …}}`.
public struct ErrorBodyShape: Hashable, Sendable {
    /// The path of the error's type, e.g. `invalid_request_error`.
    public var type: [String]?
    /// The path of the human-readable message.
    public var message: [String]?
    /// The path of the request id in the body.
    public var requestID: [String]?
    /// The response header with the request id (preferred over the body's).
    public var requestIDHeader: String?

    /// Creates a shape.
    public init(
        type: [String]? = nil, message: [String]? = nil, requestID: [String]? = nil, requestIDHeader: String? = nil
    ) {
        self.type = type
        self.message = message
        self.requestID = requestID
        self.requestIDHeader = requestIDHeader
    }
}

/// When a failed call is retried, and which response headers tell the client whether and when to.
public struct RetrySettings: Hashable, Sendable {
    /// The statuses retried when no header decides, as inclusive ranges (`429` is `429...429`).
    public var statuses: [ClosedRange<Int>]
    /// A header whose `true` or `false` overrides the status (e.g. `x-should-retry`).
    public var shouldRetryHeader: String?
    /// A header with the delay in milliseconds (e.g. `retry-after-ms`), read before `afterHeader`.
    public var afterMillisecondsHeader: String?
    /// A header with the delay in seconds or as an HTTP date (`retry-after`, RFC 9110).
    public var afterHeader: String?

    /// Creates settings.
    public init(
        statuses: [ClosedRange<Int>], shouldRetryHeader: String? = nil, afterMillisecondsHeader: String? = nil,
        afterHeader: String? = nil
    ) {
        self.statuses = statuses
        self.shouldRetryHeader = shouldRetryHeader
        self.afterMillisecondsHeader = afterMillisecondsHeader
        self.afterHeader = afterHeader
    }
}
