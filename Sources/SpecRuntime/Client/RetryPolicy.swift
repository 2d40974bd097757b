import Foundation

/// When and how long to wait before retrying, as the official Anthropic SDKs do.
enum RetryPolicy {
    /// The first backoff delay.
    static let initialDelay = 0.5
    /// The longest backoff delay.
    static let maximumDelay = 8.0
    /// Server-requested delays above this are ignored in favour of backoff.
    static let maximumServerDelay = 60.0

    /// Whether a response with this status is retried: `x-should-retry` decides if present, else 408, 409, 429
    /// and 5xx are.
    static func shouldRetry(status: Int, headers: HTTPHeaders) -> Bool {
        switch headers["x-should-retry"]?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": return true
        case "false": return false
        default: return status == 408 || status == 409 || status == 429 || status >= 500
        }
    }

    /// The wait before retry number `retry + 1` (`retry` counts the retries made so far).
    ///
    /// A server delay from `retry-after-ms`, else `retry-after` (seconds or an HTTP date), is used when it is
    /// above 0 and at most 60 s; otherwise 0.5 s doubling per retry up to 8 s, times `1 - 0.25 * random`.
    static func delay(retry: Int, headers: HTTPHeaders?, now: Date, random: Double) -> Duration {
        if let headers, let server = serverDelay(headers, now: now), server > 0, server <= maximumServerDelay {
            return .seconds(server)
        }
        let exponent = Double(min(max(retry, 0), 32))
        let base = min(initialDelay * pow(2, exponent), maximumDelay)
        let jitter = 1 - 0.25 * min(max(random, 0), 1)
        return .seconds(base * jitter)
    }

    /// The delay the server asked for, in seconds, if it asked.
    static func serverDelay(_ headers: HTTPHeaders, now: Date) -> Double? {
        if let text = headers["retry-after-ms"]?.trimmingCharacters(in: .whitespaces),
            let milliseconds = Double(text), milliseconds.isFinite
        {
            return milliseconds / 1000
        }
        guard let text = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        if let seconds = Double(text) { return seconds.isFinite ? seconds : nil }
        return parseHTTPDate(text).map { $0.timeIntervalSince(now) }
    }

    /// Parses an HTTP date (RFC 9110: IMF-fixdate, or the obsolete RFC 850 and asctime forms).
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
