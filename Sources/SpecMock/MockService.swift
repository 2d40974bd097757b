import Foundation
import SpecKit
import SpecRuntime
import SpecValidation

/// How the mock answers.
public struct MockConfiguration: Sendable {
    /// The API key requests must carry; `nil` accepts any non-empty key.
    public var apiKey: String?
    /// The seed of synthesized responses: the same seed and request give the same response.
    public var seed: UInt64
    /// Responses chosen by matchers, tried in order before synthesis.
    public var fixtures: [Fixture]
    /// A fault applied to every request (same syntax as the `x-mock-fault` header), if any.
    public var fault: String?
    /// Proxy mode: the base URL valid requests are forwarded to (a real API or a gateway); responses and streams
    /// are validated against the spec on the way back.
    public var upstream: URL?
    /// In proxy mode, whether invalid requests are forwarded too (after being logged) instead of answered here.
    public var forwardsInvalidRequests: Bool

    /// Creates a configuration.
    public init(
        apiKey: String? = nil, seed: UInt64 = 0, fixtures: [Fixture] = [], fault: String? = nil, upstream: URL? = nil,
        forwardsInvalidRequests: Bool = false
    ) {
        self.apiKey = apiKey
        self.seed = seed
        self.fixtures = fixtures
        self.fault = fault
        self.upstream = upstream
        self.forwardsInvalidRequests = forwardsInvalidRequests
    }
}

/// One line of the mock's log: a request and what it got.
public struct MockLogEntry: Sendable {
    /// `POST /v1/messages`.
    public var request: String
    /// The status sent.
    public var status: Int
    /// Problems found in the request (errors and warnings).
    public var diagnostics: [Diagnostic]
    /// Problems found in the response the mock (or the upstream) sent: a bug to report.
    public var responseProblems: [Diagnostic]
    /// What answered: `fixture NAME`, `synthesized`, `upstream`, `fault KIND` or `rejected`.
    public var source: String
}

/// A server for the endpoints of a spec that validates every request as `spec-lint` does and answers like the API:
/// the spec's error body for invalid requests, fixtures or synthesized responses (streams included) for valid ones,
/// and faults on demand.
public final class MockService: Sendable {
    let spec: Spec
    let compiled: CompiledSpec
    let configuration: MockConfiguration
    let faultCounts = Locked([String: Int]())
    let requestCounter = Locked(0)
    let log: @Sendable (MockLogEntry) -> Void

    /// The header that asks for a fault (see `Docs/MockServer.md`).
    public static let faultHeader = "x-mock-fault"

    /// Creates the service for `spec`.
    public init(
        spec: Spec, configuration: MockConfiguration = MockConfiguration(),
        log: @escaping @Sendable (MockLogEntry) -> Void = { _ in }
    ) {
        self.spec = spec
        self.compiled = CompiledSpec(spec)
        self.configuration = configuration
        self.log = log
    }

    // MARK: - Requests

    /// Answers one request.
    public func respond(to request: IncomingRequest) -> HTTPReply {
        let number = requestCounter.withLock { n -> Int in
            n += 1
            return n
        }
        let requestID = String(format: "req_mock_%08x%08x", UInt32(truncatingIfNeeded: configuration.seed), number)
        var entry = MockLogEntry(
            request: "\(request.method) \(request.path)", status: 0, diagnostics: [], responseProblems: [],
            source: "rejected")
        let reply = answer(request, requestID: requestID, entry: &entry)
        switch reply {
        case .full(let status, _, _), .stream(let status, _, _, _): entry.status = status
        case .drop: entry.status = 0
        case .live: return reply  // logged by the proxy when the upstream response is complete
        }
        log(entry)
        return reply
    }

