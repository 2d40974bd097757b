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

    private let items = Locked((list: [Item](), closed: false))
    private let ready = DispatchSemaphore(value: 0)

    /// Adds an item; after `close()` items are dropped (the client is gone).
    func push(_ item: Item) {
        let added = items.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.list.append(item)
            return true
        }
        if added { ready.signal() }
    }

    /// Stops taking items.
    func close() { items.withLock { $0 = ([], true) } }

    func pop() -> Item {
        ready.wait()
        return items.withLock { $0.list.isEmpty ? .end : $0.list.removeFirst() }
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
        let task = Task {
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
            var truncated = false
            var status = 502
            var begun = false
            var contentType = ""
            loop: while true {
                switch queue.pop() {
                case .head(let code, let headers):
                    status = code
                    begun = true
                    contentType = headers.first { $0.0 == "content-type" }?.1 ?? ""
                    guard writer.begin(status: code, headers: headers) else { break loop }
                case .bytes(let bytes):
                    if body.count + bytes.count <= Self.maxCheckedResponse { body += bytes } else { truncated = true }
                    guard writer.send(bytes) else { break loop }
                case .end:
                    _ = writer.end()
                    break loop
                case .failed(let reason):
                    if !begun {
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
            // The client may be gone: stop reading the upstream.
            task.cancel()
            queue.close()
            entry.status = status
            if truncated {
                entry.responseProblems.append(
                    Diagnostic(
                        .note, at: nil, "the response is over \(Self.maxCheckedResponse) bytes and was not validated",
                        rule: "proxy.too-large"))
            } else {
                entry.responseProblems += checkUpstream(
                    body, status: status, contentType: contentType, endpoint: endpoint)
            }
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
            var decoder = ServerSentEventDecoder()
            var events: [ServerSentEvent] = []
            do {
                events = try decoder.decode(body)
            } catch {
                return [Diagnostic(.error, at: nil, "the event stream is malformed: \(error)", rule: "proxy.stream")]
            }
            var problems: [Diagnostic] = []
            for (index, event) in events.enumerated() where !event.data.isEmpty {
                let type: TypeRef = event.event == stream.error ? (endpoint.error ?? .any) : .named(stream.events)
                problems += check(Array(event.data.utf8), as: type, file: "response event \(index + 1)")
            }
            return problems
        }
        if (200..<300).contains(status) { return check(body, as: endpoint.response, file: "response") }
        guard let errorType = endpoint.error else { return [] }
        return check(body, as: errorType, file: "error response")
    }
}
