/// A node of a YAML document with the place where it starts in the file.
public struct YAMLNode: Hashable, Sendable {
    /// What a node holds.
    public enum Content: Hashable, Sendable {
        /// A scalar: text with a quoting style.
        case scalar(YAMLScalar)
        /// A sequence of nodes, in file order.
        case sequence([YAMLNode])
        /// A mapping as key/value pairs in file order; keys are unique among scalar keys.
        case mapping([YAMLPair])
    }

    /// What the node holds.
    public var content: Content
    /// The 1-based line and column of the node's first character (its anchor or tag, if it has
    /// one), with the byte offset. A node copied by an alias carries the alias's location.
    public var location: SourceLocation
    /// The explicit tag, resolved to its full form (e.g. `tag:yaml.org,2002:str` for `!!str`);
    /// `nil` when the node has none.
    public var tag: String?

    /// Creates a node.
    public init(_ content: Content, at location: SourceLocation, tag: String? = nil) {
        self.content = content
        self.location = location
        self.tag = tag
    }

    /// The scalar, if the node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { scalar } else { nil }
    }

    /// The items, if the node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { items } else { nil }
    }

    /// The pairs, if the node is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { pairs } else { nil }
    }

    /// `scalar`, `sequence` or `mapping`, for messages such as "expected a mapping, found a scalar".
    public var kindName: String {
        switch content {
        case .scalar: "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }

    /// The value of the first pair whose key is a scalar with the text `key`; `nil` when the node
    /// is not a mapping or has no such key.
    public func value(forKey key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }

    /// The value for a scalar key; the same as ``value(forKey:)``.
    public subscript(key: String) -> YAMLNode? { value(forKey: key) }
}

/// A YAML scalar: its text after unquoting and unescaping, and how it was written.
public struct YAMLScalar: Hashable, Sendable {
    /// How a scalar was written.
    public enum Style: Hashable, Sendable {
        /// Unquoted: `value`.
        case plain
        /// `'value'`.
        case singleQuoted
        /// `"value"`.
        case doubleQuoted
        /// A `|` block.
        case literal
        /// A `>` block.
        case folded
    }

    /// The text.
    public var value: String
    /// How the text was written.
    public var style: Style
    /// Whether the scalar carried an explicit tag (such as `!!str`); tagged scalars get no
    /// core-schema interpretation.
    public var isTagged: Bool

    /// Creates a scalar.
    public init(_ value: String, style: Style = .plain, isTagged: Bool = false) {
        self.value = value
        self.style = style
        self.isTagged = isTagged
    }

    /// Whether the YAML 1.2 core schema applies: only to plain scalars without a tag.
    private var isPlain: Bool { style == .plain && !isTagged }

    /// Whether the scalar is a core-schema null: empty, `~`, `null`, `Null` or `NULL`, unquoted.
    public var isNull: Bool {
        isPlain && ["", "~", "null", "Null", "NULL"].contains(value)
    }

    /// The core-schema boolean (`true`/`True`/`TRUE`, `false`/`False`/`FALSE`, unquoted), else `nil`.
    public var bool: Bool? {
        guard isPlain else { return nil }
        switch value {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The core-schema integer: `[-+]?[0-9]+`, `0x[0-9a-fA-F]+` or `0o[0-7]+`, unquoted;
    /// `nil` for anything else and on overflow.
    public var int: Int? {
        guard isPlain else { return nil }
        let bytes = Array(value.utf8)
        func digits(from start: Int, _ isDigit: (UInt8) -> Bool) -> Bool {
            start < bytes.count && bytes[start...].allSatisfy(isDigit)
        }
        if value.hasPrefix("0x") {
            return digits(from: 2, \.isHexDigit) ? Int(value.dropFirst(2), radix: 16) : nil
        }
        if value.hasPrefix("0o") {
            return digits(from: 2) { (0x30...0x37).contains($0) } ? Int(value.dropFirst(2), radix: 8) : nil
        }
        let start = bytes.first == 0x2B || bytes.first == 0x2D ? 1 : 0
        return digits(from: start, \.isDigit) ? Int(value) : nil
    }

    /// The core-schema float, including integers (as the nearest double), `.inf`, `-.inf` and
    /// `.nan` in their three spellings; `nil` for anything else or when quoted or tagged.
    public var double: Double? {
        guard isPlain else { return nil }
        switch value {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if Self.isFloatLiteral(Array(value.utf8)) { return Double(value) }
        return int.map(Double.init)
    }

    /// Matches `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`.
    private static func isFloatLiteral(_ s: [UInt8]) -> Bool {
        var i = 0
        func skipSign() { if i < s.count, s[i] == 0x2B || s[i] == 0x2D { i += 1 } }
        func skipDigits() -> Int {
            let start = i
            while i < s.count, s[i].isDigit { i += 1 }
            return i - start
        }
        skipSign()
        var mantissa = skipDigits()
        if i < s.count, s[i] == 0x2E {
            i += 1
            let fraction = skipDigits()
            if mantissa == 0 { mantissa = fraction }
        }
        guard mantissa > 0 else { return false }
        if i < s.count, s[i] == 0x45 || s[i] == 0x65 {
            i += 1
            skipSign()
            guard skipDigits() > 0 else { return false }
        }
        return i == s.count
    }
}

/// One key/value pair of a YAML mapping.
public struct YAMLPair: Hashable, Sendable {
    /// The key node, usually a scalar.
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// Creates a pair.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// Bounds that protect the reader against hostile or broken input.
public struct YAMLLimits: Hashable, Sendable {
    /// The most nodes a document may have, counting every node an alias expands to.
    public var maxNodes: Int
    /// The deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// The largest file, in bytes.
    public var maxBytes: Int

    /// Creates limits; the defaults are those of ``default``.
    public init(maxNodes: Int = 100_000, maxDepth: Int = 256, maxBytes: Int = 16 << 20) {
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// 100 000 nodes, 256 levels, 16 MiB.
    public static let `default` = YAMLLimits()
}

extension UInt8 {
    fileprivate var isDigit: Bool { (0x30...0x39).contains(self) }
    fileprivate var isHexDigit: Bool { isDigit || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}
