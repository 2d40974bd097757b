import AnthropicMessages
import Foundation
import SpecRuntime
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `spec-mock` process for the suite, on a free port.
final class MockProcess: Sendable {
    static let shared: MockProcess? = try? MockProcess()

    let process: Process
    let port: Int
    /// Its standard input: open while this process lives, so the server exits with it (`--stop-with-stdin`).
    let input: Pipe
    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    convenience init() throws {
        try self.init(arguments: ["--idle-timeout", "2", "--max-body-bytes", "1000000", "--quiet"])
    }

    /// Starts `spec-mock --port 0 --stop-with-stdin` with `arguments`.
    init(arguments: [String]) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("spec-mock")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "0", "--stop-with-stdin"] + arguments
        let input = Pipe()
        process.standardInput = input
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let colon = text.lastIndex(of: ":"),
            let port = Int(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw CocoaError(.fileReadCorruptFile) }
        self.process = process
        self.input = input
        self.port = port
    }

    deinit { process.terminate() }
}

@Suite(.serialized) struct SpecMockTests {
    static let hello =
        #"{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello from Swift"}]}"#

    func mock() throws -> MockProcess { try #require(MockProcess.shared, "spec-mock did not start") }

    func client(_ mock: MockProcess, validates: Bool = true, retries: Int = 2) -> AnthropicMessagesClient {
        AnthropicMessagesClient(
            configuration: ClientConfiguration(
                authentication: AnthropicMessagesClient.apiKey("test-key"), baseURL: mock.baseURL,
                maxRetries: retries, validatesRequests: validates,
                retryEnvironment: RetryEnvironment(sleep: { _ in }, random: { 0 }, now: { Date() })))
    }

    static func params(_ json: String) throws -> MessageCreateParams {
        try JSONDecoder().decode(MessageCreateParams.self, from: Data(json.utf8))
    }

    /// A raw request; returns the status and the body.
    func raw(
        _ mock: MockProcess, method: String = "POST", path: String = "/v1/messages", body: String?,
        headers: [String: String] = ["x-api-key": "k", "content-type": "application/json"]
    ) async throws -> (status: Int, body: String, headers: [AnyHashable: Any]) {
        var request = URLRequest(url: mock.baseURL.appendingPathComponent(path))
        request.httpMethod = method
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.allHeaderFields)
    }

    @Test func createAndStreamWithTheGeneratedClient() async throws {
        let mock = try mock()
        let client = client(mock)
        let message = try await client.createMessage(try Self.params(Self.hello))
        guard case .text(let text)? = message.content.last else {
            Issue.record("no text block: \(message.content)")
            return
        }
        #expect(text.text == "This is a mock reply from spec-mock to: Hello from Swift")
        #expect(message.stopReason?.value == .endTurn)
        #expect(message.model == "claude-sonnet-4-5")

        var accumulator = MessageAccumulator()
        var events = 0
        let params = try Self.params(Self.hello)
        do throws(APIError) {
            for try await event in client.streamMessage(params) {
                try? accumulator.apply(event)
                events += 1
            }
        } catch {
            Issue.record("the stream failed: \(error)")
        }
        #expect(accumulator.isComplete)
        #expect(events >= 7)
        guard case .text(let streamed)? = accumulator.message?.content.last else {
            Issue.record("the stream built no text block")
            return
        }
        #expect(streamed.text == text.text)
    }

