import Foundation

/// Everything a generated client method can throw.
///
/// No case, description or stored body contains the client's API key or token: occurrences echoed by the server
/// are replaced with `[REDACTED]`.
public enum APIError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The server answered with a status outside 200–299.
    case status(APIStatusError)
    /// A successful (2xx) stream carried an error event; its type and message are in the same shape as a status
    /// error, with the stream's status code.
    case streamError(APIStatusError)
    /// The connection could not be made or broke before the response was complete.
    case connection(reason: String)
    /// No complete answer arrived within the request timeout.
    case timeout(after: Duration)
    /// The calling task was cancelled.
    case cancelled
    /// The request failed validation before it was sent; only violations of severity `error` are listed.
    case invalidRequest([Violation])
    /// The response (or a stream event) could not be decoded into the expected type.
    case decoding(APIDecodingFailure)
    /// The stream ended without its final event (named in `expected`).
    case streamEndedEarly(expected: String)
    /// The response body is longer than the transport accepts.
    case responseTooLarge(limit: Int)
    /// The event stream broke the limits of the event decoder.
    case invalidStream(ServerSentEventError)

    /// The status error of ``status(_:)`` or ``streamError(_:)``.
    public var statusError: APIStatusError? {
        switch self {
        case .status(let error), .streamError(let error): error
        default: nil
        }
    }

    /// The HTTP status code, for errors that carry one.
    public var statusCode: Int? {
        switch self {
        case .status(let error), .streamError(let error): error.statusCode
        case .decoding(let failure): failure.statusCode
        default: nil
        }
    }

    /// A one-line summary.
    public var description: String {
        switch self {
        case .status(let error): error.description
        case .streamError(let error): "error event in stream: \(error.summary)"
        case .connection(let reason): "connection error: \(reason)"
        case .timeout(let duration): "request timed out after \(Self.format(duration))"
        case .cancelled: "request cancelled"
        case .invalidRequest(let violations):
            violations.count == 1
                ? "invalid request: \(violations[0])"
                : "invalid request (\(violations.count) violations): "
                    + violations.map(\.description).joined(separator: "; ")
        case .decoding(let failure): failure.description
        case .streamEndedEarly(let expected): "stream ended before '\(expected)'"
        case .responseTooLarge(let limit): "response body exceeds the limit of \(limit) bytes"
        case .invalidStream(let error): "invalid event stream: \(error)"
        }
    }

    /// The summary with the response headers and body, for logs and debugging.
    public var debugDescription: String {
        switch self {
        case .status(let error), .streamError(let error):
            "\(description)\n\(error.details)"
        case .decoding(let failure):
            "\(description)\nbody: \(APIStatusError.excerpt(failure.body, limit: 4096))"
        default:
            description
        }
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = (duration.inSeconds * 1000).rounded()
        guard milliseconds.isFinite, abs(milliseconds) < 1e15 else { return "\(duration)" }
        let whole = Int64(milliseconds)
        return whole % 1000 == 0 ? "\(whole / 1000) s" : "\(Double(whole) / 1000) s"
    }
}

