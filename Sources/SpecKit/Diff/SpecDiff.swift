import SpecModel
import SpecValidation

/// What a change between two versions of a spec does to the people who use it.
public enum ChangeClass: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A request valid under the old spec is invalid under the new one.
    case breaksRequests = "breaks-requests"
    /// A response, event or error an old generated client decodes becomes one it rejects or misreads.
    case breaksDecoding = "breaks-decoding"
    /// The generated Swift API changes for callers: code that compiled stops compiling.
    case breaksSource = "breaks-source"
    /// An addition or a relaxation.
    case compatible
    /// Documentation only.
    case docsOnly = "docs-only"

    /// Whether the class breaks someone.
    public var isBreaking: Bool { self == .breaksRequests || self == .breaksDecoding || self == .breaksSource }

    /// In words, for messages: "breaks requests".
    public var words: String { rawValue.replacing("-", with: " ") }

    /// Orders by the declaration order above.
    public static func < (a: ChangeClass, b: ChangeClass) -> Bool {
        let order = allCases
        return (order.firstIndex(of: a) ?? 0) < (order.firstIndex(of: b) ?? 0)
    }
}

/// One difference between two specs.
public struct SpecChange: Sendable, Hashable {
    /// A stable id of the kind of change, e.g. `field.now-required` (the ignore file uses it).
    public var id: String
    /// What changed, e.g. `MessageCreateParams.max_tokens` or `StopReason.refusal`.
    public var path: String
    /// Everyone it affects; empty never.
    public var classes: [ChangeClass]
    /// What changed and what it means.
    public var message: String
    /// Where: in the new spec, or in the old one for removals.
    public var location: SourceLocation?

    /// Creates a change.
    public init(id: String, path: String, classes: [ChangeClass], message: String, location: SourceLocation?) {
        self.id = id
        self.path = path
        self.classes = Array(Set(classes)).sorted()
        self.message = message
        self.location = location
    }

    /// Whether any of its classes breaks someone.
    public var isBreaking: Bool { classes.contains(where: \.isBreaking) }
}

/// Compares two resolved specs type by type, field by field, with the direction of each type in mind: a change
/// to a type the client sends is judged by the requests it admits, a change to a type it receives by what an old
/// client decodes (generated clients keep unknown fields, enum values and union tags of received types).
public struct SpecDiff {
    let old: Spec
    let new: Spec
    let oldSent: Set<String>
    let newSent: Set<String>
    let oldReceived: Set<String>
    let newReceived: Set<String>
    /// Types and endpoints renamed between the two.
    let alignment: TypeAlignment
    var changes: [SpecChange] = []

    /// Every change from `old` to `new`, in the order of the new spec (removals where the old spec had them).
    public static func compare(_ old: Spec, _ new: Spec) -> [SpecChange] {
        var diff = SpecDiff(old: old, new: new)
        diff.run()
        return diff.changes
    }

    init(old: Spec, new: Spec) {
        self.old = old
        self.new = new
        oldSent = old.sentTypes
        newSent = new.sentTypes
        oldReceived = old.receivedTypes
        newReceived = new.receivedTypes
        alignment = TypeAlignment(old: old, new: new)
    }

    /// Whether type `name` (of the new spec, or of the old one if it was removed) is sent in either spec.
    func sent(_ name: String) -> Bool {
        oldSent.contains(alignment.oldName[name] ?? name) || newSent.contains(name)
    }
    /// Whether type `name` (of the new spec, or of the old one if it was removed) is received in either spec.
    func received(_ name: String) -> Bool {
        oldReceived.contains(alignment.oldName[name] ?? name) || newReceived.contains(name)
    }

    /// Whether `a` (old) and `b` (new) are the same type on the wire, renames aside.
    func same(_ a: TypeRef?, _ b: TypeRef?) -> Bool { alignment.same(a, b, old: old, new: new) }

