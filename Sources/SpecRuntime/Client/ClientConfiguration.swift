import Foundation

/// How the client proves who it is. Descriptions and mirrors never show the secret.
public enum Authentication: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// An API key sent in the header `header` (e.g. `x-api-key`).
    case apiKey(header: String, String)
    /// A token sent as `Authorization: Bearer TOKEN`.
    case bearer(String)

    /// The secret.
    var secret: String {
        switch self {
        case .apiKey(_, let key): key
        case .bearer(let token): token
        }
    }

    /// The header that carries the secret.
    var header: HTTPHeader {
        switch self {
        case .apiKey(let name, let key): HTTPHeader(name: name, value: key)
        case .bearer(let token): HTTPHeader(name: "authorization", value: "Bearer \(token)")
        }
    }

    /// `apiKey(header: NAME, [REDACTED])` or `bearer([REDACTED])`.
    public var description: String {
        switch self {
        case .apiKey(let name, _): "apiKey(header: \(name), \(Redactor.placeholder))"
        case .bearer: "bearer(\(Redactor.placeholder))"
        }
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without the secret.
    public var customMirror: Mirror { Mirror(self, children: ["scheme": description]) }
}

/// Sleeping, jitter and the wall clock used between retries; replace them in tests to avoid real waits.
public struct RetryEnvironment: Sendable {
    /// Waits for the given duration; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A random number in `0..<1` for the backoff jitter.
    public var random: @Sendable () -> Double
    /// The current time, to read `retry-after` dates.
    public var now: @Sendable () -> Date

    /// Creates an environment.
    public init(
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        random: @escaping @Sendable () -> Double,
        now: @escaping @Sendable () -> Date
    ) {
        self.sleep = sleep
        self.random = random
        self.now = now
    }

    /// Real sleeping, system randomness and the system clock.
    public static let live = RetryEnvironment(
        sleep: { try await Task.sleep(for: $0) },
        random: { Double.random(in: 0..<1) },
        now: { Date() })
}

/// The settings of a client. Values the spec provides (the base URL and default headers) come separately as
/// ``APIDefaults`` from the generated code; these settings override them.
public struct ClientConfiguration: Sendable, CustomStringConvertible {
    /// The base URL; `nil` uses the spec's. A path in it (e.g. a proxy prefix) is kept: endpoint paths are appended.
    public var baseURL: URL?
    /// The credentials, or `nil` to send none.
    public var authentication: Authentication?
    /// Headers sent with every request, overriding the spec's defaults and the client's own headers.
    public var headers: HTTPHeaders
    /// How long one attempt may take: for a plain request until the whole response arrived, for a stream until its
    /// headers arrived and then as the longest silence between chunks (enforced by the transport). Default 600 s.
    public var timeout: Duration
    /// How many times a failed request is retried (so at most `maxRetries + 1` attempts). Default 2.
    public var maxRetries: Int
    /// Whether generated methods validate requests before sending them. Default `true`.
    public var validatesRequests: Bool
    /// The HTTP stack.
    public var transport: any HTTPTransport
    /// Sleeping, jitter and clock for retries.
    public var retryEnvironment: RetryEnvironment
    /// The longest line a server-sent event stream may send (default 1 MiB); a longer one fails
    /// the stream with ``APIError/invalidStream(_:)`` instead of growing memory.
    public var maximumStreamLineLength: Int
    /// The largest server-sent event (default 16 MiB).
    public var maximumStreamEventSize: Int
    /// Model profiles that take precedence over the spec's in pre-flight request rules (a model the
    /// spec does not know yet, or a gateway's own ids). Default `nil`: the spec's profiles only.
    public var modelProfiles: ModelCatalog?

    /// Creates a configuration.
    public init(
        authentication: Authentication?,
        baseURL: URL? = nil,
        headers: HTTPHeaders = [:],
        timeout: Duration = .seconds(600),
        maxRetries: Int = 2,
        validatesRequests: Bool = true,
        transport: any HTTPTransport = URLSessionTransport.shared,
        retryEnvironment: RetryEnvironment = .live,
        maximumStreamLineLength: Int = ServerSentEventDecoder.defaultMaximumLineLength,
        maximumStreamEventSize: Int = ServerSentEventDecoder.defaultMaximumEventSize,
        modelProfiles: ModelCatalog? = nil
    ) {
        self.modelProfiles = modelProfiles
        self.maximumStreamLineLength = maximumStreamLineLength
        self.maximumStreamEventSize = maximumStreamEventSize
        self.authentication = authentication
        self.baseURL = baseURL
        self.headers = headers
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.validatesRequests = validatesRequests
        self.transport = transport
        self.retryEnvironment = retryEnvironment
    }

