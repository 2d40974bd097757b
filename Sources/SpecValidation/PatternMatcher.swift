/// Whole-string matching of a spec `pattern`, shared by generated validators and `spec-lint`.
///
/// Patterns are always anchored: the whole string must match. The common shapes of API
/// patterns — an optional literal prefix followed by one character class with a quantifier,
/// such as `^[a-zA-Z0-9_-]{1,128}$` or `^srvtoolu_[a-zA-Z0-9_]+$` — run on a byte-level fast
/// path; everything else uses Swift `Regex`.
public final class PatternMatcher: @unchecked Sendable {
    // @unchecked: the stored properties are immutable after init (the deferred regex is behind its lock);
    // Regex matching does not mutate.
    /// The pattern as written in the spec.
    public let source: String
    private let simple: SimplePattern?
    private let regex: Regex<AnyRegexOutput>?
    /// A regex compiled at its first match: compiling every pattern of a spec costs a short run more than the
    /// few it matches. An inner nil is a pattern that does not compile.
    private let deferred: Locked<Regex<AnyRegexOutput>??>?

    /// Compiles `pattern`; throws when it is not a valid regular expression.
    public init(_ pattern: String) throws {
        source = pattern
        deferred = nil
        if let simple = SimplePattern(pattern) {
            self.simple = simple
            regex = nil
        } else {
            simple = nil
            regex = try Regex(Self.stripAnchors(pattern))
        }
    }

    /// A matcher that compiles `pattern` when it first matches; a pattern that does not compile then matches
    /// every string (loaded specs hold none: the loader rejects them).
    private init(deferring pattern: String) {
        source = pattern
        regex = nil
        simple = SimplePattern(pattern)
        deferred = simple == nil ? Locked(nil) : nil
    }

    /// Whether the whole of `string` matches.
    public func matches(_ string: String) -> Bool {
        if let simple { return simple.matches(string) }
        if let deferred {
            let compiled = deferred.withLock { state -> Regex<AnyRegexOutput>? in
                if let done = state { return done }
                let made = try? Regex(Self.stripAnchors(source))
                state = .some(made)
                return made
            }
            guard let compiled else { return true }
            return (try? compiled.wholeMatch(in: string)) != nil
        }
        guard let regex else { return false }
        return (try? regex.wholeMatch(in: string)) != nil
    }

    /// Whether ``matches(utf8:)`` decides matches over bytes (the pattern is one of the byte-level shapes).
    public var matchesBytes: Bool { simple != nil }

    /// Whether the whole of the UTF-8 `string` matches, for a pattern that ``matchesBytes`` (other patterns need a
    /// `String`: they match nothing here).
    public func matches(utf8 string: UnsafeBufferPointer<UInt8>) -> Bool { simple?.matches(utf8: string) ?? false }

    /// The pattern without a leading `^` and trailing `$` (matching is always anchored).
    public static func stripAnchors(_ pattern: String) -> String {
        var p = Substring(pattern)
        if p.hasPrefix("^") { p = p.dropFirst() }
        if p.hasSuffix("$") && !p.hasSuffix("\\$") { p = p.dropLast() }
        return String(p)
    }

    /// Cache of matchers, so each pattern is compiled at most once per process.
    private static let cache = Locked<[String: PatternMatcher]>([:])

    /// A shared matcher for `pattern`, compiled when it first matches.
    public static func shared(_ pattern: String) -> PatternMatcher? {
        cache.withLock { matchers in
            if let cached = matchers[pattern] { return cached }
            let made = PatternMatcher(deferring: pattern)
            matchers[pattern] = made
            return made
        }
    }
}

/// `^literal[class]{m,n}$` and friends, matched over UTF-8 bytes.
struct SimplePattern: Sendable {
    var prefix: [UInt8]
    var allowed: [Bool]  // 128 entries, ASCII only
    var minCount: Int
    var maxCount: Int

    init?(_ pattern: String) {
        var bytes = Array(pattern.utf8)[...]
        if bytes.first == UInt8(ascii: "^") { bytes = bytes.dropFirst() }
        if bytes.last == UInt8(ascii: "$") { bytes = bytes.dropLast() }
        var prefix: [UInt8] = []
        while let b = bytes.first, b != UInt8(ascii: "[") {
            guard
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                    || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            else { return nil }
            prefix.append(b)
            bytes = bytes.dropFirst()
        }
        guard bytes.first == UInt8(ascii: "["), let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return nil }
        let body = Array(bytes[(bytes.startIndex + 1)..<close])
        guard !body.isEmpty, body.first != UInt8(ascii: "^") else { return nil }
        var allowed = [Bool](repeating: false, count: 128)
        var i = 0
        while i < body.count {
            let c = body[i]
            guard c < 128, c != UInt8(ascii: "\\"), c != UInt8(ascii: "[") else { return nil }
            if i + 2 < body.count, body[i + 1] == UInt8(ascii: "-") {
                let end = body[i + 2]
                guard end < 128, end >= c, end != UInt8(ascii: "\\") else { return nil }
                for x in c...end { allowed[Int(x)] = true }
                i += 3
            } else {
                allowed[Int(c)] = true
                i += 1
            }
        }
        let rest = Array(bytes[(close + 1)...])
        switch rest {
        case [UInt8(ascii: "+")]: (minCount, maxCount) = (1, Int.max)
        case [UInt8(ascii: "*")]: (minCount, maxCount) = (0, Int.max)
        case []: (minCount, maxCount) = (1, 1)
        default:
            guard rest.first == UInt8(ascii: "{"), rest.last == UInt8(ascii: "}") else { return nil }
            let inner = String(decoding: rest.dropFirst().dropLast(), as: UTF8.self)
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count <= 2, let low = Int(parts[0]) else { return nil }
            let high = parts.count == 1 ? low : (parts[1].isEmpty ? Int.max : Int(parts[1]))
            guard let high, high >= low else { return nil }
            (minCount, maxCount) = (low, high)
        }
        self.prefix = prefix
        self.allowed = allowed
    }

    func matches(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { matches(utf8: $0) }
    }

    func matches(utf8 buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard buffer.count >= prefix.count else { return false }
        for k in 0..<prefix.count where buffer[k] != prefix[k] { return false }
        let count = buffer.count - prefix.count
        guard count >= minCount, count <= maxCount else { return false }
        for k in prefix.count..<buffer.count {
            let b = buffer[k]
            guard b < 128, allowed[Int(b)] else { return false }
        }
        return true
    }
}
