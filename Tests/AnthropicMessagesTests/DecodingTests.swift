import AnthropicMessages
import Foundation
import SpecRuntime
import Testing

// Decoding real and hand-written response bodies, stream events and error bodies with the generated types, and
// re-encoding them to check that nothing is lost.
//
// Round trip rule: the original bytes are parsed with AnyJSON(parsing:) (exact integers, member order kept), the
// decoded value is re-encoded with JSONEncoder and parsed the same way, and the two are compared with AnyJSON
// equality (member order ignored, numbers by value: 1 == 1.0). Every remaining difference must be listed in
// `allowedDifferences` with its reason; the list is empty, i.e. every file round-trips exactly.

/// Differences between an original body and its re-encoding that are accepted, by file (or `file#event`), with the
/// reason. The generated types keep every member (unknown ones in `additionalProperties`, unknown variants as
/// `.unknown(AnyJSON)`, `null` apart from absent through `T??`), so no real or fixture file needs an entry. The one
/// documented difference: received types read `null` in an optional member the spec does not call nullable as
/// absent (lenient decoding), so re-encoding leaves the member out (see `nullInANonNullableOptionalMember`).
let allowedDifferences: [String: [JSON.Difference]] = [:]

/// Checks that `value` re-encodes to `original` up to the allowed differences of `name`.
func expectRoundTrip(
    _ value: some Encodable, original: AnyJSON, name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let reencoded = try JSON.reencode(value)
    let differences = JSON.differences(expected: original, actual: reencoded)
    let allowed = Set(allowedDifferences[name] ?? [])
    let unexpected = differences.filter { !allowed.contains($0) }
    #expect(
        unexpected.isEmpty,
        "\(name): re-encoding lost or changed data:\n\(unexpected.map { "  \($0)" }.joined(separator: "\n"))",
        sourceLocation: sourceLocation)
}

/// The wire names of content block types the generated `ContentBlock` knows.
let knownContentBlockTypes: Set<String> = [
    "text", "thinking", "redacted_thinking", "tool_use", "server_tool_use", "web_search_tool_result",
    "web_fetch_tool_result", "code_execution_tool_result", "bash_code_execution_tool_result",
    "text_editor_code_execution_tool_result", "tool_search_tool_result", "container_upload", "compaction", "fallback",
]

/// The `type`s of the content blocks that decoded as `.unknown`.
func unknownBlocks(_ message: Message) -> [String] {
    message.content.compactMap { block in
        if case .unknown(let json) = block { return json["type"]?.stringValue ?? "(no type)" }
        return nil
    }
}

// MARK: - Shared real-world examples

/// Files in ../shared/api that do not decode, and exactly why: the docs shorten some examples and leave out fields
/// the spec (and the real API) requires. The value is `DecodingError.summary` of the first error. Nothing here is
/// loosened to make them pass.
///
/// | file                                           | missing          | why                                              |
/// |------------------------------------------------|------------------|--------------------------------------------------|
/// | responses/docs-implement-tool-use-4.json       | usage            | docs abridged: no type, stop_sequence, usage     |
/// | responses/docs-overview-5.json                 | usage            | docs abridged: no type, stop_sequence, usage     |
/// | responses/docs-text-editor-tool-6.json         | usage            | docs abridged: no type, stop_sequence, usage     |
/// | responses/docs-text-editor-tool-7.json         | usage            | docs abridged: no type, stop_sequence, usage     |
/// | responses/docs-web-fetch-tool-8.json           | model            | docs abridged: no type, model, stop_sequence     |
/// | responses/docs-working-with-messages-12.json   | model            | docs abridged: no model                          |
/// | streams/docs-extended-thinking.sse event 0     | message.usage    | docs abridged message_start (no usage)           |
/// | streams/docs-extended-thinking.sse event 1     | signature        | docs abridged thinking block start (no signature)|
/// | streams/docs-extended-thinking.sse event 13    | usage            | docs abridged message_delta (no usage)           |
///
/// (`type` and `role` of Message are constants the lenient response decoder does not read, and `stop_sequence`
/// is nullable, so their absence alone does not fail.)
let expectedSharedFailures: [String: String] = [
    "responses/docs-implement-tool-use-4.json": "keyNotFound 'usage' at /",
    "responses/docs-overview-5.json": "keyNotFound 'usage' at /",
    "responses/docs-text-editor-tool-6.json": "keyNotFound 'usage' at /",
    "responses/docs-text-editor-tool-7.json": "keyNotFound 'usage' at /",
    "responses/docs-web-fetch-tool-8.json": "keyNotFound 'model' at /",
    "responses/docs-working-with-messages-12.json": "keyNotFound 'model' at /",
    "streams/docs-extended-thinking.sse#0": "keyNotFound 'usage' at /message",
    "streams/docs-extended-thinking.sse#1": "keyNotFound 'signature' at /content_block",
    "streams/docs-extended-thinking.sse#13": "keyNotFound 'usage' at /",
]

