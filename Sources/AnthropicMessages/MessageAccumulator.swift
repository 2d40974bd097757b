import Foundation
import SpecRuntime

/// Builds the final ``Message`` from the events of a streamed response, as the official SDKs do.
///
/// Feed it every event in order with ``apply(_:)``; ``message`` is the message so far. Text, thinking and signature
/// deltas extend their blocks, citation deltas add citations, the partial JSON of `input_json_delta` events is
/// parsed into the tool's input when its block stops, and `message_delta` sets the stop reason and updates the
/// usage. Unknown events and deltas (from a newer API version) are ignored.
///
/// ```swift
/// var accumulator = MessageAccumulator()
/// for try await event in client.streamMessage(request) {
///     try accumulator.apply(event)
///     if case .contentBlockDelta(let delta) = event, case .textDelta(let text) = delta.delta { print(text.text, terminator: "") }
/// }
/// let message = try accumulator.finalMessage()
/// ```
public struct MessageAccumulator: Sendable {
    /// The message so far; `nil` until `message_start` arrived.
    public private(set) var message: Message?
    /// Whether `message_stop` arrived.
    public private(set) var isComplete = false
    /// The partial JSON received so far for each tool-input block, by content index.
    private var partialInputs: [Int: String] = [:]

    /// Creates an empty accumulator.
    public init() {}

    /// Why events could not be combined into a message.
    public enum AccumulationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// An event that needs a message arrived before `message_start`.
        case noMessageStarted(event: String)
        /// A block event named a content index that was never started.
        case unknownContentIndex(Int)
        /// A delta that does not fit the kind of its content block (e.g. a text delta for a tool-use block).
        case deltaMismatch(index: Int, delta: String, block: String)
        /// The accumulated `input_json_delta` text of a block is not a JSON object.
        case invalidToolInput(index: Int, json: String)
        /// The stream carried an error event.
        case streamError(type: String, message: String)
        /// ``finalMessage()`` was called before `message_stop`.
        case incomplete

