import Foundation
import SpecRuntime

// Exercises the client generated from notes.yaml: validation, a plain call, a stream, an error status and a
// request stopped by validation, against a loopback server. Prints "N passed, N failed".

var passed = 0
var failed = 0

@MainActor func check(_ condition: Bool, _ what: String, _ detail: @autoclosure () -> String = "") {
    if condition {
        passed += 1
        print("ok - \(what)")
    } else {
        failed += 1
        print("FAIL - \(what) \(detail())")
    }
}

// MARK: - Validation

let invalid = NewNote(
    title: "", body: .paragraphs([Paragraph(text: "")]), tags: ["Bad"], color: .red, priority: 4)
let violations = invalid.validate()
check(
    violations.map { "\($0.pointer) \($0.rule) \($0.severity.rawValue)" } == [
        "/title string.min-length error",
        "/body/0/text string.min-length error",
        "/tags/0 string.pattern error",
        "/color beta error",
        "/priority number.maximum warning",
    ],
    "validate() reports every violation in document order", "\(violations)")
check(
    violations.last?.message == "4 is greater than the maximum 3: most notes are not urgent",
    "warnings carry their reason")
check(invalid.validate(enabledFeatures: ["colors-2025"]).allSatisfy { $0.rule != "beta" }, "enabled features pass")

// MARK: - Round trip

let note = NewNote(title: "Groceries", body: .string("milk"), tags: ["home"])
let encoded = try JSONEncoder().encode(note)
check(try JSONDecoder().decode(NewNote.self, from: encoded) == note, "a request encodes and decodes unchanged")
check(
    (try? JSONDecoder().decode(NewNote.self, from: Data(#"{"title":"t","body":"b","colour":"red"}"#.utf8))) == nil,
    "requests reject unknown fields")

// MARK: - Loopback server

let server = try LoopbackServer { request in
    let json = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
    let title = json["title"] as? String ?? ""
    if json["stream"] as? Bool == true {
        let events = [
            ("word", #"{"type":"word","text":"Buy"}"#),
            ("word", #"{"type":"word","text":"milk"}"#),
            ("future_event", #"{"type":"future_event","x":1}"#),
            ("done", #"{"type":"done","note":{"id":"n2","title":"\#(title)","state":"saved","summary":"Buy milk"}}"#),
        ]
        let text = events.map { "event: \($0.0)\ndata: \($0.1)\n\n" }.joined()
        return .init(status: 200, contentType: "text/event-stream", body: Data(text.utf8))
    }
    if title == "fail" {
        let body = #"{"type":"error","error":{"type":"invalid_request_error","message":"title is reserved"}}"#
        return .init(status: 400, body: Data(body.utf8))
    }
    let body = #"{"id":"n1","title":"\#(title)","state":"archived","summary":null,"added_later":true}"#
    return .init(status: 200, body: Data(body.utf8))
}

let baseURL = URL(string: "http://127.0.0.1:\(server.port)")
let client = NotesClient(apiKey: "secret-key", baseURL: baseURL, enabledFeatures: ["colors-2025"])

do {
    let created = try await client.createNote(note)
    check(created.id == "n1" && created.title == "Groceries", "createNote decodes the response")
    check(created.state == .unknown("archived"), "an unknown enum value in a response is kept")
    check(created.summary == .null, "an explicit null is kept apart from an absent field")
    let request = server.requests.last
    check(request?.method == "POST" && request?.path == "/v1/notes", "the request goes to POST /v1/notes")
    check(request?.headers["x-notes-key"] == "secret-key", "the API key is sent in its header")
    check(request?.headers["notes-version"] == "1", "the spec's default header is sent")
    check(request?.headers["notes-beta"] == "colors-2025", "enabled features are sent in the feature header")
    check(request?.headers["content-type"] == "application/json", "the body is JSON")
} catch {
    check(false, "createNote", "\(error)")
}

do {
    var words: [String] = []
    var final: Note?
    var unknown = 0
    for try await event in client.streamNote(note) {
        switch event {
        case .word(let word): words.append(word.text)
        case .done(let done): final = done.note
        case .unknown: unknown += 1
        case .error: break
        }
    }
    check(words == ["Buy", "milk"] && final?.summary?.value == "Buy milk", "streamNote yields typed events")
    check(unknown == 1, "an unknown event is kept as .unknown")
    let sent = server.requests.last.flatMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] }
    check(sent?["stream"] as? Bool == true, "streamNote sets stream to true")
} catch {
    check(false, "streamNote", "\(error)")
}

do {
    _ = try await client.createNote(NewNote(title: "fail", body: .string("x")))
    check(false, "an error status throws")
} catch {
    let status = error.statusError
    check(status?.statusCode == 400, "an error status throws APIError.status")
    check(
        status?.decodeBody(as: ErrorResponse.self)?.error.message == "title is reserved",
        "the error body decodes as the spec's error type")
}

let countBefore = server.requests.count
do {
    _ = try await client.createNote(invalid)
    check(false, "an invalid request is refused")
} catch {
    if case .invalidRequest(let errors) = error {
        check(
            errors.count == 3 && errors.allSatisfy { $0.severity == .error },
            "validation stops the request, errors only")
    } else {
        check(false, "an invalid request is refused", "\(error)")
    }
    check(server.requests.count == countBefore, "nothing is sent for an invalid request")
}

let unchecked = NotesClient(
    configuration: ClientConfiguration(
        authentication: NotesClient.apiKey("secret-key"), baseURL: baseURL, validatesRequests: false))
do {
    _ = try await unchecked.createNote(NewNote(title: "", body: .string("x")))
    check(server.requests.count == countBefore + 1, "validation can be turned off")
} catch {
    check(false, "validation can be turned off", "\(error)")
}

print("\(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