    @Test func toolUseNamesADeclaredTool() async throws {
        let mock = try mock()
        let json = #"""
            {"model":"claude-sonnet-4-5","max_tokens":512,"messages":[{"role":"user","content":"Weather?"}],
             "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
             "tool_choice":{"type":"any"}}
            """#
        let message = try await client(mock).createMessage(try Self.params(json))
        #expect(message.stopReason?.value == .toolUse)
        let uses = message.content.compactMap { block -> ToolUseBlock? in
            if case .toolUse(let use) = block { return use }
            return nil
        }
        #expect(uses.map(\.name) == ["get_weather"])
        #expect(uses.first?.input == ["city": "mock"])
    }

    @Test func invalidRequestsGetTheAPIsBadRequest() async throws {
        let mock = try mock()
        let bad = #"{"model":"claude-sonnet-4-5","max_tokens":-1,"messages":[{"role":"user","content":"x"}]}"#
        let badParams = try Self.params(bad)
        do throws(APIError) {
            _ = try await client(mock, validates: false).createMessage(badParams)
            Issue.record("an invalid request was answered")
        } catch {
            #expect(error.statusError?.statusCode == 400)
            let body = error.statusError?.decodeBody(as: ErrorResponse.self)
            #expect(body?.error.message == "max_tokens: -1 is less than the minimum 0")
            #expect(body?.error.type == .invalidRequestError)
        }
        let reply = try await raw(mock, body: bad)
        #expect(reply.status == 400)
        #expect(
            reply.body.contains(
                #""diagnostics":[{"severity":"error","message":"-1 is less than the minimum 0","pointer":"/max_tokens","rule":"number.minimum","line":1,"column":43}]"#
            ))
    }

    @Test func faultsAreRetriedByTheClient() async throws {
        let mock = try mock()
        let id = UUID().uuidString
        let params = try Self.params(Self.hello)
        let options = RequestOptions(headers: ["x-mock-fault": "overloaded; times=2; id=\(id)"])
        let message = try await client(mock).createMessage(params, options: options)
        #expect(!message.content.isEmpty)
        let again = RequestOptions(headers: ["x-mock-fault": "rate_limit; times=5; id=\(id)"])
        do throws(APIError) {
            _ = try await client(mock, retries: 1).createMessage(params, options: again)
            Issue.record("a persistent 429 passed")
        } catch {
            #expect(error.statusError?.statusCode == 429)
        }
        do throws(APIError) {
            let failing = RequestOptions(headers: ["x-mock-fault": "stream_error; after=3"])
            for try await _ in client(mock).streamMessage(params, options: failing) {}
            Issue.record("an error event did not fail the stream")
        } catch {
            #expect(error.statusError?.type == "overloaded_error")
        }
    }

    @Test func badInputGetsTheErrorShapeOrAClosedConnection() async throws {
        let mock = try mock()
        let notJSON = try await raw(mock, body: "{not json")
        #expect(notJSON.status == 400)
        #expect(notJSON.body.contains(#""type":"invalid_request_error""#))
        let unknown = try await raw(mock, path: "/v1/mesages", body: Self.hello)
        #expect(unknown.status == 404)
        #expect(unknown.body.contains("did you mean /v1/messages?"))
        let method = try await raw(mock, method: "GET", body: nil)
        #expect(method.status == 405)
        let noKey = try await raw(mock, body: Self.hello, headers: ["content-type": "application/json"])
        #expect(noKey.status == 401)
        #expect(noKey.body.contains("authentication_error"))
        // Over the body limit: 413 before the body is read (the lingering close lets it arrive).
        let oversized =
            "POST /v1/messages HTTP/1.1\r\nx-api-key: k\r\ncontent-length: 1200000\r\n\r\n"
            + String(repeating: "1", count: 1_200_000)
        #expect(try rawSocket(mock.port, oversized).hasPrefix("HTTP/1.1 413"))
        // A chunk size that would overflow the body count is refused too.
        let chunked =
            "POST /v1/messages HTTP/1.1\r\nx-api-key: k\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n"
        #expect(try rawSocket(mock.port, chunked).hasPrefix("HTTP/1.1 413"))
        // Absurd fault values are clamped or ignored, not a crash (a stream delay does not apply to a plain reply).
        let clamped = try await raw(
            mock, body: Self.hello,
            headers: [
                "x-api-key": "k", "content-type": "application/json",
                "x-mock-fault": "slow_stream; ms=99999999999999; after=-3",
            ])
        #expect(clamped.status == 200)

        // Garbage, a truncated body and a silent client on a raw socket: each gets an answer or a close.
        #expect(try rawSocket(mock.port, "GARBAGE\r\n\r\n").hasPrefix("HTTP/1.1 400"))
        #expect(try rawSocket(mock.port, "POST /v1/messages HTTP/1.1\r\ncontent-length: 50\r\n\r\n{").isEmpty)
        #expect(try rawSocket(mock.port, "").isEmpty)
        // The server still answers afterwards.
        #expect(try await raw(mock, body: Self.hello).status == 200)
    }

    /// Sends `text`, half-closes nothing, and reads until the server closes (its idle timeout is 2 s).
    func rawSocket(_ port: Int, _ text: String) throws -> String {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        _ = text.withCString { send(fd, $0, strlen($0), 0) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Fixtures and proxy mode

    static let recorded = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_rec","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":"zero","delta":{"type":"text_delta","text":"Recorded."}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    static func fixtures(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spec-mock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    static func request(_ text: String, stream: Bool = false) -> String {
        #"{"model":"claude-sonnet-4-5","max_tokens":100,"stream":\#(stream),"messages":[{"role":"user","content":"\#(text)"}]}"#
    }

    @Test func fixturesAnswerAndTheProxyValidatesWhatComesBack() async throws {
        let broken =
            #"{"id":"msg_1","type":"message","role":"assistant","model":"m","stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#
        let dir = try Self.fixtures([
            "a-broken.json": #"{"match": {"last_user_text": "broken"}, "body": \#(broken)}"#,
            "b-recorded.json":
                #"{"match": {"last_user_text": "recorded", "model": "claude-sonnet-4-5"}, "stream": "rec.sse"}"#,
            "rec.sse": Self.recorded,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let upstream = try MockProcess(arguments: ["--fixtures", dir.path, "--quiet"])
        let log = dir.appendingPathComponent("proxy.jsonl")
        let proxy = try MockProcess(arguments: ["--upstream", upstream.baseURL.absoluteString, "--log-json", log.path])

        // The upstream answers from its fixtures, byte for byte.
        #expect(try await raw(upstream, body: Self.request("this is broken")).body == broken)
        // Through the proxy: a synthesized answer, the broken fixture, the recorded stream, an invalid request.
        let plain = try await raw(proxy, body: Self.request("hello"))
        #expect(plain.status == 200 && plain.body.contains("This is a mock reply from spec-mock to: hello"))
        #expect(try await raw(proxy, body: Self.request("broken")).body == broken)
        let streamed = try await raw(proxy, body: Self.request("recorded", stream: true))
        #expect(streamed.body == Self.recorded.trimmingCharacters(in: .newlines) + "\n\n")
        let invalid = try await raw(proxy, body: #"{"model":"claude-sonnet-4-5","max_tokens":-1,"messages":[]}"#)
        #expect(invalid.status == 400)

        var lines: [String] = []
        for _ in 0..<50 {
            lines = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
            if lines.count == 4 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(lines.count == 4, "\(lines)")
        #expect(lines[0].contains(#""response_diagnostics":[]"#) && lines[0].contains(#""source":"upstream""#))
        #expect(lines[1].contains(#""message":"missing required field 'content' of Message""#))
        #expect(lines[2].contains(#""pointer":"\/index""#) && lines[2].contains(#""where":"response event 3""#))
        #expect(lines[3].contains(#""source":"rejected""#) && lines[3].contains(#""status":400"#))
    }

    @Test func brokenFixturesStopTheServerWithLocatedErrors() throws {
        let dir = try Self.fixtures(["x.json": #"{"match": {"modle": "m"}, "bdy": {}}"#])
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("spec-mock")
        process.arguments = ["--port", "0", "--fixtures", dir.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let path = dir.appendingPathComponent("x.json").path
        #expect(text.contains("\(path):1:27: error: unknown key 'bdy' in a fixture; did you mean 'body'? [fixture]"))
        #expect(text.contains("\(path):1:12: error: unknown matcher 'modle'; did you mean 'model'? [fixture]"))
    }

    @Test func oversizedHeadsAreRefused() throws {
        let mock = try mock()
        let head = "POST /v1/messages HTTP/1.1\r\nx-big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n"
        #expect(try rawSocket(mock.port, head).hasPrefix("HTTP/1.1 431"))
    }
}
