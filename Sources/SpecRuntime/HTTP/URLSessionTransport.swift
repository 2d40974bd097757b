import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An ``HTTPTransport`` built on `URLSession`, streaming on every platform (including Linux) through a delegate
/// that hands body chunks on as they arrive.
///
/// Cancelling the calling task cancels the data task; so does ending iteration of a streaming body early.
/// Buffered responses (``send(_:)``) longer than ``maximumResponseBodySize`` fail with
/// ``HTTPTransportError/responseTooLarge(limit:)``; streamed bodies are not limited here (the server-sent event
/// decoder bounds what it keeps).
public final class URLSessionTransport: HTTPTransport {
    /// A transport with the default configuration, shared by clients that are not given one.
    public static let shared = URLSessionTransport()

    /// The default limit of a buffered response body: 64 MiB.
    public static let defaultMaximumResponseBodySize = 64 * 1024 * 1024

    /// The longest buffered response body accepted, in bytes.
    public let maximumResponseBodySize: Int

    private let session: URLSession
    private let delegate: SessionDelegate

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - configuration: the session configuration; by default an ephemeral one without cache or cookies.
    ///   - maximumResponseBodySize: the longest buffered response body accepted, in bytes.
    public init(
        configuration: URLSessionConfiguration? = nil, maximumResponseBodySize: Int = defaultMaximumResponseBodySize
    ) {
        let configuration = configuration ?? Self.makeDefaultConfiguration()
        let delegate = SessionDelegate()
        let queue = OperationQueue()
        queue.name = "SpecRuntime.URLSessionTransport"
        queue.maxConcurrentOperationCount = 1
        self.delegate = delegate
        self.maximumResponseBodySize = max(0, maximumResponseBodySize)
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    private static func makeDefaultConfiguration() -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return configuration
    }

    /// Sends a request and collects the whole response body.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let handler = BufferedHandler(limit: maximumResponseBodySize)
        let task = session.dataTask(with: Self.urlRequest(for: request))
        delegate.register(handler, for: task)
        defer { delegate.unregister(task) }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                if handler.attach(continuation) { task.resume() }
            }
        } onCancel: {
            handler.complete(.failure(CancellationError()))
            task.cancel()
        }
    }

    /// Sends a request and returns when the response head arrived; the body chunks follow as they arrive.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let task = session.dataTask(with: Self.urlRequest(for: request))
        let handler = StreamingHandler(task: task)
        delegate.register(handler, for: task)
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation {
                    (continuation: CheckedContinuation<HTTPStreamingResponse, any Error>) in
                    if handler.attach(continuation) { task.resume() }
                }
            } onCancel: {
                handler.failHead(CancellationError())
                task.cancel()
            }
        } catch {
            delegate.unregister(task)
            throw error
        }
    }

    static func urlRequest(for request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        urlRequest.httpShouldHandleCookies = false
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        // Whole seconds: FoundationNetworking truncates the interval, so a fraction below 1 would time out at
        // once. The client enforces the exact deadline of plain requests itself.
        let seconds = request.timeout.inSeconds
        if seconds.isFinite, seconds > 0 { urlRequest.timeoutInterval = max(1, seconds.rounded(.up)) }
        var seen: Set<String> = []
        for field in request.headers {
            if seen.insert(field.name.lowercased()).inserted {
                urlRequest.setValue(field.value, forHTTPHeaderField: field.name)
            } else {
                urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
            }
        }
        return urlRequest
    }

    static func headers(of response: HTTPURLResponse) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for (name, value) in response.allHeaderFields {
            headers.add(name: String(describing: name), value: String(describing: value))
        }
        return headers
    }

    /// Turns a `URLSession` failure into the errors ``HTTPTransport`` documents.
    static func transportError(_ error: any Error) -> any Error {
        if error is CancellationError || error is HTTPTransportError { return error }
        if let urlError = error as? URLError { return transportError(code: urlError.code.rawValue) }
        let nsError = error as NSError
        if nsError.domain == NSURLErrorDomain { return transportError(code: nsError.code) }
        return HTTPTransportError.connectionFailed(String(describing: error))
    }

    private static func transportError(code: Int) -> any Error {
        let reason: String
        switch URLError.Code(rawValue: code) {
        case .cancelled: return CancellationError()
        case .timedOut: return HTTPTransportError.timedOut
        case .cannotConnectToHost: reason = "could not connect to the server"
        case .cannotFindHost, .dnsLookupFailed: reason = "could not resolve the host name"
        case .networkConnectionLost: reason = "the network connection was lost"
        case .notConnectedToInternet: reason = "not connected to the internet"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
            .clientCertificateRequired:
            reason = "the secure connection failed"
        case .badServerResponse: reason = "the server sent an invalid response"
        case .unsupportedURL, .badURL: reason = "the URL is not supported"
        default: reason = "the request failed"
        }
        return HTTPTransportError.connectionFailed("\(reason) (URLError \(code))")
    }
}

// MARK: - Delegate

