import AnthropicMessages
import Foundation
import SpecRuntime
import Testing

/// Runs a suite with one ``MessagesServer`` started before its tests and stopped after them, available to the
/// tests as ``MessagesServer/current``. Tests keep apart on the shared server by their `x-test-id` header.
struct MessagesServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await MessagesServer.start()
        defer { server.stop() }
        try await MessagesServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == MessagesServerTrait {
    /// One loopback messages server for the whole suite.
    static var messagesServer: Self { Self() }
}

/// The scripted loopback server in `Resources/messages_server.py`, run with `python3` from `PATH` on port 0.
final class MessagesServer: @unchecked Sendable {
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// What the server received for one test.
    struct Log: Decodable, Sendable {
        struct Request: Decodable, Sendable {
            var method: String
            var path: String
            var headers: [[String]]
            var body_base64: String

            var body: Data { Data(base64Encoded: body_base64) ?? Data() }
            func header(_ name: String) -> String? { headers.first { $0.first == name }?.last }
            func headers(_ name: String) -> [String] { headers.filter { $0.first == name }.compactMap(\.last) }
        }

        var requests: [Request]
        var notes: [String]
    }

    /// The server of the running suite (see ``MessagesServerTrait``).
    @TaskLocal static var current: MessagesServer?

    let port: Int
    private let process: Process
    private let input: Pipe

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    static func start() async throws -> MessagesServer {
        let script = Fixtures.resources + "/messages_server.py"
        guard FileManager.default.fileExists(atPath: script) else {
            throw StartError(description: "messages_server.py is not in the test bundle")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script, Fixtures.resources]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            DispatchQueue.global().async {
                var data = Data()
                while !data.contains(UInt8(ascii: "\n")) {
                    let more = output.fileHandleForReading.availableData
                    if more.isEmpty { break }
                    data.append(more)
                }
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw StartError(description: "the messages server did not print its port (got '\(line)')")
        }
        return MessagesServer(port: port, process: process, input: input)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// The requests and notes the server recorded for `testID`.
    func log(_ testID: String) async throws -> Log {
        let core = ClientCore(
            configuration: ClientConfiguration(authentication: nil, baseURL: baseURL, maxRetries: 0),
            defaults: APIDefaults(baseURL: "http://unused.invalid"))
        return try await core.send(endpoint: EndpointDescription(method: "GET", path: "/_requests/\(testID)"))
    }
}

/// Records the retry waits instead of sleeping.
final class SleepRecorder: Sendable {
    private let delays = TestLock<[Duration]>([])

    var recorded: [Double] {
        delays.withLock { $0.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } }
    }

    var environment: RetryEnvironment {
        RetryEnvironment(
            sleep: { [delays] duration in delays.withLock { $0.append(duration) } },
            random: { 0 },
            now: { Date(timeIntervalSince1970: 1_700_000_000) })
    }
}

/// A tiny lock (a plain NSLock, for every platform the package supports).
final class TestLock<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
