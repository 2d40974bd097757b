import ArgumentParser
import Foundation
import SpecKit
import SpecMock

/// `spec-mock`: a server for the endpoints of an API spec that validates requests as `spec-lint` does.
@main
struct SpecMockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec-mock",
        abstract:
            "Serve a spec's endpoints on loopback: validate every request, answer like the API (streams included).",
        discussion: """
            Prints 'spec-mock listening on http://HOST:PORT' when ready. Invalid requests get status 400 with the \
            spec's error body; valid ones a fixture or a synthesized response. Ask for faults per request with the \
            x-mock-fault header (see Docs/MockServer.md).
            """,
        version: "0.1.0"
    )

    @Option(
        name: .long,
        help: ArgumentHelp("The spec to serve instead of the built-in Anthropic Messages spec.", valueName: "path"))
    var spec: String?

    @Option(name: .long, help: "The IPv4 address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port (0 picks a free one and prints it).")
    var port = 4010

    @Option(name: .long, help: ArgumentHelp("The API key to accept (default: any non-empty key).", valueName: "key"))
    var apiKey: String?

    @Option(name: .long, help: "The seed of synthesized responses.")
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("A folder of fixture files (*.json).", valueName: "path"))
    var fixtures: String?

    @Option(
        name: .long, help: ArgumentHelp("A fault for every request, as in the x-mock-fault header.", valueName: "fault")
    )
    var fault: String?

    @Option(name: .long, help: ArgumentHelp("Append one JSON line per request to this file.", valueName: "path"))
    var logJSON: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Proxy mode: forward valid requests to this base URL and validate what comes back.", valueName: "url"))
    var upstream: String?

    @Flag(name: .long, help: "In proxy mode, forward invalid requests too (they are still logged).")
    var forwardInvalid = false

    @Option(name: .long, help: "Seconds a silent connection stays open.")
    var idleTimeout = HTTPLimits().idleTimeoutSeconds

    @Option(name: .long, help: "The largest request body accepted, in bytes.")
    var maxBodyBytes = HTTPLimits().maxBodyBytes

    @Flag(name: .shortAndLong, help: "Log only requests with problems.")
    var quiet = false

    @Flag(name: .long, help: "Exit when standard input closes (for test harnesses that start the server).")
    var stopWithStdin = false

    func run() throws {
        let loaded =
            spec.map { SpecLoader.load(path: $0) }
            ?? SpecLoader.load(
                bytes: Array(EmbeddedSpecs.messagesYAML.utf8), file: "<built-in messages.yaml>", checked: false)
        guard let model = loaded.spec, loaded.isUsable else {
            FileHandle.standardError.write(
                Data((loaded.diagnostics.map(\.description).joined(separator: "\n") + "\n").utf8))
            FileHandle.standardError.write(
                Data("spec-mock: the spec has errors; check it with 'spec-lint check-spec'\n".utf8))
            throw ExitCode(2)
        }
        var configuration = MockConfiguration(
            apiKey: apiKey, seed: seed, fault: fault, forwardsInvalidRequests: forwardInvalid)
        if let upstream {
            guard let url = URL(string: upstream), url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("--upstream takes an http or https base URL, found '\(upstream)'")
            }
            configuration.upstream = url
        }
        if let fixtures {
            let (found, diagnostics) = Fixture.load(directory: fixtures)
            if !diagnostics.isEmpty {
                FileHandle.standardError.write(
                    Data((diagnostics.map(\.description).joined(separator: "\n") + "\n").utf8))
                if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
            }
            configuration.fixtures = found
        }
        let jsonLog = try logJSON.map { path -> FileHandle in
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw ValidationError("cannot write the log '\(path)'")
            }
            handle.seekToEndOfFile()
            return handle
        }
        let quiet = quiet
        let service = MockService(spec: model, configuration: configuration) { entry in
            MockLog.write(entry, quiet: quiet, json: jsonLog)
        }
        let server: HTTPServer
        do {
            var limits = HTTPLimits()
            limits.idleTimeoutSeconds = max(1, idleTimeout)
            limits.maxBodyBytes = max(0, maxBodyBytes)
            server = try HTTPServer(host: host, port: port, limits: limits)
        } catch {
            FileHandle.standardError.write(Data("spec-mock: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if stopWithStdin {
            Thread.detachNewThread {
                while !FileHandle.standardInput.availableData.isEmpty {}
                Foundation.exit(0)
            }
        }
        FileHandle.standardOutput.write(Data("spec-mock listening on http://\(host):\(server.port)\n".utf8))
        server.serve { service.respond(to: $0) }
    }
}

/// Writes log entries: a human line (and its diagnostics) on standard error, a JSON line to the log file.
enum MockLog {
    /// One writer at a time, so lines of concurrent requests do not interleave.
    static let lock = DispatchSemaphore(value: 1)

    static func write(_ entry: MockLogEntry, quiet: Bool, json: FileHandle?) {
        lock.wait()
        defer { lock.signal() }
        let problems = entry.diagnostics + entry.responseProblems
        if !quiet || !problems.isEmpty {
            var text = "\(entry.request) \(entry.status) \(entry.source)\n"
            for d in entry.diagnostics {
                text += "  request \(d.pointer ?? ""): \(d.severity.rawValue): \(d.message)\n"
            }
            for d in entry.responseProblems {
                let place = d.location.map { " in \($0.file)" } ?? ""
                text +=
                    "  response\(place) \(d.pointer ?? ""): \(d.severity.rawValue): \(d.message) [\(d.rule ?? "")]\n"
            }
            FileHandle.standardError.write(Data(text.utf8))
        }
        if let json {
            func encode(_ d: Diagnostic) -> [String: Any] {
                [
                    "severity": d.severity.rawValue, "message": d.message, "pointer": d.pointer ?? "",
                    "rule": d.rule ?? "", "where": d.location?.file ?? "",
                ]
            }
            let object: [String: Any] = [
                "request": entry.request, "status": entry.status, "source": entry.source,
                "request_diagnostics": entry.diagnostics.map(encode),
                "response_diagnostics": entry.responseProblems.map(encode),
            ]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                json.write(data + Data("\n".utf8))
            }
        }
    }
}