@Suite(.timeLimit(.minutes(5))) struct SharedExampleDecodingTests {
    @Test func sharedExamplesArePresentOrSkipped() {
        if Fixtures.hasShared {
            #expect(!Fixtures.sharedFiles("responses", ".json").isEmpty)
            #expect(!Fixtures.sharedFiles("streams", ".sse").isEmpty)
            #expect(!Fixtures.sharedFiles("errors", ".json").isEmpty)
        } else {
            print("skipped: \(Fixtures.sharedAPI) is absent; the shared real-world examples were not decoded")
            #expect(Bool(true), "skipped: \(Fixtures.sharedAPI) is absent")
        }
    }

    /// Every listed failure names an existing file, and the table of them is printed.
    @Test func expectedFailuresNameExistingFiles() {
        guard Fixtures.hasShared else { return }
        var rows: [[String]] = []
        for key in expectedSharedFailures.keys.sorted() {
            let path = key.split(separator: "#").first.map(String.init) ?? key
            #expect(FileManager.default.fileExists(atPath: Fixtures.sharedAPI + "/" + path), "\(path) is gone")
            rows.append([key, expectedSharedFailures[key] ?? ""])
        }
        print("Shared examples that do not decode (abridged by the docs):")
        print(table(["file#event", "first decoding error"], rows))
    }

    @Test(arguments: Fixtures.sharedFiles("responses", ".json"))
    func response(_ file: String) throws {
        let name = "responses/" + file
        let data = try Fixtures.read(Fixtures.sharedAPI + "/" + name)
        let original = try JSON.parse(data)
        do {
            let message = try JSONDecoder().decode(Message.self, from: data)
            #expect(expectedSharedFailures[name] == nil, "\(name) decoded, but is listed as failing")
            #expect(unknownBlocks(message).isEmpty, "\(name): blocks decoded as unknown: \(unknownBlocks(message))")
            #expect(message.id == original["id"]?.stringValue)
            #expect(message.content.count == original["content"]?.arrayValue?.count)
            try expectRoundTrip(message, original: original, name: name)
        } catch let error as DecodingError {
            #expect(
                expectedSharedFailures[name] == error.summary,
                "\(name) fails with \(error.summary); expected \(expectedSharedFailures[name] ?? "success")")
        }
    }

    @Test(arguments: Fixtures.sharedFiles("streams", ".sse"))
    func stream(_ file: String) throws {
        let name = "streams/" + file
        let raw = try Fixtures.read(Fixtures.sharedAPI + "/" + name)
        #expect(
            Fixtures.endsWithBlankLine(raw) != Fixtures.sharedStreamsWithoutFinalBlankLine.contains(file),
            "\(name): the list of files without a final blank line is out of date")
        // As stored, an unterminated last event is discarded (the SSE standard); with the terminator restored it
        // is not.
        let (asStored, storedLeftover) = try Fixtures.events(raw)
        let (events, leftover) = try Fixtures.events(try Fixtures.sharedStream(file))
        #expect(storedLeftover == Fixtures.sharedStreamsWithoutFinalBlankLine.contains(file))
        #expect(asStored.count == events.count - (storedLeftover ? 1 : 0))
        #expect(!leftover, "\(name) ends inside an event")
        #expect(events.last?.event == (file.contains("error-event") ? "error" : "message_stop"))
        #expect(!events.isEmpty)
        for (index, event) in events.enumerated() {
            let key = "\(name)#\(index)"
            let original = try JSON.parse(event.data)
            #expect(original["type"]?.stringValue == event.event, "\(key): event name and data.type differ")
            do {
                let decoded = try JSONDecoder().decode(MessageStreamEvent.self, from: Data(event.data.utf8))
                #expect(expectedSharedFailures[key] == nil, "\(key) decoded, but is listed as failing")
                if case .unknown = decoded { Issue.record("\(key): event '\(event.event)' decoded as unknown") }
                if case .contentBlockStart(let start) = decoded, case .unknown(let json) = start.contentBlock {
                    Issue.record("\(key): block decoded as unknown: \(json)")
                }
                if case .contentBlockDelta(let delta) = decoded, case .unknown(let json) = delta.delta {
                    Issue.record("\(key): delta decoded as unknown: \(json)")
                }
                try expectRoundTrip(decoded, original: original, name: key)
            } catch let error as DecodingError {
                #expect(
                    expectedSharedFailures[key] == error.summary,
                    "\(key) fails with \(error.summary); expected \(expectedSharedFailures[key] ?? "success")")
            }
        }
    }

    @Test(arguments: Fixtures.sharedFiles("errors", ".json"))
    func errorBody(_ file: String) throws {
        let name = "errors/" + file
        let data = try Fixtures.read(Fixtures.sharedAPI + "/" + name)
        let original = try JSON.parse(data)
        let decoded = try JSONDecoder().decode(ErrorResponse.self, from: data)
        #expect(decoded.error.message == original["error"]?["message"]?.stringValue)
        #expect(decoded.error.type.rawValue == original["error"]?["type"]?.stringValue)
        if case .unknown(let type) = decoded.error.type { Issue.record("\(name): unknown error type '\(type)'") }
        switch original["request_id"] {
        case nil: #expect(decoded.requestId == nil)
        case .null?: #expect(decoded.requestId == .null)
        case let id?: #expect(decoded.requestId == Nullable(id.stringValue))
        }
        try expectRoundTrip(decoded, original: original, name: name)
    }
}

