import SpecModel

/// Translates the spec's constraints, features and cross-field rules into `validate()` methods that report the
/// same violations as `spec-lint` does for the encoded value: same rule ids, pointers, messages and order.
///
/// Order: the linter sorts violations by their place in the document. Generated code has no document, so it
/// records each violation's place in the *encoded* value (members in spec order, map entries sorted by key) and
/// sorts by that, ties in the order reported — which is the linter's order for a document written the same way.
struct ValidationTranslator {
    let context: TranslationContext
    /// Whether values of a declared type have anything to check.
    let needsCheck: [String: Bool]

    init(context: TranslationContext) {
        self.context = context
        self.needsCheck = Self.computeNeeds(context)
    }

    /// The statement that starts a validation: a runtime `ValidationChecker` that names the spec's feature header.
    var makeChecker: String {
        let header = context.spec.api.featureHeader.map { ", featureHeader: \(SwiftLiteral.string($0))" } ?? ""
        return "var checker = ValidationChecker(enabledFeatures: enabledFeatures\(header))"
    }

    var access: AccessModifier? { context.access }

    // MARK: - What needs checking

    // Swift 6.3.1's SIL ownership verifier crashes when this function is optimized (release builds,
    // which is how the plugin's tool is built for `swift build -c release`); it runs once per spec.
    @_optimize(none)
    static func computeNeeds(_ context: TranslationContext) -> [String: Bool] {
        var needs: [String: Bool] = [:]
        for decl in context.spec.types { needs[decl.name] = false }
        // A fixed point: a type needs checking when anything it holds does.
        var changed = true
        while changed {
            changed = false
            for decl in context.spec.types where needs[decl.name] == false {
                if declNeedsCheck(decl, context, needs) {
                    needs[decl.name] = true
                    changed = true
                }
            }
        }
        return needs
    }

    static func refNeedsCheck(_ type: TypeRef, _ needs: [String: Bool]) -> Bool {
        switch type {
        case .string, .integer, .number, .boolean, .any: false
        case .array(let element): refNeedsCheck(element, needs)
        case .map(let value): refNeedsCheck(value, needs)
        case .named(let name): needs[name] ?? false
        }
    }

    static func declNeedsCheck(_ decl: TypeDecl, _ context: TranslationContext, _ needs: [String: Bool]) -> Bool {
        switch decl.kind {
        case .object(let object):
            return decl.beta != nil || membersNeedCheck(object, needs)
        case .enumeration:
            return context.isOpen(decl.name)
        case .union(let union):
            return context.isOpen(decl.name)
                || union.variants.contains { variant in
                    variant.beta != nil || context.decl(variant.type)?.beta != nil || (needs[variant.type] ?? false)
                }
        case .oneOf(let oneOf):
            return oneOf.variants.contains { refNeedsCheck($0.type, needs) }
        case .constant:
            return false
        case .alias(let base, let checks):
            return checksApply(checks, to: base) || refNeedsCheck(base, needs)
        }
    }

    /// Whether an object's members or rules have anything to check (its own `beta` aside).
    static func membersNeedCheck(_ object: ObjectType, _ needs: [String: Bool]) -> Bool {
        !object.rules.isEmpty
            || object.fields.contains { field in
                field.beta != nil
                    || (field.constant == nil
                        && (checksApply(field.checks, to: field.type) || refNeedsCheck(field.type, needs)))
            }
    }

    /// Whether constraints are checked at all on a value of `type` (the linter skips them on `any`).
    static func checksApply(_ checks: Checks, to type: TypeRef) -> Bool {
        !checks.isEmpty && type != .any
    }

    func needs(_ type: TypeRef) -> Bool { Self.refNeedsCheck(type, needsCheck) }

    // MARK: - Declarations