    func answer(_ request: IncomingRequest, requestID: String, entry: inout MockLogEntry) -> HTTPReply {
        let samePath = spec.endpoints.filter { $0.path == request.path }
        guard let endpoint = samePath.first(where: { $0.method == request.method }) else {
            if !samePath.isEmpty {
                let allowed = samePath.map(\.method).joined(separator: ", ")
                return error(
                    405, "invalid_request_error", "\(request.method) is not allowed on \(request.path); use \(allowed)",
                    requestID: requestID, extra: [("allow", allowed)])
            }
            var text = "no endpoint at \(request.method) \(request.path)"
            if let s = Suggestions.closest(to: request.path, in: spec.endpoints.map(\.path)) {
                text += "; did you mean \(s)?"
            }
            return error(404, "not_found_error", text, requestID: requestID)
        }
        if configuration.upstream == nil, let problem = authenticationProblem(request.headers) {
            return error(401, "authentication_error", problem, requestID: requestID)
        }
        // Faults come after routing and authentication, as a real server's would.
        let fault = Fault.parse(request.headers[Self.faultHeader] ?? configuration.fault ?? "")
        let active = fault.flatMap { isActive($0, key: request.headers[Self.faultHeader] ?? "config") }
        if let active, active.kind.isStatus {
            entry.source = "fault \(active.kind.name)"
            if active.latencyMS > 0 { sleepMilliseconds(active.latencyMS) }
            return faultReply(active, requestID: requestID)
        }
        if let active, active.kind == .drop, active.dropAfter == nil {
            entry.source = "fault drop"
            return .drop
        }

        // Validate as spec-lint does, with the request's headers and beta features.
        guard let requestType = endpoint.request else {
            if let upstream = configuration.upstream {
                entry.source = "upstream"
                return proxy(request, to: upstream, endpoint: endpoint, entry: entry)
            }
            return respondValid(
                endpoint, body: nil, request: request, requestID: requestID, fault: active, entry: &entry)
        }
        var headers: [String: String] = [:]
        for header in spec.api.headers { if let value = request.headers[header.name] { headers[header.name] = value } }
        let features = Set(
            (spec.api.featureHeader.flatMap { request.headers[$0] } ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty })
        let linter = Linter(
            compiled: compiled, type: requestType, features: features, headers: headers, input: .json)
        let result = linter.lint(bytes: request.body, path: "request")
        entry.diagnostics = result.diagnostics.filter { $0.severity != .note }
        if let upstream = configuration.upstream,
            configuration.forwardsInvalidRequests || !result.diagnostics.contains(where: { $0.severity == .error })
        {
            entry.source = "upstream"
            return proxy(request, to: upstream, endpoint: endpoint, entry: entry)
        }
        if let first = result.diagnostics.first(where: { $0.severity == .error }) {
            let errors = result.diagnostics.filter { $0.severity == .error }
            return error(
                400, "invalid_request_error", Self.apiMessage(first), requestID: requestID,
                diagnostics: result.diagnostics, extra: [("x-spec-mock-errors", String(errors.count))])
        }
        let parsed = JSONParser.parse(request.body, file: "request")
        guard let document = parsed.document else {
            return error(400, "invalid_request_error", "the body is not JSON", requestID: requestID)
        }
        return respondValid(
            endpoint, body: document.root, request: request, requestID: requestID, fault: active, entry: &entry)
    }

