import AnthropicMessages
import Foundation
import SpecRuntime
import Testing

/// A transport that records requests and answers with canned responses.
final class StubTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `sent` is guarded by `lock`; `reply` never changes.
    let reply: @Sendable (HTTPRequest) -> (status: Int, body: String)
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []

    init(reply: @escaping @Sendable (HTTPRequest) -> (status: Int, body: String)) {
        self.reply = reply
    }

    var requests: [HTTPRequest] { lock.withLock { sent } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { sent.append(request) }
        let (status, body) = reply(request)
        return HTTPResponse(status: status, headers: ["content-type": "application/json"], body: Data(body.utf8))
    }

    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        lock.withLock { sent.append(request) }
        let (status, body) = reply(request)
        let chunks = Array(body.utf8).chunked(into: 7)
        return HTTPStreamingResponse(
            status: status, headers: ["content-type": "text/event-stream"],
            body: AsyncThrowingStream { continuation in
                for chunk in chunks { continuation.yield(chunk) }
                continuation.finish()
            })
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

/// The client over a stub transport, in process: what it sends (URL, headers, body), how it decodes, and the
/// pre-flight checks (request rules, features). `ClientTests` covers the same client against the loopback server.
@Suite struct ClientInProcessTests {
    static let request = MessageCreateParams(
        model: "claude-sonnet-4-5", messages: [InputMessage(role: .user, content: .text("Hello"))], maxTokens: 1024)

    static func client(_ transport: StubTransport, features: Set<String> = []) -> AnthropicMessagesClient {
        AnthropicMessagesClient(
            configuration: ClientConfiguration(
                authentication: AnthropicMessagesClient.apiKey("sk-test"),
                baseURL: URL(string: "https://proxy.example.com/anthropic"), maxRetries: 0, transport: transport),
            enabledFeatures: features)
    }