// MARK: - The project's own fixtures

@Suite(.timeLimit(.minutes(5))) struct OwnFixtureDecodingTests {
    @Test func everyFeatureHasAResponseAndAStream() {
        let features = ["text", "tool-use", "thinking", "citations"]
        #expect(Set(Fixtures.ownFiles("responses", ".json")) == Set(features.map { $0 + ".json" }))
        #expect(Set(Fixtures.ownFiles("streams", ".sse")) == Set(features.map { $0 + ".sse" }))
    }

    @Test(arguments: Fixtures.ownFiles("responses", ".json"))
    func response(_ file: String) throws {
        let data = try Fixtures.resource("responses/" + file)
        let message = try JSONDecoder().decode(Message.self, from: data)
        #expect(unknownBlocks(message).isEmpty)
        try expectRoundTrip(message, original: try JSON.parse(data), name: "own responses/" + file)
    }

    @Test func textResponseValues() throws {
        let message = try JSONDecoder().decode(Message.self, from: try Fixtures.resource("responses/text.json"))
        guard case .text(let text) = message.content.first else {
            Issue.record("expected a text block, got \(message.content)")
            return
        }
        #expect(text.text.hasPrefix("Bonjour ! Voici trois façons"))
        #expect(text.text.hasSuffix("🙏 — and a quote: \"thanks\" \\ done."))
        #expect(text.citations == nil)
        #expect(message.stopReason == .value(.endTurn))
        #expect(message.stopSequence == .null)
        #expect(message.stopDetails == nil)
        #expect(message.usage.inputTokens == 21)
        #expect(message.usage.outputTokens == 38)
        #expect(message.usage.serviceTier == .value(.standard))
        #expect(message.usage.inferenceGeo == .value("not_available"))
        #expect(
            message.usage.cacheCreation == .value(CacheCreation(ephemeral5mInputTokens: 0, ephemeral1hInputTokens: 0)))
    }

    @Test func toolUseResponseValues() throws {
        let message = try JSONDecoder().decode(Message.self, from: try Fixtures.resource("responses/tool-use.json"))
        #expect(message.stopReason == .value(.toolUse))
        #expect(message.content.count == 3)
        guard case .toolUse(let paris) = message.content[1], case .toolUse(let tokyo) = message.content[2] else {
            Issue.record("expected two tool_use blocks, got \(message.content)")
            return
        }
        #expect(paris.id == "toolu_01WeatherParis000000001")
        #expect(paris.name == "get_weather")
        #expect(paris.caller == .value(.direct(DirectCaller())))
        #expect(
            AnyJSON.object(paris.input.map { (key: $0.key, value: $0.value) })
                == [
                    "location": "Paris, France", "unit": "celsius", "days": 3, "include": ["wind", "humidity"],
                    "options": ["hourly": false, "threshold": 0.5, "note": nil],
                ])
        #expect(tokyo.input.isEmpty)
        #expect(tokyo.caller == nil)
        #expect(message.usage.cacheReadInputTokens == .null)
        #expect(message.usage.serverToolUse == .null)
        #expect(message.usage.serviceTier == .value(.priority))
    }

    @Test func thinkingResponseValues() throws {
        let message = try JSONDecoder().decode(Message.self, from: try Fixtures.resource("responses/thinking.json"))
        guard case .thinking(let thinking) = message.content[0],
            case .redactedThinking(let redacted) = message.content[1]
        else {
            Issue.record("expected thinking and redacted_thinking blocks, got \(message.content)")
            return
        }
        #expect(thinking.thinking.hasSuffix("Sum: 12231."))
        #expect(thinking.signature == "EuYBCkQYAiJAfixtureSignature+/abc==AAAA")
        #expect(redacted.data.hasPrefix("EmwKAhgBEgy3va3pzix/"))
        #expect(message.usage.outputTokensDetails == .value(OutputTokensDetails(thinkingTokens: 150)))
    }

    @Test func citationsResponseValues() throws {
        let message = try JSONDecoder().decode(Message.self, from: try Fixtures.resource("responses/citations.json"))
        var kinds: [String] = []
        for block in message.content {
            guard case .text(let text) = block else { continue }
            for citation in text.citations?.value ?? [] {
                switch citation {
                case .charLocation(let c): kinds.append("char \(c.startCharIndex)-\(c.endCharIndex)")
                case .pageLocation(let c): kinds.append("page \(c.startPageNumber)-\(c.endPageNumber)")
                case .contentBlockLocation(let c): kinds.append("block \(c.startBlockIndex)-\(c.endBlockIndex)")
                case .searchResultLocation(let c): kinds.append("search \(c.searchResultIndex)")
                case .webSearchResultLocation(let c): kinds.append("web \(c.url)")
                case .unknown(let json): kinds.append("unknown \(json)")
                }
            }
        }
        #expect(kinds == ["char 0-20", "page 2-3", "block 0-1", "search 0", "web https://example.org/why-green"])
        guard case .text(let first) = message.content[0] else { return }
        #expect(first.citations == .null)
    }

    @Test(arguments: Fixtures.ownFiles("streams", ".sse"))
    func stream(_ file: String) throws {
        let (events, leftover) = try Fixtures.events(try Fixtures.resource("streams/" + file), chunkSize: 5)
        #expect(!leftover)
        #expect(events.first?.event == "message_start")
        #expect(events.last?.event == "message_stop")
        for (index, event) in events.enumerated() {
            let original = try JSON.parse(event.data)
            #expect(original["type"]?.stringValue == event.event)
            let decoded = try JSONDecoder().decode(MessageStreamEvent.self, from: Data(event.data.utf8))
            if case .unknown = decoded { Issue.record("\(file)#\(index) decoded as unknown") }
            try expectRoundTrip(decoded, original: original, name: "own streams/\(file)#\(index)")
        }
    }
}

