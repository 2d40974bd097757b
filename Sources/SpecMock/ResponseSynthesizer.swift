import SpecKit
import SpecRuntime

/// Builds responses for valid requests when no fixture matches: for the Messages endpoint a `Message` that
/// answers the request (text, thinking when the request turns it on, a `tool_use` of a tool the request
/// declared) and its full event stream; for other endpoints the smallest value of the response type.
struct ResponseSynthesizer {
    let spec: Spec

    func response(for endpoint: Endpoint, request: JSONValue?, random: inout SeededRandom) -> AnyJSON {
        if case .named("Message") = endpoint.response, let request, request.member("messages") != nil {
            return message(answering: request, random: &random)
        }
        return value(of: endpoint.response, depth: 0)
    }

    // MARK: - Messages

    func message(answering request: JSONValue, random: inout SeededRandom) -> AnyJSON {
        let model = request.member("model")?.string ?? "mock-model"
        let messages = request.member("messages")?.elements.map { $0 } ?? []
        let lastUser = messages.last { $0.member("role")?.string == "user" }
        let lastUserText = lastUser.flatMap(Self.text(of:)) ?? ""
        let answeredTool =
            lastUser?.member("content")?.elements.contains { $0.member("type")?.string == "tool_result" } ?? false
        let customTools = (request.member("tools")?.elements.map { $0 } ?? []).filter {
            $0.member("input_schema") != nil && $0.member("name")?.string != nil
        }
        let choice = request.member("tool_choice")
        let choiceType = choice?.member("type")?.string ?? "auto"
        var tool: JSONValue?
        switch choiceType {
        case "none": tool = nil
        case "tool":
            let name = choice?.member("name")?.string
            tool = customTools.first { $0.member("name")?.string == name }
        case "any":
            tool = customTools.isEmpty ? nil : customTools[Int(random.next() % UInt64(customTools.count))]
        default:
            // auto: call a tool until the conversation has answered one, so an agent loop ends.
            tool =
                answeredTool || customTools.isEmpty ? nil : customTools[Int(random.next() % UInt64(customTools.count))]
        }
        let thinkingType = request.member("thinking")?.member("type")?.string
        let maxTokens = request.member("max_tokens").flatMap { Int($0.sourceText) } ?? 1024

        var content: [AnyJSON] = []
        var outputTokens = 0
        if thinkingType == "enabled" || thinkingType == "adaptive" {
            let thought = "The user wrote \(lastUserText.count) characters; a short answer will do."
            content.append(
                .object([
                    ("type", "thinking"), ("thinking", .string(thought)),
                    ("signature", .string("mock_signature_" + random.hex(32))),
                ]))
            outputTokens += thought.split(separator: " ").count
        }
        let quoted = lastUserText.count > 80 ? String(lastUserText.prefix(80)) + "…" : lastUserText
        var words =
            (quoted.isEmpty
            ? "This is a mock reply from spec-mock." : "This is a mock reply from spec-mock to: \(quoted)")
            .split(separator: " ").map(String.init)
        var stopReason = "end_turn"
        if outputTokens + words.count > maxTokens {
            words = Array(words.prefix(max(1, maxTokens - outputTokens)))
            stopReason = "max_tokens"
            tool = nil
        }
        outputTokens += words.count
        content.append(.object([("type", "text"), ("text", .string(words.joined(separator: " ")))]))
        if let tool, let name = tool.member("name")?.string {
            let input = tool.member("input_schema").map { schemaValue($0, depth: 0) } ?? .object([])
            content.append(
                .object([
                    ("type", "tool_use"), ("id", .string("toolu_mock_" + random.hex(24))), ("name", .string(name)),
                    ("input", input),
                ]))
            outputTokens += max(1, input.serialized().utf8.count / 4)
            stopReason = "tool_use"
        }
        let inputTokens = max(1, request.sourceRange.count / 4)
        return .object([
            ("id", .string("msg_mock_" + random.hex(24))), ("type", "message"), ("role", "assistant"),
            ("model", .string(model)), ("content", .array(content)), ("stop_reason", .string(stopReason)),
            ("stop_sequence", .null),
            (
                "usage",
                .object([
                    ("input_tokens", .integer(Int64(inputTokens))), ("output_tokens", .integer(Int64(outputTokens))),
                    ("cache_creation_input_tokens", 0), ("cache_read_input_tokens", 0),
                ])
            ),
        ])
    }