/// Routes session callbacks to the handler of each task.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let handlers = Locked<[Int: any TaskHandler]>([:])

    func register(_ handler: any TaskHandler, for task: URLSessionTask) {
        handlers.withLock { $0[task.taskIdentifier] = handler }
    }

    func unregister(_ task: URLSessionTask) {
        _ = handlers.withLock { $0.removeValue(forKey: task.taskIdentifier) }
    }

    private func handler(for task: URLSessionTask) -> (any TaskHandler)? {
        handlers.withLock { $0[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard let handler = handler(for: dataTask) else {
            completionHandler(.cancel)
            return
        }
        completionHandler(handler.didReceive(response) ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let handler = handler(for: dataTask) else {
            dataTask.cancel()
            return
        }
        if !handler.didReceive(data) { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let handler = handlers.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        handler?.didComplete(error: error)
    }
}

/// What a task's callbacks feed. `didReceive` methods return `false` to cancel the task.
private protocol TaskHandler: Sendable {
    func didReceive(_ response: URLResponse) -> Bool
    func didReceive(_ data: Data) -> Bool
    func didComplete(error: (any Error)?)
}

/// Collects a whole response for ``URLSessionTransport/send(_:)``.
private final class BufferedHandler: TaskHandler {
    private struct State {
        var continuation: CheckedContinuation<HTTPResponse, any Error>?
        var result: Result<HTTPResponse, any Error>?
        var response: HTTPURLResponse?
        var body = Data()
    }

    private let limit: Int
    private let state = Locked(State())

    init(limit: Int) { self.limit = limit }

    /// Attaches the waiting caller; returns `false` when the result is already known (the task need not start).
    func attach(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        let finished: Result<HTTPResponse, any Error>? = state.withLock { state in
            if let result = state.result { return result }
            state.continuation = continuation
            return nil
        }
        guard let finished else { return true }
        continuation.resume(with: finished)
        return false
    }

    /// Delivers the result once; later results are ignored.
    func complete(_ result: Result<HTTPResponse, any Error>) {
        let continuation: CheckedContinuation<HTTPResponse, any Error>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }

    func didReceive(_ response: URLResponse) -> Bool {
        guard let http = response as? HTTPURLResponse else {
            complete(.failure(HTTPTransportError.connectionFailed("the response is not an HTTP response")))
            return false
        }
        if http.expectedContentLength > Int64(limit) {
            complete(.failure(HTTPTransportError.responseTooLarge(limit: limit)))
            return false
        }
        state.withLock { $0.response = http }
        return true
    }

    func didReceive(_ data: Data) -> Bool {
        let fits = state.withLock { state in
            guard state.body.count + data.count <= limit else { return false }
            state.body.append(data)
            return true
        }
        if !fits { complete(.failure(HTTPTransportError.responseTooLarge(limit: limit))) }
        return fits
    }

    func didComplete(error: (any Error)?) {
        if let error {
            complete(.failure(URLSessionTransport.transportError(error)))
            return
        }
        let (response, body) = state.withLock { ($0.response, $0.body) }
        guard let response else {
            complete(.failure(HTTPTransportError.connectionFailed("the server sent no response")))
            return
        }
        complete(
            .success(
                HTTPResponse(
                    status: response.statusCode, headers: URLSessionTransport.headers(of: response), body: body)))
    }
}

/// Hands on the head and the body chunks of a response for ``URLSessionTransport/stream(_:)``.
private final class StreamingHandler: TaskHandler {
    private struct State {
        var continuation: CheckedContinuation<HTTPStreamingResponse, any Error>?
        var headResult: Result<HTTPStreamingResponse, any Error>?
    }

    private let state = Locked(State())
    private let body: AsyncThrowingStream<[UInt8], any Error>
    private let bodyContinuation: AsyncThrowingStream<[UInt8], any Error>.Continuation

    init(task: URLSessionDataTask) {
        (body, bodyContinuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        bodyContinuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
    }

    func attach(_ continuation: CheckedContinuation<HTTPStreamingResponse, any Error>) -> Bool {
        let finished: Result<HTTPStreamingResponse, any Error>? = state.withLock { state in
            if let result = state.headResult { return result }
            state.continuation = continuation
            return nil
        }
        guard let finished else { return true }
        continuation.resume(with: finished)
        return false
    }

    private func completeHead(_ result: Result<HTTPStreamingResponse, any Error>) {
        let continuation: CheckedContinuation<HTTPStreamingResponse, any Error>? = state.withLock { state in
            guard state.headResult == nil else { return nil }
            state.headResult = result
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(with: result)
    }

    func failHead(_ error: any Error) {
        completeHead(.failure(error))
        bodyContinuation.finish(throwing: error)
    }

    func didReceive(_ response: URLResponse) -> Bool {
        guard let http = response as? HTTPURLResponse else {
            failHead(HTTPTransportError.connectionFailed("the response is not an HTTP response"))
            return false
        }
        completeHead(
            .success(
                HTTPStreamingResponse(
                    status: http.statusCode, headers: URLSessionTransport.headers(of: http), body: body)))
        return true
    }

    func didReceive(_ data: Data) -> Bool {
        if case .terminated = bodyContinuation.yield([UInt8](data)) { return false }
        return true
    }

    func didComplete(error: (any Error)?) {
        if let error {
            failHead(URLSessionTransport.transportError(error))
        } else {
            completeHead(.failure(HTTPTransportError.connectionFailed("the server sent no response")))
            bodyContinuation.finish()
        }
    }
}
