/// Reads one YAML mapping of a spec: checks its keys against the allowed set and converts
/// values, reporting every problem into a shared bag.
struct MappingReader {
    let node: YAMLNode
    let pairs: [YAMLPair]
    let what: String

    /// Returns nil (after reporting) when `node` is not a mapping.
    init?(_ node: YAMLNode, what: String, allowed: [String], diagnostics: inout DiagnosticBag) {
        guard let pairs = node.mapping else {
            diagnostics.error("\(what) must be a mapping, found a \(node.kindName)", at: node.location)
            return nil
        }
        self.node = node
        self.pairs = pairs
        self.what = what
        for pair in pairs {
            guard let key = pair.key.scalar?.value else {
                diagnostics.error("keys of \(what) must be plain strings", at: pair.key.location)
                continue
            }
            if !allowed.contains(key) {
                diagnostics.error(Self.unknownKeyMessage(key, in: what, allowed: allowed), at: pair.key.location)
            }
        }
    }

    static func unknownKeyMessage(_ key: String, in what: String, allowed: [String]) -> String {
        var text = "unknown key '\(key)' in \(what)"
        if let suggestion = Suggestions.closest(to: key, in: allowed) {
            text += "; did you mean '\(suggestion)'?"
        } else {
            text += "; allowed keys are " + allowed.map { "'\($0)'" }.joined(separator: ", ")
        }
        return text
    }

    func has(_ key: String) -> Bool { self[key] != nil }

    subscript(key: String) -> YAMLNode? {
        pairs.first { $0.key.scalar?.value == key }?.value
    }

    func keyNode(_ key: String) -> YAMLNode? {
        pairs.first { $0.key.scalar?.value == key }?.key
    }

    func require(_ key: String, _ diagnostics: inout DiagnosticBag) -> YAMLNode? {
        if let value = self[key] { return value }
        diagnostics.error("\(what) is missing the required key '\(key)'", at: node.location)
        return nil
    }

    func string(_ key: String, _ diagnostics: inout DiagnosticBag, required: Bool = false) -> String? {
        guard let value = required ? require(key, &diagnostics) : self[key] else { return nil }
        return Self.string(value, key: key, &diagnostics)
    }

    static func string(_ value: YAMLNode, key: String, _ diagnostics: inout DiagnosticBag) -> String? {
        guard let scalar = value.scalar else {
            diagnostics.error("'\(key)' must be a string, found a \(value.kindName)", at: value.location)
            return nil
        }
        return scalar.value
    }

    func bool(_ key: String, _ diagnostics: inout DiagnosticBag) -> Bool? {
        guard let value = self[key] else { return nil }
        guard let scalar = value.scalar, scalar.style == .plain, let b = scalar.bool else {
            diagnostics.error(
                "'\(key)' must be true or false, found '\(value.scalar?.value ?? value.kindName)'", at: value.location)
            return nil
        }
        return b
    }

    func nonNegativeInt(_ key: String, _ diagnostics: inout DiagnosticBag) -> Int? {
        guard let value = self[key] else { return nil }
        guard let scalar = value.scalar, scalar.style == .plain, let i = scalar.int, i >= 0 else {
            diagnostics.error(
                "'\(key)' must be a non-negative integer, found '\(value.scalar?.value ?? value.kindName)'",
                at: value.location)
            return nil
        }
        return i
    }

    /// A numeric bound kept as exact decimal text.
    func decimal(_ key: String, _ diagnostics: inout DiagnosticBag) -> String? {
        guard let value = self[key] else { return nil }
        guard let scalar = value.scalar, scalar.style == .plain, JSONNumber(exactly: scalar.value) != nil else {
            diagnostics.error(
                "'\(key)' must be a number, found '\(value.scalar?.value ?? value.kindName)'", at: value.location)
            return nil
        }
        return scalar.value
    }

    /// `doc` text, with surrounding whitespace trimmed.
    func doc(_ diagnostics: inout DiagnosticBag) -> String? {
        string("doc", &diagnostics).map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `deprecated: true` → "", `deprecated: "message"` → message, `false` → nil.
    func deprecated(_ diagnostics: inout DiagnosticBag) -> String? {
        guard let value = self["deprecated"], let scalar = value.scalar else {
            if let value = self["deprecated"] {
                diagnostics.error(
                    "'deprecated' must be true, false or a message, found a \(value.kindName)", at: value.location)
            }
            return nil
        }
        if scalar.style == .plain, let b = scalar.bool { return b ? "" : nil }
        return scalar.value
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    package func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
