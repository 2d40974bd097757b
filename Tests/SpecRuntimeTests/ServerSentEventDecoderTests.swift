import Testing

@testable import SpecRuntime

@Suite struct ServerSentEventDecoderTests {
    /// Feeds `text` in pieces of `size` bytes (or all at once) and returns every event.
    private func decodeAll(_ text: String, pieceSize: Int? = nil) throws -> [ServerSentEvent] {
        var decoder = ServerSentEventDecoder()
        let bytes = Array(text.utf8)
        var events: [ServerSentEvent] = []
        let size = pieceSize ?? max(bytes.count, 1)
        var start = 0
        while start < bytes.count {
            events += try decoder.decode(bytes[start..<min(start + size, bytes.count)])
            start += size
        }
        decoder.finish()
        return events
    }

    @Test func decodesBasicEvents() throws {
        let events = try decodeAll("event: message_start\ndata: {\"a\":1}\n\nevent: ping\ndata: {}\n\n")
        #expect(
            events == [
                ServerSentEvent(event: "message_start", data: "{\"a\":1}"),
                ServerSentEvent(event: "ping", data: "{}"),
            ])
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func acceptsEveryLineEnding(_ newline: String) throws {
        let text = ["event: a", "data: one", "data: two", "", "data: three", "", ""].joined(separator: newline)
        for size in [1, 2, 3, 5, 1000] {
            let events = try decodeAll(text, pieceSize: size)
            #expect(events == [ServerSentEvent(event: "a", data: "one\ntwo"), ServerSentEvent(data: "three")])
        }
    }

