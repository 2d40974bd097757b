import Foundation
import Testing

@testable import SpecRuntime

/// Hostile bytes through the client's stream path: the SSE decoder, then JSON decoding of each event.
/// Every case must end in events or a clear error, with memory bounded by the decoder's limits.
@Suite(.timeLimit(.minutes(5))) struct HostileStreamTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: @Sendable () -> [UInt8]
        /// The decoder error expected, or nil when the input must decode (possibly to no event).
        var error: ServerSentEventError?
        /// The number of complete events expected when there is no error.
        var events: Int?
        var testDescription: String { name }
    }

    static let limits = (line: 4096, event: 16384)

    /// Deterministic pseudo-random bytes (xorshift), so a failure can be replayed.
    static func garbage(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static let cases: [Case] = [
        Case(
            name: "64 KiB of binary garbage without line ends",
            bytes: {
                garbage(65536, seed: 7).map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
            }, error: .lineTooLong(limit: limits.line)),
        Case(
            name: "NUL bytes inside data", bytes: { Array("data: {\"type\":\0\"ping\"}\n\n".utf8) }, error: nil,
            events: 1),
        Case(
            name: "invalid and overlong UTF-8 in data",
            bytes: { Array("data: ".utf8) + [0xC0, 0x80, 0xFF, 0xE0, 0x80] + Array("\n\n".utf8) }, error: nil, events: 1
        ),
        Case(
            name: "an endless line (50 MB)",
            bytes: { Array("data: ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 50 << 20) },
            error: .lineTooLong(limit: limits.line)),
        Case(
            name: "100,000 short data lines in one event",
            bytes: { Array(String(repeating: "data: x\n", count: 100_000).utf8) },
            error: .eventTooLarge(limit: limits.event)),
        Case(
            name: "CRLF line ends", bytes: { Array("event: ping\r\ndata: {\"type\":\"ping\"}\r\n\r\n".utf8) },
            error: nil, events: 1),
        Case(
            name: "lone CR line ends", bytes: { Array("event: ping\rdata: {\"type\":\"ping\"}\r\r".utf8) }, error: nil,
            events: 1),
        Case(
            name: "a stream that stops mid-event", bytes: { Array("data: {\"type\":\"ping\"}\n\ndata: {\"ty".utf8) },
            error: nil, events: 1),
        // Only a BOM at the very start is skipped; later, "\u{FEFF}data" is an unknown field, so that event is empty.
        Case(
            name: "a BOM in the middle",
            bytes: { Array("data: a\n\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("data: b\n\n".utf8) }, error: nil, events: 1
        ),
    ]

    @Test(arguments: cases)
    func decodesOrFailsClearly(_ c: Case) throws {
        let bytes = c.bytes()
        var decoder = ServerSentEventDecoder(maximumLineLength: Self.limits.line, maximumEventSize: Self.limits.event)
        var events: [ServerSentEvent] = []
        var consumed = 0
        var failure: ServerSentEventError?
        // Feed 64 KiB chunks, as a network would; stop at the first error.
        while consumed < bytes.count, failure == nil {
            let end = min(bytes.count, consumed + 65536)
            do {
                events += try decoder.decode(bytes[consumed..<end])
            } catch {
                failure = error
            }
            consumed = end
        }
        #expect(failure == c.error)
        if let limit = failure.map({ _ in max(Self.limits.line, Self.limits.event) }) {
            // The error comes within one chunk of the limit: the decoder never buffers an unbounded line.
            #expect(consumed <= limit + 2 * 65536, "read \(consumed) bytes before failing")
            #expect(
                failure?.description.contains(
                    String(failure == .lineTooLong(limit: Self.limits.line) ? Self.limits.line : Self.limits.event))
                    == true)
        } else {
            decoder.finish()
            #expect(events.count == c.events)
        }
        // Each event's data decodes as JSON or fails with a DecodingError; never a crash.
        for event in events {
            #expect(event.data.utf8.count <= Self.limits.event)
            _ = try? JSONDecoder().decode(AnyJSON.self, from: Data(event.data.utf8))
        }
    }

    @Test func invalidUTF8BecomesReplacementCharacters() throws {
        var decoder = ServerSentEventDecoder()
        let events = try decoder.decode(Array("data: ".utf8) + [0xFF] + Array("ok\n\n".utf8))
        #expect(events.map(\.data) == ["\u{FFFD}ok"])
    }
}
