import Foundation

/// When and how long to wait before retrying: exponential backoff with jitter, and the server's hints as the
/// API's ``RetryRules`` name them.
enum RetryPolicy {
    /// The first backoff delay.
    static let initialDelay = 0.5
    /// The longest backoff delay.
    static let maximumDelay = 8.0
    /// Server-requested delays above this are ignored in favour of backoff.
    static let maximumServerDelay = 60.0

    /// Whether a response with this status is retried: the rules' should-retry header decides if present, else
    /// the rules' statuses.
    static func shouldRetry(status: Int, headers: HTTPHeaders, rules: RetryRules) -> Bool {
        if let name = rules.shouldRetryHeader {
            switch headers[name]?.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        return rules.retries(status)
    }

    /// The wait before retry number `retry + 1` (`retry` counts the retries made so far).
    ///
    /// A server delay from the rules' milliseconds header, else their seconds-or-date header, is used when it is
    /// above 0 and at most 60 s; otherwise 0.5 s doubling per retry up to 8 s, times `1 - 0.25 * random`.
    static func delay(retry: Int, headers: HTTPHeaders?, rules: RetryRules, now: Date, random: Double) -> Duration {
        if let headers, let server = serverDelay(headers, rules: rules, now: now), server > 0,
            server <= maximumServerDelay
        {
            return .seconds(server)
        }
        let exponent = Double(min(max(retry, 0), 32))
        let base = min(initialDelay * pow(2, exponent), maximumDelay)
        let jitter = 1 - 0.25 * min(max(random, 0), 1)
        return .seconds(base * jitter)
    }

    /// The delay the server asked for, in seconds, if it asked.
    static func serverDelay(_ headers: HTTPHeaders, rules: RetryRules, now: Date) -> Double? {
        if let name = rules.afterMillisecondsHeader, let text = headers[name]?.trimmingCharacters(in: .whitespaces),
            let milliseconds = Double(text), milliseconds.isFinite
        {
            return milliseconds / 1000
        }
        guard let name = rules.afterHeader, let text = headers[name]?.trimmingCharacters(in: .whitespaces),
            !text.isEmpty
        else {
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