    @Test func crAtChunkEndFollowedByLF() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.decode(Array("data: x\r".utf8)).isEmpty)
        // The LF belongs to the CR before it: no extra blank line, so no dispatch yet.
        #expect(try decoder.decode(Array("\n".utf8)).isEmpty)
        #expect(try decoder.decode(Array("\r".utf8)) == [ServerSentEvent(data: "x")])
        #expect(try decoder.decode(Array("\ndata: y\r\n\r\n".utf8)) == [ServerSentEvent(data: "y")])
        #expect(decoder.finish() == false)
    }

    @Test func loneCRThenDataInNextChunk() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.decode(Array("data: a\r".utf8)).isEmpty)
        #expect(
            try decoder.decode(Array("\rdata: b\r\r".utf8)) == [
                ServerSentEvent(data: "a"), ServerSentEvent(data: "b"),
            ])
    }

    @Test func ignoresCommentsAndUnknownFields() throws {
        let events = try decodeAll(": hello\n:\nfoo: bar\ndata: 1\n: inside\n\n")
        #expect(events == [ServerSentEvent(data: "1")])
    }

    @Test func fieldWithoutColonAndSpaceHandling() throws {
        // "data" alone is a data field with an empty value; only one leading space is removed.
        let events = try decodeAll("data\ndata:  two spaces\ndata:no space\n\n")
        #expect(events == [ServerSentEvent(data: "\n two spaces\nno space")])
    }

    @Test func emptyDataIsDispatchedButNoDataIsNot() throws {
        #expect(try decodeAll("data:\n\n") == [ServerSentEvent(data: "")])
        #expect(try decodeAll("event: x\n\n").isEmpty)
        #expect(try decodeAll("\n\n\n").isEmpty)
    }

    @Test func idAndRetry() throws {
        let events = try decodeAll(
            "id: 7\nretry: 1500\ndata: a\n\ndata: b\n\nid\nretry: 1x\ndata: c\n\nid: a\u{0}b\ndata: d\n\n")
        #expect(
            events == [
                ServerSentEvent(data: "a", id: "7", retry: 1500),
                ServerSentEvent(data: "b", id: "7"),
                ServerSentEvent(data: "c", id: ""),
                ServerSentEvent(data: "d", id: ""),
            ])
    }

    @Test func skipsByteOrderMarkEvenWhenSplit() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.decode([0xEF]).isEmpty)
        #expect(try decoder.decode([0xBB]).isEmpty)
        #expect(try decoder.decode([0xBF] + Array("data: x\n\n".utf8)) == [ServerSentEvent(data: "x")])
        // Only at the start of the stream.
        var other = ServerSentEventDecoder()
        let events = try other.decode(Array("data: a\n\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("data: b\n\n".utf8))
        #expect(events.map(\.data) == ["a"])
    }

    @Test func notABOMIsKept() throws {
        var decoder = ServerSentEventDecoder()
        #expect(try decoder.decode([0xEF, 0xBB]).isEmpty)
        // The bytes stay: the line is "\u{FFFD}\u{FFFD}data: x", an unknown field, so nothing is dispatched.
        #expect(try decoder.decode(Array("data: x\n\n".utf8)).isEmpty)
        #expect(try decoder.decode(Array("data: y\n\n".utf8)) == [ServerSentEvent(data: "y")])
    }

    @Test func decodesUTF8SplitAcrossChunks() throws {
        let events = try decodeAll("data: wörld 👋\n\n", pieceSize: 1)
        #expect(events == [ServerSentEvent(data: "wörld 👋")])
    }

    @Test func discardsPartialEventAtEnd() throws {
        var decoder = ServerSentEventDecoder()
        let events = try decoder.decode(Array("data: done\n\nevent: x\ndata: {\"partial".utf8))
        #expect(events == [ServerSentEvent(data: "done")])
        #expect(decoder.hasPartialEvent)
        #expect(decoder.finish() == true)
        #expect(decoder.finish() == false)

        var complete = ServerSentEventDecoder()
        _ = try complete.decode(Array("data: done\n\n".utf8))
        #expect(complete.finish() == false)

        // A last event without its blank line is discarded too.
        var unterminated = ServerSentEventDecoder()
        #expect(try unterminated.decode(Array("data: x\n".utf8)).isEmpty)
        #expect(unterminated.finish() == true)
    }

    @Test func rejectsOverlongLineWithoutBufferingIt() throws {
        var decoder = ServerSentEventDecoder(maximumLineLength: 16, maximumEventSize: 1024)
        #expect(try decoder.decode(Array("data: 0123456789".utf8)).isEmpty)  // 16 bytes: at the limit
        #expect(throws: ServerSentEventError.lineTooLong(limit: 16)) {
            _ = try decoder.decode(Array("x".utf8))
        }
        // Stays failed.
        #expect(throws: ServerSentEventError.lineTooLong(limit: 16)) {
            _ = try decoder.decode(Array("\n\n".utf8))
        }
        // An endless line fed in small pieces fails as soon as it passes the limit.
        var endless = ServerSentEventDecoder(maximumLineLength: 1000, maximumEventSize: 10_000)
        var fed = 0
        let error = #expect(throws: ServerSentEventError.self) {
            while fed < 1_000_000 {
                _ = try endless.decode([UInt8](repeating: UInt8(ascii: "a"), count: 64))
                fed += 64
            }
        }
        #expect(error == .lineTooLong(limit: 1000))
        #expect(fed <= 1000)
        #expect(error?.description == "a server-sent event line is longer than the limit of 1000 bytes")
    }

    @Test func rejectsOverlongLineInOneChunk() throws {
        var decoder = ServerSentEventDecoder(maximumLineLength: 8, maximumEventSize: 1024)
        #expect(throws: ServerSentEventError.lineTooLong(limit: 8)) {
            _ = try decoder.decode(Array("data: 123456\n\n".utf8))
        }
    }

    @Test func rejectsOversizedEvent() throws {
        var decoder = ServerSentEventDecoder(maximumLineLength: 100, maximumEventSize: 20)
        #expect(try decoder.decode(Array("data: 0123456789\n\n".utf8)).count == 1)  // 11 bytes
        let error = #expect(throws: ServerSentEventError.self) {
            _ = try decoder.decode(Array("data: 0123456789\ndata: 0123456789\n".utf8))
        }
        #expect(error == .eventTooLarge(limit: 20))
        #expect(error?.description == "a server-sent event is larger than the limit of 20 bytes")
    }

    @Test func defaultLimits() {
        let decoder = ServerSentEventDecoder()
        #expect(decoder.maximumLineLength == 1 << 20)
        #expect(decoder.maximumEventSize == 16 << 20)
    }

    @Test func anthropicStyleStream() throws {
        let text = """
            event: message_start
            data: {"type":"message_start"}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","delta":{"text":"Hi"}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        for size in [1, 4, 7, 64] {
            let events = try decodeAll(text.replacingOccurrences(of: "\n", with: "\r\n"), pieceSize: size)
            #expect(events.map(\.event) == ["message_start", "ping", "content_block_delta", "message_stop"])
            #expect(events[2].data == #"{"type":"content_block_delta","delta":{"text":"Hi"}}"#)
        }
    }
}