        /// What went wrong, in words.
        public var description: String {
            switch self {
            case .noMessageStarted(let event): "'\(event)' arrived before 'message_start'"
            case .unknownContentIndex(let index): "no content block was started at index \(index)"
            case .deltaMismatch(let index, let delta, let block):
                "a \(delta) cannot extend the \(block) block at index \(index)"
            case .invalidToolInput(let index, let json):
                "the tool input of block \(index) is not a JSON object: \(json)"
            case .streamError(let type, let message): "error event in stream: \(type): \(message)"
            case .incomplete: "the stream ended before 'message_stop'"
            }
        }
    }

    /// The complete message; throws ``AccumulationError/incomplete`` before `message_stop`.
    public func finalMessage() throws(AccumulationError) -> Message {
        guard isComplete, let message else { throw .incomplete }
        return message
    }

    /// Reads `events` to the end and returns the final message.
    public static func message<Events: AsyncSequence>(
        from events: Events
    ) async throws -> Message where Events.Element == MessageStreamEvent {
        var accumulator = MessageAccumulator()
        for try await event in events { try accumulator.apply(event) }
        return try accumulator.finalMessage()
    }

    /// Applies one event.
    public mutating func apply(_ event: MessageStreamEvent) throws(AccumulationError) {
        switch event {
        case .messageStart(let start):
            message = start.message
            isComplete = false
            partialInputs = [:]
        case .contentBlockStart(let start):
            try startBlock(start.contentBlock, at: start.index)
        case .contentBlockDelta(let delta):
            try applyDelta(delta.delta, at: delta.index)
        case .contentBlockStop(let stop):
            try stopBlock(at: stop.index)
        case .messageDelta(let delta):
            try applyMessageDelta(delta)
        case .messageStop:
            guard message != nil else { throw .noMessageStarted(event: "message_stop") }
            isComplete = true
        case .error(let response):
            throw .streamError(type: response.error.type.rawValue, message: response.error.message)
        case .ping, .unknown:
            break
        }
    }

    // MARK: - Content blocks

    private mutating func startBlock(_ block: ContentBlock, at index: Int) throws(AccumulationError) {
        guard var message else { throw .noMessageStarted(event: "content_block_start") }
        if index < message.content.count {
            message.content[index] = block
        } else if index == message.content.count {
            message.content.append(block)
        } else {
            throw .unknownContentIndex(index)
        }
        switch block {
        case .toolUse, .serverToolUse: partialInputs[index] = ""
        default: partialInputs[index] = nil
        }
        self.message = message
    }

    private mutating func applyDelta(_ delta: ContentBlockDelta, at index: Int) throws(AccumulationError) {
        guard var message else { throw .noMessageStarted(event: "content_block_delta") }
        guard message.content.indices.contains(index) else { throw .unknownContentIndex(index) }
        let block = message.content[index]
        func mismatch(_ name: String) -> AccumulationError {
            .deltaMismatch(index: index, delta: name, block: Self.kind(of: block))
        }
        switch (delta, block) {
        case (.textDelta(let text), .text(var textBlock)):
            textBlock.text += text.text
            message.content[index] = .text(textBlock)
        case (.citationsDelta(let citation), .text(var textBlock)):
            textBlock.citations = .value((textBlock.citations?.value ?? []) + [citation.citation])
            message.content[index] = .text(textBlock)
        case (.thinkingDelta(let thinking), .thinking(var thinkingBlock)):
            thinkingBlock.thinking += thinking.thinking
            message.content[index] = .thinking(thinkingBlock)
        case (.signatureDelta(let signature), .thinking(var thinkingBlock)):
            thinkingBlock.signature = signature.signature
            message.content[index] = .thinking(thinkingBlock)
        case (.inputJsonDelta(let json), .toolUse), (.inputJsonDelta(let json), .serverToolUse):
            partialInputs[index, default: ""] += json.partialJson
        case (.compactionDelta(let compaction), .compaction(var compactionBlock)):
            if case .value(let text)? = compaction.content {
                compactionBlock.content = .value((compactionBlock.content?.value ?? "") + text)
            }
            if case .value(let encrypted)? = compaction.encryptedContent {
                compactionBlock.encryptedContent = .value(encrypted)
            }
            message.content[index] = .compaction(compactionBlock)
        case (.unknown, _):
            break
        case (.textDelta, _): throw mismatch("text_delta")
        case (.citationsDelta, _): throw mismatch("citations_delta")
        case (.thinkingDelta, _): throw mismatch("thinking_delta")
        case (.signatureDelta, _): throw mismatch("signature_delta")
        case (.inputJsonDelta, _): throw mismatch("input_json_delta")
        case (.compactionDelta, _): throw mismatch("compaction_delta")
        }
        self.message = message
    }

    private mutating func stopBlock(at index: Int) throws(AccumulationError) {
        guard var message else { throw .noMessageStarted(event: "content_block_stop") }
        guard message.content.indices.contains(index) else { throw .unknownContentIndex(index) }
        guard let text = partialInputs.removeValue(forKey: index) else { return }
        // No delta at all means the tool takes no input: keep the block's own (empty) input.
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        guard let parsed = try? AnyJSON(parsing: text), case .object(let members) = parsed else {
            throw .invalidToolInput(index: index, json: text)
        }
        var input: [String: AnyJSON] = [:]
        for member in members { input[member.key] = member.value }
        switch message.content[index] {
        case .toolUse(var block):
            block.input = input
            message.content[index] = .toolUse(block)
        case .serverToolUse(var block):
            block.input = input
            message.content[index] = .serverToolUse(block)
        default:
            break
        }
        self.message = message
    }

    // MARK: - Message delta

    private mutating func applyMessageDelta(_ event: MessageDeltaEvent) throws(AccumulationError) {
        guard var message else { throw .noMessageStarted(event: "message_delta") }
        let delta = event.delta
        if let stopReason = delta.stopReason { message.stopReason = stopReason }
        if let stopSequence = delta.stopSequence { message.stopSequence = stopSequence }
        if let stopDetails = delta.stopDetails { message.stopDetails = stopDetails }
        if let container = delta.container { message.container = container }
        let usage = event.usage
        message.usage.outputTokens = usage.outputTokens
        if case .value(let tokens)? = usage.inputTokens { message.usage.inputTokens = tokens }
        if case .value(let tokens)? = usage.cacheCreationInputTokens {
            message.usage.cacheCreationInputTokens = .value(tokens)
        }
        if case .value(let tokens)? = usage.cacheReadInputTokens { message.usage.cacheReadInputTokens = .value(tokens) }
        if case .value(let serverToolUse)? = usage.serverToolUse { message.usage.serverToolUse = .value(serverToolUse) }
        if case .value(let details)? = usage.outputTokensDetails { message.usage.outputTokensDetails = .value(details) }
        self.message = message
    }

    /// The wire name of a block's kind, for messages.
    static func kind(of block: ContentBlock) -> String {
        switch block {
        case .unknown(let json): json["type"]?.stringValue ?? "unknown"
        default: (try? AnyJSON(parsing: JSONEncoder().encode(block)))?["type"]?.stringValue ?? "unknown"
        }
    }
}