    /// The `validate` extension of a type, or the check function of an alias.
    func translate(_ decl: TypeDecl) -> [Declaration] {
        if case .alias(let base, let checks) = decl.kind {
            guard needsCheck[decl.name] == true else { return [] }
            return [
                .function(
                    FunctionDecl(
                        doc: ["Checks a `\(decl.name)` value."], access: .fileprivate,
                        kind: .function("check\(decl.name)"),
                        parameters: [
                            Parameter(label: "_", name: "value", type: context.swiftType(base)),
                            Parameter(label: "_", name: "c", type: "inout ValidationChecker"),
                        ],
                        body: valueChecks("value", base, Self.checksApply(checks, to: base) ? checks : nil, depth: 0)))
            ]
        }
        var body: [Statement]
        var extra: [Declaration] = []
        switch decl.kind {
        case .object(let object):
            body = objectChecks(decl, object)
            if let beta = decl.beta {
                // The linter reports a beta object type wherever it is used, except as a union variant (the
                // union reports the tag); variants call `checkMembers` instead.
                extra.append(
                    .function(
                        FunctionDecl(
                            doc: ["Reports the violations of the members, without the type's own feature."],
                            access: .fileprivate, kind: .function("checkMembers"),
                            parameters: [Parameter(label: "_", name: "c", type: "inout ValidationChecker")], body: body)
                    ))
                body = [
                    .code("c.feature(\(SwiftLiteral.string(beta)), \(SwiftLiteral.string("a \(decl.name) object")))"),
                    .code("checkMembers(&c)"),
                ]
            }
        case .enumeration(let enumType): body = enumChecks(decl, enumType)
        case .union(let union): body = unionChecks(decl, union)
        case .oneOf(let oneOf): body = oneOfChecks(oneOf)
        case .constant, .alias: body = []
        }
        let validate = FunctionDecl(
            doc: [
                "Checks the value against the spec's constraints, cross-field rules and beta features.",
                "",
                "- Parameter enabledFeatures: The beta features that may be used; others are `beta` violations.",
                "- Returns: Every violation, errors and warnings, as `spec-lint` reports them for the encoded value.",
            ],
            access: access, kind: .function("validate"),
            parameters: [Parameter(name: "enabledFeatures", type: "Set<String>", defaultValue: "[]")],
            returnType: "[Violation]",
            body: [
                .code(makeChecker),
                .code("check(&checker)"),
                .code("return checker.violations"),
            ])
        let check = FunctionDecl(
            doc: ["Reports the violations of this value to `c`."], access: .fileprivate, kind: .function("check"),
            parameters: [Parameter(label: "_", name: "c", type: "inout ValidationChecker")], body: body)
        if case .object(let object) = decl.kind, !object.requestRules.isEmpty {
            return [
                .extension(
                    ExtensionDecl(
                        type: decl.name, members: requestRuleMembers(decl, object) + [.function(check)] + extra))
            ]
        }
        return [.extension(ExtensionDecl(type: decl.name, members: [.function(validate), .function(check)] + extra))]
    }