    @Test func createMessageSendsTheSpecHeadersAndDecodesTheMessage() async throws {
        let transport = StubTransport { _ in
            (
                200,
                #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi!"},{"type":"future_block","x":1}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":2},"brand_new":true}"#
            )
        }
        let message = try await Self.client(
            transport, features: ["files-api-2025-04-14", "context-management-2025-06-27"]
        )
        .createMessage(Self.request)
        #expect(message.content.first == .text(TextBlock(text: "Hi!")))
        #expect(message.content.last == .unknown(["type": "future_block", "x": 1]))
        #expect(message.stopReason == .value(.endTurn))
        let sent = try #require(transport.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.url.absoluteString == "https://proxy.example.com/anthropic/v1/messages")
        #expect(sent.headers["x-api-key"] == "sk-test")
        #expect(sent.headers["anthropic-version"] == "2026-10-21")
        #expect(sent.headers["anthropic-beta"] == "context-management-2025-06-27,files-api-2025-04-14")
        let body = try AnyJSON(parsing: try #require(sent.body))
        #expect(body["max_tokens"] == 1024)
        #expect(body["stream"] == nil)
    }

    @Test func streamMessageYieldsEventsThatAccumulate() async throws {
        let sse = [
            (
                "message_start",
                #"{"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}"#
            ),
            (
                "content_block_start",
                #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#
            ),
            ("ping", #"{"type": "ping"}"#),
            (
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"#
            ),
            (
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}"#
            ),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            (
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}"#
            ),
            ("message_stop", #"{"type":"message_stop"}"#),
        ].map { "event: \($0.0)\ndata: \($0.1)\n\n" }.joined()
        let transport = StubTransport { _ in (200, sse) }
        let message = try await MessageAccumulator.message(from: Self.client(transport).streamMessage(Self.request))
        #expect(message.content == [.text(TextBlock(text: "Hello there"))])
        #expect(message.usage.outputTokens == 4)
        let body = try AnyJSON(parsing: try #require(transport.requests.first?.body))
        #expect(body["stream"] == true)
        #expect(transport.requests.first?.headers["accept"] == "text/event-stream")
    }

    /// The violations a call was stopped with before anything was sent; records an issue when it was not
    /// stopped by `APIError.invalidRequest`.
    static func preflightViolations<T>(
        _ call: () async throws -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async -> [Violation] {
        do {
            _ = try await call()
            Issue.record("expected APIError.invalidRequest", sourceLocation: sourceLocation)
        } catch let error as APIError {
            if case .invalidRequest(let violations) = error { return violations }
            Issue.record("expected APIError.invalidRequest, got \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
        return []
    }

    @Test func invalidRequestsAreNotSent() async throws {
        let transport = StubTransport { _ in (200, "{}") }
        var request = Self.request
        request.temperature = 3
        request.messages = []
        let violations = await Self.preflightViolations { try await Self.client(transport).createMessage(request) }
        #expect(violations.map(\.pointer).contains("/temperature"))
        #expect(transport.requests.isEmpty)
    }

    /// The pre-flight check applies the spec's request rules with the configured model profiles and the
    /// headers the call sends.
    @Test func requestRulesUseModelProfilesAndTheSentHeaders() async throws {
        let ok =
            #"{"id":"m","type":"message","role":"assistant","model":"x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#
        let transport = StubTransport { _ in (200, ok) }
        var request = Self.request
        request.model = "claude-opus-4-7"
        request.temperature = 0.5
        let violations = await Self.preflightViolations { try await Self.client(transport).createMessage(request) }
        #expect(violations.map(\.rule) == ["rule.model-temperature"])
        #expect(violations.first?.pointer == "/temperature")
        #expect(transport.requests.isEmpty)

        // A user profile for the model that says it accepts sampling parameters wins over the spec's.
        let profiles = ModelCatalog(profiles: [
            ModelProfile(match: ["claude-opus-4-7"], properties: ["family": .string("mine"), "sampling": .bool(true)])
        ])
        let configured = AnthropicMessagesClient(
            configuration: ClientConfiguration(
                authentication: AnthropicMessagesClient.apiKey("sk-test"), maxRetries: 0, transport: transport,
                modelProfiles: profiles))
        _ = try await configured.createMessage(request)
        #expect(transport.requests.count == 1)

        // A system message is valid with the default API version, not with the 2023-06-01 a call sends.
        var system = Self.request
        system.messages.insert(InputMessage(role: .system, content: .text("Be brief.")), at: 0)
        _ = try await Self.client(transport).createMessage(system)
        #expect(transport.requests.count == 2)
        let old = RequestOptions(headers: ["anthropic-version": "2023-06-01"])
        let versioned = await Self.preflightViolations {
            try await Self.client(transport).createMessage(system, options: old)
        }
        #expect(versioned.map(\.rule) == ["rule.system-message-needs-api-version"])
        #expect(versioned.first?.pointer == "/messages/0/role")
        #expect(transport.requests.count == 2)
    }

    @Test func featuresNamedInTheCallOrConfigurationHeaderAreAllowed() async throws {
        let transport = StubTransport { _ in
            (
                200,
                #"{"id":"m","type":"message","role":"assistant","model":"x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#
            )
        }
        var request = Self.request
        request.contextManagement = .value(ContextManagementConfig())
        let violations = await Self.preflightViolations { try await Self.client(transport).createMessage(request) }
        #expect(violations.map(\.rule) == ["beta"])
        let beta = "context-management-2025-06-27"
        _ = try await Self.client(transport, features: ["files-api-2025-04-14"])
            .createMessage(request, options: RequestOptions(headers: ["anthropic-beta": beta]))
        #expect(transport.requests.last?.headers["anthropic-beta"] == beta)
        let configured = AnthropicMessagesClient(
            configuration: ClientConfiguration(
                authentication: .bearer("t"), headers: ["anthropic-beta": beta], maxRetries: 0, transport: transport),
            enabledFeatures: ["files-api-2025-04-14"])
        _ = try await configured.createMessage(request)
        #expect(transport.requests.last?.headers["anthropic-beta"] == beta)
        #expect(transport.requests.last?.headers["authorization"] == "Bearer t")
    }

    @Test func errorStatusCarriesTheTypedBody() async throws {
        let transport = StubTransport { _ in
            (529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#)
        }
        do {
            _ = try await Self.client(transport).createMessage(Self.request)
            Issue.record("expected an error")
        } catch {
            #expect(error.statusCode == 529)
            let body = error.statusError?.decodeBody(as: ErrorResponse.self)
            #expect(body?.error.message == "Overloaded")
            #expect(body?.error.type == .overloadedError)
        }
    }
}