    /// The settings, without secrets.
    public var description: String {
        var parts = ["authentication: \(authentication.map(\.description) ?? "none")"]
        if let baseURL { parts.append("baseURL: \(baseURL.absoluteString)") }
        if !headers.isEmpty {
            parts.append("headers: [\(headers.fields.map(\.description).joined(separator: ", "))]")
        }
        parts.append("timeout: \(APIError.format(timeout))")
        parts.append("maxRetries: \(maxRetries)")
        parts.append("validatesRequests: \(validatesRequests)")
        return "ClientConfiguration(\(parts.joined(separator: ", ")))"
    }
}

/// What the spec says about every request: passed by generated code.
public struct APIDefaults: Sendable, Hashable {
    /// The spec's base URL, e.g. `https://api.anthropic.com`.
    public var baseURL: String
    /// The spec's default headers, e.g. `anthropic-version: 2023-06-01`.
    public var headers: HTTPHeaders
    /// Where the API's error bodies carry their type, message and request id (`api.errors` of the spec).
    public var errorShape: APIErrorShape
    /// Which failures are retried, and the API's retry-hint headers (`api.retry` of the spec).
    public var retry: RetryRules

    /// Creates the defaults.
    public init(
        baseURL: String, headers: HTTPHeaders = [:], errorShape: APIErrorShape = .plain, retry: RetryRules = .http
    ) {
        self.baseURL = baseURL
        self.headers = headers
        self.errorShape = errorShape
        self.retry = retry
    }
}

/// Where an API's error responses and stream error events carry their parts: member paths into the JSON body,
/// e.g. `["error", "message"]` for `{"error": {"message": "…"}}`. Generated clients take it from the spec.
public struct APIErrorShape: Sendable, Hashable {
    /// The path of the error's type.
    public var type: [String]?
    /// The path of the message. When it is absent or finds nothing, the common places are tried: `error` (a
    /// string), `message`, `error.message`.
    public var message: [String]?
    /// The path of the request id in the body.
    public var requestID: [String]?
    /// The response header with the request id, preferred over the body's.
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

    /// No declared shape: only the common message members are read.
    public static let plain = APIErrorShape()
}

/// When a failed call is retried and which response headers tell the client whether and when. Generated clients
/// take them from the spec; connection errors and timeouts are always retried.
public struct RetryRules: Sendable, Hashable {
    /// The statuses retried when no header decides.
    public var statuses: [ClosedRange<Int>]
    /// A header whose `true` or `false` overrides the status.
    public var shouldRetryHeader: String?
    /// A header with the server's delay in milliseconds, read before ``afterHeader``.
    public var afterMillisecondsHeader: String?
    /// A header with the server's delay in seconds or as an HTTP date.
    public var afterHeader: String?

    /// Creates rules.
    public init(
        statuses: [ClosedRange<Int>], shouldRetryHeader: String? = nil, afterMillisecondsHeader: String? = nil,
        afterHeader: String? = nil
    ) {
        self.statuses = statuses
        self.shouldRetryHeader = shouldRetryHeader
        self.afterMillisecondsHeader = afterMillisecondsHeader
        self.afterHeader = afterHeader
    }

    /// Plain HTTP (RFC 9110): 408, 429 and 5xx are retried, honouring `retry-after`.
    public static let http = RetryRules(statuses: [408...408, 429...429, 500...599], afterHeader: "retry-after")

    /// Whether `status` is retried.
    public func retries(_ status: Int) -> Bool { statuses.contains { $0.contains(status) } }
}

/// Settings for one call that override the client's.
public struct RequestOptions: Sendable {
    /// Extra headers, overriding all others.
    public var headers: HTTPHeaders
    /// The timeout of this call.
    public var timeout: Duration?
    /// The retries of this call.
    public var maxRetries: Int?

    /// Creates options.
    public init(headers: HTTPHeaders = [:], timeout: Duration? = nil, maxRetries: Int? = nil) {
        self.headers = headers
        self.timeout = timeout
        self.maxRetries = maxRetries
    }
}

/// An endpoint: method and path below the base URL.
public struct EndpointDescription: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The path, starting with `/`, e.g. `/v1/messages`.
    public var path: String

    /// Creates an endpoint description.
    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// `METHOD path`.
    public var description: String { "\(method) \(path)" }
}
