import Foundation
import SpecValidation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One HTTP/1.1 request as the server read it.
public struct IncomingRequest: Sendable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The path without the query, e.g. `/v1/messages`.
    public var path: String
    /// The query string after `?`, if any.
    public var query: String?
    /// Header names in lower case; a repeated header keeps its values joined with `, `.
    public var headers: [String: String]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, path: String, query: String? = nil, headers: [String: String], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// What the server sends back.
public enum HTTPReply: Sendable {
    /// A complete response with a body.
    case full(status: Int, headers: [(String, String)], body: [UInt8])
    /// A streamed response (chunked transfer encoding): each part is written after its delay in milliseconds.
    /// With `dropAfter`, the connection is closed without finishing the response after that many parts.
    case stream(status: Int, headers: [(String, String)], parts: [(delayMS: Int, bytes: [UInt8])], dropAfter: Int?)
    /// A response produced as it goes (a proxied stream): `produce` gets a writer on the connection's thread and
    /// returns when the response is complete.
    case live(produce: @Sendable (any ReplyWriter) -> Void)
    /// Close the connection without answering.
    case drop
}

/// Writes a response piece by piece (chunked transfer encoding).
public protocol ReplyWriter {
    /// Sends the status line and headers; false when the client is gone.
    func begin(status: Int, headers: [(String, String)]) -> Bool
    /// Sends a piece of the body; false when the client is gone.
    func send(_ bytes: [UInt8]) -> Bool
    /// Ends the response; false when the client is gone.
    func end() -> Bool
}

/// Limits of the server, each applied to every connection.
public struct HTTPLimits: Sendable {
    /// The longest request head (request line and headers), in bytes; longer gets 431 and a closed connection.
    public var maxHeadBytes = 64 << 10
    /// The largest request body, in bytes; larger gets 413 and a closed connection.
    public var maxBodyBytes = 32 << 20
    /// Seconds a connection may stay silent (a slow or idle client) before it is closed.
    public var idleTimeoutSeconds = 30
    /// Connections served at once; more wait in the listen queue.
    public var maxConnections = 256

    /// The defaults.
    public init() {}
}

/// Why the server could not start.
public struct HTTPServerError: Error, CustomStringConvertible {
    /// What went wrong and how to fix it.
    public var description: String
}

/// A small blocking HTTP/1.1 server on POSIX sockets: a thread per connection, keep-alive, `Content-Length` and
/// chunked request bodies, chunked streamed responses. Enough for SDKs and test clients on loopback, with no
/// server framework to build.
public final class HTTPServer: Sendable {
    /// The port the server listens on (the one the system chose for port 0).
    public let port: Int
    let socket: Int32
    let limits: HTTPLimits
    let active = Locked(0)

    /// Binds `host:port` (port 0 picks a free one) and listens.
    public init(host: String, port: Int, limits: HTTPLimits = HTTPLimits()) throws {
        guard (0...65535).contains(port) else {
            throw HTTPServerError(description: "port \(port) is out of range; use 0 (any free port) to 65535")
        }
        self.limits = limits
        #if canImport(Glibc) || canImport(Musl)
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPServerError(description: "cannot create a socket: \(Self.errnoText())") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw HTTPServerError(description: "'\(host)' is not an IPv4 address; use e.g. 127.0.0.1 or 0.0.0.0")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let text = Self.errnoText()
            close(fd)
            throw HTTPServerError(description: "cannot listen on \(host):\(port): \(text); pick another --port")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.socket = fd
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Accepts connections forever, answering each request with `handler` on the connection's thread.
    public func serve(_ handler: @escaping @Sendable (IncomingRequest) -> HTTPReply) -> Never {
        signal(SIGPIPE, SIG_IGN)
        let limits = limits
        let active = active
        while true {
            // At the connection limit, stop accepting: further clients wait in the listen queue.
            while active.withLock({ $0 >= limits.maxConnections }) { usleep(1000) }
            let client = accept(socket, nil, nil)
            if client < 0 { continue }
            active.withLock { $0 += 1 }
            Thread.detachNewThread {
                var connection = Connection(fd: client, limits: limits)
                connection.run(handler)
                close(client)
                active.withLock { $0 -= 1 }
            }
        }
    }
}

/// One client connection: reads requests and writes replies until either side closes.
struct Connection {
    let fd: Int32
    let limits: HTTPLimits
    var buffer: [UInt8] = []

