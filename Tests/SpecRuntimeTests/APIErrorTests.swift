import Foundation
import Testing

@testable import SpecRuntime

@Suite struct APIErrorTests {
    let key = "sk-ant-api03-SECRET_abc/123"

    @Test func parsesErrorBodies() {
        let body = Data(
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_b"}"#.utf8)
        let error = APIStatusError.parse(
            statusCode: 529, headers: ["Request-Id": "req_h"], body: body, shape: TestAPI.errorShape, redactor: .none)
        #expect(error.type == "overloaded_error")
        #expect(error.message == "Overloaded")
        #expect(error.requestID == "req_h")
        #expect(error.description == "529 overloaded_error: Overloaded (request-id: req_h)")

        let fromBody = APIStatusError.parse(
            statusCode: 400, headers: [:], body: body, shape: TestAPI.errorShape, redactor: .none)
        #expect(fromBody.requestID == "req_b")
    }

    @Test func withoutADeclaredShapeOnlyTheCommonMembersAreRead() {
        let body = Data(
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_b"}"#.utf8)
        let plain = APIStatusError.parse(
            statusCode: 529, headers: ["request-id": "req_h"], body: body, shape: .plain, redactor: .none)
        #expect(plain.type == nil)
        #expect(plain.message == "Overloaded")
        #expect(plain.requestID == nil)
        #expect(plain.description == "529 Overloaded")
    }

    @Test func aDeclaredShapeReadsItsOwnPaths() {
        let shape = APIErrorShape(
            type: ["code"], message: ["detail", "text"], requestID: ["trace"], requestIDHeader: "x-trace")
        let body = Data(#"{"code":"quota","detail":{"text":"over quota"},"trace":"t-body"}"#.utf8)
        let error = APIStatusError.parse(statusCode: 429, headers: [:], body: body, shape: shape, redactor: .none)
        #expect(error.type == "quota")
        #expect(error.message == "over quota")
        #expect(error.requestID == "t-body")
        let fromHeader = APIStatusError.parse(
            statusCode: 429, headers: ["X-Trace": "t-h"], body: body, shape: shape, redactor: .none)
        #expect(fromHeader.requestID == "t-h")
    }

    @Test func toleratesOddBodies() {
        let html = APIStatusError.parse(
            statusCode: 502, headers: [:], body: Data("<html>Bad gateway</html>".utf8), shape: TestAPI.errorShape,
            redactor: .none)
        #expect(html.type == nil && html.message == nil && html.requestID == nil)
        #expect(html.description == "502 <html>Bad gateway</html>")

        let empty = APIStatusError.parse(
            statusCode: 503, headers: [:], body: Data(), shape: TestAPI.errorShape, redactor: .none)
        #expect(empty.description == "503 (empty body)")

        let partial = APIStatusError.parse(
            statusCode: 404, headers: [:], body: Data(#"{"error":{"message":"no such model"}}"#.utf8),
            shape: TestAPI.errorShape, redactor: .none)
        #expect(partial.type == nil)
        #expect(partial.description == "404 no such model")

        let stringError = APIStatusError.parse(
            statusCode: 500, headers: [:], body: Data(#"{"error":"boom"}"#.utf8), shape: TestAPI.errorShape,
            redactor: .none)
        #expect(stringError.message == "boom")

        let wrongTypes = APIStatusError.parse(
            statusCode: 500, headers: [:], body: Data(#"{"error":{"type":5,"message":[]},"request_id":null}"#.utf8),
            shape: TestAPI.errorShape, redactor: .none)
        #expect(wrongTypes.type == nil && wrongTypes.message == nil && wrongTypes.requestID == nil)
    }

    @Test func redactsTheKeyEverywhere() {
        let redactor = Redactor(secrets: [key])
        let escapedKey = key.replacingOccurrences(of: "/", with: "\\/")
        let body = Data(
            #"{"type":"error","error":{"type":"authentication_error","message":"bad key \#(key)"},"request_id":"\#(escapedKey)"}"#
                .utf8)
        let error = APIStatusError.parse(
            statusCode: 401, headers: ["x-echo": "key=\(key)"], body: body, shape: TestAPI.errorShape,
            redactor: redactor)
        let apiError = APIError.status(error)
        let texts = [
            apiError.description, apiError.debugDescription, String(describing: apiError), String(reflecting: apiError),
            error.bodyText, error.message ?? "", error.requestID ?? "", error.headers.description,
            "\(error.headers.fields)", dumped(apiError),
        ]
        for text in texts {
            #expect(!text.contains(key), "\(text)")
            #expect(!text.contains(escapedKey), "\(text)")
            #expect(!text.contains("SECRET"), "\(text)")
        }
        #expect(error.message == "bad key [REDACTED]")
        #expect(error.headers["x-echo"] == "key=[REDACTED]")
        #expect(error.bodyText.contains("[REDACTED]"))
    }

    @Test func credentialsNeverPrint() {
        let configuration = ClientConfiguration(
            authentication: .apiKey(header: "x-api-key", key), headers: ["authorization": "Bearer \(key)"])
        let bearer = Authentication.bearer(key)
        let headers: HTTPHeaders = ["x-api-key": key, "Authorization": "Bearer \(key)", "x-other": "visible"]
        let texts = [
            String(describing: configuration), String(reflecting: configuration), dumped(configuration),
            String(describing: bearer), String(reflecting: bearer), dumped(bearer),
            String(describing: headers), dumped(headers), "\(headers.fields)", dumped(headers.fields[0]),
            String(describing: HTTPRequest(method: "POST", url: URL(fileURLWithPath: "/x"), headers: headers)),
        ]
        for text in texts {
            #expect(!text.contains("SECRET"), "\(text)")
        }
        #expect(String(describing: headers).contains("x-other: visible"))
        #expect(String(describing: bearer) == "bearer([REDACTED])")
    }

    @Test func redactsBytes() {
        let redactor = Redactor(secrets: ["abc", "abcdef", ""])
        #expect(redactor.redact(Data("xxabcdefyyabczz".utf8)) == Data("xx[REDACTED]yy[REDACTED]zz".utf8))
        #expect(redactor.redact("abcdef abc") == "[REDACTED] [REDACTED]")
        #expect(Redactor.none.redact(Data("abc".utf8)) == Data("abc".utf8))
    }

    @Test func descriptions() {
        #expect(APIError.timeout(after: .seconds(600)).description == "request timed out after 600 s")
        #expect(APIError.timeout(after: .milliseconds(1500)).description == "request timed out after 1.5 s")
        #expect(APIError.cancelled.description == "request cancelled")
        #expect(APIError.streamEndedEarly(expected: "message_stop").description == "stream ended before 'message_stop'")
        #expect(APIError.responseTooLarge(limit: 10).description == "response body exceeds the limit of 10 bytes")
        #expect(APIError.connection(reason: "refused").description == "connection error: refused")
        let violation = Violation(
            pointer: "/max_tokens", rule: "number.minimum", message: "0 is less than the minimum 1")
        #expect(
            APIError.invalidRequest([violation]).description
                == "invalid request: /max_tokens: error: 0 is less than the minimum 1 [number.minimum]")
        let streamError = APIError.streamError(
            APIStatusError(statusCode: 200, type: "overloaded_error", message: "Overloaded"))
        #expect(streamError.description == "error event in stream: overloaded_error: Overloaded")
        #expect(streamError.statusCode == 200)
        #expect(
            APIError.invalidStream(.lineTooLong(limit: 5)).description
                == "invalid event stream: a server-sent event line is longer than the limit of 5 bytes")
    }

    private func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
