import Foundation
import TestSupport
import Testing

@testable import SpecRuntime

// No wall-clock upper bounds: a hang is caught by the time limit, and the error case proves the behaviour.
@Suite(.timeLimit(.minutes(5))) struct ClientCoreTests {
    static let key = "sk-ant-test-SECRETKEY"
    static let endpoint = EndpointDescription(method: "POST", path: "/v1/messages")
    static let defaults = APIDefaults(
        baseURL: "https://api.example.com", headers: ["anthropic-version": "2023-06-01", "anthropic-beta": "a"],
        errorShape: TestAPI.errorShape, retry: TestAPI.retry)
    let params = TestParams(model: "claude-test", maxTokens: 16, stream: nil)

    func core(
        _ transport: MockTransport, recorder: SleepRecorder = SleepRecorder(), maxRetries: Int = 2,
        configure: (inout ClientConfiguration) -> Void = { _ in }
    ) -> ClientCore {
        var configuration = ClientConfiguration(
            authentication: .apiKey(header: "x-api-key", Self.key), maxRetries: maxRetries, transport: transport,
            retryEnvironment: recorder.environment)
        configure(&configuration)
        return ClientCore(configuration: configuration, defaults: Self.defaults)
    }

    static func json(_ status: Int, _ text: String, headers: HTTPHeaders = [:]) -> MockTransport.Reply {
        .response(HTTPResponse(status: status, headers: headers, body: Data(text.utf8)))
    }

    static let okMessage = json(200, #"{"id":"msg_1","text":"hi"}"#)

    @Test func buildsTheRequest() async throws {
        let transport = MockTransport { _, _ in Self.okMessage }
        let client = core(transport) { $0.headers = ["anthropic-beta": "b", "x-extra": "1"] }
        let message = try await client.send(
            endpoint: Self.endpoint, body: params, as: TestMessage.self,
            options: RequestOptions(headers: ["x-extra": "2"], timeout: .seconds(5)))
        #expect(message == TestMessage(id: "msg_1", text: "hi"))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://api.example.com/v1/messages")
        #expect(request.headers["anthropic-version"] == "2023-06-01")
        #expect(request.headers["anthropic-beta"] == "b")
        #expect(request.headers.values(for: "x-extra") == ["2"])
        #expect(request.headers["x-api-key"] == Self.key)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["accept"] == "application/json")
        #expect(request.timeout == .seconds(5))
        #expect(request.body == Data(#"{"max_tokens":16,"model":"claude-test"}"#.utf8))
    }

    @Test func bearerAndBaseURLWithPath() async throws {
        let transport = MockTransport { _, _ in Self.okMessage }
        let client = core(transport) {
            $0.authentication = .bearer("tok")
            $0.baseURL = URL(string: "http://proxy.local:8080/prefix/")
        }
        _ = try await client.send(endpoint: Self.endpoint, body: params, as: TestMessage.self)
        let request = try #require(transport.requests.first)
        #expect(request.url.absoluteString == "http://proxy.local:8080/prefix/v1/messages")
        #expect(request.headers["authorization"] == "Bearer tok")
        #expect(request.headers["x-api-key"] == nil)
    }

    @Test func getWithoutBody() async throws {
        let transport = MockTransport { _, _ in Self.okMessage }
        _ = try await core(transport).send(
            endpoint: EndpointDescription(method: "GET", path: "v1/models/x"), as: TestMessage.self)
        let request = try #require(transport.requests.first)
        #expect(request.body == nil)
        #expect(request.headers["content-type"] == nil)
        #expect(request.url.path == "/v1/models/x")
    }

    @Test func validationFailsBeforeSending() async throws {
        let transport = MockTransport { _, _ in Self.okMessage }
        let error = Violation(pointer: "/max_tokens", rule: "number.minimum", message: "too small")
        let warning = Violation(pointer: "/temperature", rule: "rule.x", message: "hmm", severity: .warning)
        let thrown = await #expect(throws: APIError.self) {
            _ = try await core(transport).send(
                endpoint: Self.endpoint, body: params, as: TestMessage.self, validation: [warning, error])
        }
        guard case .invalidRequest(let violations) = thrown else {
            Issue.record("expected invalidRequest, got \(String(describing: thrown))")
            return
        }
        #expect(violations == [error])
        #expect(transport.requests.isEmpty)
        // Warnings alone pass; validation can be switched off.
        _ = try await core(transport).send(
            endpoint: Self.endpoint, body: params, as: TestMessage.self, validation: [warning])
        _ = try await core(transport) { $0.validatesRequests = false }.send(
            endpoint: Self.endpoint, body: params, as: TestMessage.self, validation: [error])
        #expect(transport.requests.count == 2)
    }

    @Test func violationMessagesAreRedacted() async throws {
        let transport = MockTransport { _, _ in Self.okMessage }
        let error = await #expect(throws: APIError.self) {
            _ = try await core(transport).send(
                endpoint: Self.endpoint, body: params, as: TestMessage.self,
                validation: [Violation(pointer: "/system", rule: "x", message: "'\(Self.key)' is not allowed")])
        }
        #expect(error?.description == "invalid request: /system: error: '[REDACTED]' is not allowed [x]")
    }

    @Test func retriesOverloadedThenSucceeds() async throws {
        let transport = MockTransport { _, attempt in
            attempt == 1
                ? Self.json(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
                : attempt == 2 ? Self.json(429, "{}", headers: ["retry-after": "3"]) : Self.okMessage
        }
        let recorder = SleepRecorder()
        let message = try await core(transport, recorder: recorder).send(
            endpoint: Self.endpoint, body: params, as: TestMessage.self)
        #expect(message.id == "msg_1")
        #expect(transport.requests.count == 3)
        #expect(recorder.recorded == [0.5, 3])
    }

    @Test func givesUpAfterMaxRetries() async throws {
        let transport = MockTransport { _, _ in Self.json(500, #"{"error":{"type":"api_error","message":"boom"}}"#) }
        let recorder = SleepRecorder()
        let error = await #expect(throws: APIError.self) {
            _ = try await core(transport, recorder: recorder, maxRetries: 3).send(
                endpoint: Self.endpoint, body: params, as: TestMessage.self)
        }
        #expect(error?.statusError?.type == "api_error")
        #expect(transport.requests.count == 4)
        #expect(recorder.recorded == [0.5, 1, 2])
        // Per-call override.
        _ = try? await core(transport, recorder: recorder).send(
            endpoint: Self.endpoint, body: params, as: TestMessage.self, options: RequestOptions(maxRetries: 0))
        #expect(transport.requests.count == 5)
    }

    @Test func doesNotRetryClientErrorsOrWhenToldNotTo() async throws {
        for reply in [
            Self.json(400, "{}"), Self.json(404, "{}"), Self.json(503, "{}", headers: ["x-should-retry": "false"]),
        ] {
            let transport = MockTransport { _, _ in reply }
            await #expect(throws: APIError.self) {
                _ = try await core(transport).send(endpoint: Self.endpoint, body: params, as: TestMessage.self)
            }
            #expect(transport.requests.count == 1)
        }
        let told = MockTransport { _, attempt in
            attempt == 1 ? Self.json(400, "{}", headers: ["x-should-retry": "true"]) : Self.okMessage
        }
        _ = try await core(told).send(endpoint: Self.endpoint, body: params, as: TestMessage.self)
        #expect(told.requests.count == 2)
    }

    @Test func retriesConnectionErrorsAndTimeouts() async throws {
        let transport = MockTransport { _, attempt in
            switch attempt {
            case 1: .failure(.connectionFailed("reset"))
            case 2: .failure(.timedOut)
            default: Self.okMessage
            }
        }
        _ = try await core(transport).send(endpoint: Self.endpoint, body: params, as: TestMessage.self)
        #expect(transport.requests.count == 3)

        let failing = MockTransport { _, _ in .failure(.connectionFailed("refused")) }
        let error = await #expect(throws: APIError.self) {
            _ = try await core(failing, maxRetries: 1).send(endpoint: Self.endpoint, body: params, as: TestMessage.self)
        }
        #expect(error?.description == "connection error: refused")
        #expect(failing.requests.count == 2)
    }

    @Test func enforcesTheTimeout() async throws {
        let transport = MockTransport { _, _ in .hang }
        let error = await #expect(throws: APIError.self) {
            _ = try await core(transport, maxRetries: 1) { $0.timeout = .milliseconds(100) }.send(
                endpoint: Self.endpoint, body: params, as: TestMessage.self)
        }
        guard case .timeout(let after) = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(after == .milliseconds(100))
        #expect(transport.requests.count == 2)
    }

    @Test func cancellationIsNotRetried() async throws {
        let transport = MockTransport { _, _ in .hang }
        let client = core(transport)
        let task = Task { try await client.send(endpoint: Self.endpoint, body: params, as: TestMessage.self) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result, case .cancelled = error as? APIError else {
            Issue.record("expected cancellation, got \(result)")
            return
        }
        #expect(transport.requests.count == 1)
    }

    @Test func decodingFailureKeepsTheBody() async throws {
        let transport = MockTransport { _, _ in Self.json(200, #"{"id":42}"#) }
        let error = await #expect(throws: APIError.self) {
            _ = try await core(transport).send(endpoint: Self.endpoint, body: params, as: TestMessage.self)
        }
        guard case .decoding(let failure) = error else {
            Issue.record("expected a decoding error, got \(String(describing: error))")
            return
        }
        #expect(failure.typeName == "TestMessage")
        #expect(failure.bodyText == #"{"id":42}"#)
        #expect(failure.reason.hasPrefix("at id: expected String"))
        #expect(error?.debugDescription.contains(#"body: {"id":42}"#) == true)
    }

    // MARK: Streams

    static func sse(_ events: [(String, String)]) -> String {
        events.map { "event: \($0.0)\ndata: \($0.1)\n\n" }.joined()
    }

    static let fullStream = sse([
        ("message_start", #"{"type":"message_start","message":{"id":"msg_9"}}"#),
        ("ping", #"{"type":"ping"}"#),
        ("content_block_delta", #"{"type":"content_block_delta","delta":{"text":"Hi"}}"#),
        ("something_new", #"{"type":"something_new","x":1}"#),
        ("message_stop", #"{"type":"message_stop"}"#),
    ])

    /// The events of a stream and how it ended; `do throws(APIError)` checks that the stream fails only with
    /// ``APIError``.
    func collect(_ stream: APIEventStream<TestEvent>) async -> ([TestEvent], APIError?) {
        var events: [TestEvent] = []
        do throws(APIError) {
            for try await event in stream { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    func stream(_ client: ClientCore) -> APIEventStream<TestEvent> {
        client.stream(
            endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop",
            errorEvent: "error")
    }

    @Test func streamLineLimitIsASetting() async throws {
        // An endless line (no newline) stops at the configured limit instead of growing memory.
        let chunks = ["data: "] + Array(repeating: String(repeating: "x", count: 1024), count: 64)
        let transport = MockTransport { _, _ in .stream(status: 200, headers: [:], chunks: chunks, error: nil) }
        let client = core(transport) { $0.maximumStreamLineLength = 4096 }
        let (events, error) = await collect(stream(client))
        #expect(events.isEmpty)
        guard case .invalidStream? = error else {
            Issue.record("expected invalidStream, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("4096") == true)
        let defaultClient = core(transport)
        #expect(defaultClient.configuration.maximumStreamLineLength == ServerSentEventDecoder.defaultMaximumLineLength)
        #expect(defaultClient.configuration.maximumStreamEventSize == ServerSentEventDecoder.defaultMaximumEventSize)
    }

    @Test func streamsEvents() async throws {
        // Split the stream at every 3 bytes to exercise reassembly.
        let text = Self.fullStream
        let chunks = stride(from: 0, to: text.utf8.count, by: 3).map {
            String(decoding: Array(text.utf8)[$0..<min($0 + 3, text.utf8.count)], as: UTF8.self)
        }
        let transport = MockTransport { _, _ in .stream(status: 200, headers: [:], chunks: chunks, error: nil) }
        let (events, error) = await collect(stream(core(transport)))
        #expect(error == nil)
        #expect(
            events == [
                .messageStart(id: "msg_9"), .ping, .textDelta("Hi"),
                .other(type: "something_new", raw: ["type": "something_new", "x": 1]), .messageStop,
            ])
        let request = try #require(transport.requests.first)
        #expect(request.headers["accept"] == "text/event-stream")
    }

    @Test func streamErrorEvent() async throws {
        let body = Self.sse([
            ("message_start", #"{"type":"message_start","message":{"id":"m"}}"#),
            ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ])
        let transport = MockTransport { _, _ in
            .stream(status: 200, headers: ["request-id": "req_s"], chunks: [body], error: nil)
        }
        let (events, error) = await collect(stream(core(transport)))
        #expect(events == [.messageStart(id: "m")])
        guard case .streamError(let status) = error else {
            Issue.record("expected a stream error, got \(String(describing: error))")
            return
        }
        #expect(status.statusCode == 200)
        #expect(status.type == "overloaded_error")
        #expect(status.message == "Overloaded")
        #expect(status.requestID == "req_s")
        #expect(transport.requests.count == 1)
    }

    @Test func streamEndingEarlyIsAnError() async throws {
        let body =
            Self.sse([("message_start", #"{"type":"message_start","message":{"id":"m"}}"#)])
            + "event: content_block_delta\ndata: {\"type\":\"content_block_del"
        let transport = MockTransport { _, _ in .stream(status: 200, headers: [:], chunks: [body], error: nil) }
        let (events, error) = await collect(stream(core(transport)))
        #expect(events == [.messageStart(id: "m")])
        #expect(error?.description == "stream ended before 'message_stop'")
        // Without an end event, the end of the body is a normal end.
        let plain = core(transport).stream(endpoint: Self.endpoint, body: params, eventType: TestEvent.self)
        let (more, noError) = await collect(plain)
        #expect(more.count == 1 && noError == nil)
    }

    @Test func streamRetriesOnlyBeforeTheFirstByte() async throws {
        let transport = MockTransport { _, attempt in
            switch attempt {
            case 1: Self.json(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
            case 2: .failure(.connectionFailed("refused"))
            case 3: .stream(status: 200, headers: [:], chunks: [], error: .connectionFailed("reset before data"))
            default: .stream(status: 200, headers: [:], chunks: [Self.fullStream], error: nil)
            }
        }
        let (events, error) = await collect(stream(core(transport, maxRetries: 5)))
        #expect(error == nil)
        #expect(events.count == 5)
        #expect(transport.requests.count == 4)

        let broken = MockTransport { _, _ in
            .stream(
                status: 200, headers: [:], chunks: [String(Self.fullStream.prefix(100))],
                error: .connectionFailed("reset"))
        }
        let (partial, failure) = await collect(stream(core(broken, maxRetries: 5)))
        #expect(partial == [.messageStart(id: "msg_9")])
        #expect(failure?.description == "connection error: reset")
        #expect(broken.requests.count == 1)
    }

    @Test func streamStatusErrorsAndValidation() async throws {
        let transport = MockTransport { _, _ in
            Self.json(401, #"{"type":"error","error":{"type":"authentication_error","message":"bad \#(Self.key)"}}"#)
        }
        let (_, error) = await collect(stream(core(transport)))
        #expect(error?.statusError?.type == "authentication_error")
        #expect(error?.statusError?.message == "bad [REDACTED]")
        #expect(transport.requests.count == 1)

        let invalid = core(transport).stream(
            endpoint: Self.endpoint, body: params, eventType: TestEvent.self,
            validation: [Violation(pointer: "", rule: "x", message: "no")])
        let (_, validationError) = await collect(invalid)
        guard case .invalidRequest = validationError else {
            Issue.record("expected invalidRequest, got \(String(describing: validationError))")
            return
        }
        #expect(transport.requests.count == 1)
    }

    @Test func streamEventThatDoesNotDecode() async throws {
        let body = Self.sse([("message_start", #"{"no_type":true}"#)])
        let transport = MockTransport { _, _ in .stream(status: 200, headers: [:], chunks: [body], error: nil) }
        let (_, error) = await collect(stream(core(transport)))
        guard case .decoding(let failure) = error else {
            Issue.record("expected a decoding error, got \(String(describing: error))")
            return
        }
        #expect(failure.bodyText == #"{"no_type":true}"#)
        #expect(failure.typeName == "TestEvent")
    }

    @Test func streamLimitsAreErrors() async throws {
        let transport = MockTransport { _, _ in
            .stream(status: 200, headers: [:], chunks: [String(repeating: "x", count: 2 << 20)], error: nil)
        }
        let (_, error) = await collect(stream(core(transport)))
        #expect(
            error?.description
                == "invalid event stream: a server-sent event line is longer than the limit of 1048576 bytes")
    }
}