    /// `messages.1.content: …`: the API's way of naming the place (dotted path, then the message).
    static func apiMessage(_ d: Diagnostic) -> String {
        let pointer = d.pointer ?? ""
        guard !pointer.isEmpty else { return d.message }
        let path = pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }.joined(separator: ".")
        return "\(path): \(d.message)"
    }

    func authenticationProblem(_ headers: [String: String]) -> String? {
        guard !spec.api.auth.isEmpty else { return nil }
        var presented: [String] = []
        for scheme in spec.api.auth {
            switch scheme {
            case .apiKey(let header):
                if let value = headers[header.lowercased()], !value.isEmpty { presented.append(value) }
            case .bearer:
                if let value = headers["authorization"], value.lowercased().hasPrefix("bearer ") {
                    presented.append(String(value.dropFirst(7)))
                }
            }
        }
        let names = spec.api.auth.map { scheme -> String in
            switch scheme {
            case .apiKey(let header): header
            case .bearer: "authorization: Bearer"
            }
        }.joined(separator: " or ")
        guard !presented.isEmpty else { return "missing API key: send it in \(names)" }
        if let key = configuration.apiKey, !presented.contains(key) { return "invalid API key" }
        return nil
    }

    // MARK: - Replies

    func respondValid(
        _ endpoint: Endpoint, body: JSONValue?, request: IncomingRequest, requestID: String, fault: Fault?,
        entry: inout MockLogEntry
    ) -> HTTPReply {
        if let fault, fault.latencyMS > 0 { sleepMilliseconds(fault.latencyMS) }
        let streaming = endpoint.stream.flatMap { body?.member($0.field)?.boolValue } ?? false
        let common: [(String, String)] = [
            (spec.api.errors?.requestIDHeader ?? "request-id", requestID),
            ("x-spec-mock-warnings", String(entry.diagnostics.count)),
        ]
        if let fixture = configuration.fixtures.first(where: { $0.matches(endpoint: endpoint, request: body) }) {
            entry.source = "fixture \(fixture.name)"
            switch fixture.response {
            case .json(let status, let text):
                return .full(
                    status: status, headers: common + [("content-type", "application/json")], body: Array(text.utf8))
            case .events(let text):
                let parts = Fixture.events(in: text).map { (delayMS: fault?.eventDelayMS ?? 0, bytes: Array($0.utf8)) }
                return .stream(
                    status: 200, headers: common + [("content-type", "text/event-stream")], parts: parts,
                    dropAfter: fault?.dropAfter)
            }
        }
        entry.source = "synthesized"
        var random = SeededRandom(seed: configuration.seed, bytes: request.body)
        let synthesizer = ResponseSynthesizer(spec: spec)
        let message = synthesizer.response(for: endpoint, request: body, random: &random)
        let validator = Validator(compiled)
        if !streaming {
            entry.responseProblems = check(message, as: endpoint.response, validator)
            return .full(
                status: 200, headers: common + [("content-type", "application/json")],
                body: Array(message.serialized().utf8))
        }
        var events = synthesizer.events(for: message, random: &random)
        if let fault, fault.kind == .streamError {
            // The API reports errors after the stream has started as an `error` event, then ends the stream.
            let keep = min(events.count, fault.afterEvents ?? 2)
            events =
                Array(events.prefix(keep)) + [("error", errorBody("overloaded_error", "Overloaded", requestID: nil))]
        }
        if let stream = endpoint.stream {
            for (_, event) in events { entry.responseProblems += check(event, as: .named(stream.events), validator) }
        }
        let parts = events.map { name, data in
            (delayMS: fault?.eventDelayMS ?? 0, bytes: Array("event: \(name)\ndata: \(data.serialized())\n\n".utf8))
        }
        return .stream(
            status: 200, headers: common + [("content-type", "text/event-stream"), ("cache-control", "no-cache")],
            parts: parts, dropAfter: fault?.dropAfter)
    }

    func check(_ value: AnyJSON, as type: TypeRef, _ validator: Validator) -> [Diagnostic] {
        let parsed = JSONParser.parse(Array(value.serialized().utf8), file: "response")
        guard let document = parsed.document else { return parsed.diagnostics }
        return validator.validate(document.root, as: type).diagnostics.filter { $0.severity == .error }
    }

    /// The spec's error body: the members at the paths of `api.errors`, plus the constants of the error type.
    func errorBody(_ type: String, _ message: String, requestID: String?) -> AnyJSON {
        let shape = spec.api.errors
        var body = AnyJSON.object([])
        if case .named(let name)? = spec.endpoints.first?.error,
            case .object(let object)? = spec.type(named: name)?.kind
        {
            for field in object.fields {
                if case .string(let value)? = field.constant { body = body.setting([field.name], to: .string(value)) }
            }
        }
        body = body.setting(shape?.type ?? ["error", "type"], to: .string(type))
        body = body.setting(shape?.message ?? ["error", "message"], to: .string(message))
        if let requestID, let path = shape?.requestID { body = body.setting(path, to: .string(requestID)) }
        return body
    }

    func error(
        _ status: Int, _ type: String, _ message: String, requestID: String, diagnostics: [Diagnostic] = [],
        extra: [(String, String)] = []
    ) -> HTTPReply {
        var body = errorBody(type, message, requestID: requestID)
        if !diagnostics.isEmpty {
            let list = diagnostics.map { d -> AnyJSON in
                var fields: [(key: String, value: AnyJSON)] = [
                    ("severity", .string(d.severity.rawValue)), ("message", .string(d.message)),
                ]
                if let pointer = d.pointer { fields.append(("pointer", .string(pointer))) }
                if let rule = d.rule { fields.append(("rule", .string(rule))) }
                if let l = d.location {
                    fields.append(("line", .integer(Int64(l.line))))
                    fields.append(("column", .integer(Int64(l.column))))
                }
                return .object(fields)
            }
            body = body.setting(["error", "diagnostics"], to: .array(list))
        }
        let headers =
            [
                ("content-type", "application/json"), (spec.api.errors?.requestIDHeader ?? "request-id", requestID),
            ] + extra
        return .full(status: status, headers: headers, body: Array(body.serialized().utf8))
    }

    // MARK: - Faults

    func isActive(_ fault: Fault, key: String) -> Fault? {
        guard let times = fault.times else { return fault }
        let used = faultCounts.withLock { counts -> Int in
            let n = counts[key, default: 0]
            counts[key] = n + 1
            return n
        }
        return used < times ? fault : nil
    }

    func faultReply(_ fault: Fault, requestID: String) -> HTTPReply {
        // Statuses and error types as the API documents them (Spec/messages.yaml, ErrorType).
        switch fault.kind {
        case .rateLimit:
            return error(
                429, "rate_limit_error", "Number of requests has exceeded your rate limit (spec-mock fault)",
                requestID: requestID, extra: [("retry-after", String(fault.retryAfterSeconds ?? 1))])
        case .overloaded:
            return error(529, "overloaded_error", "Overloaded (spec-mock fault)", requestID: requestID)
        case .serverError:
            return error(500, "api_error", "Internal server error (spec-mock fault)", requestID: requestID)
        case .streamError, .drop, .latency, .slowStream:
            return .drop
        }
    }
}

