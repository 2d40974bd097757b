import Foundation
import Testing

@testable import SpecRuntime

/// Runs a suite with one ``TestServer`` started before its tests and stopped after them, available to the tests as
/// ``TestServer/current``. Tests keep apart on the shared server by their `x-test-id` header.
struct LoopbackServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        try await TestServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == LoopbackServerTrait {
    /// One loopback test server for the whole suite.
    static var loopbackServer: Self { Self() }
}

/// The scripted loopback server in `Resources/test_server.py`, run with `python3` from `PATH`.
final class TestServer: @unchecked Sendable {
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
        }

        var requests: [Request]
        var notes: [String]
    }

    /// The server of the running suite (see ``LoopbackServerTrait``).
    @TaskLocal static var current: TestServer?

    let port: Int
    private let process: Process
    private let input: Pipe

    var baseURL: URL {
        URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
    }

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    static func start() async throws -> TestServer {
        guard let script = Bundle.module.url(forResource: "test_server", withExtension: "py", subdirectory: "Resources")
        else { throw StartError(description: "test_server.py is not in the test bundle") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script.path]
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
            throw StartError(description: "the test server did not print its port (got '\(line)')")
        }
        return TestServer(port: port, process: process, input: input)
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
