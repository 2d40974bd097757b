import Foundation
import SpecKit

/// A canned response and when to send it. Fixture files are JSON (see `Docs/MockServer.md`):
///
/// ```json
/// {"match": {"path": "/v1/messages", "model": "claude-sonnet-4-5", "last_user_text": "weather",
///            "tools": ["get_weather"]},
///  "status": 200, "body": {…}}
/// ```
///
/// or `"stream": "weather.sse"` (a recorded event stream, relative to the fixture) instead of `body`.
public struct Fixture: Sendable {
    /// The file name, for logs.
    public var name: String
    /// The endpoint path, if the fixture is for one.
    public var path: String?
    /// The request's `model`, exactly.
    public var model: String?
    /// Text the last user message contains.
    public var lastUserText: String?
    /// Tools the request must declare, by name.
    public var tools: [String]
    /// What to send.
    public var response: Response

    /// A fixture's answer.
    public enum Response: Sendable {
        /// A JSON body with a status.
        case json(status: Int, text: String)
        /// Server-sent events, as recorded.
        case events(String)
    }

    /// Whether the fixture answers `request` at `endpoint`.
    func matches(endpoint: Endpoint, request: JSONValue?) -> Bool {
        if let path, path != endpoint.path { return false }
        if let model, request?.member("model")?.string != model { return false }
        if let lastUserText {
            let last = request?.member("messages")?.elements.last { $0.member("role")?.string == "user" }
            guard let text = last.flatMap(ResponseSynthesizer.text(of:)), text.contains(lastUserText) else {
                return false
            }
        }
        if !tools.isEmpty {
            let declared = Set(request?.member("tools")?.elements.compactMap { $0.member("name")?.string } ?? [])
            if !tools.allSatisfy(declared.contains) { return false }
        }
        return true
    }

    /// The events of a recorded stream, each with its trailing blank line.
    static func events(in text: String) -> [String] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        return normalized.components(separatedBy: "\n\n").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }.map { $0 + "\n\n" }
    }

    /// Reads every `*.json` fixture of `directory`, sorted by name; problems are located diagnostics.
    public static func load(directory: String) -> (fixtures: [Fixture], diagnostics: [Diagnostic]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            return (
                [], [Diagnostic(.error, at: nil, "cannot list the fixtures folder '\(directory)'", rule: "fixture")]
            )
        }
        var fixtures: [Fixture] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(Diagnostic(.error, at: nil, "cannot read '\(path)'", rule: "fixture"))
                continue
            }
            let parsed = JSONParser.parse(Array(data), file: path)
            diagnostics += parsed.diagnostics
            guard let root = parsed.document?.root, root.kind == .object else {
                if parsed.document != nil {
                    diagnostics.append(
                        Diagnostic(
                            .error, at: SourceLocation(file: path, line: 1, column: 1), "a fixture is a JSON object",
                            rule: "fixture"))
                }
                continue
            }
            for member in root.members where !["match", "status", "body", "stream"].contains(member.key) {
                var text = "unknown key '\(member.key)' in a fixture"
                if let s = Suggestions.closest(to: member.key, in: ["match", "status", "body", "stream"]) {
                    text += "; did you mean '\(s)'?"
                }
                diagnostics.append(Diagnostic(.error, at: member.keyNode.location, text, rule: "fixture"))
            }
            let match = root.member("match")
            for member in match?.members.map({ $0 }) ?? []
            where !["path", "model", "last_user_text", "tools"].contains(member.key) {
                var text = "unknown matcher '\(member.key)'"
                if let s = Suggestions.closest(to: member.key, in: ["path", "model", "last_user_text", "tools"]) {
                    text += "; did you mean '\(s)'?"
                }
                diagnostics.append(Diagnostic(.error, at: member.keyNode.location, text, rule: "fixture"))
            }
            let response: Response
            if let body = root.member("body") {
                let status = root.member("status").flatMap { Int($0.sourceText) } ?? 200
                response = .json(status: status, text: body.sourceText)
            } else if let stream = root.member("stream")?.string {
                let streamPath = directory + "/" + stream
                guard let bytes = FileManager.default.contents(atPath: streamPath) else {
                    diagnostics.append(
                        Diagnostic(
                            .error, at: root.member("stream")?.location,
                            "cannot read the stream '\(streamPath)'; the path is relative to the fixtures folder",
                            rule: "fixture"))
                    continue
                }
                response = .events(String(decoding: bytes, as: UTF8.self))
            } else {
                diagnostics.append(
                    Diagnostic(
                        .error, at: root.location, "a fixture needs a 'body' (JSON) or a 'stream' (an .sse file)",
                        rule: "fixture"))
                continue
            }
            fixtures.append(
                Fixture(
                    name: name, path: match?.member("path")?.string, model: match?.member("model")?.string,
                    lastUserText: match?.member("last_user_text")?.string,
                    tools: match?.member("tools")?.elements.compactMap(\.string) ?? [], response: response))
        }
        return (fixtures, diagnostics)
    }
}