    init(fd: Int32, limits: HTTPLimits) {
        self.fd = fd
        self.limits = limits
        var timeout = timeval(tv_sec: limits.idleTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    enum ReadOutcome {
        case request(IncomingRequest, keepAlive: Bool)
        case reply(HTTPReply)  // a malformed request: answer, then close
        case closed
    }

    mutating func run(_ handler: @Sendable (IncomingRequest) -> HTTPReply) {
        while true {
            switch readRequest() {
            case .closed: return
            case .reply(let reply):
                _ = write(reply, keepAlive: false)
                lingeringClose()
                return
            case .request(let request, let keepAlive):
                let reply = handler(request)
                guard write(reply, keepAlive: keepAlive), keepAlive else { return }
            }
        }
    }

    /// After refusing a request whose rest is still arriving: stop writing and read (up to 1 MiB, 1 s of silence)
    /// what the client still sends, so the refusal is not lost to a reset connection.
    func lingeringClose() {
        shutdown(fd, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var drained = 0
        while drained < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            drained += n
        }
    }

    /// Reads more bytes into the buffer; false when the peer closed, timed out or failed.
    mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    static func errorReply(_ status: Int, _ message: String) -> HTTPReply {
        let body = Array(
            "{\"type\":\"error\",\"error\":{\"type\":\"\(status == 413 ? "request_too_large" : "invalid_request_error")\",\"message\":\"\(message)\"}}"
                .utf8)
        return .full(status: status, headers: [("content-type", "application/json")], body: body)
    }

    mutating func readRequest() -> ReadOutcome {
        // The head: up to the blank line.
        var headEnd: Int?
        var searched = 0
        while headEnd == nil {
            headEnd = Self.find([13, 10, 13, 10], in: buffer, from: max(0, searched - 3))
            searched = buffer.count
            if headEnd != nil { break }
            if buffer.count > limits.maxHeadBytes {
                return .reply(Self.errorReply(431, "the request head is over \(limits.maxHeadBytes) bytes"))
            }
            guard fill() else { return .closed }
        }
        guard let headEnd else { return .closed }
        if headEnd > limits.maxHeadBytes {
            return .reply(Self.errorReply(431, "the request head is over \(limits.maxHeadBytes) bytes"))
        }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
            return .reply(Self.errorReply(400, "malformed request line"))
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                return .reply(Self.errorReply(400, "malformed header line"))
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        let target = String(requestLine[1])
        let (path, query): (String, String?) = {
            guard let q = target.firstIndex(of: "?") else { return (target, nil) }
            return (String(target[..<q]), String(target[target.index(after: q)...]))
        }()
        let version = requestLine[2]
        let connection = headers["connection"]?.lowercased() ?? ""
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        if headers["expect"]?.lowercased() == "100-continue" { _ = send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }

        var body: [UInt8] = []
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            while true {
                var lineEnd = Self.find([13, 10], in: buffer)
                while lineEnd == nil {
                    guard buffer.count < 1024, fill() else {
                        return .reply(Self.errorReply(400, "malformed chunked body"))
                    }
                    lineEnd = Self.find([13, 10], in: buffer)
                }
                guard let lineEnd else { return .closed }
                let sizeText = String(decoding: buffer[0..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else {
                    return .reply(Self.errorReply(400, "malformed chunk size"))
                }
                buffer.removeFirst(lineEnd + 2)
                if size > limits.maxBodyBytes - body.count {
                    return .reply(Self.errorReply(413, "the request body is over \(limits.maxBodyBytes) bytes"))
                }
                while buffer.count < size + 2 { guard fill() else { return .closed } }
                body.append(contentsOf: buffer[0..<size])
                buffer.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else if let lengthText = headers["content-length"] {
            guard let length = Int(lengthText), length >= 0 else {
                return .reply(Self.errorReply(400, "malformed content-length"))
            }
            if length > limits.maxBodyBytes {
                return .reply(Self.errorReply(413, "the request body is over \(limits.maxBodyBytes) bytes"))
            }
            while buffer.count < length { guard fill() else { return .closed } }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        let request = IncomingRequest(
            method: String(requestLine[0]), path: path, query: query, headers: headers, body: body)
        return .request(request, keepAlive: keepAlive)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var k = start
        while k + needle.count <= haystack.count {
            if haystack[k] == needle[0] && haystack[k..<k + needle.count].elementsEqual(needle) { return k }
            k += 1
        }
        return nil
    }

    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                #if canImport(Darwin)
                    Darwin.send(fd, raw.baseAddress.map { $0 + sent }, raw.count - sent, 0)
                #else
                    Glibc.send(fd, raw.baseAddress.map { $0 + sent }, raw.count - sent, Int32(MSG_NOSIGNAL))
                #endif
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    static func head(_ status: Int, _ headers: [(String, String)], extra: [(String, String)]) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\n"
        for (name, value) in headers + extra { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    /// Writes a reply; false when the connection must close.
    func write(_ reply: HTTPReply, keepAlive: Bool) -> Bool {
        let connection = ("connection", keepAlive ? "keep-alive" : "close")
        switch reply {
        case .drop:
            return false
        case .full(let status, let headers, let body):
            let head = Self.head(status, headers, extra: [("content-length", String(body.count)), connection])
            return send(head + body)
        case .stream(let status, let headers, let parts, let dropAfter):
            guard send(Self.head(status, headers, extra: [("transfer-encoding", "chunked"), connection])) else {
                return false
            }
            for (index, part) in parts.enumerated() {
                if let dropAfter, index >= dropAfter { return false }
                if part.delayMS > 0 { sleepMilliseconds(part.delayMS) }
                guard !part.bytes.isEmpty else { continue }
                let size = Array((String(part.bytes.count, radix: 16) + "\r\n").utf8)
                guard send(size + part.bytes + [13, 10]) else { return false }
            }
            return send(Array("0\r\n\r\n".utf8))
        case .live(let produce):
            let writer = ChunkedWriter(connection: self, keepAlive: keepAlive)
            produce(writer)
            return writer.finished && keepAlive
        }
    }

    /// The writer of a live reply on this connection.
    final class ChunkedWriter: ReplyWriter {
        let connection: Connection
        let keepAlive: Bool
        var finished = false

        init(connection: Connection, keepAlive: Bool) {
            self.connection = connection
            self.keepAlive = keepAlive
        }

        func begin(status: Int, headers: [(String, String)]) -> Bool {
            let extra = [("transfer-encoding", "chunked"), ("connection", keepAlive ? "keep-alive" : "close")]
            return connection.send(Connection.head(status, headers, extra: extra))
        }

        func send(_ bytes: [UInt8]) -> Bool {
            guard !bytes.isEmpty else { return true }
            return connection.send(Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [13, 10])
        }

        func end() -> Bool {
            finished = connection.send(Array("0\r\n\r\n".utf8))
            return finished
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Payload Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 529: "Overloaded"
        default: "Status \(status)"
        }
    }
}

/// Sleeps `milliseconds` (at most ten minutes), without the 32-bit overflow of `usleep`'s argument.
func sleepMilliseconds(_ milliseconds: Int) {
    var remaining = min(max(0, milliseconds), 600_000)
    while remaining > 0 {
        let step = min(remaining, 1000)
        usleep(useconds_t(step) * 1000)
        remaining -= step
    }
}
