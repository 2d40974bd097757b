import Foundation

extension AnyJSON: RuleJSON {
    /// The value as ``RuleJSON`` sees it.
    public var ruleKind: RuleJSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .integer, .double: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The value as ``RuleJSON`` sees it.
    public func ruleMember(_ key: String) -> AnyJSON? { self[key] }

    /// The value as ``RuleJSON`` sees it.
    public var ruleCount: Int { arrayValue?.count ?? 0 }

    /// The value as ``RuleJSON`` sees it.
    public func ruleElement(_ index: Int) -> AnyJSON { self[index] ?? .null }

    /// The value as ``RuleJSON`` sees it.
    public var ruleString: String? { stringValue }

    /// The value as ``RuleJSON`` sees it.
    public var ruleNumber: Double? { doubleValue }

    /// The value as ``RuleJSON`` sees it.
    public var ruleBool: Bool? { boolValue }

    /// The value as ``RuleJSON`` sees it.
    public var ruleMemberCount: Int { objectValue?.count ?? 0 }
}

/// Evaluates a spec's request rules on a value of a generated request type: the value is encoded
/// as the client would send it and checked with the same ``RuleEngine`` that `spec-lint` uses.
public enum RequestRuleSupport {
    /// The violations of `rules` on `value`, with `headers` over the spec's `defaultHeaders` and
    /// `models` (a user's profiles) over the spec's `catalog`.
    public static func violations<Value: Encodable>(
        of rules: [RequestRule], on value: Value, features: Set<String>, headers: [String: String],
        defaultHeaders: [String: String], catalog: ModelCatalog, models: ModelCatalog?
    ) -> [Violation] {
        guard let data = try? JSONEncoder().encode(value), let json = try? AnyJSON(parsing: data) else { return [] }
        var merged = defaultHeaders
        for (name, value) in headers { merged[name.lowercased()] = value }
        let context = RuleContext(
            headers: merged, features: features, models: models.map { catalog.overridden(by: $0) } ?? catalog)
        return RuleEngine(rules: rules).evaluate(json, context: context).map(\.violation)
    }
}
