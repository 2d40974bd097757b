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
        var rest = Substring(id)
        if let prefix = prefixes.filter({ rest.hasPrefix($0) }).max(by: { $0.count < $1.count }) {
            rest = rest.dropFirst(prefix.count)
        }
        if let at = rest.firstIndex(of: "@") { rest = rest[..<at] }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return String(rest)
    }

    /// The profile of `id`, if any.
    public func profile(for id: String) -> ModelProfile? {
        let canonical = canonicalID(id)
        return profiles.first { $0.matches(canonical) }
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
        let p = Array(pattern.utf8)
        let t = Array(text.utf8)
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
    public var models: ModelCatalog

    /// Creates a context.
    public init(headers: [String: String] = [:], features: Set<String> = [], models: ModelCatalog = .empty) {
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, b in b })
        self.features = features
        self.models = models
    }
}