    /// `validate(enabledFeatures:headers:models:)` and the rule tables of a request type with request rules.
    func requestRuleMembers(_ decl: TypeDecl, _ object: ObjectType) -> [Declaration] {
        let spec = context.spec
        let headers = spec.api.defaultHeaderValues.sorted { $0.key < $1.key }
        let headerLiteral =
            headers.isEmpty
            ? "[:]"
            : "[" + headers.map { "\(SwiftLiteral.string($0.0)): \(SwiftLiteral.string($0.1))" }.joined(separator: ", ")
                + "]"
        let publicAccess = access.map { "\($0.rawValue) " } ?? ""
        let validate = FunctionDecl(
            doc: [
                "Checks the value against the spec's constraints, cross-field rules, request rules and beta features.",
                "",
                "- Parameters:",
                "  - enabledFeatures: The beta features that may be used; others are `beta` violations.",
                "  - headers: Request headers the rules read (such as the API version); the spec's defaults fill the rest.",
                "  - models: Model profiles that take precedence over the spec's ``modelCatalog``.",
                "- Returns: Every violation, errors and warnings, as `spec-lint` reports them for the encoded value.",
            ],
            access: access, kind: .function("validate"),
            parameters: [
                Parameter(name: "enabledFeatures", type: "Set<String>", defaultValue: "[]"),
                Parameter(name: "headers", type: "[String: String]", defaultValue: "[:]"),
                Parameter(name: "models", type: "ModelCatalog?", defaultValue: "nil"),
            ],
            returnType: "[Violation]",
            body: [
                .code(makeChecker),
                .code("check(&checker)"),
                .code("let violations = checker.violations"),
                .comment("Request rules run on a request without schema errors, as in spec-lint."),
                .code("guard !violations.contains(where: { $0.severity == .error }) else { return violations }"),
                .code("return violations"),
                .code("    + RequestRuleSupport.violations("),
                .code("        of: Self.requestRules, on: self, features: enabledFeatures, headers: headers,"),
                .code("        defaultHeaders: Self.ruleHeaders, catalog: Self.modelCatalog, models: models)"),
            ])
        var rulesLines = RequestRuleLiterals.rules(object.requestRules)
        rulesLines[0] = "\(publicAccess)static let requestRules: [RequestRule] = " + rulesLines[0]
        var catalogLines = RequestRuleLiterals.catalog(spec.models)
        catalogLines[0] = "\(publicAccess)static let modelCatalog = " + catalogLines[0]
        return [
            .verbatim(
                ["/// The spec's request rules for this type, which `validate()` and `spec-lint` evaluate alike."]
                    + rulesLines),
            .verbatim(["", "/// The spec's model profiles, which rules read with `{model: NAME}`."] + catalogLines),
            .verbatim([
                "", "/// Header values the rules see when a call does not set them.",
                "static let ruleHeaders: [String: String] = \(headerLiteral)", "",
            ]),
            .function(validate),
        ]
    }

    // MARK: - Objects

    func objectChecks(_ decl: TypeDecl, _ object: ObjectType) -> [Statement] {
        var body: [Statement] = []
        for (index, field) in object.fields.enumerated() {
            body += fieldChecks(field, index: index)
        }
        for rule in object.rules {
            body.append(.block("do", ruleChecks(rule, object)))
        }
        return body
    }

    func fieldChecks(_ field: Field, index: Int) -> [Statement] {
        let property = "self." + Names.escaped(Names.property(field.name))
        var valueStatements: [Statement] = []
        if field.constant == nil {
            valueStatements = valueChecks(
                "value", field.type, Self.checksApply(field.checks, to: field.type) ? field.checks : nil, depth: 0)
        }
        var feature: [Statement] = []
        if let beta = field.beta {
            feature = [
                .code("c.feature(\(SwiftLiteral.string(beta)), \(SwiftLiteral.string("field '\(field.name)'")))")
            ]
        }
        guard !feature.isEmpty || !valueStatements.isEmpty else { return [] }
        let member = "c.member(\(SwiftLiteral.string(field.name)), \(index))"
        if field.constant != nil {
            return [.closure(member, parameters: "c", body: feature)]
        }
        switch (field.required, field.nullable) {
        case (true, false):
            if valueStatements.isEmpty { return [.closure(member, parameters: "c", body: feature)] }
            return [
                .closure(member, parameters: "c", body: feature + [.code("let value = \(property)")] + valueStatements)
            ]
        case (true, true):
            let checks: [Statement] =
                valueStatements.isEmpty
                ? [] : [.if([ConditionalBranch("let value = \(property)", valueStatements)], else: nil)]
            return [.closure(member, parameters: "c", body: feature + checks)]
        case (false, false):
            let binding = valueStatements.isEmpty ? "\(property) != nil" : "let value = \(property)"
            return [
                .if(
                    [ConditionalBranch(binding, [.closure(member, parameters: "c", body: feature + valueStatements)])],
                    else: nil)
            ]
        case (false, true):
            if valueStatements.isEmpty {
                return [
                    .if(
                        [ConditionalBranch("\(property) != nil", [.closure(member, parameters: "c", body: feature)])],
                        else: nil)
                ]
            }
            return [
                .if(
                    [
                        ConditionalBranch(
                            "let value = \(property)",
                            [
                                .closure(
                                    member, parameters: "c",
                                    body: feature + [
                                        .if(
                                            [ConditionalBranch("case .value(let value) = value", valueStatements)],
                                            else: nil)
                                    ])
                            ])
                    ], else: nil)
            ]
        }
    }