    mutating func add(
        _ id: String, _ path: String, _ classes: [ChangeClass], _ message: String, at location: SourceLocation?
    ) {
        changes.append(SpecChange(id: id, path: path, classes: classes, message: message, location: location))
    }

    mutating func run() {
        compareEndpoints()
        for decl in new.types {
            if let before = old.type(named: alignment.oldName[decl.name] ?? decl.name) {
                if before.name != decl.name {
                    add(
                        "type.renamed", decl.name, [.breaksSource],
                        "type '\(before.name)' is now '\(decl.name)' (found in the same place); Swift code naming '\(before.name)' stops compiling",
                        at: decl.location)
                }
                compareType(before, decl)
            } else {
                add("type.added", decl.name, [.compatible], "type '\(decl.name)' is new", at: decl.location)
            }
        }
        // Old types that became a new type another old type became too.
        for decl in old.types {
            guard let name = alignment.newName[decl.name], alignment.oldName[name] != decl.name,
                let after = new.type(named: name)
            else { continue }
            add(
                "type.renamed", name, [.breaksSource],
                "type '\(decl.name)' is now '\(name)' (found in the same place); Swift code naming '\(decl.name)' stops compiling",
                at: after.location)
            compareType(decl, after)
        }
        var seen: Set<[String]> = []
        changes = changes.filter { seen.insert([$0.id, $0.path, $0.message]).inserted }
        let newNames = Set(new.types.map(\.name))
        for decl in old.types where !newNames.contains(alignment.renamed(decl.name)) {
            add(
                "type.removed", decl.name, [.breaksSource],
                "type '\(decl.name)' was removed; Swift code naming it stops compiling", at: decl.location)
        }
    }

    // MARK: - Endpoints

    mutating func compareEndpoints() {
        for endpoint in new.endpoints {
            let oldName = alignment.endpoints.first { $0.value == endpoint.name }?.key ?? endpoint.name
            guard let before = old.endpoint(named: oldName) else {
                add(
                    "endpoint.added", endpoint.name, [.compatible],
                    "endpoint '\(endpoint.name)' (\(endpoint.method) \(endpoint.path)) is new", at: endpoint.location)
                continue
            }
            if before.name != endpoint.name {
                add(
                    "endpoint.renamed", endpoint.name, [.breaksSource],
                    "endpoint '\(before.name)' (\(endpoint.method) \(endpoint.path)) is now '\(endpoint.name)'; Swift code calling '\(before.name)' stops compiling",
                    at: endpoint.location)
            }
            if before.method != endpoint.method || before.path != endpoint.path {
                add(
                    "endpoint.moved", endpoint.name, [.breaksRequests],
                    "endpoint '\(endpoint.name)' moved from \(before.method) \(before.path) to \(endpoint.method) \(endpoint.path); old clients call the old place",
                    at: endpoint.location)
            }
            for (part, was, now) in [
                ("request", before.request, endpoint.request),
                ("response", Optional(before.response), Optional(endpoint.response)),
                ("error", before.error, endpoint.error),
            ] where !same(was, now) {
                let classes: [ChangeClass] =
                    part == "request" ? [.breaksRequests, .breaksSource] : [.breaksDecoding, .breaksSource]
                add(
                    "endpoint.\(part)-changed", "\(endpoint.name).\(part)", classes,
                    "the \(part) of '\(endpoint.name)' changed from '\(was.map(\.description) ?? "none")' to '\(now.map(\.description) ?? "none")'",
                    at: endpoint.location)
            }
            var stream = before.stream
            if let was = before.stream {
                stream?.events = alignment.renamed(was.events)
                stream?.error = was.error.map(alignment.renamed)
            }
            if stream != endpoint.stream {
                add(
                    "endpoint.stream-changed", "\(endpoint.name).stream", [.breaksDecoding],
                    "the streaming of '\(endpoint.name)' changed",
                    at: endpoint.partLocations.streamField ?? endpoint.location)
            }
        }
        for endpoint in old.endpoints
        where !new.endpoints.contains(where: { $0.name == (alignment.endpoints[endpoint.name] ?? endpoint.name) }) {
            add(
                "endpoint.removed", endpoint.name, [.breaksRequests, .breaksSource],
                "endpoint '\(endpoint.name)' (\(endpoint.method) \(endpoint.path)) was removed", at: endpoint.location)
        }
    }

