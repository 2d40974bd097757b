import Foundation

@testable import SpecRuntime

/// A scripted transport: `reply` gets each request and its 1-based attempt number.
final class MockTransport: HTTPTransport {
    enum Reply: Sendable {
        case response(HTTPResponse)
        /// A streaming response whose body yields `chunks`, then fails with `error` if given.
        case stream(status: Int, headers: HTTPHeaders, chunks: [String], error: HTTPTransportError?)
        case failure(HTTPTransportError)
        case hang
    }

    let received = Locked<[HTTPRequest]>([])
    let reply: @Sendable (HTTPRequest, Int) -> Reply

    init(reply: @escaping @Sendable (HTTPRequest, Int) -> Reply) { self.reply = reply }

    var requests: [HTTPRequest] { received.withLock { $0 } }

    private func next(_ request: HTTPRequest) async throws -> Reply {
        let attempt = received.withLock { requests in
            requests.append(request)
            return requests.count
        }
        let reply = reply(request, attempt)
        switch reply {
        case .failure(let error): throw error
        case .hang:
            try await Task.sleep(for: .seconds(3600))
            throw CancellationError()
        default: return reply
        }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        switch try await next(request) {
        case .response(let response): return response
        case .stream(let status, let headers, let chunks, let error):
            if let error { throw error }
            return HTTPResponse(status: status, headers: headers, body: Data(chunks.joined().utf8))
        case .failure, .hang: throw CancellationError()
        }
    }

    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        switch try await next(request) {
        case .response(let response):
            return HTTPStreamingResponse(
                status: response.status, headers: response.headers,
                body: AsyncThrowingStream { continuation in
                    continuation.yield([UInt8](response.body))
                    continuation.finish()
                })
        case .stream(let status, let headers, let chunks, let error):
            return HTTPStreamingResponse(
                status: status, headers: headers,
                body: AsyncThrowingStream { continuation in
                    for chunk in chunks { continuation.yield(Array(chunk.utf8)) }
                    continuation.finish(throwing: error)
                })
        case .failure, .hang: throw CancellationError()
        }
    }
}

/// Stand-ins for generated types.
struct TestMessage: Codable, Hashable, Sendable {
    var id: String
    var text: String
}

struct TestParams: Codable, Hashable, Sendable {
    var model: String
    var maxTokens: Int
    var stream: Bool?

    enum CodingKeys: String, CodingKey {
        case model
        case maxTokens = "max_tokens"
        case stream
    }
}

/// A stand-in for a generated event union: the `type` field picks the case; unknown types are kept.
enum TestEvent: Decodable, Hashable, Sendable {
    case messageStart(id: String)
    case ping
    case textDelta(String)
    case messageStop
    case other(type: String, raw: AnyJSON)

    private enum Keys: String, CodingKey { case type }

    init(from decoder: any Decoder) throws {
        let raw = try AnyJSON(from: decoder)
        let type = raw["type"]?.stringValue ?? ""
        switch type {
        case "message_start": self = .messageStart(id: raw["message"]?["id"]?.stringValue ?? "")
        case "ping": self = .ping
        case "content_block_delta": self = .textDelta(raw["delta"]?["text"]?.stringValue ?? "")
        case "message_stop": self = .messageStop
        case "":
            throw DecodingError.keyNotFound(
                Keys.type,
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "no type"))
        default: self = .other(type: type, raw: raw)
        }
    }
}

/// The error body shape and retry rules the runtime tests' API declares (those of the Messages spec), so that the
/// tests exercise spec-declared hints; `RetryRules.http` and `APIErrorShape.plain` are the runtime's own defaults.
enum TestAPI {
    static let errorShape = APIErrorShape(
        type: ["error", "type"], message: ["error", "message"], requestID: ["request_id"], requestIDHeader: "request-id"
    )
    static let retry = RetryRules(
        statuses: [408...408, 409...409, 429...429, 500...599], shouldRetryHeader: "x-should-retry",
        afterMillisecondsHeader: "retry-after-ms", afterHeader: "retry-after")
}
