import Foundation
import Testing

@testable import SpecKit
@testable import SpecModel

/// `Spec/messages.yaml`, loaded once.
let messagesSpecResult: SpecLoader.Result = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Spec/messages.yaml").standardized.path
    return SpecLoader.load(path: path)
}()

/// The bundled Messages spec covers the whole seed reference and the GA request surface.
@Suite struct MessagesSpecTests {
    var spec: Spec {
        get throws { try #require(messagesSpecResult.spec) }
    }

    func object(_ name: String) throws -> ObjectType {
        let decl = try #require(try spec.type(named: name), "missing type \(name)")
        guard case .object(let object) = decl.kind else { throw SpecTestError("\(name) is not an object") }
        return object
    }

    func union(_ name: String) throws -> UnionType {
        let decl = try #require(try spec.type(named: name), "missing type \(name)")
        guard case .union(let union) = decl.kind else { throw SpecTestError("\(name) is not a union") }
        return union
    }

    func enumValues(_ name: String) throws -> [String] {
        let decl = try #require(try spec.type(named: name), "missing type \(name)")
        guard case .enumeration(let e) = decl.kind else { throw SpecTestError("\(name) is not an enum") }
        return e.values.map(\.value)
    }

    func field(_ type: String, _ name: String) throws -> Field {
        try #require(try object(type).field(named: name), "\(type) has no field \(name)")
    }

    @Test func loadsWithNoDiagnostics() {
        #expect(messagesSpecResult.diagnostics.map(\.description) == [])
        #expect(messagesSpecResult.isUsable)
    }

    @Test func apiAndEndpoint() throws {
        let spec = try spec
        #expect(spec.api.name == "AnthropicMessages")
        #expect(spec.api.baseURL == "https://api.anthropic.com")
        #expect(spec.api.auth.contains(.apiKey(header: "x-api-key")))
        #expect(spec.api.auth.contains(.bearer))
        #expect(
            spec.api.headers.contains(
                HeaderSpec(
                    name: "anthropic-version", value: .defaulted("2026-10-21"),
                    doc: spec.api.headers.first { $0.name == "anthropic-version" }?.doc)))
        #expect(spec.api.featureHeader == "anthropic-beta")
        let endpoint = try #require(spec.endpoint(named: "createMessage"))
        #expect(endpoint.method == "POST")
        #expect(endpoint.path == "/v1/messages")
        #expect(endpoint.request == .named("MessageCreateParams"))
        #expect(endpoint.response == .named("Message"))
        #expect(endpoint.error == .named("ErrorResponse"))
        #expect(endpoint.stream?.field == "stream")
        #expect(endpoint.stream?.events == "MessageStreamEvent")
        #expect(endpoint.stream?.end == "message_stop")
        #expect(endpoint.stream?.error == "error")
    }

    @Test func seedRequestFields() throws {
        let request = try object("MessageCreateParams")
        #expect(!request.allowsAdditional)
        for name in ["model", "messages", "max_tokens"] {
            #expect(try field("MessageCreateParams", name).required, "\(name) must be required")
        }
        for name in [
            "system", "temperature", "stream", "stop_sequences", "tools", "tool_choice", "top_p", "top_k", "thinking",
            "metadata", "service_tier", "cache_control", "output_config", "container", "inference_geo",
        ] {
            let f = try field("MessageCreateParams", name)
            #expect(!f.required, "\(name) must be optional")
        }
        #expect(try field("MessageCreateParams", "max_tokens").checks.errors.minimum == "0")
        let temperature = try field("MessageCreateParams", "temperature")
        #expect(temperature.checks.errors.minimum == "0")
        #expect(temperature.checks.errors.maximum == "2")
        #expect(temperature.checks.warnings.maximum == "1")
        #expect(temperature.checks.warningMessage?.isEmpty == false)
        let topP = try field("MessageCreateParams", "top_p")
        #expect(topP.checks.errors.minimum == "0")
        #expect(topP.checks.errors.maximum == "1")
        #expect(try field("MessageCreateParams", "top_k").checks.errors.minimum == "0")
        #expect(try field("MessageCreateParams", "stream").type == .boolean)
        #expect(try field("MessageCreateParams", "stop_sequences").type == .array(.string))
    }

    @Test func systemIsStringOrTextBlocks() throws {
        guard case .named(let name) = try field("MessageCreateParams", "system").type,
            case .oneOf(let oneOf)? = try spec.type(named: name)?.kind
        else {
            Issue.record("system is not a oneof")
            return
        }
        #expect(Set(oneOf.variants.map(\.type)) == [.string, .array(.named("TextBlockParam"))])
    }

