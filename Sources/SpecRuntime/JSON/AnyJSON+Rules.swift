import Foundation

/// An `AnyJSON` tree laid out flat for ``RuleEngine``: every value gets a handle (its position in
/// breadth-first order, so a container's children are contiguous), with its parent and the key
/// or index that leads to it.
final class AnyJSONRuleDocument: RuleDocument {
    private struct Node {
        var value: AnyJSON
        var parent: Int
        var step: RulePathStep?
        /// Containers: the handle of the first child; children are contiguous.
        var first: Int
        var count: Int
    }

    private var nodes: [Node]

    init(_ root: AnyJSON) {
        nodes = [Node(value: root, parent: -1, step: nil, first: 0, count: 0)]
        var next = 0
        while next < nodes.count {
            let value = nodes[next].value
            nodes[next].first = nodes.count
            switch value {
            case .array(let elements):
                nodes[next].count = elements.count
                for (i, element) in elements.enumerated() {
                    nodes.append(Node(value: element, parent: next, step: .index(i), first: 0, count: 0))
                }
            case .object(let members):
                nodes[next].count = members.count
                for member in members {
                    nodes.append(Node(value: member.value, parent: next, step: .key(member.key), first: 0, count: 0))
                }
            default:
                break
            }
            next += 1
        }
    }

    var ruleRoot: Int { 0 }

    func ruleKind(of node: Int) -> RuleJSONKind {
        switch nodes[node].value {
        case .null: .null
        case .bool: .bool
        case .integer, .double: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    func ruleMember(of node: Int, named key: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = nodes[node]
        guard case .object = n.value else { return nil }
        // The last of repeated keys wins, as in the linter.
        for child in (n.first..<(n.first + n.count)).reversed() {
            if case .key(let k)? = nodes[child].step, k.utf8.elementsEqual(key) { return child }
        }
        return nil
    }

    func ruleElementCount(of node: Int) -> Int {
        if case .array = nodes[node].value { return nodes[node].count }
        return 0
    }

    func ruleElement(of node: Int, at index: Int) -> Int { nodes[node].first + index }

    func ruleMemberCount(of node: Int) -> Int {
        if case .object = nodes[node].value { return nodes[node].count }
        return 0
    }

    func ruleString(of node: Int) -> String? { nodes[node].value.stringValue }

    func ruleString(of node: Int, equals text: UnsafeBufferPointer<UInt8>) -> Bool {
        nodes[node].value.stringValue?.utf8.elementsEqual(text) ?? false
    }

    func ruleWithString<R>(of node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard var text = nodes[node].value.stringValue else { return nil }
        return text.withUTF8(body)
    }

    func ruleStringUTF8Count(of node: Int) -> Int { nodes[node].value.stringValue?.utf8.count ?? 0 }

    func ruleNumber(of node: Int) -> Double? { nodes[node].value.doubleValue }

    func ruleBool(of node: Int) -> Bool? { nodes[node].value.boolValue }

    func rulePath(to node: Int) -> [RulePathStep] {
        var path: [RulePathStep] = []
        var current = node
        while current > 0, let step = nodes[current].step {
            path.append(step)
            current = nodes[current].parent
        }
        return path.reversed()
    }
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
        return RuleEngine(rules: rules).evaluate(AnyJSONRuleDocument(json), context: context).map(\.violation)
    }
}