    /// The text of a message: its string content, or its text blocks joined.
    static func text(of message: JSONValue) -> String? {
        guard let content = message.member("content") else { return nil }
        if let text = content.string { return text }
        let texts = content.elements.compactMap { block -> String? in
            block.member("type")?.string == "text" ? block.member("text")?.string : nil
        }
        return texts.isEmpty ? nil : texts.joined(separator: " ")
    }

    /// The event stream of `message` as the API sends it: `message_start` (content empty), a `ping`, each block's
    /// `content_block_start`, deltas and `content_block_stop`, `message_delta` with the stop reason and usage,
    /// `message_stop`.
    func events(for message: AnyJSON, random: inout SeededRandom) -> [(String, AnyJSON)] {
        guard case .object(let members) = message else { return [] }
        var start = members.map { member -> (key: String, value: AnyJSON) in
            switch member.key {
            case "content": return (member.key, .array([]))
            case "stop_reason", "stop_sequence": return (member.key, .null)
            case "usage":
                return (member.key, member.value.setting(["output_tokens"], to: .integer(1)))
            default: return member
            }
        }
        start = start.filter { $0.key != "" }
        var events: [(String, AnyJSON)] = [
            ("message_start", .object([("type", "message_start"), ("message", .object(start))])),
            ("ping", .object([("type", "ping")])),
        ]
        let blocks: [AnyJSON] = {
            if case .array(let list)? = message["content"] { return list }
            return []
        }()
        for (index, block) in blocks.enumerated() {
            let i = AnyJSON.integer(Int64(index))
            let type = block["type"]?.stringValue ?? "text"
            var opening = block
            var deltas: [AnyJSON] = []
            switch type {
            case "text":
                opening = .object([("type", "text"), ("text", "")])
                for piece in Self.pieces(block["text"]?.stringValue ?? "") {
                    deltas.append(.object([("type", "text_delta"), ("text", .string(piece))]))
                }
            case "thinking":
                opening = .object([("type", "thinking"), ("thinking", ""), ("signature", "")])
                for piece in Self.pieces(block["thinking"]?.stringValue ?? "") {
                    deltas.append(.object([("type", "thinking_delta"), ("thinking", .string(piece))]))
                }
                deltas.append(
                    .object([("type", "signature_delta"), ("signature", block["signature"] ?? .string(""))]))
            case "tool_use":
                opening = opening.setting(["input"], to: .object([]))
                let json = (block["input"] ?? .object([])).serialized()
                let third = max(1, json.count / 3)
                var rest = Substring(json)
                while !rest.isEmpty {
                    let piece = rest.prefix(third)
                    rest = rest.dropFirst(piece.count)
                    deltas.append(.object([("type", "input_json_delta"), ("partial_json", .string(String(piece)))]))
                }
            default:
                break
            }
            events.append(
                (
                    "content_block_start",
                    .object([("type", "content_block_start"), ("index", i), ("content_block", opening)])
                ))
            for delta in deltas {
                events.append(
                    ("content_block_delta", .object([("type", "content_block_delta"), ("index", i), ("delta", delta)])))
            }
            events.append(("content_block_stop", .object([("type", "content_block_stop"), ("index", i)])))
        }
        events.append(
            (
                "message_delta",
                .object([
                    ("type", "message_delta"),
                    ("delta", .object([("stop_reason", message["stop_reason"] ?? .null), ("stop_sequence", .null)])),
                    ("usage", .object([("output_tokens", message["usage"]?["output_tokens"] ?? 0)])),
                ])
            ))
        events.append(("message_stop", .object([("type", "message_stop")])))
        return events
    }

    /// Text in pieces of about three words, spaces kept, as text deltas arrive.
    static func pieces(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var words = 0
        for ch in text {
            current.append(ch)
            if ch == " " {
                words += 1
                if words == 3 {
                    out.append(current)
                    current = ""
                    words = 0
                }
            }
        }
        if !current.isEmpty || out.isEmpty { out.append(current) }
        return out
    }

