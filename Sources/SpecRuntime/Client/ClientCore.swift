import Foundation

/// The engine behind a generated client: builds requests, sends them with retries and timeouts, maps failures to
/// ``APIError`` and decodes responses and event streams.
public struct ClientCore: Sendable {
    /// The client's settings.
    public let configuration: ClientConfiguration
    /// The spec's base URL and headers.
    public let defaults: APIDefaults

    /// The longest error body read from a failed streaming response.
    static let maximumStreamErrorBodySize = 1024 * 1024

    /// Creates the engine.
    public init(configuration: ClientConfiguration, defaults: APIDefaults) {
        self.configuration = configuration
        self.defaults = defaults
    }

    /// The headers a call with `options` sends (spec defaults, then the configuration's, then the
    /// call's), by lowercased name, for request rules that read headers.
    public func headerValues(_ options: RequestOptions) -> [String: String] {
        var headers = defaults.headers
        headers.merge(configuration.headers)
        headers.merge(options.headers)
        var values: [String: String] = [:]
        for header in headers { values[header.name.lowercased()] = header.value }
        return values
    }

    // MARK: - Plain requests

    /// Sends `body` as JSON to `endpoint` and decodes the success response as `Response`.
    ///
    /// - Parameters:
    ///   - validation: the request's violations; evaluated only when ``ClientConfiguration/validatesRequests`` is
    ///     on. Violations of severity `error` fail the call with ``APIError/invalidRequest(_:)`` before anything
    ///     is sent.
    public func send<Response: Decodable>(
        endpoint: EndpointDescription,
        body: some Encodable,
        as type: Response.Type = Response.self,
        options: RequestOptions = RequestOptions(),
        validation: @autoclosure () -> [Violation] = []
    ) async throws(APIError) -> Response {
        try preflight(validation)
        let request = try makeRequest(endpoint: endpoint, body: try encode(body), options: options, streaming: false)
        return try decode(type, from: try await perform(request, options: options))
    }

    /// Sends a request without a body to `endpoint` and decodes the success response as `Response`.
    public func send<Response: Decodable>(
        endpoint: EndpointDescription,
        as type: Response.Type = Response.self,
        options: RequestOptions = RequestOptions()
    ) async throws(APIError) -> Response {
        let request = try makeRequest(endpoint: endpoint, body: nil, options: options, streaming: false)
        return try decode(type, from: try await perform(request, options: options))
    }

    // MARK: - Streams