    // MARK: - Types

    mutating func compareType(_ before: TypeDecl, _ after: TypeDecl) {
        let name = after.name
        if before.doc != after.doc {
            add("doc.changed", name, [.docsOnly], "the documentation of '\(name)' changed", at: after.location)
        }
        if before.deprecated == nil, let message = after.deprecated {
            add(
                "deprecated.added", name, [.compatible],
                "'\(name)' is now deprecated" + (message.isEmpty ? "" : ": \(message)"), at: after.location)
        }
        compareBeta(before.beta, after.beta, path: name, what: "type '\(name)'", at: after.location)
        switch (before.kind, after.kind) {
        case (.object(let a), .object(let b)): compareObject(name, a, b, removedAt: before.location)
        case (.enumeration(let a), .enumeration(let b)):
            compareEnum(name, a, b, at: after.location, removedAt: before.location)
        case (.union(let a), .union(let b)): compareUnion(name, a, b, at: after.location)
        case (.oneOf(let a), .oneOf(let b)): compareOneOf(name, a, b, at: after.location)
        case (.constant(let a), .constant(let b)) where a != b:
            add(
                "const.changed", name, directional(name, request: true, decoding: true, source: false),
                "constant '\(name)' changed from \(a) to \(b)", at: after.location)
        case (.alias(let a, let ca), .alias(let b, let cb)):
            if !same(a, b) {
                add(
                    "type.changed", name, directional(name, request: true, decoding: true, source: true),
                    "'\(name)' changed from \(a) to \(b)", at: after.location)
            }
            compareChecks(ca, cb, path: name, what: "'\(name)'", type: b, at: after.location)
        case (.constant, .constant):
            break
        case (.union(let union), .object)
        where union.variants.count == 1 && union.defaultTag == nil
            && alignment.renamed(union.variants[0].type) == name:
            break  // a union of one variant is that variant on the wire
        default:
            add(
                "type.kind-changed", name, directional(name, request: true, decoding: true, source: true),
                "'\(name)' changed from a \(before.kindName) to a \(after.kindName)", at: after.location)
        }
    }

    /// The classes of a change to type `name`, by its direction: request-breaking if sent, decoding-breaking if
    /// received, source-breaking if `source`.
    func directional(_ name: String, request: Bool, decoding: Bool, source: Bool) -> [ChangeClass] {
        var classes: [ChangeClass] = []
        if request && sent(name) { classes.append(.breaksRequests) }
        if decoding && received(name) { classes.append(.breaksDecoding) }
        if source { classes.append(.breaksSource) }
        return classes.isEmpty ? [.compatible] : classes
    }

    mutating func compareBeta(_ was: String?, _ now: String?, path: String, what: String, at location: SourceLocation?)
    {
        guard was != now else { return }
        if let now {
            add(
                "beta.required", path, [.breaksRequests],
                "\(what) now needs the beta feature '\(now)'" + (was.map { " (was '\($0)')" } ?? ""), at: location)
        } else if let was {
            add("beta.dropped", path, [.compatible], "\(what) no longer needs the beta feature '\(was)'", at: location)
        }
    }