// MARK: - Values this client does not know

@Suite(.timeLimit(.minutes(5))) struct UnknownValueTests {
    @Test func unknownStopReasonStopDetailsAndServiceTierAreKept() throws {
        let data = try Fixtures.resource("unknown/stop-reason.json")
        let original = try JSON.parse(data)
        let message = try JSONDecoder().decode(Message.self, from: data)
        #expect(message.stopReason == .value(.unknown("quantum_decoherence")))
        #expect(message.stopReason?.value?.rawValue == "quantum_decoherence")
        #expect(message.stopDetails == .value(.unknown(try #require(original["stop_details"]))))
        #expect(message.usage.serviceTier == .value(.unknown("galactic")))
        #expect(message.usage.additionalProperties["future_usage_field"] == ["nested": [1, 2.5, "x"]])
        #expect(message.additionalProperties == ["future_top_level_field": "kept"])
        try expectRoundTrip(message, original: original, name: "unknown/stop-reason.json")
        // Known values still map to their cases.
        #expect(StopReason(rawValue: "end_turn") == .endTurn)
        #expect(StopReason(rawValue: "model_context_window_exceeded") == .modelContextWindowExceeded)
    }

    @Test func unknownContentBlockCitationAndCallerAreKept() throws {
        let data = try Fixtures.resource("unknown/content-block.json")
        let original = try JSON.parse(data)
        let message = try JSONDecoder().decode(Message.self, from: data)
        let blocks = try #require(original["content"]?.arrayValue)
        #expect(message.content[0] == .unknown(blocks[0]))
        guard case .text(let text) = message.content[1], case .toolUse(let tool) = message.content[2] else {
            Issue.record("expected text and tool_use, got \(message.content)")
            return
        }
        let citation = try #require(blocks[1]["citations"]?[0])
        #expect(text.citations == .value([.unknown(citation)]))
        #expect(text.additionalProperties == ["sparkle": true])
        #expect(tool.caller == .value(.unknown(try #require(blocks[2]["caller"]))))
        try expectRoundTrip(message, original: original, name: "unknown/content-block.json")
        // The unknown block re-encodes byte-for-byte the same JSON value on its own too.
        #expect(try JSON.reencode(message.content[0]) == blocks[0])
    }

    @Test func unknownEventsBlocksAndDeltasAreKept() throws {
        let (events, leftover) = try Fixtures.events(try Fixtures.resource("unknown/events.sse"))
        #expect(!leftover)
        var unknown: [String] = []
        for (index, event) in events.enumerated() {
            let original = try JSON.parse(event.data)
            let decoded = try JSONDecoder().decode(MessageStreamEvent.self, from: Data(event.data.utf8))
            switch decoded {
            case .unknown(let json):
                #expect(json == original)
                unknown.append("event \(event.event)")
            case .contentBlockStart(let start):
                if case .unknown(let json) = start.contentBlock {
                    #expect(json == original["content_block"])
                    unknown.append("block \(json["type"]?.stringValue ?? "")")
                }
            case .contentBlockDelta(let delta):
                if case .unknown(let json) = delta.delta {
                    #expect(json == original["delta"])
                    unknown.append("delta \(json["type"]?.stringValue ?? "")")
                }
            case .messageDelta(let delta):
                #expect(delta.delta.stopReason == .value(.unknown("quantum_decoherence")))
            default:
                break
            }
            try expectRoundTrip(decoded, original: original, name: "unknown/events.sse#\(index)")
        }
        #expect(
            unknown == ["event message_annotation", "block hologram", "delta hologram_delta", "delta sparkle_delta"])
    }

    /// `caller` is nullable (anthropic 2.15 types/tool_use_block.py): a `null` is kept and written back.
    @Test func nullInANullableOptionalMember() throws {
        let text = #"{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":null},"caller":null}"#
        let block = try JSONDecoder().decode(ContentBlock.self, from: Data(text.utf8))
        guard case .toolUse(let tool) = block else {
            Issue.record("expected tool_use, got \(block)")
            return
        }
        #expect(tool.caller == .null)
        #expect(tool.input == ["q": .null])  // null inside free-form JSON is kept
        let differences = JSON.differences(expected: try JSON.parse(text), actual: try JSON.reencode(block))
        #expect(differences.isEmpty)
        try expectRoundTrip(block, original: try JSON.parse(text), name: "inline tool_use with caller null")
    }

    @Test func unknownErrorTypeIsKept() throws {
        let text =
            #"{"type":"error","error":{"type":"teapot_error","message":"I'm a teapot","hint":{"code":418}},"request_id":null}"#
        let decoded = try JSONDecoder().decode(ErrorResponse.self, from: Data(text.utf8))
        #expect(decoded.error.type == .unknown("teapot_error"))
        #expect(decoded.error.additionalProperties == ["hint": ["code": 418]])
        #expect(decoded.requestId == .null)
        try expectRoundTrip(decoded, original: try JSON.parse(text), name: "inline unknown error type")
    }
}
