/// What is known of one model (or family of models): limits and capabilities that rules read
/// with `{model: NAME}`.
public struct ModelProfile: Hashable, Sendable {
    /// The model ids this profile describes: exact ids or patterns with `*` (any characters).
    public var match: [String]
    /// A human name or remark.
    public var doc: String?
    /// Property name → value (`max_output_tokens: 64000`, `sampling: false`, …).
    public var properties: [String: RuleLiteral]

    /// Creates a profile.
    public init(match: [String], doc: String? = nil, properties: [String: RuleLiteral]) {
        self.match = match
        self.doc = doc
        self.properties = properties
    }

    /// Whether `id` (already without gateway prefixes) is one of this profile's models.
    public func matches(_ id: String) -> Bool {
        match.contains { ModelCatalog.glob($0, matches: id) }
    }
}

/// Model profiles, selected by the model id of a request.
///
/// The first profile whose patterns match wins, so a user's profiles (put first by
/// ``overridden(by:)``) replace the spec's. An id with a gateway prefix (`us.anthropic.`,
/// `anthropic/`) is matched without it; an id no profile matches gets no model rules.
public struct ModelCatalog: Hashable, Sendable {
    /// The request field that names the model.
    public var field: String
    /// Prefixes that gateways put before model ids; the longest one that matches is removed.
    public var prefixes: [String]
    /// Property name → the kind of its values (`integer`, `number`, `boolean`, `string`, `list`).
    public var properties: [String: String]
    /// Profiles in order of precedence.
    public var profiles: [ModelProfile]

    /// Creates a catalog.
    public init(
        field: String = "model", prefixes: [String] = [], properties: [String: String] = [:],
        profiles: [ModelProfile] = []
    ) {
        self.field = field
        self.prefixes = prefixes
        self.properties = properties
        self.profiles = profiles
    }

    /// An empty catalog: no model rules apply.
    public static let empty = ModelCatalog()

    /// `id` without the longest gateway prefix that matches, and without a Vertex-style `@version`
    /// or Bedrock-style `:revision` suffix.
    public func canonicalID(_ id: String) -> String {
        var id = id
        return id.withUTF8 { String(decoding: canonical($0), as: UTF8.self) }
    }

    /// The profile of `id`, if any (found without allocating: it runs once per linted request).
    public func profile(for id: String) -> ModelProfile? {
        var id = id
        return id.withUTF8 { profile(forUTF8: $0) }
    }

    /// The profile of the model whose id is the UTF-8 `id`, if any.
    public func profile(forUTF8 id: UnsafeBufferPointer<UInt8>) -> ModelProfile? {
        let canonical = canonical(id)
        return profiles.first { profile in
            profile.match.contains { pattern in
                var pattern = pattern
                return pattern.withUTF8 { Self.glob($0, matches: canonical) }
            }
        }
    }

    /// The bytes of the canonical id within `id` (`@` and `:` are ASCII, so cutting at them
    /// never splits a character of an id).
    private func canonical(_ id: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        for prefix in prefixes where prefix.utf8.count > start && prefix.utf8.count <= id.count {
            if prefix.utf8.elementsEqual(id[0..<prefix.utf8.count]) { start = prefix.utf8.count }
        }
        var end = id.count
        if let at = id[start..<end].firstIndex(of: UInt8(ascii: "@")) { end = at }
        if let colon = id[start..<end].firstIndex(of: UInt8(ascii: ":")) { end = colon }
        return UnsafeBufferPointer(rebasing: id[start..<end])
    }

    /// This catalog with `other`'s profiles taking precedence and its prefixes and properties added.
    public func overridden(by other: ModelCatalog) -> ModelCatalog {
        var merged = self
        merged.profiles = other.profiles + profiles
        merged.prefixes += other.prefixes.filter { !prefixes.contains($0) }
        merged.properties.merge(other.properties) { _, new in new }
        return merged
    }

    /// Whether `text` matches `pattern`, where `*` stands for any run of characters.
    public static func glob(_ pattern: String, matches text: String) -> Bool {
        var pattern = pattern
        var text = text
        return pattern.withUTF8 { p in text.withUTF8 { t in glob(p, matches: t) } }
    }

    static func glob(_ p: UnsafeBufferPointer<UInt8>, matches t: UnsafeBufferPointer<UInt8>) -> Bool {
        var pi = 0
        var ti = 0
        var star: Int?
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] != UInt8(ascii: "*"), p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if let s = star {
                pi = s + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}

/// What rules see of a request besides its body: headers, enabled features and model profiles.
public struct RuleContext: Sendable {
    /// Header values (lowercased names) that rules read with `{header: NAME}`.
    public var headers: [String: String]
    /// Enabled optional features.
    public var features: Set<String>
    /// Model profiles.
    public var models: ModelCatalog {
        didSet { profiles = ProfileCache() }
    }
    /// The profiles found so far, by model id: a linter sees the same few ids in every file.
    private var profiles = ProfileCache()

    /// The profile of the model whose id is the UTF-8 `id` (remembered for ids of up to
    /// ``ProfileCache/longestID`` bytes; a longer one is matched each time and never copied).
    public func profile(forUTF8 id: UnsafeBufferPointer<UInt8>) -> ModelProfile? {
        profiles.profile(for: id, in: models)
    }

    /// Creates a context.
    public init(headers: [String: String] = [:], features: Set<String> = [], models: ModelCatalog = .empty) {
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, b in b })
        self.features = features
        self.models = models
    }
}

/// Profiles by model id, shared by the threads that use one ``RuleContext``. Bounded: ids are
/// request data, and a corpus of a million distinct ids must not grow it without limit.
final class ProfileCache: Sendable {
    /// Keyed by the id's bytes: ids match profiles byte by byte, and `String` keys would treat two
    /// spellings of an accented letter as one.
    private let found = Locked<[[UInt8]: ModelProfile?]>([:])
    static let capacity = 256

    /// Ids longer than this are not remembered (an id is request data and may be megabytes).
    static let longestID = 256

    func profile(for bytes: UnsafeBufferPointer<UInt8>, in catalog: ModelCatalog) -> ModelProfile? {
        guard bytes.count <= Self.longestID else { return catalog.profile(forUTF8: bytes) }
        let id = Array(bytes)
        if let known = found.withLock({ $0[id] }) { return known }
        let profile = catalog.profile(forUTF8: bytes)
        found.withLock { found in
            if found.count < Self.capacity { found[id] = profile }
        }
        return profile
    }
}