    @Test func toolChoiceVariants() throws {
        let toolChoice = try union("ToolChoice")
        #expect(Set(toolChoice.variants.map(\.tag)) == ["auto", "any", "tool", "none"])
        for tag in ["auto", "any", "tool"] {
            let type = try #require(toolChoice.variant(tagged: tag)?.type)
            #expect(try object(type).field(named: "disable_parallel_tool_use")?.type == .boolean)
        }
        let tool = try #require(toolChoice.variant(tagged: "tool")?.type)
        #expect(try object(tool).field(named: "name")?.required == true)
    }

    @Test func thinkingVariantsAndBudget() throws {
        let thinking = try union("ThinkingConfigParam")
        #expect(Set(thinking.variants.map(\.tag)).isSuperset(of: ["enabled", "disabled", "adaptive"]))
        let enabled = try #require(thinking.variant(tagged: "enabled")?.type)
        let budget = try #require(try object(enabled).field(named: "budget_tokens"))
        #expect(budget.required)
        #expect(budget.checks.errors.minimum == "1024")
        let rules = try object("MessageCreateParams").rules
        let requestRules = try object("MessageCreateParams").requestRules
        let budgetRule = try #require(requestRules.first { $0.id == "thinking-budget-below-max-tokens" })
        #expect(
            budgetRule.check
                == RuleCheck.require(.test(.path("thinking.budget_tokens"), [.exclusiveMaximum(.path("max_tokens"))])))
        #expect(budgetRule.when == RulePredicate.test(.feature("interleaved-thinking-2025-05-14"), [.absent]))
        #expect(
            rules.contains {
                if case .exclusive(let paths) = $0.condition {
                    Set(paths.map(\.description)) == ["temperature", "top_p"]
                } else {
                    false
                }
            })
    }

    @Test func toolsAndCustomToolDefault() throws {
        let tools = try union("ToolUnion")
        #expect(tools.defaultTag == "custom")
        let custom = try object(try #require(tools.variant(tagged: "custom")?.type))
        #expect(custom.field(named: "name")?.required == true)
        #expect(custom.field(named: "input_schema")?.required == true)
        #expect(custom.field(named: "description") != nil)
        for tag in [
            "bash_20250124", "text_editor_20250124", "text_editor_20250429", "text_editor_20250728",
            "code_execution_20250522",
            "code_execution_20250825", "code_execution_20260120", "memory_20250818", "web_search_20250305",
            "web_search_20260209",
            "web_fetch_20250910", "web_fetch_20260209", "web_fetch_20260309", "tool_search_tool_bm25_20251119",
            "tool_search_tool_regex_20251119",
        ] {
            #expect(tools.variant(tagged: tag) != nil, "missing tool \(tag)")
        }
    }

    @Test func inputContentBlocks() throws {
        let blocks = try union("InputContentBlock")
        for tag in [
            "text", "image", "document", "search_result", "tool_use", "tool_result", "thinking", "redacted_thinking",
            "server_tool_use", "web_search_tool_result", "web_fetch_tool_result", "code_execution_tool_result",
            "bash_code_execution_tool_result", "text_editor_code_execution_tool_result", "tool_search_tool_result",
            "container_upload",
        ] {
            #expect(blocks.variant(tagged: tag) != nil, "missing block \(tag)")
        }
        #expect(try enumValues("ImageMediaType") == ["image/jpeg", "image/png", "image/gif", "image/webp"])
        let text = try object("TextBlockParam")
        #expect(text.field(named: "text")?.checks.errors.minLength == 1)
        #expect(text.field(named: "cache_control") != nil)
        #expect(text.field(named: "citations") != nil)
        #expect(try object("ThinkingBlockParam").field(named: "cache_control") == nil)
    }

    @Test func responseStopReasonsAndStreamEvents() throws {
        #expect(
            Set(try enumValues("StopReason")) == [
                "end_turn", "max_tokens", "stop_sequence", "tool_use", "content_filter",
                "pause_turn", "refusal", "model_context_window_exceeded",
            ])
        let message = try object("Message")
        for name in ["id", "type", "role", "content", "model", "stop_reason", "stop_sequence", "usage"] {
            #expect(message.field(named: name) != nil, "Message lacks \(name)")
        }
        #expect(message.field(named: "stop_details")?.required != true)
        #expect(message.field(named: "container")?.required != true)
        let events = try union("MessageStreamEvent")
        #expect(
            Set(events.variants.map(\.tag)).isSuperset(of: [
                "message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop", "ping", "error",
            ]))
        let deltas = try union("ContentBlockDelta")
        #expect(
            Set(deltas.variants.map(\.tag)).isSuperset(of: [
                "text_delta", "input_json_delta", "thinking_delta", "signature_delta", "citations_delta",
            ]))
        #expect(
            Set(try enumValues("ErrorType")).isSuperset(of: [
                "invalid_request_error", "authentication_error", "permission_error",
                "not_found_error", "rate_limit_error", "api_error", "overloaded_error",
            ]))
    }
}

struct SpecTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
