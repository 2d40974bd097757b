import Dispatch
import Foundation
import SpecKit
import SpecRuntime
import SpecValidation

/// What the upstream sent, handed from the task that reads it to the connection thread that writes it.
final class ChunkQueue: Sendable {
    enum Item: Sendable {
        case head(status: Int, headers: [(String, String)])
        case bytes([UInt8])
        case end
        case failed(String)
    }

    private let items = Locked([Item]())
    private let ready = DispatchSemaphore(value: 0)

    func push(_ item: Item) {
        items.withLock { $0.append(item) }
        ready.signal()
    }

    func pop() -> Item {
        ready.wait()
        return items.withLock { $0.removeFirst() }
    }
}

extension MockService {
    /// Headers that belong to one connection (RFC 9110 §7.6.1) or that the proxy sets itself.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "content-length", "host", "expect", "te", "trailer",
        "upgrade", "proxy-authorization", "accept-encoding", "content-encoding", faultHeader,
    ]

    /// The largest response kept for validation; a larger one is forwarded but checked only up to here.
    static let maxCheckedResponse = 64 << 20

    /// Forwards `request` to `upstream`, streams the answer back as it arrives, and validates it against the spec
    /// (the endpoint's response or error type, or each event of a stream) once complete.
    func proxy(_ request: IncomingRequest, to upstream: URL, endpoint: Endpoint, entry: MockLogEntry) -> HTTPReply {
        var target = upstream.absoluteString
        while target.hasSuffix("/") { target.removeLast() }
        target += request.path + (request.query.map { "?" + $0 } ?? "")
        guard let url = URL(string: target) else {
            return error(502, "api_error", "cannot build the upstream URL '\(target)'", requestID: "proxy")
        }
        var headers = HTTPHeaders()
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) where !Self.hopByHop.contains(name) {
            headers.add(name: name, value: value)
        }
        let outgoing = SpecRuntime.HTTPRequest(
            method: request.method, url: url, headers: headers,
            body: request.body.isEmpty ? nil : Data(request.body), timeout: .seconds(600))
        let queue = ChunkQueue()
        Task {
            do {
                let response = try await URLSessionTransport.shared.stream(outgoing)
                let forwarded = response.headers.fields.filter { !Self.hopByHop.contains($0.name.lowercased()) }
                    .map { ($0.name.lowercased(), $0.value) }
                queue.push(.head(status: response.status, headers: forwarded))
                for try await bytes in response.body { queue.push(.bytes(bytes)) }
                queue.push(.end)
            } catch {
                queue.push(.failed("\(error)"))
            }
        }
        return .live { [self] writer in
            var entry = entry
            var body: [UInt8] = []
            var status = 502
            var contentType = ""
            loop: while true {
                switch queue.pop() {
                case .head(let code, let headers):
                    status = code
                    contentType = headers.first { $0.0 == "content-type" }?.1 ?? ""
                    guard writer.begin(status: code, headers: headers) else { break loop }
                case .bytes(let bytes):
                    if body.count < Self.maxCheckedResponse { body += bytes }
                    guard writer.send(bytes) else { break loop }
                case .end:
                    _ = writer.end()
                    break loop
                case .failed(let reason):
                    if status == 502 && body.isEmpty {
                        let reply = error(502, "api_error", "the upstream failed: \(reason)", requestID: "proxy")
                        if case .full(let code, let headers, let bytes) = reply,
                            writer.begin(status: code, headers: headers)
                        {
                            _ = writer.send(bytes)
                            _ = writer.end()
                        }
                    }
                    entry.responseProblems.append(
                        Diagnostic(.error, at: nil, "the upstream failed: \(reason)", rule: "proxy.upstream"))
                    break loop
                }
            }
            entry.status = status
            entry.responseProblems += checkUpstream(body, status: status, contentType: contentType, endpoint: endpoint)
            log(entry)
        }
    }

    /// The problems of an upstream response: its body against the response (2xx) or error type, or each event of
    /// an event stream against the endpoint's event union.
    func checkUpstream(_ body: [UInt8], status: Int, contentType: String, endpoint: Endpoint) -> [Diagnostic] {
        let validator = Validator(compiled)
        func check(_ bytes: [UInt8], as type: TypeRef, file: String) -> [Diagnostic] {
            let parsed = JSONParser.parse(bytes, file: file)
            guard let document = parsed.document else { return parsed.diagnostics.filter { $0.severity == .error } }
            return validator.validate(document.root, as: type).diagnostics.filter { $0.severity == .error }
        }
        if contentType.hasPrefix("text/event-stream"), let stream = endpoint.stream {
            var problems: [Diagnostic] = []
            let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            for (index, event) in text.components(separatedBy: "\n\n").enumerated() {
                let data = event.split(separator: "\n").filter { $0.hasPrefix("data:") }.map {
                    $0.dropFirst(5).drop { $0 == " " }
                }.joined(separator: "\n")
                guard !data.isEmpty else { continue }
                let type: TypeRef = event.contains("event: error") ? (endpoint.error ?? .any) : .named(stream.events)
                problems += check(Array(data.utf8), as: type, file: "response event \(index + 1)")
            }
            return problems
        }
        if (200..<300).contains(status) { return check(body, as: endpoint.response, file: "response") }
        guard let errorType = endpoint.error else { return [] }
        return check(body, as: errorType, file: "error response")
    }
}