    mutating func compareObject(_ name: String, _ a: ObjectType, _ b: ObjectType, removedAt oldLocation: SourceLocation)
    {
        let location = new.type(named: name)?.location
        if a.allowsAdditional && !b.allowsAdditional {
            var classes: [ChangeClass] = []
            if sent(name) { classes.append(.breaksRequests) }
            add(
                "object.closed", name, classes.isEmpty ? [.compatible] : classes,
                "'\(name)' no longer accepts unknown fields", at: location)
        } else if !a.allowsAdditional && b.allowsAdditional {
            add("object.opened", name, [.compatible], "'\(name)' now accepts unknown fields", at: location)
        }
        for field in b.fields {
            let path = "\(name).\(field.name)"
            guard let was = a.field(named: field.name) else {
                if field.required && field.constant == nil {
                    add(
                        "field.added-required", path, directional(name, request: true, decoding: false, source: true),
                        "field '\(field.name)' of '\(name)' is new and required; requests without it fail and the Swift initializer has a new parameter",
                        at: field.location)
                } else {
                    add(
                        "field.added", path, [.compatible], "field '\(field.name)' of '\(name)' is new",
                        at: field.location)
                }
                continue
            }
            compareField(name, was, field)
        }
        for field in a.fields where b.field(named: field.name) == nil {
            let path = "\(name).\(field.name)"
            var classes: [ChangeClass] = [.breaksSource]
            if sent(name) && !b.allowsAdditional { classes.append(.breaksRequests) }
            if received(name) && field.required { classes.append(.breaksDecoding) }
            add(
                "field.removed", path, classes,
                "field '\(field.name)' of '\(name)' was removed"
                    + (sent(name) && !b.allowsAdditional
                        ? "; requests that send it fail as unknown" : ""),
                at: field.location)
        }
        let oldRules = Dictionary(a.requestRules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(b.requestRules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in b.requestRules {
            guard let was = oldRules[rule.id] else {
                add(
                    "rule.added", "\(name).rule.\(rule.id)",
                    rule.severity == .error ? [.breaksRequests] : [.compatible],
                    "request rule '\(rule.id)' is new"
                        + (rule.severity == .error ? "; requests it rejects now fail" : " (a warning)"),
                    at: b.requestRuleLocations[rule.id] ?? location)
                continue
            }
            if was.severity != .error && rule.severity == .error {
                add(
                    "rule.now-error", "\(name).rule.\(rule.id)", [.breaksRequests],
                    "request rule '\(rule.id)' is an error now (was a \(was.severity.rawValue))",
                    at: b.requestRuleLocations[rule.id] ?? location)
            } else if was != rule {
                var reworded = was
                reworded.message = rule.message
                reworded.note = rule.note
                reworded.severity = rule.severity
                let onlyWords = reworded == rule
                let breaks = rule.severity == .error && !onlyWords
                add(
                    "rule.changed", "\(name).rule.\(rule.id)", breaks ? [.breaksRequests] : [.compatible],
                    onlyWords
                        ? "the message of request rule '\(rule.id)' changed"
                        : "request rule '\(rule.id)' changed"
                            + (breaks ? "; requests may be judged differently" : " (it is a warning now)"),
                    at: b.requestRuleLocations[rule.id] ?? location)
            }
        }
        for rule in a.requestRules where newRules[rule.id] == nil {
            add(
                "rule.removed", "\(name).rule.\(rule.id)", [.compatible], "request rule '\(rule.id)' was removed",
                at: a.requestRuleLocations[rule.id] ?? oldLocation)
        }
    }

    mutating func compareField(_ owner: String, _ a: Field, _ b: Field) {
        let path = "\(owner).\(b.name)"
        let at = b.location
        let what = "field '\(b.name)' of '\(owner)'"
        if a.doc != b.doc { add("doc.changed", path, [.docsOnly], "the documentation of \(what) changed", at: at) }
        if a.deprecated == nil, let message = b.deprecated {
            add(
                "deprecated.added", path, [.compatible],
                "\(what) is now deprecated" + (message.isEmpty ? "" : ": \(message)"), at: at)
        }
        if a.defaultValue != b.defaultValue {
            add(
                "default.changed", path, [.compatible],
                "the default of \(what) changed from \(a.defaultValue?.description ?? "none") to \(b.defaultValue?.description ?? "none") (the server assumes it when the field is absent)",
                at: at)
        }
        compareBeta(a.beta, b.beta, path: path, what: what, at: at)
        if !same(a.type, b.type) {
            let widened = a.type == .integer && b.type == .number
            var classes: [ChangeClass] = [.breaksSource]
            if sent(owner) && !widened { classes.append(.breaksRequests) }
            if received(owner) { classes.append(.breaksDecoding) }
            add("field.type-changed", path, classes, "\(what) changed type from \(a.type) to \(b.type)", at: at)
        }
        if a.constant != b.constant {
            add(
                "field.const-changed", path, directional(owner, request: true, decoding: true, source: false),
                "\(what) changed its constant from \(a.constant?.description ?? "none") to \(b.constant?.description ?? "none")",
                at: at)
        }
        if !a.required && b.required {
            add(
                "field.now-required", path, directional(owner, request: true, decoding: false, source: true),
                "\(what) is now required; " + (sent(owner) ? "requests without it fail and " : "")
                    + "its Swift property is no longer optional",
                at: at)
        } else if a.required && !b.required {
            add(
                "field.now-optional", path, directional(owner, request: false, decoding: true, source: true),
                "\(what) is now optional; "
                    + (received(owner) ? "old clients that require it fail when it is absent, and " : "")
                    + "its Swift property becomes optional",
                at: at)
        }
        if a.nullable && !b.nullable {
            add(
                "field.no-longer-nullable", path, directional(owner, request: true, decoding: false, source: true),
                "\(what) no longer accepts null", at: at)
        } else if !a.nullable && b.nullable {
            add(
                "field.now-nullable", path, directional(owner, request: false, decoding: true, source: true),
                "\(what) may now be null" + (received(owner) ? "; old clients cannot decode null there" : ""), at: at)
        }
        compareChecks(
            Self.effectiveChecks(a, in: old), Self.effectiveChecks(b, in: new), path: path, what: what, type: b.type,
            at: at)
    }

    /// The checks on a field's values: its own, and those of the named scalar it uses (`name: { type: ToolName }`
    /// checks what `name: { type: string, pattern: … }` checks), the field's own winning.
    static func effectiveChecks(_ field: Field, in spec: Spec) -> Checks {
        guard case .named(let name) = field.type, case .alias(_, let alias)? = spec.type(named: name)?.kind else {
            return field.checks
        }
        var checks = field.checks
        checks.errors.inherit(alias.errors)
        checks.warnings.inherit(alias.warnings)
        if checks.warningMessage == nil { checks.warningMessage = alias.warningMessage }
        return checks
    }

    // MARK: - Constraints

    mutating func compareChecks(
        _ a: Checks, _ b: Checks, path: String, what: String, type: TypeRef, at location: SourceLocation?
    ) {
        let owner = String(path.split(separator: ".").first ?? "")
        func bound(_ key: String, _ was: String?, _ now: String?, lowerIsNarrower: Bool) {
            guard was != now else { return }
            let narrowed: Bool
            switch (was, now) {
            case (nil, _?): narrowed = true
            case (_?, nil): narrowed = false
            case (let w?, let n?):
                let wv = Double(w) ?? 0
                let nv = Double(n) ?? 0
                narrowed = lowerIsNarrower ? nv < wv : nv > wv
            default: return
            }
            let change = "'\(key)' of \(what) went from \(was ?? "none") to \(now ?? "none")"
            let at = b.errors.location(of: key) ?? location
            if narrowed {
                add(
                    "constraint.narrowed", path + "." + key, sent(owner) ? [.breaksRequests] : [.compatible],
                    change + (sent(owner) ? "; requests outside the new bound fail" : ""), at: at)
            } else {
                add("constraint.widened", path + "." + key, [.compatible], change, at: at)
            }
        }
        let e = (a.errors, b.errors)
        bound("minimum", e.0.minimum, e.1.minimum, lowerIsNarrower: false)
        bound("exclusive_minimum", e.0.exclusiveMinimum, e.1.exclusiveMinimum, lowerIsNarrower: false)
        bound("maximum", e.0.maximum, e.1.maximum, lowerIsNarrower: true)
        bound("exclusive_maximum", e.0.exclusiveMaximum, e.1.exclusiveMaximum, lowerIsNarrower: true)
        bound("min_length", e.0.minLength.map(String.init), e.1.minLength.map(String.init), lowerIsNarrower: false)
        bound("max_length", e.0.maxLength.map(String.init), e.1.maxLength.map(String.init), lowerIsNarrower: true)
        bound("min_items", e.0.minItems.map(String.init), e.1.minItems.map(String.init), lowerIsNarrower: false)
        bound("max_items", e.0.maxItems.map(String.init), e.1.maxItems.map(String.init), lowerIsNarrower: true)
        bound(
            "min_properties", e.0.minProperties.map(String.init), e.1.minProperties.map(String.init),
            lowerIsNarrower: false)
        bound(
            "max_properties", e.0.maxProperties.map(String.init), e.1.maxProperties.map(String.init),
            lowerIsNarrower: true)
        for (key, was, now) in [
            ("pattern", e.0.pattern.map(PatternMatcher.stripAnchors), e.1.pattern.map(PatternMatcher.stripAnchors)),
            ("format", e.0.format?.rawValue, e.1.format?.rawValue),
        ] where was != now {
            let change =
                "'\(key)' of \(what) went from \(was.map { "'\($0)'" } ?? "none") to \(now.map { "'\($0)'" } ?? "none")"
            let at = b.errors.location(of: key) ?? location
            if now == nil {
                add("constraint.widened", path + "." + key, [.compatible], change, at: at)
            } else {
                add(
                    "constraint.narrowed", path + "." + key, sent(owner) ? [.breaksRequests] : [.compatible],
                    change + (sent(owner) ? "; requests that do not match fail" : ""), at: at)
            }
        }
        if a.warnings.withoutLocations != b.warnings.withoutLocations || a.warningMessage != b.warningMessage {
            add("warning.changed", path, [.compatible], "the warnings on \(what) changed", at: location)
        }
    }

    // MARK: - Enumerations and unions

    mutating func compareEnum(
        _ name: String, _ a: EnumType, _ b: EnumType, at location: SourceLocation?,
        removedAt oldLocation: SourceLocation
    ) {
        let oldValues = Set(a.values.map(\.value))
        let newValues = Set(b.values.map(\.value))
        for value in b.values where !oldValues.contains(value.value) {
            add(
                "enum.value-added", "\(name).\(value.value)", [.breaksSource],
                "'\(name)' has the new value '\(value.value)'; exhaustive Swift switches over it need the new case"
                    + (received(name) ? " (old clients decode it as unknown)" : ""), at: value.location ?? location)
        }
        for value in a.values where !newValues.contains(value.value) {
            var classes: [ChangeClass] = [.breaksSource]
            if sent(name) { classes.append(.breaksRequests) }
            add(
                "enum.value-removed", "\(name).\(value.value)", classes,
                "'\(name)' lost the value '\(value.value)'" + (sent(name) ? "; requests that send it fail" : ""),
                at: value.location ?? oldLocation)
        }
        for value in b.values {
            if let before = a.values.first(where: { $0.value == value.value }), before.doc != value.doc {
                add(
                    "doc.changed", "\(name).\(value.value)", [.docsOnly],
                    "the documentation of '\(name)' value '\(value.value)' changed", at: value.location ?? location)
            }
        }
    }

    mutating func compareUnion(_ name: String, _ a: UnionType, _ b: UnionType, at location: SourceLocation?) {
        if a.discriminator != b.discriminator {
            add(
                "union.discriminator-changed", name, directional(name, request: true, decoding: true, source: false),
                "the discriminator of '\(name)' changed from '\(a.discriminator)' to '\(b.discriminator)'", at: location
            )
        }
        for variant in b.variants {
            guard let was = a.variant(tagged: variant.tag) else {
                add(
                    "union.variant-added", "\(name).\(variant.tag)", [.breaksSource],
                    "'\(name)' has the new variant '\(variant.tag)'; exhaustive Swift switches over it need the new case"
                        + (received(name) ? " (old clients keep it as unknown)" : ""), at: variant.location ?? location)
                continue
            }
            if !same(.named(was.type), .named(variant.type)) {
                add(
                    "union.variant-type-changed", "\(name).\(variant.tag)",
                    directional(name, request: true, decoding: true, source: true),
                    "variant '\(variant.tag)' of '\(name)' changed from '\(was.type)' to '\(variant.type)'",
                    at: variant.location ?? location)
            }
            compareBeta(
                was.beta, variant.beta, path: "\(name).\(variant.tag)", what: "variant '\(variant.tag)' of '\(name)'",
                at: variant.location ?? location)
        }
        for variant in a.variants where b.variant(tagged: variant.tag) == nil {
            var classes: [ChangeClass] = [.breaksSource]
            if sent(name) { classes.append(.breaksRequests) }
            add(
                "union.variant-removed", "\(name).\(variant.tag)", classes,
                "'\(name)' lost the variant '\(variant.tag)'" + (sent(name) ? "; requests that send it fail" : ""),
                at: variant.location ?? location)
        }
    }

    mutating func compareOneOf(_ name: String, _ a: OneOfType, _ b: OneOfType, at location: SourceLocation?) {
        let pairs = TypeAlignment.matchAlternatives(a, b, old: old, new: new)
        for (j, variant) in b.variants.enumerated() where !pairs.contains(where: { $0.1 == j }) {
            // Generated oneof decoders have no unknown case: a new alternative in a received type fails old clients.
            add(
                "oneof.variant-added", "\(name).\(variant.name)",
                received(name) ? [.breaksSource, .breaksDecoding] : [.breaksSource],
                "'\(name)' accepts a new alternative '\(variant.name)' (\(variant.type))",
                at: variant.location ?? location)
        }
        for (i, variant) in a.variants.enumerated() {
            guard let j = pairs.first(where: { $0.0 == i })?.1 else {
                var classes: [ChangeClass] = [.breaksSource]
                if sent(name) { classes.append(.breaksRequests) }
                add(
                    "oneof.variant-removed", "\(name).\(variant.name)", classes,
                    "'\(name)' no longer accepts the alternative '\(variant.name)' (\(variant.type))",
                    at: variant.location ?? location)
                continue
            }
            let now = b.variants[j]
            if now.name != variant.name {
                add(
                    "oneof.variant-renamed", "\(name).\(now.name)", [.breaksSource],
                    "alternative '\(variant.name)' of '\(name)' is now '\(now.name)' (the same JSON kind); Swift code naming the case stops compiling",
                    at: now.location ?? location)
            }
            if !same(variant.type, now.type) {
                add(
                    "oneof.variant-type-changed", "\(name).\(now.name)",
                    directional(name, request: true, decoding: true, source: true),
                    "alternative '\(now.name)' of '\(name)' changed from \(variant.type) to \(now.type)",
                    at: now.location ?? location)
            }
        }
    }
}

extension Constraints {
    /// Takes every constraint of `other` this one does not set.
    mutating func inherit(_ other: Constraints) {
        minimum = minimum ?? other.minimum
        maximum = maximum ?? other.maximum
        exclusiveMinimum = exclusiveMinimum ?? other.exclusiveMinimum
        exclusiveMaximum = exclusiveMaximum ?? other.exclusiveMaximum
        minLength = minLength ?? other.minLength
        maxLength = maxLength ?? other.maxLength
        pattern = pattern ?? other.pattern
        format = format ?? other.format
        minItems = minItems ?? other.minItems
        maxItems = maxItems ?? other.maxItems
        minProperties = minProperties ?? other.minProperties
        maxProperties = maxProperties ?? other.maxProperties
        locations.merge(other.locations) { own, _ in own }
    }

    /// The constraints without where they are written, for comparing two specs.
    var withoutLocations: Constraints {
        var bare = self
        bare.locations = [:]
        return bare
    }
}
