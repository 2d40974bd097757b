import SpecModel

/// Writes a spec's request rules and model profiles as Swift literals of the runtime's rule types,
/// so generated `validate()` methods evaluate exactly the rules `spec-lint` evaluates.
///
/// Selectors are written as the string the spec uses (`RuleSelector` is expressible by a string
/// literal); everything else as enum cases, one rule per block.
enum RequestRuleLiterals {
    static func rules(_ rules: [RequestRule]) -> [String] {
        var lines = ["["]
        for rule in rules {
            var arguments = ["id: \(SwiftLiteral.string(rule.id))"]
            if rule.severity == .warning { arguments.append("severity: .warning") }
            arguments.append("message: \(SwiftLiteral.string(rule.message))")
            if let note = rule.note { arguments.append("note: \(SwiftLiteral.string(note))") }
            if let each = rule.forEach { arguments.append("forEach: \(selector(each))") }
            if let when = rule.when { arguments.append("when: \(predicate(when))") }
            arguments.append("check: \(check(rule.check))")
            lines.append("    RequestRule(")
            for (index, argument) in arguments.enumerated() {
                lines.append("        " + argument + (index == arguments.count - 1 ? "" : ","))
            }
            lines.append("    ),")
        }
        lines.append("]")
        return lines
    }

    static func catalog(_ catalog: ModelCatalog) -> [String] {
        var lines = ["ModelCatalog("]
        lines.append("    field: \(SwiftLiteral.string(catalog.field)),")
        lines.append("    prefixes: \(SwiftLiteral.stringArray(catalog.prefixes)),")
        let properties = catalog.properties.keys.sorted().map {
            "\(SwiftLiteral.string($0)): \(SwiftLiteral.string(catalog.properties[$0] ?? ""))"
        }
        lines.append("    properties: [\(properties.isEmpty ? ":" : properties.joined(separator: ", "))],")
        lines.append("    profiles: [")
        for profile in catalog.profiles {
            let values = profile.properties.keys.sorted().map { key in
                "\(SwiftLiteral.string(key)): \(literal(profile.properties[key] ?? .null))"
            }
            lines.append(
                "        ModelProfile(match: \(SwiftLiteral.stringArray(profile.match)), properties: [\(values.isEmpty ? ":" : values.joined(separator: ", "))]),"
            )
        }
        lines.append("    ]")
        lines.append(")")
        return lines
    }

    static func selector(_ selector: RuleSelector) -> String { SwiftLiteral.string(selector.description) }

    static func check(_ check: RuleCheck) -> String {
        switch check {
        case .require(let p): ".require(\(predicate(p)))"
        case .reference(let from, let to): ".reference(from: \(selector(from)), to: \(selector(to)))"
        case .count(let of, let maximum):
            ".count(of: [\(of.map(selector).joined(separator: ", "))], maximum: \(operand(maximum)))"
        }
    }

    static func predicate(_ predicate: RulePredicate) -> String {
        switch predicate {
        case .test(let subject, let tests):
            ".test(\(self.subject(subject)), [\(tests.map(test).joined(separator: ", "))])"
        case .all(let parts): ".all([\(parts.map(self.predicate).joined(separator: ", "))])"
        case .any(let parts): ".any([\(parts.map(self.predicate).joined(separator: ", "))])"
        }
    }

    static func subject(_ subject: RuleSubject) -> String {
        switch subject {
        case .path(let s): ".path(\(selector(s)))"
        case .model(let name): ".model(\(SwiftLiteral.string(name)))"
        case .header(let name): ".header(\(SwiftLiteral.string(name)))"
        case .feature(let name): ".feature(\(SwiftLiteral.string(name)))"
        }
    }

    static func test(_ test: RuleTest) -> String {
        switch test {
        case .present: ".present"
        case .absent: ".absent"
        case .nonEmpty: ".nonEmpty"
        case .equals(let o): ".equals(\(operand(o)))"
        case .notEquals(let o): ".notEquals(\(operand(o)))"
        case .oneOf(let o): ".oneOf(\(operand(o)))"
        case .noneOf(let o): ".noneOf(\(operand(o)))"
        case .minimum(let o): ".minimum(\(operand(o)))"
        case .maximum(let o): ".maximum(\(operand(o)))"
        case .exclusiveMinimum(let o): ".exclusiveMinimum(\(operand(o)))"
        case .exclusiveMaximum(let o): ".exclusiveMaximum(\(operand(o)))"
        case .since(let s): ".since(\(SwiftLiteral.string(s)))"
        case .before(let s): ".before(\(SwiftLiteral.string(s)))"
        case .contains(let s): ".contains(\(SwiftLiteral.string(s)))"
        case .pattern(let s): ".pattern(\(SwiftLiteral.string(s)))"
        case .notPattern(let s): ".notPattern(\(SwiftLiteral.string(s)))"
        }
    }

    static func operand(_ operand: RuleOperand) -> String {
        switch operand {
        case .literal(let l): ".literal(\(literal(l)))"
        case .model(let name): ".model(\(SwiftLiteral.string(name)))"
        case .path(let s): ".path(\(selector(s)))"
        }
    }

    static func literal(_ literal: RuleLiteral) -> String {
        switch literal {
        case .string(let s): ".string(\(SwiftLiteral.string(s)))"
        case .number(let n): ".number(\(RuleLiteral.number(n).description))"
        case .bool(let b): ".bool(\(b))"
        case .null: ".null"
        case .list(let items): ".list([\(items.map(self.literal).joined(separator: ", "))])"
        }
    }
}
