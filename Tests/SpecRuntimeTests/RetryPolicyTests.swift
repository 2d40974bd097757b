import Foundation
import Testing

@testable import SpecRuntime

@Suite struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    private func delay(_ headers: HTTPHeaders?, retry: Int = 0, random: Double = 0) -> Double {
        RetryPolicy.delay(retry: retry, headers: headers, rules: TestAPI.retry, now: now, random: random).inSeconds
    }

    @Test func retriesTheRightStatuses() {
        for status in [408, 409, 429, 500, 502, 503, 504, 529] {
            #expect(RetryPolicy.shouldRetry(status: status, headers: [:], rules: TestAPI.retry), "\(status)")
        }
        for status in [400, 401, 403, 404, 413, 422] {
            #expect(!RetryPolicy.shouldRetry(status: status, headers: [:], rules: TestAPI.retry), "\(status)")
        }
    }

    @Test func shouldRetryHeaderWins() {
        #expect(RetryPolicy.shouldRetry(status: 400, headers: ["x-should-retry": "true"], rules: TestAPI.retry))
        #expect(!RetryPolicy.shouldRetry(status: 529, headers: ["X-Should-Retry": "false"], rules: TestAPI.retry))
        #expect(RetryPolicy.shouldRetry(status: 529, headers: ["x-should-retry": "maybe"], rules: TestAPI.retry))
    }

    @Test func plainHTTPRulesKnowNoVendorHeaders() {
        let http = RetryRules.http
        #expect(RetryPolicy.shouldRetry(status: 503, headers: [:], rules: http))
        #expect(!RetryPolicy.shouldRetry(status: 409, headers: [:], rules: http), "409 is retried only when declared")
        #expect(
            !RetryPolicy.shouldRetry(status: 400, headers: ["x-should-retry": "true"], rules: http),
            "an undeclared hint header is an ordinary header")
        let ms = RetryPolicy.delay(retry: 0, headers: ["retry-after-ms": "2500"], rules: http, now: now, random: 0)
        #expect(ms.inSeconds == 0.5, "retry-after-ms is not read unless declared")
        let seconds = RetryPolicy.delay(retry: 0, headers: ["retry-after": "3"], rules: http, now: now, random: 0)
        #expect(seconds.inSeconds == 3)
    }

    @Test func exponentialBackoffWithJitter() {
        #expect(delay(nil, retry: 0) == 0.5)
        #expect(delay(nil, retry: 1) == 1.0)
        #expect(delay(nil, retry: 2) == 2.0)
        #expect(delay(nil, retry: 3) == 4.0)
        #expect(delay(nil, retry: 4) == 8.0)
        #expect(delay(nil, retry: 10) == 8.0)
        #expect(delay(nil, retry: 1000) == 8.0)
        // Jitter multiplies by 1 - 0.25 * random.
        #expect(abs(delay(nil, retry: 0, random: 0.999_999) - 0.375) < 1e-6)
        #expect(delay(nil, retry: 2, random: 0.5) == 1.75)
    }

    @Test func retryAfterMilliseconds() {
        #expect(delay(["retry-after-ms": "250"]) == 0.25)
        #expect(delay(["retry-after-ms": "1500.5"]) == 1.5005)
        // Takes precedence over retry-after.
        #expect(delay(["retry-after-ms": "100", "retry-after": "7"]) == 0.1)
        // Out of range: backoff (retry-after is not consulted once retry-after-ms parsed).
        #expect(delay(["retry-after-ms": "0"], retry: 1) == 1.0)
        #expect(delay(["retry-after-ms": "61000"], retry: 1) == 1.0)
        #expect(delay(["retry-after-ms": "60000"]) == 60)
        // Unparseable: falls through to retry-after.
        #expect(delay(["retry-after-ms": "soon", "retry-after": "3"]) == 3)
    }

    @Test func retryAfterSeconds() {
        #expect(delay(["retry-after": "3"]) == 3)
        #expect(delay(["retry-after": " 2.5 "]) == 2.5)
        #expect(delay(["retry-after": "60"]) == 60)
        #expect(delay(["retry-after": "61"], retry: 2) == 2)
        #expect(delay(["retry-after": "0"], retry: 0) == 0.5)
        #expect(delay(["retry-after": "-4"], retry: 0) == 0.5)
        #expect(delay(["retry-after": "nan"], retry: 0) == 0.5)
        #expect(delay(["retry-after": "garbage"], retry: 0) == 0.5)
    }

    @Test func retryAfterHTTPDate() {
        let in10 = now.addingTimeInterval(10)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let text = formatter.string(from: in10)
        #expect(text == "Tue, 14 Nov 2023 22:13:30 GMT")
        #expect(delay(["retry-after": text]) == 10)
        // RFC 850 and asctime forms.
        #expect(delay(["retry-after": "Tuesday, 14-Nov-23 22:13:25 GMT"]) == 5)
        #expect(delay(["retry-after": "Tue Nov 14 22:13:40 2023"]) == 20)
        // In the past, or more than a minute ahead: backoff.
        #expect(delay(["retry-after": "Tue, 14 Nov 2023 22:13:00 GMT"]) == 0.5)
        #expect(delay(["retry-after": "Tue, 14 Nov 2023 22:15:00 GMT"]) == 0.5)
    }
}
