import Foundation

/// An HTTP request as a transport sends it.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The method, e.g. `POST`.
    public var method: String
    /// The absolute URL.
    public var url: URL
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: Data?
    /// How long the transport may wait for the server; for streams, the longest silence between two body chunks.
    ///
    /// The client also enforces its own deadline, so a transport may treat this as a hint.
    public var timeout: Duration

    /// Creates a request.
    public init(
        method: String, url: URL, headers: HTTPHeaders = [:], body: Data? = nil, timeout: Duration = .seconds(600)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// `METHOD URL` and the number of body bytes; never header values.
    public var description: String {
        "\(method) \(url.absoluteString) (\(body?.count ?? 0) body bytes)"
    }
}

/// A complete HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields.
    public var headers: HTTPHeaders
    /// The whole body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response whose body arrives in chunks.
public struct HTTPStreamingResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body chunks in order, as they arrive. Ending iteration early (or cancelling the iterating task) must
    /// stop the underlying network transfer.
    public var body: AsyncThrowingStream<[UInt8], any Error>

    /// Creates a streaming response.
    public init(status: Int, headers: HTTPHeaders = [:], body: AsyncThrowingStream<[UInt8], any Error>) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends HTTP requests. Implement it to use another HTTP stack or to stub the network in tests.
///
/// Transports report failures by throwing ``HTTPTransportError`` (or `CancellationError` when the calling task was
/// cancelled); the client treats any other error as a connection failure. A transport must honour task
/// cancellation promptly.
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the complete response, whatever its status.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Sends a request and returns as soon as the status and headers arrived; the body follows as a stream.
    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse
}

/// Failures a transport reports.
public enum HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The connection could not be made or broke; the text says why.
    case connectionFailed(String)
    /// The server did not answer in time.
    case timedOut
    /// The response body is longer than the transport accepts.
    case responseTooLarge(limit: Int)

    /// What went wrong, in words.
    public var description: String {
        switch self {
        case .connectionFailed(let reason): "connection failed: \(reason)"
        case .timedOut: "the request timed out"
        case .responseTooLarge(let limit): "the response body exceeds the limit of \(limit) bytes"
        }
    }
}