    // MARK: - Values

    /// Checks of the value `expression` of type `type`, then `checks` (the field's own constraints).
    func valueChecks(_ expression: String, _ type: TypeRef, _ checks: Checks?, depth: Int) -> [Statement] {
        var out: [Statement] = []
        switch type {
        case .any:
            return []
        case .string, .integer, .number, .boolean:
            break
        case .array(let element):
            if needs(element) {
                let index = "index\(depth == 0 ? "" : String(depth))"
                let item = "element\(depth == 0 ? "" : String(depth))"
                out.append(
                    .for(
                        "(\(index), \(item))", in: "\(expression).enumerated()",
                        body: [
                            .closure(
                                "c.element(\(index))", parameters: "c",
                                body: valueChecks(item, element, nil, depth: depth + 1))
                        ]))
            }
        case .map(let value):
            if needs(value) {
                let index = "index\(depth == 0 ? "" : String(depth))"
                let entry = "entry\(depth == 0 ? "" : String(depth))"
                out.append(
                    .for(
                        "(\(index), \(entry))", in: "\(expression).sorted(by: { $0.key < $1.key }).enumerated()",
                        body: [
                            .closure(
                                "c.member(\(entry).key, \(index))", parameters: "c",
                                body: valueChecks("\(entry).value", value, nil, depth: depth + 1))
                        ]))
            }
        case .named(let name):
            if needsCheck[name] == true {
                if case .alias? = context.decl(name)?.kind {
                    out.append(.code("check\(name)(\(expression), &c)"))
                } else {
                    out.append(.code("\(expression).check(&c)"))
                }
            }
        }
        if let checks {
            let errors = constraintChecks(expression, type, checks.errors, severity: nil, depth: depth)
            let warnings = constraintChecks(
                expression, type, checks.warnings, severity: checks.warningMessage.map(SwiftLiteral.string) ?? "nil",
                depth: depth)
            if errors.isEmpty {
                out += warnings
            } else if warnings.isEmpty {
                out += errors
            } else {
                // Warnings only matter for values that pass the error-level checks.
                out.append(.code("let errorCount = c.count"))
                out += errors
                out.append(.if([ConditionalBranch("c.count == errorCount", warnings)], else: nil))
            }
        }
        return out
    }

    /// The JSON kind that constraints test, and the Swift expression to test.
    enum ConstrainedKind {
        case string(String), integer(String), number(String), array(String), map(String)
        case oneOf([(pattern: String, type: TypeRef)])
        case none
    }

    func constrainedKind(_ expression: String, _ type: TypeRef) -> ConstrainedKind {
        switch type {
        case .string: return .string(expression)
        case .integer: return .integer(expression)
        case .number: return .number(expression)
        case .array: return .array(expression)
        case .map: return .map(expression)
        case .boolean, .any: return .none
        case .named(let name):
            guard let decl = context.decl(name) else { return .none }
            switch decl.kind {
            case .enumeration: return .string(expression + ".rawValue")
            case .alias(let base, _): return constrainedKind(expression, base)
            case .oneOf(let oneOf):
                return .oneOf(oneOf.variants.map { (".\(Names.escaped(Names.enumCase($0.name)))(let value)", $0.type) })
            case .object, .union, .constant: return .none
            }
        }
    }

