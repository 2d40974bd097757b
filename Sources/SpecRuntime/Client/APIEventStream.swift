/// The events of a streamed call, as they arrive; iterating fails only with ``APIError``.
///
/// `for try await event in stream` yields each decoded event; the loop ends after the stream's end event, and a
/// failure — an error status, an `error` event, a dropped connection, a malformed event — is thrown as the same
/// typed ``APIError`` a plain call throws. Cancelling the iterating task, or dropping the stream, cancels the request
/// and ends the loop without an error.
public struct APIEventStream<Element: Sendable>: AsyncSequence, Sendable {
    /// Iterating fails with ``APIError`` only.
    public typealias Failure = APIError

    private let events: AsyncThrowingStream<Element, any Error>

    /// Wraps a stream whose failures are ``APIError``s (others are reported as a connection error).
    public init(_ events: AsyncThrowingStream<Element, any Error>) {
        self.events = events
    }

    /// Creates the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: events.makeAsyncIterator())
    }

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// Iterating fails with ``APIError`` only.
        public typealias Failure = APIError

        var base: AsyncThrowingStream<Element, any Error>.AsyncIterator

        /// The next event, or `nil` after the last one.
        public mutating func next() async throws(APIError) -> Element? {
            do {
                return try await base.next()
            } catch let error as APIError {
                throw error
            } catch {
                throw .connection(reason: String(describing: error))
            }
        }
    }
}