    /// Sends `body` as JSON to `endpoint` and decodes the server-sent events of the response as `Event`s.
    ///
    /// Each event's data is decoded as `Event` (every event, including pings, is handed on). An event named
    /// `errorEvent` ends the stream with ``APIError/streamError(_:)``. The event named `endEvent` is handed on and
    /// ends the stream; if the response ends before it, the stream fails with
    /// ``APIError/streamEndedEarly(expected:)``. The request is retried like a plain one, but only until the
    /// first byte of a successful response body arrived. Errors thrown by the stream are ``APIError``s.
    ///
    /// Cancelling the iterating task, or releasing the stream and its iterator, cancels the request; the stream then
    /// ends without an error. The body must already ask for a stream
    /// (e.g. `"stream": true`).
    public func stream<Event: Decodable & Sendable>(
        endpoint: EndpointDescription,
        body: some Encodable,
        eventType: Event.Type = Event.self,
        endEvent: String? = nil,
        errorEvent: String? = nil,
        options: RequestOptions = RequestOptions(),
        validation: @autoclosure () -> [Violation] = []
    ) -> APIEventStream<Event> {
        let (stream, continuation) = AsyncThrowingStream<Event, any Error>.makeStream()
        let request: HTTPRequest
        do throws(APIError) {
            try preflight(validation)
            request = try makeRequest(endpoint: endpoint, body: try encode(body), options: options, streaming: true)
        } catch {
            continuation.finish(throwing: error)
            return APIEventStream(stream)
        }
        let task = Task { [self] in
            do throws(APIError) {
                try await runStream(
                    request, options: options, eventType: eventType, endEvent: endEvent, errorEvent: errorEvent,
                    continuation: continuation)
                continuation.finish()
            } catch .cancelled {
                // Only the consumer cancels this task (by cancelling its own task or dropping the stream); end the
                // stream the way AsyncThrowingStream ends on cancellation, whichever side notices first.
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return APIEventStream(stream)
    }

    // MARK: - Building requests

    private var redactor: Redactor {
        Redactor(secrets: configuration.authentication.map { [$0.secret] } ?? [])
    }

    private func preflight(_ validation: () -> [Violation]) throws(APIError) {
        guard configuration.validatesRequests else { return }
        let redactor = redactor
        let errors = validation().filter { $0.severity == .error }.map { violation in
            var violation = violation
            violation.message = redactor.redact(violation.message)
            return violation
        }
        if !errors.isEmpty { throw .invalidRequest(errors) }
    }

    /// The encoder for request bodies: keys sorted so the bytes are reproducible, slashes not escaped.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private func encode(_ body: some Encodable) throws(APIError) -> Data {
        do {
            return try Self.makeEncoder().encode(body)
        } catch {
            let reason = redactor.redact(APIDecodingFailure.describe(error))
            throw .invalidRequest([
                Violation(
                    pointer: "", rule: "encoding", message: "the request could not be encoded as JSON: \(reason)")
            ])
        }
    }

    func makeRequest(
        endpoint: EndpointDescription, body: Data?, options: RequestOptions, streaming: Bool
    ) throws(APIError) -> HTTPRequest {
        var base = configuration.baseURL?.absoluteString ?? defaults.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let path = endpoint.path.hasPrefix("/") ? endpoint.path : "/" + endpoint.path
        guard let url = URL(string: base + path), url.scheme != nil, url.host != nil else {
            throw .connection(reason: "invalid URL '\(redactor.redact(base + path))'")
        }
        var headers = defaults.headers
        headers.replaceOrAdd(name: "accept", value: streaming ? "text/event-stream" : "application/json")
        if body != nil { headers.replaceOrAdd(name: "content-type", value: "application/json") }
        if let authentication = configuration.authentication {
            headers.replaceOrAdd(name: authentication.header.name, value: authentication.header.value)
        }
        headers.merge(configuration.headers)
        headers.merge(options.headers)
        return HTTPRequest(
            method: endpoint.method, url: url, headers: headers, body: body,
            timeout: options.timeout ?? configuration.timeout)
    }

    // MARK: - Sending

    private struct DeadlineExceeded: Error {}

    /// Runs `operation`, failing with `DeadlineExceeded` after `timeout`; the operation is cancelled then.
    private static func withDeadline<T: Sendable>(
        _ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask(operation: operation)
            group.addTask {
                try await Task.sleep(for: timeout)
                throw DeadlineExceeded()
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() else { throw CancellationError() }
            return result
        }
    }

    private func apiError(_ error: any Error, timeout: Duration) -> APIError {
        if let error = error as? APIError { return error }
        if Task.isCancelled || error is CancellationError { return .cancelled }
        if error is DeadlineExceeded { return .timeout(after: timeout) }
        if let error = error as? ServerSentEventError { return .invalidStream(error) }
        var transportError = error as? HTTPTransportError
        #if canImport(FoundationNetworking) || canImport(Darwin)
            if transportError == nil, error is URLError {
                let mapped = URLSessionTransport.transportError(error)
                if mapped is CancellationError { return .cancelled }
                transportError = mapped as? HTTPTransportError
            }
        #endif
        switch transportError {
        case .connectionFailed(let reason): return .connection(reason: redactor.redact(reason))
        case .timedOut: return .timeout(after: timeout)
        case .responseTooLarge(let limit): return .responseTooLarge(limit: limit)
        case nil: return .connection(reason: redactor.redact(String(describing: error)))
        }
    }

    private static func isRetryable(_ error: APIError) -> Bool {
        switch error {
        case .connection, .timeout: true
        default: false
        }
    }

    private func waitBeforeRetry(_ retry: Int, headers: HTTPHeaders?) async throws(APIError) {
        let environment = configuration.retryEnvironment
        let delay = RetryPolicy.delay(
            retry: retry, headers: headers, rules: defaults.retry, now: environment.now(), random: environment.random())
        do {
            try await environment.sleep(delay)
        } catch {
            throw .cancelled
        }
        if Task.isCancelled { throw .cancelled }
    }

    /// Why one attempt of a call failed, and whether the retry loop may try again.
    struct AttemptFailure: Error {
        /// The error the call fails with when it is not retried.
        var error: APIError
        /// Whether the failure may be retried (connection errors and timeouts; statuses by ``RetryPolicy``).
        var isRetryable: Bool
        /// The failed response's headers, for the server's retry hints.
        var headers: HTTPHeaders?

        /// A transport failure: retried when it is a connection error or a timeout (and `retryable` allows it).
        init(transport error: APIError, retryable: Bool = true) {
            self.error = error
            self.isRetryable = retryable && ClientCore.isRetryable(error)
        }

        /// A failed status: retried as `rules` decide from the status and the response's headers.
        init(status failure: APIStatusError, headers: HTTPHeaders, rules: RetryRules) {
            error = .status(failure)
            isRetryable = RetryPolicy.shouldRetry(status: failure.statusCode, headers: headers, rules: rules)
            self.headers = headers
        }
    }

    /// The one retry loop of plain and streamed calls: runs `attempt` until it succeeds, fails in a way that is not
    /// retried, or the call's retries are used up, waiting between attempts as ``RetryPolicy`` says.
    private func withRetries<T>(
        _ options: RequestOptions, _ attempt: () async throws(AttemptFailure) -> T
    ) async throws(APIError) -> T {
        let maxRetries = max(0, options.maxRetries ?? configuration.maxRetries)
        var retry = 0
        while true {
            if Task.isCancelled { throw .cancelled }
            do {
                return try await attempt()
            } catch {
                guard retry < maxRetries, error.isRetryable else { throw error.error }
                try await waitBeforeRetry(retry, headers: error.headers)
                retry += 1
            }
        }
    }

    /// Sends with retries and returns a 2xx response.
    private func perform(_ request: HTTPRequest, options: RequestOptions) async throws(APIError) -> HTTPResponse {
        let transport = configuration.transport
        return try await withRetries(options) { () async throws(AttemptFailure) -> HTTPResponse in
            let response: HTTPResponse
            do {
                response = try await Self.withDeadline(request.timeout) { try await transport.send(request) }
            } catch {
                throw AttemptFailure(transport: apiError(error, timeout: request.timeout))
            }
            guard (200..<300).contains(response.status) else {
                throw AttemptFailure(
                    status: APIStatusError.parse(
                        statusCode: response.status, headers: response.headers, body: response.body,
                        shape: defaults.errorShape, redactor: redactor),
                    headers: response.headers, rules: defaults.retry)
            }
            return response
        }
    }

    private func decode<Response: Decodable>(_ type: Response.Type, from response: HTTPResponse) throws(APIError)
        -> Response
    {
        do {
            return try JSONDecoder().decode(type, from: response.body)
        } catch {
            throw .decoding(
                .make(
                    type, error: error, statusCode: response.status, body: response.body, redactor: redactor))
        }
    }

    // MARK: - Streaming

    private func runStream<Event: Decodable & Sendable>(
        _ request: HTTPRequest, options: RequestOptions, eventType: Event.Type, endEvent: String?,
        errorEvent: String?, continuation: AsyncThrowingStream<Event, any Error>.Continuation
    ) async throws(APIError) {
        let transport = configuration.transport
        let decoder = JSONDecoder()
        try await withRetries(options) { () async throws(AttemptFailure) in
            let response: HTTPStreamingResponse
            do {
                response = try await Self.withDeadline(request.timeout) { try await transport.stream(request) }
            } catch {
                throw AttemptFailure(transport: apiError(error, timeout: request.timeout))
            }

            guard (200..<300).contains(response.status) else {
                let body = await Self.collect(response.body, limit: Self.maximumStreamErrorBodySize)
                throw AttemptFailure(
                    status: APIStatusError.parse(
                        statusCode: response.status, headers: response.headers, body: body, shape: defaults.errorShape,
                        redactor: redactor),
                    headers: response.headers, rules: defaults.retry)
            }

            var events = ServerSentEventDecoder(
                maximumLineLength: configuration.maximumStreamLineLength,
                maximumEventSize: configuration.maximumStreamEventSize)
            var receivedBody = false
            do {
                for try await chunk in response.body where !chunk.isEmpty {
                    receivedBody = true
                    for event in try events.decode(chunk) {
                        if let errorEvent, event.event == errorEvent {
                            throw APIError.streamError(
                                APIStatusError.parse(
                                    statusCode: response.status, headers: response.headers, body: Data(event.data.utf8),
                                    shape: defaults.errorShape, redactor: redactor))
                        }
                        let data = Data(event.data.utf8)
                        let value: Event
                        do {
                            value = try decoder.decode(eventType, from: data)
                        } catch {
                            throw APIError.decoding(
                                .make(
                                    eventType, error: error, statusCode: response.status, body: data, redactor: redactor
                                ))
                        }
                        if case .terminated = continuation.yield(value) { throw APIError.cancelled }
                        if let endEvent, event.event == endEvent { return }
                    }
                }
            } catch {
                // Retried only before the first byte of the body: after it, events may already be handed on.
                throw AttemptFailure(transport: apiError(error, timeout: request.timeout), retryable: !receivedBody)
            }
            if Task.isCancelled { throw AttemptFailure(transport: .cancelled, retryable: false) }
            events.finish()
            if let endEvent { throw AttemptFailure(transport: .streamEndedEarly(expected: endEvent), retryable: false) }
        }
    }

    /// Reads a body stream up to `limit` bytes; a failure ends it early.
    private static func collect(_ body: AsyncThrowingStream<[UInt8], any Error>, limit: Int) async -> Data {
        var data = Data()
        do {
            for try await chunk in body {
                data.append(contentsOf: chunk.prefix(limit - data.count))
                if data.count >= limit { break }
            }
        } catch {}
        return data
    }
}