    /// Calls checking constraints `c` on the value; `severity` is nil for errors, else the reason literal.
    func constraintChecks(_ expression: String, _ type: TypeRef, _ c: Constraints, severity: String?, depth: Int)
        -> [Statement]
    {
        guard !c.isEmpty else { return [] }
        let level = severity.map { ", .warning, because: \($0)" } ?? ""
        switch constrainedKind(expression, type) {
        case .integer(let value), .number(let value):
            var out: [Statement] = []
            if let bound = c.minimum {
                out.append(.code("c.minimum(\(value), \(bound), \(SwiftLiteral.string(bound))\(level))"))
            }
            if let bound = c.maximum {
                out.append(.code("c.maximum(\(value), \(bound), \(SwiftLiteral.string(bound))\(level))"))
            }
            if let bound = c.exclusiveMinimum {
                out.append(.code("c.exclusiveMinimum(\(value), \(bound), \(SwiftLiteral.string(bound))\(level))"))
            }
            if let bound = c.exclusiveMaximum {
                out.append(.code("c.exclusiveMaximum(\(value), \(bound), \(SwiftLiteral.string(bound))\(level))"))
            }
            return out
        case .string(let value):
            var out: [Statement] = []
            if let bound = c.minLength { out.append(.code("c.minLength(\(value), \(bound)\(level))")) }
            if let bound = c.maxLength { out.append(.code("c.maxLength(\(value), \(bound)\(level))")) }
            if let pattern = c.pattern {
                out.append(.code("c.pattern(\(value), \(SwiftLiteral.string(pattern))\(level))"))
            }
            if let format = c.format {
                out.append(.code("c.format(\(value), \(SwiftLiteral.string(format.rawValue))\(level))"))
            }
            return out
        case .array(let value):
            var out: [Statement] = []
            if let bound = c.minItems { out.append(.code("c.minItems(\(value).count, \(bound)\(level))")) }
            if let bound = c.maxItems { out.append(.code("c.maxItems(\(value).count, \(bound)\(level))")) }
            return out
        case .map(let value):
            var out: [Statement] = []
            if let bound = c.minProperties { out.append(.code("c.minProperties(\(value).count, \(bound)\(level))")) }
            if let bound = c.maxProperties { out.append(.code("c.maxProperties(\(value).count, \(bound)\(level))")) }
            return out
        case .oneOf(let variants):
            var cases: [SwitchCase] = []
            for variant in variants {
                let body = constraintChecks("value", variant.type, c, severity: severity, depth: depth + 1)
                if !body.isEmpty { cases.append(SwitchCase([variant.pattern], body)) }
            }
            guard !cases.isEmpty else { return [] }
            if cases.count < variants.count { cases.append(.default([])) }
            return [.switch(expression, cases)]
        case .none:
            return []
        }
    }

    // MARK: - Enumerations and unions

    func enumChecks(_ decl: TypeDecl, _ enumType: EnumType) -> [Statement] {
        guard context.isOpen(decl.name) else { return [] }
        let allowed = SwiftLiteral.stringArray(enumType.values.map(\.value))
        return [
            .if(
                [
                    ConditionalBranch(
                        "case .unknown(let value) = self",
                        [
                            .code("c.unknownValue(value, allowed: \(allowed))")
                        ])
                ], else: nil)
        ]
    }

    func unionChecks(_ decl: TypeDecl, _ union: UnionType) -> [Statement] {
        var cases: [SwitchCase] = []
        for variant in union.variants {
            var body: [Statement] = []
            if let beta = variant.beta ?? context.decl(variant.type)?.beta {
                let index: Int
                if case .object(let object)? = context.decl(variant.type)?.kind {
                    index = object.fields.firstIndex { $0.name == union.discriminator } ?? 0
                } else {
                    index = 0
                }
                body.append(
                    .closure(
                        "c.member(\(SwiftLiteral.string(union.discriminator)), \(index))", parameters: "c",
                        body: [
                            .code(
                                "c.feature(\(SwiftLiteral.string(beta)), \(SwiftLiteral.string("\(union.discriminator) '\(variant.tag)'")))"
                            )
                        ]))
            }
            var binding = ""
            if case .object(let object)? = context.decl(variant.type)?.kind, context.decl(variant.type)?.beta != nil {
                if Self.membersNeedCheck(object, needsCheck) {
                    body.append(.code("value.checkMembers(&c)"))
                    binding = "(let value)"
                }
            } else if needsCheck[variant.type] == true {
                body.append(.code("value.check(&c)"))
                binding = "(let value)"
            }
            if !body.isEmpty {
                cases.append(SwitchCase([".\(Names.escaped(Names.enumCase(variant.tag)))\(binding)"], body))
            }
        }
        if context.isOpen(decl.name) {
            let tags = SwiftLiteral.stringArray(union.variants.map(\.tag))
            cases.append(
                SwitchCase(
                    [".unknown(let json)"],
                    [
                        .code(
                            "c.unknownVariant(json, discriminator: \(SwiftLiteral.string(union.discriminator)), union: \(SwiftLiteral.string(decl.name)), allowed: \(tags))"
                        )
                    ]))
        }
        guard !cases.isEmpty else { return [] }
        if cases.count < union.variants.count + (context.isOpen(decl.name) ? 1 : 0) { cases.append(.default([])) }
        return [.switch("self", cases)]
    }