    /// A value for a JSON Schema (a tool's `input_schema`): required properties filled, the first enum value,
    /// minimums respected.
    func schemaValue(_ schema: JSONValue, depth: Int) -> AnyJSON {
        guard depth < 8, schema.kind == .object else { return .null }
        if let constant = schema.member("const") { return Self.anyJSON(constant) }
        if let first = schema.member("enum")?.elements.first { return Self.anyJSON(first) }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let first = schema.member(key)?.elements.first { return schemaValue(first, depth: depth + 1) }
        }
        var type = schema.member("type")?.string
        if type == nil, let list = schema.member("type"), list.kind == .array {
            type = list.elements.compactMap(\.string).first { $0 != "null" }
        }
        switch type {
        case "string": return .string("mock")
        case "integer":
            return .integer(schema.member("minimum").flatMap { Int64($0.sourceText) } ?? 1)
        case "number":
            return .double(schema.member("minimum").flatMap { Double($0.sourceText) } ?? 1.5)
        case "boolean": return .bool(true)
        case "null": return .null
        case "array":
            let count = schema.member("minItems").flatMap { Int($0.sourceText) } ?? 0
            let item = schema.member("items").map { schemaValue($0, depth: depth + 1) } ?? .string("mock")
            return .array(Array(repeating: item, count: max(0, min(count, 4))))
        default:
            let required = Set(schema.member("required")?.elements.compactMap(\.string) ?? [])
            var members: [(key: String, value: AnyJSON)] = []
            for property in schema.member("properties")?.members.map({ $0 }) ?? [] where required.contains(property.key)
            {
                members.append((property.key, schemaValue(property.value, depth: depth + 1)))
            }
            return .object(members)
        }
    }

    static func anyJSON(_ value: JSONValue) -> AnyJSON {
        switch value.kind {
        case .null: return .null
        case .bool: return .bool(value.boolValue ?? false)
        case .number:
            if let n = Int64(value.sourceText) { return .integer(n) }
            return .double(Double(value.sourceText) ?? 0)
        case .string: return .string(value.string ?? "")
        case .array: return .array(value.elements.map(anyJSON))
        case .object: return .object(value.members.map { ($0.key, anyJSON($0.value)) })
        }
    }

    // MARK: - Any response type

    /// The smallest value of `type`: required fields and constants only, the first enum value or variant.
    func value(of type: TypeRef, depth: Int) -> AnyJSON {
        guard depth < 12 else { return .null }
        switch type {
        case .string: return "mock"
        case .integer: return 0
        case .number: return 0
        case .boolean: return false
        case .any: return .object([])
        case .array: return .array([])
        case .map: return .object([])
        case .named(let name):
            guard let decl = spec.type(named: name) else { return .null }
            switch decl.kind {
            case .object(let object): return objectValue(object, tag: nil, depth: depth)
            case .enumeration(let e): return .string(e.values.first?.value ?? "")
            case .constant(let literal): return Self.literal(literal)
            case .alias(let base, _): return value(of: base, depth: depth + 1)
            case .oneOf(let oneOf): return oneOf.variants.first.map { value(of: $0.type, depth: depth + 1) } ?? .null
            case .union(let union):
                guard let variant = union.variants.first,
                    case .object(let object)? = spec.type(named: variant.type)?.kind
                else { return .null }
                return objectValue(object, tag: (union.discriminator, variant.tag), depth: depth)
            }
        }
    }

    func objectValue(_ object: ObjectType, tag: (String, String)?, depth: Int) -> AnyJSON {
        var members: [(key: String, value: AnyJSON)] = []
        for field in object.fields {
            if let tag, field.name == tag.0 {
                members.append((field.name, .string(tag.1)))
            } else if let constant = field.constant, field.required {
                members.append((field.name, Self.literal(constant)))
            } else if field.required {
                members.append((field.name, value(of: field.type, depth: depth + 1)))
            }
        }
        return .object(members)
    }

    static func literal(_ literal: LiteralValue) -> AnyJSON {
        switch literal {
        case .string(let s): .string(s)
        case .integer(let i): .integer(Int64(i))
        case .number(let text): .double(Double(text) ?? 0)
        case .boolean(let b): .bool(b)
        case .null: .null
        }
    }
}