/// An error response: an HTTP status outside 200–299, or an error event inside a stream.
public struct APIStatusError: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code (the stream's status, usually 200, for an error event).
    public var statusCode: Int
    /// The error type from the body, where the API's ``APIErrorShape`` says (e.g. `overloaded_error`), if any.
    public var type: String?
    /// The error message from the body, where the API's ``APIErrorShape`` says, else a common member, if any.
    public var message: String?
    /// The request id from the API's request-id header, or else from the body (see ``APIErrorShape``).
    public var requestID: String?
    /// The response headers.
    public var headers: HTTPHeaders
    /// The raw body (or event data), with secrets redacted.
    public var body: Data

    /// Creates a status error.
    public init(
        statusCode: Int, type: String? = nil, message: String? = nil, requestID: String? = nil,
        headers: HTTPHeaders = [:], body: Data = Data()
    ) {
        self.statusCode = statusCode
        self.type = type
        self.message = message
        self.requestID = requestID
        self.headers = headers
        self.body = body
    }

    /// The body as text (invalid UTF-8 replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body as JSON, if it is JSON.
    public var json: AnyJSON? { try? AnyJSON(parsing: body) }

    /// The body decoded as `type` (e.g. the spec's error type), if it decodes.
    public func decodeBody<T: Decodable>(as type: T.Type) -> T? {
        try? JSONDecoder().decode(type, from: body)
    }

    /// `STATUS type: message (request-id: ID)`; without a parsed message, an excerpt of the body.
    public var description: String { "\(statusCode) \(summary)" }

    var summary: String {
        var text: String
        switch (type, message) {
        case (let type?, let message?): text = "\(type): \(message)"
        case (let type?, nil): text = type
        case (nil, let message?): text = message
        case (nil, nil): text = body.isEmpty ? "(empty body)" : Self.excerpt(body, limit: 200)
        }
        if let requestID { text += " (request-id: \(requestID))" }
        return text
    }

    var details: String {
        var lines = ["headers:"]
        lines += headers.fields.map { "  \($0)" }
        lines.append("body: \(Self.excerpt(body, limit: 4096))")
        return lines.joined(separator: "\n")
    }

    static func excerpt(_ body: Data, limit: Int) -> String {
        let text = String(decoding: body.prefix(limit), as: UTF8.self)
        return body.count > limit ? text + "… (\(body.count) bytes)" : text
    }

    /// Reads an error body as `shape` describes it (for the Messages API
    /// `{"type":"error","error":{"type":…,"message":…},"request_id":…}`), tolerating missing fields and bodies that
    /// are not JSON; redacts secrets everywhere.
    static func parse(
        statusCode: Int, headers: HTTPHeaders, body: Data, shape: APIErrorShape, redactor: Redactor
    ) -> APIStatusError {
        let json = try? AnyJSON(parsing: body)
        func member(_ path: [String]?) -> AnyJSON? {
            guard let path, var value = json else { return nil }
            for name in path {
                guard let next = value[name] else { return nil }
                value = next
            }
            return value
        }
        let type = member(shape.type)?.stringValue
        let message =
            member(shape.message)?.stringValue ?? json?["error"]?.stringValue ?? json?["message"]?.stringValue
            ?? json?["error"]?["message"]?.stringValue
        let headerID = shape.requestIDHeader.flatMap { headers[$0]?.trimmingCharacters(in: .whitespaces) }
        let requestID = (headerID?.isEmpty == false ? headerID : nil) ?? member(shape.requestID)?.stringValue
        return APIStatusError(
            statusCode: statusCode, type: type.map(redactor.redact), message: message.map(redactor.redact),
            requestID: requestID.map(redactor.redact), headers: redactor.redact(headers), body: redactor.redact(body))
    }
}

/// A response or stream event that did not decode into the expected type.
public struct APIDecodingFailure: Sendable, Hashable, CustomStringConvertible {
    /// The Swift type that was expected.
    public var typeName: String
    /// Why decoding failed, with the coding path.
    public var reason: String
    /// The HTTP status code of the response.
    public var statusCode: Int
    /// The raw bytes (the body, or the event's data), with secrets redacted.
    public var body: Data

    /// Creates a decoding failure.
    public init(typeName: String, reason: String, statusCode: Int, body: Data) {
        self.typeName = typeName
        self.reason = reason
        self.statusCode = statusCode
        self.body = body
    }

    /// The body as text (invalid UTF-8 replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// `could not decode TYPE: reason`.
    public var description: String { "could not decode \(typeName) from the response: \(reason)" }

    static func make(
        _ type: Any.Type, error: any Error, statusCode: Int, body: Data, redactor: Redactor
    ) -> APIDecodingFailure {
        APIDecodingFailure(
            typeName: String(describing: type), reason: redactor.redact(describe(error)), statusCode: statusCode,
            body: redactor.redact(body))
    }

    static func describe(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "at the top level" : "at \(text.hasPrefix(".") ? String(text.dropFirst()) : text)"
        }
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): missing \(type) value: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath)): missing key '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
