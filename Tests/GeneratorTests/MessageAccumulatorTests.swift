import AnthropicMessages
import Foundation
import Testing

@Suite struct MessageAccumulatorTests {
    /// Decodes each line as a stream event and applies it.
    static func accumulate(_ lines: [String]) throws -> MessageAccumulator {
        var accumulator = MessageAccumulator()
        for line in lines {
            try accumulator.apply(try JSONDecoder().decode(MessageStreamEvent.self, from: Data(line.utf8)))
        }
        return accumulator
    }

    static let start = #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#

    @Test func textThinkingToolUseAndUsage() throws {
        let accumulator = try Self.accumulate([
            Self.start,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"think."}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig=="}}"#,
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"ping"}"#,
            #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}"#,
            #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":", world"}}"#,
            #"{"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"Hello","document_index":0,"document_title":null,"start_char_index":0,"end_char_index":5}}}"#,
            #"{"type":"content_block_stop","index":1}"#,
            #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"#,
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"#,
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"San Fra"}}"#,
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ncisco\", \"days\": 3}"}}"#,
            #"{"type":"content_block_stop","index":2}"#,
            #"{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_2","name":"now","input":{}}}"#,
            #"{"type":"content_block_stop","index":3}"#,
            #"{"type":"some_future_event","index":9}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89,"cache_read_input_tokens":7}}"#,
            #"{"type":"message_stop"}"#,
        ])
        let message = try accumulator.finalMessage()
        #expect(message.id == "msg_1")
        #expect(message.content.count == 4)
        guard case .thinking(let thinking) = message.content[0], case .text(let text) = message.content[1],
            case .toolUse(let tool) = message.content[2], case .toolUse(let noInput) = message.content[3]
        else {
            Issue.record("unexpected blocks: \(message.content)")
            return
        }
        #expect(thinking.thinking == "Let me think.")
        #expect(thinking.signature == "sig==")
        #expect(text.text == "Hello, world")
        #expect((text.citations ?? nil)?.count == 1)
        #expect(tool.input == ["location": "San Francisco", "days": 3])
        #expect(noInput.input == [:])
        #expect(message.stopReason == .some(.toolUse))
        #expect(message.usage.outputTokens == 89)
        #expect(message.usage.inputTokens == 25)
        #expect(message.usage.cacheReadInputTokens == .some(7))
    }

    @Test func unknownStopReasonIsKept() throws {
        let accumulator = try Self.accumulate([
            Self.start,
            #"{"type":"message_delta","delta":{"stop_reason":"brand_new_reason"},"usage":{"output_tokens":2}}"#,
            #"{"type":"message_stop"}"#,
        ])
        #expect(try accumulator.finalMessage().stopReason == .some(.unknown("brand_new_reason")))
    }

    @Test func failures() throws {
        #expect(throws: MessageAccumulator.AccumulationError.noMessageStarted(event: "content_block_stop")) {
            _ = try Self.accumulate([#"{"type":"content_block_stop","index":0}"#])
        }
        #expect(throws: MessageAccumulator.AccumulationError.unknownContentIndex(3)) {
            _ = try Self.accumulate([Self.start, #"{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"x"}}"#])
        }
        #expect(throws: MessageAccumulator.AccumulationError.deltaMismatch(index: 0, delta: "text_delta", block: "tool_use")) {
            _ = try Self.accumulate([
                Self.start,
                #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"n","input":{}}}"#,
                #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}"#,
            ])
        }
        #expect(throws: MessageAccumulator.AccumulationError.invalidToolInput(index: 0, json: "{\"a\":")) {
            _ = try Self.accumulate([
                Self.start,
                #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"n","input":{}}}"#,
                #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\":"}}"#,
                #"{"type":"content_block_stop","index":0}"#,
            ])
        }
        #expect(throws: MessageAccumulator.AccumulationError.streamError(type: "overloaded_error", message: "Overloaded")) {
            _ = try Self.accumulate([Self.start, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#])
        }
        #expect(throws: MessageAccumulator.AccumulationError.incomplete) {
            _ = try Self.accumulate([Self.start]).finalMessage()
        }
    }

    @Test func messageFromAsyncSequence() async throws {
        let lines = [
            Self.start,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#,
            #"{"type":"content_block_stop","index":0}"#,
            #"{"type":"message_stop"}"#,
        ]
        let events = try lines.map { try JSONDecoder().decode(MessageStreamEvent.self, from: Data($0.utf8)) }
        let stream = AsyncThrowingStream<MessageStreamEvent, any Error> { continuation in
            for event in events { continuation.yield(event) }
            continuation.finish()
        }
        let message = try await MessageAccumulator.message(from: stream)
        #expect(message.content == [.text(TextBlock(text: "Hi"))])
    }
}