    func oneOfChecks(_ oneOf: OneOfType) -> [Statement] {
        var cases: [SwitchCase] = []
        for variant in oneOf.variants {
            let body = valueChecks("value", variant.type, nil, depth: 0)
            if !body.isEmpty {
                cases.append(SwitchCase([".\(Names.escaped(Names.enumCase(variant.name)))(let value)"], body))
            }
        }
        guard !cases.isEmpty else { return [] }
        if cases.count < oneOf.variants.count { cases.append(.default([])) }
        return [.switch("self", cases)]
    }

    // MARK: - Rules

    /// What a rule operand lookup produces when the value is present (and not null).
    enum LookupResult {
        /// `present.append(path)`.
        case appendPath(String)
        /// `name = path`.
        case assignPath(String)
        /// `name = (number, path)`.
        case assignNumberAndPath(String)
        /// `name = number`.
        case assignNumber(String)
        /// `name = true`.
        case flag(String)
    }

    func ruleChecks(_ rule: Rule, _ object: ObjectType) -> [Statement] {
        let id = "ViolationMessages.RuleID.rule(\(SwiftLiteral.string(rule.id)))"
        let message = SwiftLiteral.string(rule.message)
        let severity = rule.severity == .warning ? ", .warning" : ""
        var body: [Statement] = [.comment("Rule \(rule.id)")]
        switch rule.condition {
        case .exclusive(let paths):
            body.append(.code("var present: [[(String, Int)]] = []"))
            for path in paths {
                body += lookup(path.segments, object, base: "self", path: [], depth: 0, result: .appendPath("present"))
            }
            body.append(
                .if(
                    [
                        ConditionalBranch(
                            "present.count > 1",
                            [
                                .code("c.report("), .code("    at: present[1], \(id),"),
                                .code("    \(message)\(severity))"),
                            ])
                    ], else: nil))
        case .lessThan(let a, let b):
            body.append(.code("var left: (value: Double, path: [(String, Int)])? = nil"))
            body.append(.code("var right: Double? = nil"))
            body += lookup(a.segments, object, base: "self", path: [], depth: 0, result: .assignNumberAndPath("left"))
            body += lookup(b.segments, object, base: "self", path: [], depth: 0, result: .assignNumber("right"))
            body.append(
                .if(
                    [
                        ConditionalBranch(
                            "let left, let right, !(left.value < right)",
                            [
                                .code("c.report("), .code("    at: left.path, \(id),"),
                                .code("    \(message)\(severity))"),
                            ])
                    ], else: nil))
        case .requires(let a, let b):
            body.append(.code("var present: [(String, Int)]? = nil"))
            body.append(.code("var required = false"))
            body += lookup(a.segments, object, base: "self", path: [], depth: 0, result: .assignPath("present"))
            body += lookup(b.segments, object, base: "self", path: [], depth: 0, result: .flag("required"))
            body.append(
                .if(
                    [
                        ConditionalBranch(
                            "let present, !required",
                            [
                                .code("c.report("), .code("    at: present, \(id),"),
                                .code("    \(message)\(severity))"),
                            ])
                    ], else: nil))
        }
        return body
    }