extension AnyJSON {
    /// The value with the member at `path` set (objects created on the way).
    func setting(_ path: [String], to value: AnyJSON) -> AnyJSON {
        guard let first = path.first else { return value }
        var members: [(key: String, value: AnyJSON)] = []
        if case .object(let existing) = self { members = existing }
        let rest = Array(path.dropFirst())
        if let index = members.firstIndex(where: { $0.key == first }) {
            members[index].value = members[index].value.setting(rest, to: value)
        } else {
            members.append((first, AnyJSON.object([]).setting(rest, to: value)))
        }
        return .object(members)
    }
}

/// A fault asked for by the `x-mock-fault` header (or `--fault`): `KIND[; key=value]…`.
struct Fault: Sendable, Equatable {
    enum Kind: String, Sendable {
        case rateLimit = "rate_limit"
        case overloaded
        case serverError = "server_error"
        case streamError = "stream_error"
        case drop
        case latency
        case slowStream = "slow_stream"

        var name: String { rawValue }
        /// Whether the fault replaces the response with an error status.
        var isStatus: Bool { self == .rateLimit || self == .overloaded || self == .serverError }
    }

    var kind: Kind
    var times: Int?
    var retryAfterSeconds: Int?
    var afterEvents: Int?
    var latencyMS = 0
    var eventDelayMS: Int?

    /// Events sent before a dropped stream closes.
    var dropAfter: Int? { kind == .drop ? afterEvents : nil }

    static func parse(_ text: String) -> Fault? {
        let items = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = items.first, let kind = Kind(rawValue: first.lowercased()) else { return nil }
        var fault = Fault(kind: kind)
        for item in items.dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, let parsed = Int(pair[1]), parsed >= 0 else { continue }
            let n = min(parsed, 600_000)  // ten minutes, or ten minutes' worth of events
            switch pair[0] {
            case "times": fault.times = n
            case "retry_after": fault.retryAfterSeconds = n
            case "after": fault.afterEvents = n
            case "ms":
                if kind == .slowStream { fault.eventDelayMS = n } else { fault.latencyMS = n }
            default: continue
            }
        }
        return fault
    }
}

/// A deterministic generator (SplitMix64) seeded by the configured seed and the request bytes.
struct SeededRandom {
    var state: UInt64

    init(seed: UInt64, bytes: [UInt8]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        state = seed ^ hash
    }

    mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    mutating func hex(_ count: Int) -> String {
        var out = ""
        while out.count < count { out += String(next(), radix: 16) }
        return String(out.prefix(count))
    }
}
