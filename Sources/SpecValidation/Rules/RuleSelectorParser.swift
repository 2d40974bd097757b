extension RuleSelector {
    /// Why a selector does not parse, and the character (0-based, in Unicode scalars) where.
    public struct ParseError: Error, Hashable, Sendable {
        /// The scalar offset of the problem in the selector text.
        public var offset: Int
        /// What is wrong and how to write it instead.
        public var message: String
    }

    /// Parses `messages[role=assistant][last].content[first].type`.
    ///
    /// A selector starts with `$.` (the request), `next.` or `previous.` (the neighbours of the
    /// `for_each` item), or directly with a field name (the current value). Field names are
    /// separated by `.`; after a field, brackets select among the elements of its array: `[*]`,
    /// `[first]`, `[last]`, `[but_last]`, `[N]` (negative from the end), `[field=a|b]`, `[field!=a]`.
    public init(parsing text: String) throws(ParseError) {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var base = RuleBase.current
        func word(_ w: String) -> Bool {
            let ws = Array(w.unicodeScalars)
            return scalars.count >= ws.count && Array(scalars[0..<ws.count]) == ws
        }
        if word("$.") {
            base = .root
            i = 2
        } else if word("next.") {
            base = .next
            i = 5
        } else if word("previous.") {
            base = .previous
            i = 9
        } else if text == "$" {
            self.init(base: .root, [])
            return
        }
        var steps: [RuleStep] = []
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-"
        }
        func name() throws(ParseError) -> String {
            let start = i
            while i < scalars.count, isNameScalar(scalars[i]) { i += 1 }
            guard i > start else {
                let found = i < scalars.count ? "'\(scalars[i])'" : "the end"
                throw ParseError(offset: i, message: "expected a field name, found \(found)")
            }
            return String(String.UnicodeScalarView(scalars[start..<i]))
        }
        if scalars.isEmpty {
            throw ParseError(offset: 0, message: "a selector must name a field, such as 'messages[*].content'")
        }
        while true {
            steps.append(.field(try name()))
            while i < scalars.count, scalars[i] == "[" {
                let open = i
                guard let close = scalars[i...].firstIndex(of: "]") else {
                    throw ParseError(offset: open, message: "'[' is not closed; add ']'")
                }
                let inner = String(String.UnicodeScalarView(scalars[(open + 1)..<close]))
                steps.append(try Self.bracket(inner, at: open + 1))
                i = close + 1
            }
            if i == scalars.count { break }
            guard scalars[i] == "." else {
                throw ParseError(offset: i, message: "expected '.' or '[' after a field name, found '\(scalars[i])'")
            }
            i += 1
        }
        self.init(base: base, steps)
    }

    private static func bracket(_ inner: String, at offset: Int) throws(ParseError) -> RuleStep {
        switch inner {
        case "*": return .each
        case "first": return .first
        case "last": return .last
        case "but_last": return .butLast
        case "":
            throw ParseError(
                offset: offset, message: "empty brackets; write [*], [first], [last], [but_last], [N] or [field=value]")
        default: break
        }
        if let n = Int(inner) { return .index(n) }
        let negated = inner.contains("!=")
        let parts =
            negated
            ? inner.split(separator: "!=", maxSplits: 1, omittingEmptySubsequences: false)
            : inner.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            var message = "unknown selection '[\(inner)]'; write [*], [first], [last], [but_last], [N] or [field=value]"
            if let suggestion = Suggestions.closest(to: inner, in: ["first", "last", "but_last"]) {
                message += "; did you mean '[\(suggestion)]'?"
            }
            throw ParseError(offset: offset, message: message)
        }
        let values = parts[1].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if values.contains(where: \.isEmpty) {
            throw ParseError(
                offset: offset, message: "empty alternative in '[\(inner)]'; separate values with a single '|'")
        }
        return .filter(field: String(parts[0]), values: values, negated: negated)
    }
}

extension RuleSelector: ExpressibleByStringLiteral {
    /// A selector written as in the spec. Generated code writes only selectors that `check-spec`
    /// has parsed; text that does not parse selects nothing.
    public init(stringLiteral text: String) {
        self = (try? RuleSelector(parsing: text)) ?? RuleSelector(base: .current, [])
    }
}
