import Foundation
import TestSupport
import Testing

@testable import SpecRuntime

/// ClientCore and URLSessionTransport against the real loopback server in `Resources/test_server.py`.
@Suite(.timeLimit(.minutes(5)), .loopbackServer) struct EndToEndTests {
    static let key = "sk-ant-api03-E2E_SECRET_KEY-xyz"
    static let endpoint = EndpointDescription(method: "POST", path: "/v1/messages")
    static let defaults = APIDefaults(
        baseURL: "https://api.anthropic.com", headers: ["anthropic-version": "2023-06-01"],
        errorShape: TestAPI.errorShape, retry: TestAPI.retry)
    let params = TestParams(model: "claude-test", maxTokens: 16, stream: nil)

    /// What the `echo` scenario answers.
    struct Echo: Decodable, Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
        var attempt: Int
    }

    func client(
        _ server: LoopbackServer, scenario: String, testID: String = UUID().uuidString, headers: HTTPHeaders = [:],
        recorder: SleepRecorder? = SleepRecorder(), maxRetries: Int = 2, timeout: Duration = .seconds(30),
        transport: URLSessionTransport = URLSessionTransport()
    ) -> ClientCore {
        var all: HTTPHeaders = ["x-scenario": scenario, "x-test-id": testID]
        all.merge(headers)
        return ClientCore(
            configuration: ClientConfiguration(
                authentication: .apiKey(header: "x-api-key", Self.key), baseURL: server.baseURL, headers: all,
                timeout: timeout, maxRetries: maxRetries, transport: transport,
                retryEnvironment: recorder?.environment ?? .live),
            defaults: Self.defaults)
    }

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

    static let expectedEvents: [TestEvent] = [
        .messageStart(id: "msg_1"),
        .other(
            type: "content_block_start",
            raw: [
                "type": "content_block_start", "index": 0,
                "content_block": ["type": "text", "text": ""],
            ]),
        .ping, .textDelta("Hello"), .textDelta(", wörld\nline two"),
        .other(type: "content_block_stop", raw: ["type": "content_block_stop", "index": 0]),
        .other(
            type: "message_delta",
            raw: [
                "type": "message_delta", "delta": ["stop_reason": "end_turn"],
                "usage": ["output_tokens": 5],
            ]),
        .messageStop,
    ]

    @Test func successSendsExactlyWhatItShould() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let echo = try await client(server, scenario: "echo", testID: testID).send(
            endpoint: Self.endpoint, body: params, as: Echo.self)
        #expect(echo.method == "POST")
        #expect(echo.path == "/v1/messages")
        #expect(echo.attempt == 1)
        #expect(echo.body == #"{"max_tokens":16,"model":"claude-test"}"#)
        #expect(echo.headers["x-api-key"] == Self.key)
        #expect(echo.headers["anthropic-version"] == "2023-06-01")
        #expect(echo.headers["content-type"] == "application/json")
        #expect(echo.headers["accept"] == "application/json")

        let log = try await server.log(testID)
        let request = try #require(log.requests.first)
        #expect(log.requests.count == 1)
        #expect(request.body == Data(#"{"max_tokens":16,"model":"claude-test"}"#.utf8))
        #expect(request.header("content-length") == "39")
    }

    @Test(arguments: [
        (400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error"),
        (404, "not_found_error"), (413, "request_too_large"), (429, "rate_limit_error"), (500, "api_error"),
        (529, "overloaded_error"),
    ])
    func statusErrors(status: Int, type: String) async throws {
        let server = try #require(LoopbackServer.current)
        let error = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "status", headers: ["x-status": "\(status)"], maxRetries: 0)
                .send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        guard case .status(let failure) = error else {
            Issue.record("expected a status error, got \(String(describing: error))")
            return
        }
        #expect(failure.statusCode == status)
        #expect(failure.type == type)
        #expect(failure.message == "scripted \(status)")
        #expect(failure.requestID == "req_\(status)_1")
        #expect(failure.headers["content-type"] == "application/json")
        #expect(failure.json?["request_id"] == .string("req_body_\(status)"))
        #expect(error?.description == "\(status) \(type): scripted \(status) (request-id: req_\(status)_1)")
    }

    @Test func retriesOverloadedHonouringRetryAfter() async throws {
        let server = try #require(LoopbackServer.current)
        let recorder = SleepRecorder()
        let testID = UUID().uuidString
        let echo = try await client(
            server, scenario: "status", testID: testID,
            headers: ["x-status": "529", "x-fail-times": "2", "x-response-retry-after": "7"], recorder: recorder
        ).send(endpoint: Self.endpoint, body: params, as: Echo.self)
        #expect(echo.attempt == 3)
        #expect(recorder.recorded == [7, 7])
        let log = try await server.log(testID)
        #expect(log.requests.count == 3)
        #expect(Set(log.requests.map(\.body)).count == 1)
    }

    @Test func realRetryAfterMillisecondsWait() async throws {
        let server = try #require(LoopbackServer.current)
        let start = ContinuousClock.now
        let echo = try await client(
            server, scenario: "status",
            headers: ["x-status": "429", "x-fail-times": "1", "x-response-retry-after-ms": "300"], recorder: nil
        ).send(endpoint: Self.endpoint, body: params, as: Echo.self)
        let elapsed = ContinuousClock.now - start
        #expect(echo.attempt == 2)
        #expect(elapsed >= .milliseconds(300))
    }

    @Test func badRequestIsNotRetriedButServerCanInsist() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "status", testID: testID, headers: ["x-status": "400"])
                .send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        #expect(try await server.log(testID).requests.count == 1)

        let insisting = UUID().uuidString
        let echo = try await client(
            server, scenario: "status", testID: insisting,
            headers: ["x-status": "400", "x-fail-times": "1", "x-response-x-should-retry": "true"]
        ).send(endpoint: Self.endpoint, body: params, as: Echo.self)
        #expect(echo.attempt == 2)

        let refused = UUID().uuidString
        await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "status", testID: refused,
                headers: ["x-status": "529", "x-response-x-should-retry": "false"]
            ).send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        #expect(try await server.log(refused).requests.count == 1)
    }

    @Test func nonJSONAndEmptyErrorBodies() async throws {
        let server = try #require(LoopbackServer.current)
        let html = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "non-json", maxRetries: 0)
                .send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        #expect(html?.statusCode == 502)
        #expect(html?.statusError?.bodyText == "<html><body>Bad gateway</body></html>")
        #expect(html?.description == "502 <html><body>Bad gateway</body></html> (request-id: req_502_1)")

        let testID = UUID().uuidString
        let empty = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "empty-error", testID: testID)
                .send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        #expect(empty?.description == "503 (empty body) (request-id: req_503_1)")
        #expect(try await server.log(testID).requests.count == 1)
    }

    @Test func echoedKeyIsRedacted() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let error = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "echo-key", testID: testID)
                .send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        let failure = try #require(error?.statusError)
        #expect(try await server.log(testID).requests.first?.header("x-api-key") == Self.key)
        #expect(failure.message == "invalid x-api-key: [REDACTED] (escaped: [REDACTED])")
        #expect(failure.requestID == "req_401_1")
        #expect(failure.headers["x-echo"] == "key=[REDACTED]")
        var dumped = ""
        dump(error, to: &dumped)
        for text in [
            error?.description ?? "", error?.debugDescription ?? "", String(reflecting: error), dumped,
            failure.bodyText,
            failure.json?.serialized() ?? "",
        ] {
            #expect(!text.contains("E2E_SECRET"), "\(text)")
        }
        #expect(failure.json?["request_id"] == "req_[REDACTED]")
    }

    @Test(arguments: [("\n", 7), ("CRLF", 5), ("CRLF", 1), ("CR", 3), ("\n", 4096)])
    func streamsEndToEnd(newline: String, chunkSize: Int) async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        var streaming = params
        streaming.stream = true
        let stream = client(
            server, scenario: "sse", testID: testID, headers: ["x-newline": newline, "x-chunk-size": "\(chunkSize)"]
        ).stream(
            endpoint: Self.endpoint, body: streaming, eventType: TestEvent.self, endEvent: "message_stop",
            errorEvent: "error")
        let (events, error) = await collect(stream)
        #expect(error == nil)
        #expect(events == Self.expectedEvents)
        let request = try #require(try await server.log(testID).requests.first)
        #expect(request.header("accept") == "text/event-stream")
        #expect(request.body == Data(#"{"max_tokens":16,"model":"claude-test","stream":true}"#.utf8))
    }

    @Test func streamDeliversEventsAsTheyArrive() async throws {
        let server = try #require(LoopbackServer.current)
        // The hanging stream sends message_start and then only keep-alive comments.
        let stream = client(server, scenario: "sse-hang").stream(
            endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop")
        var iterator = stream.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first == .messageStart(id: "msg_1"))
    }

    @Test func streamErrorEventMidStream() async throws {
        let server = try #require(LoopbackServer.current)
        let stream = client(server, scenario: "sse-error").stream(
            endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop",
            errorEvent: "error")
        let (events, error) = await collect(stream)
        #expect(events == [.messageStart(id: "msg_1")])
        guard case .streamError(let failure) = error else {
            Issue.record("expected a stream error, got \(String(describing: error))")
            return
        }
        #expect(failure.statusCode == 200)
        #expect(failure.type == "overloaded_error")
        #expect(failure.message == "Overloaded")
        #expect(failure.requestID == "req_stream_1")
    }

    @Test func streamCutMidEvent() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let stream = client(server, scenario: "sse-cut", testID: testID).stream(
            endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop",
            errorEvent: "error")
        let (events, error) = await collect(stream)
        #expect(events == Array(Self.expectedEvents.prefix(4)))
        #expect(error?.description == "stream ended before 'message_stop'")
        #expect(try await server.log(testID).requests.count == 1)
    }

    @Test func streamRetriedBeforeFirstByte() async throws {
        let server = try #require(LoopbackServer.current)
        let recorder = SleepRecorder()
        let testID = UUID().uuidString
        let stream = client(
            server, scenario: "status", testID: testID,
            headers: ["x-status": "529", "x-fail-times": "1", "x-then": "sse", "x-response-retry-after-ms": "20"],
            recorder: recorder
        ).stream(endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop")
        let (events, error) = await collect(stream)
        #expect(error == nil)
        #expect(events == Self.expectedEvents)
        #expect(recorder.recorded == [0.02])
        #expect(try await server.log(testID).requests.count == 2)
    }

    @Test func timeout() async throws {
        let server = try #require(LoopbackServer.current)
        let error = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "slow", headers: ["x-delay": "3"], maxRetries: 0, timeout: .milliseconds(300)
            ).send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        #expect(error?.description == "request timed out after 0.3 s")
    }

    @Test func streamTimeoutIsTheLongestSilence() async throws {
        let server = try #require(LoopbackServer.current)
        // A stream that takes longer than the timeout in total, but never pauses that long, completes.
        let slow = client(
            server, scenario: "sse", headers: ["x-chunk-size": "60", "x-pause": "0.1"], timeout: .milliseconds(700)
        ).stream(endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop")
        let start = ContinuousClock.now
        let (events, error) = await collect(slow)
        #expect(error == nil)
        #expect(events == Self.expectedEvents)
        // Longer than the transport's whole-second idle timeout too.
        #expect(ContinuousClock.now - start > .milliseconds(1200))

        // A stream that stalls for longer fails with a timeout.
        let stalled = client(server, scenario: "sse-stall", headers: ["x-delay": "4"], timeout: .milliseconds(500))
            .stream(endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop")
        let (partial, timeout) = await collect(stalled)
        #expect(partial == [.messageStart(id: "msg_1")])
        guard case .timeout = timeout else {
            Issue.record("expected a timeout, got \(String(describing: timeout))")
            return
        }
    }

    @Test func timeoutsAreRetried() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let error = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "slow", testID: testID, headers: ["x-delay": "3"], maxRetries: 1,
                timeout: .milliseconds(200)
            ).send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        guard case .timeout = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(try await server.log(testID).requests.count == 2)
    }

    @Test func cancellingARequest() async throws {
        let server = try #require(LoopbackServer.current)
        let core = client(server, scenario: "slow", headers: ["x-delay": "5"])
        let task = Task { try await core.send(endpoint: Self.endpoint, body: params, as: Echo.self) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        guard case .failure(let error) = result, case .cancelled = error as? APIError else {
            Issue.record("expected cancellation, got \(result)")
            return
        }
    }

    @Test func cancellingAStreamStopsTheTransfer() async throws {
        let server = try #require(LoopbackServer.current)
        // Leaving the loop early (the stream is released with it), and cancelling the iterating task.
        for mode in ["break", "cancel"] {
            let testID = UUID().uuidString
            let core = client(server, scenario: "sse-hang", testID: testID)
            let received = Locked(false)
            let task = Task {
                let stream = core.stream(
                    endpoint: Self.endpoint, body: params, eventType: TestEvent.self, endEvent: "message_stop")
                var count = 0
                for try await _ in stream {
                    count += 1
                    received.withLock { $0 = true }
                    if mode == "break" { break }
                }
                return count
            }
            if mode == "cancel" {
                // Cancel once the first event has arrived (a fixed delay races on a slow, sanitized build).
                while !received.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(50))
                task.cancel()
            }
            #expect(try await task.value == 1)
            // The server notices the closed connection on its next keep-alive write. Its keep-alives go on for
            // 15 s; on a loaded machine (the whole suite runs in parallel against one server) noticing can take
            // seconds, so the wait covers all of them.
            var notes: [String] = []
            for _ in 0..<300 where !notes.contains("client-disconnected") {
                try await Task.sleep(for: .milliseconds(50))
                notes = try await server.log(testID).notes
            }
            #expect(notes.contains("client-disconnected"), "\(mode)")
        }
    }

    @Test(arguments: [false, true])
    func responseBodyLimit(chunked: Bool) async throws {
        let server = try #require(LoopbackServer.current)
        var headers: HTTPHeaders = ["x-size": "4096"]
        if chunked { headers["x-chunked"] = "1" }
        let error = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "big", headers: headers,
                transport: URLSessionTransport(maximumResponseBodySize: 1024)
            ).send(endpoint: Self.endpoint, body: params, as: String.self)
        }
        #expect(error?.description == "response body exceeds the limit of 1024 bytes")
        let small = try await client(
            server, scenario: "big", headers: ["x-size": "1000"],
            transport: URLSessionTransport(maximumResponseBodySize: 1024)
        ).send(endpoint: Self.endpoint, body: params, as: String.self)
        #expect(small.count == 1000)
    }

    @Test func connectionErrorsAreRetried() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let recorder = SleepRecorder()
        let echo = try await client(
            server, scenario: "drop", testID: testID, headers: ["x-fail-times": "1"], recorder: recorder
        ).send(endpoint: Self.endpoint, body: params, as: Echo.self)
        #expect(echo.attempt == 2)
        #expect(recorder.recorded == [0.5])
    }

    @Test func connectionRefused() async throws {
        let server = try await LoopbackServer.start()
        let closedPort = server.port
        server.stop()
        let recorder = SleepRecorder()
        let core = ClientCore(
            configuration: ClientConfiguration(
                authentication: .apiKey(header: "x-api-key", Self.key),
                baseURL: URL(string: "http://127.0.0.1:\(closedPort)"), maxRetries: 1,
                transport: URLSessionTransport(), retryEnvironment: recorder.environment),
            defaults: Self.defaults)
        let error = await #expect(throws: APIError.self) {
            _ = try await core.send(endpoint: Self.endpoint, body: params, as: Echo.self)
        }
        guard case .connection(let reason) = error else {
            Issue.record("expected a connection error, got \(String(describing: error))")
            return
        }
        #expect(!reason.contains("E2E_SECRET"))
        #expect(recorder.recorded == [0.5])
    }

    @Test func decodingErrorOverHTTP() async throws {
        let server = try #require(LoopbackServer.current)
        let error = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "bad-json").send(
                endpoint: Self.endpoint, body: params, as: TestMessage.self)
        }
        guard case .decoding(let failure) = error else {
            Issue.record("expected a decoding error, got \(String(describing: error))")
            return
        }
        #expect(failure.statusCode == 200)
        #expect(failure.bodyText == #"{"id": 42, "text": "not what was expected"}"#)
    }
}
