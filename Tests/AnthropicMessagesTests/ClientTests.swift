import AnthropicMessages
import Foundation
import SpecRuntime
import TestSupport
import Testing

/// The generated `AnthropicMessagesClient` against the real loopback server in `TestSupport/Resources/loopback_server.py`.
@Suite(.timeLimit(.minutes(5)), .loopbackServer(fixtures: Fixtures.resources)) struct ClientTests {
    /// A key of the real length and alphabet (`sk-ant-api03-` and 95 URL-safe base64 characters).
    static let key =
        "sk-ant-api03-" + "Zq8_MSGtestKEY-4f9a2Lw0pX7vR3nB6yT1uE5sD8gH2jK4lM6nP9qS1tV3wX5yZ7aC9eF0hI2kL4mO6"
        + "rU8xA1dG3bJ5cN7"
    /// A token with characters JSON may escape (`/`) to check redaction of its escaped form.
    static let token = "sk-ant-oat01-TOKEN/with+slash/Xy9_abcdefghijklmnopqrstuvwxyz0123456789"

    static let hello =
        #"{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}]}"#
    static let helloBytes =
        #"{"max_tokens":1024,"messages":[{"content":"Hello, Claude","role":"user"}],"model":"claude-sonnet-4-5"}"#

    static func params(_ json: String) throws -> MessageCreateParams {
        try JSONDecoder().decode(MessageCreateParams.self, from: Data(json.utf8))
    }

    func client(
        _ server: LoopbackServer, scenario: String, testID: String, headers: HTTPHeaders = [:],
        authentication: Authentication? = AnthropicMessagesClient.apiKey(ClientTests.key),
        features: Set<String> = [], maxRetries: Int = 2, timeout: Duration = .seconds(30),
        recorder: SleepRecorder? = SleepRecorder(), validates: Bool = true
    ) -> AnthropicMessagesClient {
        var all: HTTPHeaders = ["x-scenario": scenario, "x-test-id": testID]
        all.merge(headers)
        return AnthropicMessagesClient(
            configuration: ClientConfiguration(
                authentication: authentication, baseURL: server.baseURL, headers: all, timeout: timeout,
                maxRetries: maxRetries, validatesRequests: validates, transport: URLSessionTransport(),
                retryEnvironment: recorder?.environment ?? .live),
            enabledFeatures: features)
    }

    func collect(
        _ stream: APIEventStream<MessageStreamEvent>
    ) async -> ([MessageStreamEvent], (any Error)?) {
        var events: [MessageStreamEvent] = []
        do throws(APIError) {
            for try await event in stream { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    // MARK: - Wire format

    @Test func wireFormatWithAPIKey() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        // The convenience initializer; the scenario headers go in the call's options.
        let client = AnthropicMessagesClient(apiKey: Self.key, baseURL: server.baseURL)
        let message = try await client.createMessage(
            try Self.params(Self.hello),
            options: RequestOptions(headers: ["x-test-id": testID, "x-fixture": "responses/text.json"]))
        #expect(message == (try JSONDecoder().decode(Message.self, from: try Fixtures.resource("responses/text.json"))))

        let log = try await server.log(testID)
        #expect(log.requests.count == 1)
        let request = try #require(log.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/messages")
        #expect(request.headers("x-api-key") == [Self.key])
        #expect(request.header("authorization") == nil)
        #expect(request.headers("anthropic-version") == ["2026-10-21"])
        #expect(request.headers("content-type") == ["application/json"])
        #expect(request.header("accept") == "application/json")
        #expect(request.header("anthropic-beta") == nil)
        #expect(String(decoding: request.body, as: UTF8.self) == Self.helloBytes)
        #expect(request.header("content-length") == "\(Self.helloBytes.utf8.count)")
    }

    @Test func wireFormatWithBearerToken() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let client = AnthropicMessagesClient(bearerToken: Self.token, baseURL: server.baseURL)
        _ = try await client.createMessage(
            try Self.params(Self.hello), options: RequestOptions(headers: ["x-test-id": testID]))
        let request = try #require(try await server.log(testID).requests.first)
        #expect(request.headers("authorization") == ["Bearer \(Self.token)"])
        #expect(request.header("x-api-key") == nil)
        #expect(request.header("anthropic-version") == "2026-10-21")
        #expect(String(decoding: request.body, as: UTF8.self) == Self.helloBytes)
    }

    /// A fuller request: every value is sent in sorted-key, minified JSON, slashes and non-ASCII unescaped. The
    /// custom tool gains `"type":"custom"`: the spec's optional constant (`Tool.type`, "may be omitted") is
    /// always written by the generated encoder; that is the only difference from the request's own JSON.
    @Test func exactBodyBytesOfARichRequest() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let json = """
            {"model": "claude-opus-4-1", "max_tokens": 2048, "system": "Be brief. Réponds en français / English.",
             "temperature": 0.5, "stop_sequences": ["</answer>"], "metadata": {"user_id": "user-42"},
             "tool_choice": {"type": "auto", "disable_parallel_tool_use": true},
             "tools": [{"name": "get_weather", "description": "Weather at a place",
                        "input_schema": {"type": "object", "properties": {"location": {"type": "string"}},
                                         "required": ["location"]}}],
             "messages": [{"role": "user", "content": [{"type": "text", "text": "Météo à Paris ?",
                                                        "cache_control": {"type": "ephemeral", "ttl": "5m"}}]},
                          {"role": "assistant", "content": "Je regarde"}]}
            """
        let expected =
            #"{"max_tokens":2048,"messages":[{"content":[{"cache_control":{"ttl":"5m","type":"ephemeral"},"text":"Météo à Paris ?","type":"text"}],"role":"user"},{"content":"Je regarde","role":"assistant"}],"metadata":{"user_id":"user-42"},"model":"claude-opus-4-1","stop_sequences":["</answer>"],"system":"Be brief. Réponds en français / English.","temperature":0.5,"tool_choice":{"disable_parallel_tool_use":true,"type":"auto"},"tools":[{"description":"Weather at a place","input_schema":{"properties":{"location":{"type":"string"}},"required":["location"],"type":"object"},"name":"get_weather","type":"custom"}]}"#
        _ = try await client(server, scenario: "fixture", testID: testID).createMessage(try Self.params(json))
        let request = try #require(try await server.log(testID).requests.first)
        #expect(String(decoding: request.body, as: UTF8.self) == expected)
        // The same as the request's own JSON, semantically, except for the added constant.
        let differences = JSON.differences(expected: try JSON.parse(json), actual: try JSON.parse(request.body))
        #expect(differences.map(\.description) == [#"added at /tools/0/type: "custom""#])
    }

    @Test func betaHeaderWhenFeaturesAreEnabled() async throws {
        let server = try #require(LoopbackServer.current)
        let body =
            #"{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}],"context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]}}"#
        let features: Set<String> = ["files-api-2025-04-14", "context-management-2025-06-27"]
        let testID = UUID().uuidString
        _ = try await client(server, scenario: "fixture", testID: testID, features: features)
            .createMessage(try Self.params(body))
        var request = try #require(try await server.log(testID).requests.first)
        #expect(request.headers("anthropic-beta") == ["context-management-2025-06-27,files-api-2025-04-14"])

        // A per-call anthropic-beta header wins over the enabled features and is sent as given.
        let overridden = UUID().uuidString
        let header = "context-management-2025-06-27, custom-beta-1"
        _ = try await client(server, scenario: "fixture", testID: overridden, features: features)
            .createMessage(try Self.params(body), options: RequestOptions(headers: ["anthropic-beta": header]))
        request = try #require(try await server.log(overridden).requests.first)
        #expect(request.headers("anthropic-beta") == [header])

        // The request is validated with the features of the header it carries: one that leaves out the needed
        // feature makes it invalid, and it is not sent.
        let narrowed = UUID().uuidString
        let narrowedError = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "fixture", testID: narrowed, features: features)
                .createMessage(
                    try Self.params(body), options: RequestOptions(headers: ["anthropic-beta": "custom-beta-1"]))
        }
        guard case .invalidRequest(let narrowedViolations) = narrowedError else {
            Issue.record("expected invalidRequest, got \(String(describing: narrowedError))")
            return
        }
        #expect(narrowedViolations.map { "\($0.pointer) \($0.rule)" } == ["/context_management beta"])
        #expect(try await server.log(narrowed).requests.isEmpty)

        // Without the feature the request is invalid and is not sent.
        let refused = UUID().uuidString
        let error = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "fixture", testID: refused).createMessage(try Self.params(body))
        }
        guard case .invalidRequest(let violations) = error else {
            Issue.record("expected invalidRequest, got \(String(describing: error))")
            return
        }
        #expect(violations.map { "\($0.pointer) \($0.rule)" } == ["/context_management beta"])
        #expect(try await server.log(refused).requests.isEmpty)
    }

    @Test func streamingWireFormatAndStreamFieldHandling() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let (events, error) = await collect(
            client(server, scenario: "fixture", testID: testID, headers: ["x-fixture": "streams/text.sse"])
                .streamMessage(try Self.params(Self.hello)))
        #expect(error == nil)
        #expect(events.count == 9)
        let request = try #require(try await server.log(testID).requests.first)
        #expect(request.header("accept") == "text/event-stream")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == #"{"max_tokens":1024,"messages":[{"content":"Hello, Claude","role":"user"}],"model":"claude-sonnet-4-5","stream":true}"#
        )

        // createMessage never asks for a stream, even when the request says so.
        let plain = UUID().uuidString
        var streaming = try Self.params(Self.hello)
        streaming.stream = true
        _ = try await client(server, scenario: "fixture", testID: plain).createMessage(streaming)
        let sent = try #require(try await server.log(plain).requests.first)
        #expect(String(decoding: sent.body, as: UTF8.self) == Self.helloBytes)
    }

    // MARK: - Success

    @Test(arguments: [
        "responses/text.json", "responses/tool-use.json", "responses/thinking.json", "responses/citations.json",
        "unknown/content-block.json", "unknown/stop-reason.json",
    ])
    func successDecodesIntoMessage(_ fixture: String) async throws {
        let server = try #require(LoopbackServer.current)
        let message = try await client(
            server, scenario: "fixture", testID: UUID().uuidString, headers: ["x-fixture": fixture]
        ).createMessage(try Self.params(Self.hello))
        let data = try Fixtures.resource(fixture)
        #expect(message == (try JSONDecoder().decode(Message.self, from: data)))
        try expectRoundTrip(message, original: try JSON.parse(data), name: "served \(fixture)")
    }

    // MARK: - Errors

    @Test(arguments: [
        (400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error"),
        (404, "not_found_error"), (429, "rate_limit_error"), (500, "api_error"), (529, "overloaded_error"),
    ])
    func statusErrors(status: Int, type: String) async throws {
        let server = try #require(LoopbackServer.current)
        let body = Data(
            #"{"type":"error","error":{"type":"\#(type)","message":"scripted \#(status): bad things"},"request_id":"req_body_\#(status)"}"#
                .utf8)
        let testID = UUID().uuidString
        let error = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "status", testID: testID,
                headers: ["x-status": "\(status)", "x-body-b64": body.base64EncodedString()], maxRetries: 0
            ).createMessage(try Self.params(Self.hello))
        }
        guard case .status(let failure) = error else {
            Issue.record("expected a status error, got \(String(describing: error))")
            return
        }
        #expect(error?.statusCode == status)
        #expect(failure.statusCode == status)
        #expect(failure.type == type)
        #expect(failure.message == "scripted \(status): bad things")
        #expect(failure.requestID == "req_\(status)_1")  // the request-id header wins over the body's
        #expect(failure.body == body)
        #expect(failure.headers["content-type"] == "application/json")
        let typed = try #require(failure.decodeBody(as: ErrorResponse.self))
        #expect(typed.error.type.rawValue == type)
        #expect(typed.error.message == "scripted \(status): bad things")
        #expect(typed.requestId == .value("req_body_\(status)"))
        #expect(error?.description == "\(status) \(type): scripted \(status): bad things (request-id: req_\(status)_1)")
        #expect(try await server.log(testID).requests.count == 1)
    }

    /// Every real error body of ../shared/api/errors, served with its status and without a request-id header:
    /// the type, message and the body's request_id come through.
    @Test func sharedErrorBodies() async throws {
        let server = try #require(LoopbackServer.current)
        let files = Fixtures.sharedFiles("errors", ".json")
        guard !files.isEmpty else {
            #expect(Bool(true), "skipped: \(Fixtures.sharedAPI)/errors is absent")
            return
        }
        // One client (and connection pool) for every file; what differs per file goes in the call's headers.
        let client = client(server, scenario: "status", testID: UUID().uuidString, maxRetries: 0)
        for file in files {
            let data = try Fixtures.read(Fixtures.sharedAPI + "/errors/" + file)
            let original = try JSON.parse(data)
            let status = file.split(separator: "-").compactMap { Int($0) }.first { (400..<600).contains($0) } ?? 400
            let headers: HTTPHeaders = [
                "x-status": "\(status)", "x-body-b64": data.base64EncodedString(), "x-no-request-id": "1",
            ]
            let error = await #expect(throws: APIError.self, "\(file)") {
                _ = try await client.createMessage(
                    try Self.params(Self.hello), options: RequestOptions(headers: headers))
            }
            guard case .status(let failure) = error else {
                Issue.record("\(file): expected a status error, got \(String(describing: error))")
                continue
            }
            #expect(failure.statusCode == status, "\(file)")
            #expect(failure.type == original["error"]?["type"]?.stringValue, "\(file)")
            #expect(failure.message == original["error"]?["message"]?.stringValue, "\(file)")
            #expect(failure.requestID == original["request_id"]?.stringValue, "\(file)")
            #expect(failure.body == data, "\(file)")
            #expect(
                failure.decodeBody(as: ErrorResponse.self)
                    == (try JSONDecoder().decode(ErrorResponse.self, from: data)), "\(file)")
        }
    }

    // MARK: - Retries

    @Test func retriesHonourRetryAfter() async throws {
        let server = try #require(LoopbackServer.current)
        let recorder = SleepRecorder()
        let testID = UUID().uuidString
        let message = try await client(
            server, scenario: "status", testID: testID,
            headers: ["x-status": "429", "x-fail-times": "2", "x-then": "fixture", "x-response-retry-after": "2"],
            recorder: recorder
        ).createMessage(try Self.params(Self.hello))
        #expect(message.id == "msg_01TextFixture0000000000001")
        #expect(recorder.recorded == [2, 2])
        let log = try await server.log(testID)
        #expect(log.requests.count == 3)
        #expect(Set(log.requests.map(\.body)) == [Data(Self.helloBytes.utf8)])
        #expect(Set(log.requests.compactMap { $0.header("x-api-key") }) == [Self.key])
    }

    @Test func retriesBackOffWithoutRetryAfterAndGiveUp() async throws {
        let server = try #require(LoopbackServer.current)
        let recorder = SleepRecorder()
        let testID = UUID().uuidString
        let error = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "status", testID: testID, headers: ["x-status": "529"], maxRetries: 2,
                recorder: recorder
            ).createMessage(try Self.params(Self.hello))
        }
        #expect(error?.statusCode == 529)
        #expect(error?.statusError?.requestID == "req_529_3")
        #expect(recorder.recorded == [0.5, 1.0])
        #expect(try await server.log(testID).requests.count == 3)

        // x-should-retry: false stops retries of a retryable status; 400 is not retried.
        for (status, header) in [("500", "false"), ("400", nil)] {
            let id = UUID().uuidString
            var headers: HTTPHeaders = ["x-status": status]
            if let header { headers["x-response-x-should-retry"] = header }
            await #expect(throws: APIError.self) {
                _ = try await client(server, scenario: "status", testID: id, headers: headers)
                    .createMessage(try Self.params(Self.hello))
            }
            #expect(try await server.log(id).requests.count == 1, "\(status)")
        }
    }

    @Test func realRetryAfterMillisecondsWait() async throws {
        let server = try #require(LoopbackServer.current)
        let start = ContinuousClock.now
        let message = try await client(
            server, scenario: "status", testID: UUID().uuidString,
            headers: ["x-status": "529", "x-fail-times": "1", "x-then": "fixture", "x-response-retry-after-ms": "250"],
            recorder: nil
        ).createMessage(try Self.params(Self.hello))
        #expect(message.id == "msg_01TextFixture0000000000001")
        #expect(ContinuousClock.now - start >= .milliseconds(250))
    }

    @Test func streamsAreRetriedBeforeTheFirstByte() async throws {
        let server = try #require(LoopbackServer.current)
        let recorder = SleepRecorder()
        let testID = UUID().uuidString
        let stream = client(
            server, scenario: "status", testID: testID,
            headers: [
                "x-status": "529", "x-fail-times": "1", "x-then": "fixture", "x-fixture": "streams/tool-use.sse",
                "x-response-retry-after": "1",
            ],
            recorder: recorder
        ).streamMessage(try Self.params(Self.hello))
        let message = try await MessageAccumulator.message(from: stream)
        #expect(message.id == "msg_01StreamTool000000000002")
        #expect(recorder.recorded == [1])
        #expect(try await server.log(testID).requests.count == 2)
    }

    // MARK: - Streams

    @Test(
        arguments: ["streams/text", "streams/tool-use", "streams/thinking", "streams/citations", "unknown/events"],
        [3, 64, 100_000])
    func recordedStreamEndToEnd(_ name: String, chunkSize: Int) async throws {
        let server = try #require(LoopbackServer.current)
        let (events, error) = await collect(
            client(
                server, scenario: "fixture", testID: UUID().uuidString,
                headers: ["x-fixture": name + ".sse", "x-chunk-size": "\(chunkSize)"]
            ).streamMessage(try Self.params(Self.hello)))
        #expect(error == nil, "\(String(describing: error))")
        #expect(events == (try streamEvents(try Fixtures.resource(name + ".sse"))))
        let message = try accumulate(events)
        let expected = try JSONDecoder().decode(Message.self, from: try Fixtures.resource(name + ".expected.json"))
        #expect(message == expected)
    }

    /// A real recorded stream from ../shared/api too, when present (sent as the body, the file is not copied).
    @Test func sharedRecordedStreamEndToEnd() async throws {
        let server = try #require(LoopbackServer.current)
        let path = Fixtures.sharedAPI + "/streams/py-sdk-tool-use.sse"
        guard FileManager.default.fileExists(atPath: path) else {
            #expect(Bool(true), "skipped: \(path) is absent")
            return
        }
        // As stored the file lacks the blank line after message_stop, so the client (like the SSE standard)
        // discards that event and reports the stream as ended early.
        let stored = try Fixtures.read(path)
        let (partial, early) = await collect(
            client(
                server, scenario: "fixture", testID: UUID().uuidString,
                headers: ["x-fixture": "shared.sse", "x-body-b64": stored.base64EncodedString()]
            ).streamMessage(try Self.params(Self.hello)))
        if Fixtures.sharedStreamsWithoutFinalBlankLine.contains("py-sdk-tool-use.sse") {
            #expect((early as? APIError)?.description == "stream ended before 'message_stop'")
            #expect(partial.count == (try streamEvents(stored)).count)
        }
        let data = try Fixtures.sharedStream("py-sdk-tool-use.sse")
        let (events, error) = await collect(
            client(
                server, scenario: "fixture", testID: UUID().uuidString,
                headers: ["x-fixture": "shared.sse", "x-body-b64": data.base64EncodedString(), "x-chunk-size": "5"]
            ).streamMessage(try Self.params(Self.hello)))
        #expect(error == nil, "\(String(describing: error))")
        #expect(events == (try streamEvents(data)))
        let message = try accumulate(events)
        #expect(message.id == "msg_019Q1hrJbZG26Fb9BQhrkHEr")
        #expect(message.stopReason == .value(.toolUse))
        guard message.content.count == 2, case .toolUse(let tool) = message.content[1] else {
            Issue.record("expected text and tool_use, got \(message.content)")
            return
        }
        #expect(tool.input == ["location": "Paris"])
    }

    @Test func midStreamErrorEventIsTheSameTypedError() async throws {
        let server = try #require(LoopbackServer.current)
        let body = Data(
            #"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}, "request_id": "req_in_event"}"#
                .utf8)
        let (events, error) = await collect(
            client(
                server, scenario: "sse-error", testID: UUID().uuidString,
                headers: ["x-fixture": "streams/text.sse", "x-events": "3", "x-body-b64": body.base64EncodedString()]
            ).streamMessage(try Self.params(Self.hello)))
        #expect(events.count == 3)
        guard case .streamError(let failure)? = error as? APIError else {
            Issue.record("expected a stream error, got \(String(describing: error))")
            return
        }
        #expect(failure.statusCode == 200)
        #expect(failure.type == "overloaded_error")
        #expect(failure.message == "Overloaded")
        #expect(failure.requestID == "req_stream_1")
        #expect(failure.body == body)
        #expect(
            (error as? APIError)?.description
                == "error event in stream: overloaded_error: Overloaded (request-id: req_stream_1)")

        // The same body as an HTTP 529 gives the same type, message and typed body.
        let statusError = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "status", testID: UUID().uuidString,
                headers: ["x-status": "529", "x-body-b64": body.base64EncodedString()], maxRetries: 0
            ).createMessage(try Self.params(Self.hello))
        }
        let status = try #require(statusError?.statusError)
        #expect(status.type == failure.type)
        #expect(status.message == failure.message)
        #expect(status.decodeBody(as: ErrorResponse.self) == failure.decodeBody(as: ErrorResponse.self))
        #expect(failure.decodeBody(as: ErrorResponse.self)?.error.type == .overloadedError)

        // The accumulator sees the error event as a typed stream error too (when events are fed by hand).
        let event = try JSONDecoder().decode(MessageStreamEvent.self, from: body)
        var accumulator = MessageAccumulator()
        #expect(
            throws: MessageAccumulator.AccumulationError.streamError(type: "overloaded_error", message: "Overloaded")
        ) {
            try accumulator.apply(event)
        }
    }

    // MARK: - Timeout and cancellation

    @Test func timeout() async throws {
        let server = try #require(LoopbackServer.current)
        let testID = UUID().uuidString
        let error = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "slow", testID: testID, headers: ["x-delay": "3"], maxRetries: 0,
                timeout: .milliseconds(300)
            ).createMessage(try Self.params(Self.hello))
        }
        guard case .timeout(let after) = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(after == .milliseconds(300))
        #expect(error?.description == "request timed out after 0.3 s")

        // A stream whose headers do not arrive in time.
        let (events, streamError) = await collect(
            client(
                server, scenario: "slow", testID: UUID().uuidString,
                headers: ["x-delay": "3", "x-fixture": "streams/text.sse"], maxRetries: 0, timeout: .milliseconds(300)
            ).streamMessage(try Self.params(Self.hello)))
        #expect(events.isEmpty)
        guard case .timeout? = streamError as? APIError else {
            Issue.record("expected a timeout, got \(String(describing: streamError))")
            return
        }
    }

    @Test func cancellingARequest() async throws {
        let server = try #require(LoopbackServer.current)
        let client = self.client(server, scenario: "slow", testID: UUID().uuidString, headers: ["x-delay": "5"])
        let params = try Self.params(Self.hello)
        let task = Task { try await client.createMessage(params) }
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
        let testID = UUID().uuidString
        let client = self.client(server, scenario: "sse-hang", testID: testID)
        let params = try Self.params(Self.hello)
        let (firstEvent, firstEventContinuation) = AsyncStream<Void>.makeStream()
        let task = Task {
            var count = 0
            for try await _ in client.streamMessage(params) {
                count += 1
                firstEventContinuation.yield()
            }
            return count
        }
        for await _ in firstEvent { break }
        task.cancel()
        #expect(try await task.value == 1)
        // The server notices the closed connection on its next keep-alive write.
        var notes: [String] = []
        for _ in 0..<200 where !notes.contains("client-disconnected") {
            try await Task.sleep(for: .milliseconds(50))
            notes = try await server.log(testID).notes
        }
        #expect(notes.contains("client-disconnected"))
    }

    // MARK: - Pre-flight validation

    static let invalid =
        #"{"model":"claude-sonnet-4-5","max_tokens":-1,"temperature":1.5,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"bad.name","input_schema":{"type":"object"}}]}"#

    @Test func invalidRequestIsNotSent() async throws {
        let server = try #require(LoopbackServer.current)
        let params = try Self.params(Self.invalid)
        let expected = params.validate().filter { $0.severity == .error }
        #expect(
            expected.map { "\($0.pointer) \($0.rule)" } == [
                "/max_tokens number.minimum", "/tools/0/name string.pattern",
            ])

        let testID = UUID().uuidString
        let error = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "fixture", testID: testID).createMessage(params)
        }
        guard case .invalidRequest(let violations) = error else {
            Issue.record("expected invalidRequest, got \(String(describing: error))")
            return
        }
        #expect(violations == expected)
        #expect(violations.allSatisfy { $0.severity == .error })  // the temperature warning is not an error

        // Streaming: the stream fails at once with the same error.
        let (events, streamError) = await collect(
            client(server, scenario: "fixture", testID: testID).streamMessage(params))
        #expect(events.isEmpty)
        guard case .invalidRequest(let streamViolations)? = streamError as? APIError else {
            Issue.record("expected invalidRequest, got \(String(describing: streamError))")
            return
        }
        #expect(streamViolations == expected)
        #expect(try await server.log(testID).requests.isEmpty, "the server must not see an invalid request")

        // With validation off the same request is sent.
        let unchecked = UUID().uuidString
        _ = try await client(server, scenario: "fixture", testID: unchecked, validates: false).createMessage(params)
        #expect(try await server.log(unchecked).requests.count == 1)
    }

    // MARK: - Secrets

    /// Fragments of `secret` (12 characters or more) found in `text`: a truncated or partial key leaks too.
    static func leakedFragment(of secret: String, in text: String) -> String? {
        let characters = Array(secret)
        let length = 12
        guard characters.count >= length else { return text.contains(secret) ? secret : nil }
        for start in 0...(characters.count - length) {
            let fragment = String(characters[start..<(start + length)])
            if text.contains(fragment) { return fragment }
        }
        return nil
    }

    /// Every rendering of `value`: description, debugDescription, String(reflecting:) and dump.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        var out = [String(describing: value), String(reflecting: value), dumped]
        if let value = value as? any CustomStringConvertible { out.append(value.description) }
        if let value = value as? any CustomDebugStringConvertible { out.append(value.debugDescription) }
        if let error = value as? APIError, let failure = error.statusError {
            out += [failure.bodyText, failure.json?.serialized() ?? "", failure.headers.description]
            out += failure.headers.fields.map(\.value)
            out += [failure.message ?? "", failure.requestID ?? ""]
        }
        if case .decoding(let failure)? = value as? APIError { out += [failure.bodyText, failure.reason] }
        return out
    }

    func expectNoSecret(_ value: Any, _ secret: String, _ context: String) {
        for text in Self.renderings(value) {
            if let fragment = Self.leakedFragment(of: secret, in: text) {
                Issue.record("\(context): the secret leaks ('\(fragment)…') in:\n\(text)")
            }
        }
    }

    @Test(arguments: ["api-key", "bearer"])
    func secretsNeverAppearInErrors(_ kind: String) async throws {
        let server = try #require(LoopbackServer.current)
        let secret = kind == "api-key" ? Self.key : Self.token
        let authentication =
            kind == "api-key"
            ? AnthropicMessagesClient.apiKey(secret) : AnthropicMessagesClient.bearerToken(secret)

        // 401 whose body, request_id and x-echo header repeat the key (raw and JSON-escaped).
        let testID = UUID().uuidString
        let status = await #expect(throws: APIError.self) {
            _ = try await client(server, scenario: "echo-key", testID: testID, authentication: authentication)
                .createMessage(try Self.params(Self.hello))
        }
        let statusError = try #require(status)
        let failure = try #require(statusError.statusError)
        #expect(failure.message?.hasPrefix("invalid x-api-key: [REDACTED]") == true)
        #expect(failure.requestID == "req_401_1")
        #expect(failure.headers["x-echo"] == "key=[REDACTED]")
        #expect(failure.json?["request_id"] == "req_[REDACTED]")
        // The server did receive the key: the echo is real.
        let request = try #require(try await server.log(testID).requests.first)
        #expect(request.header(kind == "api-key" ? "x-api-key" : "authorization")?.hasSuffix(secret) == true)
        expectNoSecret(statusError, secret, "\(kind) status error")

        // The same inside a stream's error event.
        let (_, streamError) = await collect(
            client(server, scenario: "sse-echo-key", testID: UUID().uuidString, authentication: authentication)
                .streamMessage(try Self.params(Self.hello)))
        guard let streamFailure = streamError as? APIError, case .streamError = streamFailure else {
            Issue.record("expected a stream error, got \(String(describing: streamError))")
            return
        }
        expectNoSecret(streamFailure, secret, "\(kind) stream error")

        // A 200 body that is not a Message and repeats the key.
        let decoding = await #expect(throws: APIError.self) {
            _ = try await client(
                server, scenario: "bad-echo-key", testID: UUID().uuidString, authentication: authentication
            )
            .createMessage(try Self.params(Self.hello))
        }
        guard let decoding, case .decoding(let decodingFailure) = decoding else {
            Issue.record("expected a decoding error, got \(String(describing: decoding))")
            return
        }
        #expect(decodingFailure.bodyText.contains("[REDACTED]"))
        expectNoSecret(decoding, secret, "\(kind) decoding error")

        // The client and its configuration.
        let configured = client(server, scenario: "fixture", testID: UUID().uuidString, authentication: authentication)
        expectNoSecret(configured, secret, "\(kind) client")
        expectNoSecret(configured.core.configuration, secret, "\(kind) configuration")
        expectNoSecret(authentication, secret, "\(kind) authentication")
    }

    /// A key pasted into a request field: the violation message quotes the value, and must not show the key.
    @Test func secretInAnInvalidFieldIsRedactedInViolations() async throws {
        let server = try #require(LoopbackServer.current)
        for (kind, secret) in [("short", "sk-ant-SHORT/sec+ret"), ("real-length", Self.key)] {
            let body =
                #"{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"my key \#(secret)","input_schema":{"type":"object"}}]}"#
            let testID = UUID().uuidString
            let error = await #expect(throws: APIError.self) {
                _ = try await client(
                    server, scenario: "fixture", testID: testID, authentication: AnthropicMessagesClient.apiKey(secret)
                ).createMessage(try Self.params(body))
            }
            guard let error, case .invalidRequest(let violations) = error else {
                Issue.record("expected invalidRequest, got \(String(describing: error))")
                continue
            }
            #expect(violations.map(\.rule) == ["string.pattern"])
            // Messages shorten long values to 57 characters and "…"; the redactor also finds a key cut that way.
            expectNoSecret(error, secret, "\(kind) invalid request")
            #expect(try await server.log(testID).requests.isEmpty)
        }
    }
}
