import Foundation
import SpecRuntime
import SpecValidation
import Testing

/// The scripted loopback server of the test suites (`Resources/loopback_server.py`, run with `python3` from
/// `PATH`), one per suite: see ``LoopbackServerTrait``. Requests choose what it answers with the `x-scenario`
/// header and keep apart by `x-test-id`; the script's header lists every scenario.
public final class LoopbackServer: @unchecked Sendable {
    /// The server could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// What the server received for one test.
    public struct Log: Decodable, Sendable {
        /// One received request.
        public struct Request: Decodable, Sendable {
            public var method: String
            public var path: String
            /// Lower-cased names and values, in the order received.
            public var headers: [[String]]
            var body_base64: String

            /// The request body.
            public var body: Data { Data(base64Encoded: body_base64) ?? Data() }
            /// The first value of a header (lower-case name).
            public func header(_ name: String) -> String? { headers.first { $0.first == name }?.last }
            /// Every value of a header (lower-case name).
            public func headers(_ name: String) -> [String] { headers.filter { $0.first == name }.compactMap(\.last) }
        }

        /// The requests, in the order received.
        public var requests: [Request]
        /// Notes such as `client-disconnected`.
        public var notes: [String]
    }

    /// The server of the running suite (see ``LoopbackServerTrait``).
    @TaskLocal public static var current: LoopbackServer?

    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    private let process: Process
    private let input: Pipe

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    /// Starts a server; `fixtures` is the folder `x-fixture` names are relative to, `defaultScenario` what requests
    /// that name no scenario get.
    public static func start(fixtures: String? = nil, defaultScenario: String = "echo") async throws -> LoopbackServer {
        guard
            let script = Bundle.module.url(
                forResource: "loopback_server", withExtension: "py", subdirectory: "Resources")
        else { throw StartError(description: "loopback_server.py is not in the TestSupport bundle") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", "-u", script.path, "--default", defaultScenario] + (fixtures.map { ["--fixtures", $0] } ?? [])
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
            throw StartError(description: "the loopback server did not print its port (got '\(line)')")
        }
        return LoopbackServer(port: port, process: process, input: input)
    }

    /// Stops the server and waits for it to exit.
    public func stop() {
        if process.isRunning { process.terminate() }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// The requests and notes the server recorded for `testID`.
    public func log(_ testID: String) async throws -> Log {
        let core = ClientCore(
            configuration: ClientConfiguration(authentication: nil, baseURL: baseURL, maxRetries: 0),
            defaults: APIDefaults(baseURL: "http://unused.invalid"))
        return try await core.send(endpoint: EndpointDescription(method: "GET", path: "/_requests/\(testID)"))
    }
}

/// Runs a suite with one ``LoopbackServer`` started before its tests and stopped after them, available to the
/// tests as ``LoopbackServer/current``. Tests keep apart on the shared server by their `x-test-id` header.
public struct LoopbackServerTrait: SuiteTrait, TestScoping {
    let fixtures: String?
    let defaultScenario: String

    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await LoopbackServer.start(fixtures: fixtures, defaultScenario: defaultScenario)
        defer { server.stop() }
        try await LoopbackServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == LoopbackServerTrait {
    /// One loopback server for the whole suite, answering `echo` by default.
    public static var loopbackServer: Self { Self(fixtures: nil, defaultScenario: "echo") }

    /// One loopback server for the whole suite that serves response fixtures from `folder` (`fixture` by default).
    public static func loopbackServer(fixtures folder: String) -> Self {
        Self(fixtures: folder, defaultScenario: "fixture")
    }
}

/// Records the retry waits of a client instead of sleeping.
public final class SleepRecorder: Sendable {
    private let delays = Locked<[Duration]>([])

    public init() {}

    /// The waits so far, in seconds.
    public var recorded: [Double] {
        delays.withLock { $0.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } }
    }

    /// A retry environment that records instead of sleeping, never jitters, and has a fixed clock.
    public var environment: RetryEnvironment {
        RetryEnvironment(
            sleep: { [delays] duration in delays.withLock { $0.append(duration) } },
            random: { 0 },
            now: { Date(timeIntervalSince1970: 1_700_000_000) })
    }
}