    /// Statements that find the value at `segments` below `base` (an object) and record it as `result` says.
    func lookup(
        _ segments: [String], _ object: ObjectType, base: String, path: [String], depth: Int, result: LookupResult
    ) -> [Statement] {
        guard let name = segments.first, let index = object.fields.firstIndex(where: { $0.name == name }) else {
            return []
        }
        let field = object.fields[index]
        let path = path + ["(\(SwiftLiteral.string(name)), \(index))"]
        let access = "\(base).\(Names.escaped(Names.property(name)))"
        let variable = "value\(depth == 0 ? "" : String(depth))"
        let rest = Array(segments.dropFirst())
        let inner: (String) -> [Statement] = { value in
            if rest.isEmpty {
                return record(result, value: value, type: field.constant?.typeRef ?? field.type, path: path)
            }
            return descend(rest, into: field.type, value: value, path: path, depth: depth + 1, result: result)
        }
        if let constant = field.constant {
            return inner(TranslationContext.literal(constant))
        }
        let usesValue: Bool
        switch result {
        case .appendPath, .assignPath, .flag: usesValue = !rest.isEmpty
        case .assignNumber, .assignNumberAndPath: usesValue = true
        }
        if !usesValue {
            switch (field.required, field.nullable) {
            case (true, false): return inner(access)
            case (true, true), (false, false):
                return [.if([ConditionalBranch("\(access) != nil", inner(access))], else: nil)]
            case (false, true): return [.if([ConditionalBranch("\(access)?.value != nil", inner(access))], else: nil)]
            }
        }
        switch (field.required, field.nullable) {
        case (true, false):
            return inner(access)
        case (true, true), (false, false):
            return [.if([ConditionalBranch("let \(variable) = \(access)", inner(variable))], else: nil)]
        case (false, true):
            return [.if([ConditionalBranch("let \(variable) = \(access)?.value", inner(variable))], else: nil)]
        }
    }

    /// Continues a lookup through the value of a field of type `type`.
    func descend(
        _ segments: [String], into type: TypeRef, value: String, path: [String], depth: Int, result: LookupResult
    ) -> [Statement] {
        guard case .named(let name) = type, let decl = context.decl(name) else { return [] }
        switch decl.kind {
        case .object(let object):
            return lookup(segments, object, base: value, path: path, depth: depth, result: result)
        case .alias(let base, _):
            return descend(segments, into: base, value: value, path: path, depth: depth, result: result)
        case .union(let union):
            var cases: [SwitchCase] = []
            for variant in union.variants {
                guard case .object(let object)? = context.decl(variant.type)?.kind,
                    object.field(named: segments[0]) != nil
                else { continue }
                let variable = "value\(depth)"
                cases.append(
                    SwitchCase(
                        [".\(Names.escaped(Names.enumCase(variant.tag)))(let \(variable))"],
                        lookup(segments, object, base: variable, path: path, depth: depth, result: result)))
            }
            guard !cases.isEmpty else { return [] }
            cases.append(.default([]))
            return [.switch(value, cases)]
        case .oneOf(let oneOf):
            var cases: [SwitchCase] = []
            for variant in oneOf.variants {
                let variable = "value\(depth)"
                let body = descend(
                    segments, into: variant.type, value: variable, path: path, depth: depth + 1, result: result)
                if !body.isEmpty {
                    cases.append(SwitchCase([".\(Names.escaped(Names.enumCase(variant.name)))(let \(variable))"], body))
                }
            }
            guard !cases.isEmpty else { return [] }
            cases.append(.default([]))
            return [.switch(value, cases)]
        case .enumeration, .constant:
            return []
        }
    }

    func record(_ result: LookupResult, value: String, type: TypeRef, path: [String]) -> [Statement] {
        let pathLiteral = "[" + path.joined(separator: ", ") + "]"
        switch result {
        case .appendPath(let name): return [.code("\(name).append(\(pathLiteral))")]
        case .assignPath(let name): return [.code("\(name) = \(pathLiteral)")]
        case .flag(let name): return [.code("\(name) = true")]
        case .assignNumber(let name): return [.code("\(name) = \(number(value, type))")]
        case .assignNumberAndPath(let name): return [.code("\(name) = (\(number(value, type)), \(pathLiteral))")]
        }
    }

    /// The value as a `Double`.
    func number(_ value: String, _ type: TypeRef) -> String {
        switch type {
        case .number: return value
        case .named(let name):
            if case .alias(let base, _)? = context.decl(name)?.kind { return number(value, base) }
            return "Double(\(value))"
        default: return "Double(\(value))"
        }
    }
}
