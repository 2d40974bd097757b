import Foundation
import SpecKit
import Testing

// The lint corpus: request bodies under Tests/Fixtures/requests, checked against Spec/messages.yaml.
//
//   valid/NAME.json           must produce no diagnostics at all, neither errors nor warnings
//                             (requests that should only warn live in warnings/).
//   valid-beta/NAME.json      must produce no diagnostics with the features listed one per line in
//                             NAME.features, and only `beta` errors (at least one) without them.
//   invalid/NAME.json         must produce exactly the diagnostics listed in NAME.expected.
//   warnings/NAME.json        the same, for files that produce warnings but no errors.
//   NAME.headers              optional request headers (`name: value` per line) the file is linted
//                             with, e.g. `anthropic-version: 2023-06-01`.
//
// NAME.expected: one diagnostic per line, `[warning ]POINTER RULE[ ~ TEXT]`. Lines without the
// `warning ` prefix are errors. POINTER is the JSON Pointer of the diagnostic, `/` for the
// document root and `-` for diagnostics without a pointer (JSON syntax errors); TEXT, when given,
// must occur in the message (used for "did you mean" suggestions and the like). The listed set
// must equal the produced set: nothing missing, nothing extra. Empty lines and `#` comments are
// ignored.
//
// The real-world examples in ../shared/api/requests (beside the repository) are checked too when
// that folder exists; see SharedCorpusTests.

/// Paths, the spec and helpers shared by the corpus tests.
enum Corpus {
    /// The repository root: this file is Tests/SpecKitTests/CorpusTests.swift.
    static let repositoryRoot: String = parent(parent(parent(#filePath)))
    /// The project's own fixtures.
    static let fixtures = repositoryRoot + "/Tests/Fixtures/requests"
    /// The shared examples beside the repository (may be absent).
    static let sharedRequests = parent(repositoryRoot) + "/shared/api/requests"

    /// Spec/messages.yaml, loaded and compiled once.
    static let spec: Spec = {
        let result = SpecLoader.load(path: repositoryRoot + "/Spec/messages.yaml")
        precondition(result.isUsable, "Spec/messages.yaml does not load: \(result.diagnostics)")
        return result.spec!
    }()
    static let compiled = CompiledSpec(spec)
    static let requestType: TypeRef = compiled.requestType()!

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func exists(_ path: String, directory: Bool) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && isDirectory.boolValue == directory
    }

    /// The names (without extension) of the files in `directory` ending in `suffix`, sorted.
    static func names(in directory: String, suffix: String = ".json") -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }

    static func fixtureNames(_ folder: String) -> [String] { names(in: fixtures + "/" + folder) }

    static func read(_ path: String) -> String? {
        guard case .success(let bytes) = FileInput.read(path, limit: 16 << 20) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Non-empty, non-comment lines of a text file.
    static func lines(of path: String) -> [String] {
        (read(path) ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func lint(_ path: String, features: Set<String> = [], headers: [String: String] = [:]) -> FileResult {
        Linter(compiled: compiled, type: requestType, features: features, headers: headers).lint(path: path)
    }

    /// The request headers of a fixture, `name: value` per line of NAME.headers (absent: none).
    static func headers(_ path: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in (read(path) ?? "").split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[
                line.index(after: colon)...
            ].trimmingCharacters(in: .whitespaces)
        }
        return headers
    }

    /// `/` for the root pointer and `-` for none, as written in .expected files.
    static func pointer(_ d: Diagnostic) -> String {
        guard let pointer = d.pointer else { return "-" }
        return pointer.isEmpty ? "/" : pointer
    }

    /// A diagnostic as `[warning ]POINTER RULE`, the key of an .expected line.
    static func key(_ d: Diagnostic) -> String {
        (d.severity == .error ? "" : d.severity.rawValue + " ") + pointer(d) + " " + (d.rule ?? "-")
    }

    /// A readable list of diagnostics for failure messages.
    static func describe(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.isEmpty
            ? "(none)"
            : diagnostics.map { d in
                "\(d.location.map { "\($0.line):\($0.column)" } ?? "-") \(key(d)): \(d.message)"
            }.joined(separator: "\n")
    }

    /// One line of an .expected file.
    struct Expectation: Hashable {
        var key: String
        var text: String?

        init(line: String) {
            if let range = line.range(of: " ~ ") {
                key = String(line[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
                text = String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            } else {
                key = line
                text = nil
            }
        }
    }

    static func expectations(_ path: String) -> [Expectation] { lines(of: path).map(Expectation.init(line:)) }
}

@Suite struct CorpusTests {
    // MARK: - Project fixtures

    @Test func fixtureFoldersAreComplete() {
        let valid = Corpus.fixtureNames("valid"), beta = Corpus.fixtureNames("valid-beta")
        let invalid = Corpus.fixtureNames("invalid"), warnings = Corpus.fixtureNames("warnings")
        #expect(valid.count >= 20, "valid/ has only \(valid.count) files")
        #expect(!beta.isEmpty && !invalid.isEmpty && !warnings.isEmpty)
        #expect(
            Corpus.names(in: Corpus.fixtures + "/valid-beta", suffix: ".features") == beta,
            "every valid-beta/NAME.json needs NAME.features and vice versa")
        #expect(
            Corpus.names(in: Corpus.fixtures + "/invalid", suffix: ".expected") == invalid,
            "every invalid/NAME.json needs NAME.expected and vice versa")
        #expect(
            Corpus.names(in: Corpus.fixtures + "/warnings", suffix: ".expected") == warnings,
            "every warnings/NAME.json needs NAME.expected and vice versa")
    }

    @Test(arguments: Corpus.fixtureNames("valid"))
    func validRequestHasNoDiagnostics(_ name: String) {
        let result = Corpus.lint(Corpus.fixtures + "/valid/\(name).json")
        #expect(result.diagnostics.isEmpty, "valid/\(name).json:\n\(Corpus.describe(result.diagnostics))")
        #expect(result.status == .valid)
    }

    @Test(arguments: Corpus.fixtureNames("valid-beta"))
    func betaRequestNeedsItsFeatures(_ name: String) {
        let base = Corpus.fixtures + "/valid-beta/\(name)"
        let features = Set(Corpus.lines(of: base + ".features"))
        let declared = Set(Corpus.spec.api.features.map(\.name))
        #expect(!features.isEmpty, "valid-beta/\(name).features lists no features")
        #expect(features.isSubset(of: declared), "undeclared features: \(features.subtracting(declared).sorted())")

        let with = Corpus.lint(base + ".json", features: features)
        #expect(
            with.diagnostics.isEmpty,
            "valid-beta/\(name).json with \(features.sorted()):\n\(Corpus.describe(with.diagnostics))")

        let without = Corpus.lint(base + ".json")
        let errors = without.diagnostics.filter { $0.severity == .error }
        #expect(!errors.isEmpty, "valid-beta/\(name).json passes without \(features.sorted())")
        #expect(errors.allSatisfy { $0.rule == "beta" }, "only beta errors expected:\n\(Corpus.describe(errors))")
    }

    @Test(
        arguments: Corpus.fixtureNames("invalid").map { "invalid/" + $0 }
            + Corpus.fixtureNames("warnings").map { "warnings/" + $0 })
    func requestProducesExactlyTheExpectedDiagnostics(_ name: String) {
        let base = Corpus.fixtures + "/" + name
        let expected = Corpus.expectations(base + ".expected")
        let result = Corpus.lint(base + ".json", headers: Corpus.headers(base + ".headers"))
        let actual = result.diagnostics
        let report = "\(name).json produced:\n\(Corpus.describe(actual))"

        #expect(!expected.isEmpty, "\(name).expected lists nothing")
        #expect(actual.map(Corpus.key).sorted() == expected.map(\.key).sorted(), "\(report)")
        for e in expected {
            guard let text = e.text else { continue }
            #expect(
                actual.contains { Corpus.key($0) == e.key && $0.message.contains(text) },
                "no '\(e.key)' whose message contains \"\(text)\"; \(report)")
        }
        for d in actual where d.rule?.hasPrefix("json.") != true {
            #expect(d.location != nil, "\(Corpus.key(d)) has no location")
        }
        if name.hasPrefix("warnings/") {
            #expect(result.errorCount == 0 && result.warningCount > 0 && result.status == .valid, "\(report)")
        } else {
            #expect(result.errorCount > 0 && result.status == .invalid, "\(report)")
        }
    }

    /// `messages` allows at most 100000 items; a fixture that large would be a 3 MB file, so the
    /// request is built here instead.
    @Test func messagesAboveMaxItems() {
        let turns = [#"{"role": "user", "content": "ping"}"#, #"{"role": "assistant", "content": "pong"}"#]
        let json =
            #"{"model": "claude-haiku-4-5", "max_tokens": 16, "messages": ["#
            + (0..<100_001).map { turns[$0 % 2] }.joined(separator: ",") + "]}"
        let linter = Linter(compiled: Corpus.compiled, type: Corpus.requestType)
        let result = linter.lint(bytes: Array(json.utf8), path: "many-messages.json")
        #expect(
            result.diagnostics.map(Corpus.key) == ["/messages array.max-items"],
            "\(Corpus.describe(result.diagnostics))")
        #expect(result.diagnostics.first?.message.contains("100000") == true)
    }

    /// Every check the spec can report for a request (by severity and rule id) is exercised by some
    /// .expected line (or by `messagesAboveMaxItems`).
    @Test func expectedFilesExerciseEveryRule() {
        var exercised: Set<String> = ["error array.max-items"]
        for folder in ["invalid", "warnings"] {
            for name in Corpus.fixtureNames(folder) {
                for e in Corpus.expectations(Corpus.fixtures + "/\(folder)/\(name).expected") {
                    let parts = e.key.split(separator: " ")
                    exercised.insert(parts.count == 3 ? "warning \(parts[2])" : "error \(parts.last ?? "")")
                }
            }
        }
        let needed = SpecSurface(Corpus.spec, root: Corpus.requestType).reportableRules
        #expect(
            needed.subtracting(exercised).isEmpty, "no fixture exercises: \(needed.subtracting(exercised).sorted())")
    }

    /// The valid fixtures together use every field of every request object, every variant of every
    /// union and oneof, and every enum value reachable from the request type.
    @Test func validFixturesCoverTheWholeRequestSide() {
        let surface = SpecSurface(Corpus.spec, root: Corpus.requestType)
        var walker = CoverageWalker(spec: Corpus.spec)
        for folder in ["valid", "valid-beta"] {
            for name in Corpus.fixtureNames(folder) {
                guard
                    case .success(let bytes) = FileInput.read(
                        Corpus.fixtures + "/\(folder)/\(name).json", limit: 16 << 20),
                    let document = JSONParser.parse(bytes, file: name).document
                else {
                    Issue.record("\(folder)/\(name).json does not parse")
                    continue
                }
                walker.walk(document.root, Corpus.requestType)
            }
        }
        let missing = surface.constructs.subtracting(walker.seen)
        #expect(
            missing.isEmpty,
            "not used by any valid fixture (\(missing.count)):\n\(missing.sorted().joined(separator: "\n"))")
        #expect(surface.constructs.count > 300, "the request surface looks too small: \(surface.constructs.count)")
    }
}

// MARK: - Spec surface and coverage

/// What a spec's request side consists of, found by walking the types reachable from the root.
struct SpecSurface {
    /// `Type.field`, `Union#tag`, `OneOf#variant` and `Enum=value` names.
    private(set) var constructs: Set<String> = []
    /// `error RULE` / `warning RULE` for every check a payload can fail.
    private(set) var reportableRules: Set<String> = ["error type"]
    private var visited: Set<String> = []
    let spec: Spec

    init(_ spec: Spec, root: TypeRef) {
        self.spec = spec
        visit(root)
    }

    private mutating func visit(_ type: TypeRef) {
        switch type {
        case .integer: reportableRules.insert("error number.integer")
        case .array(let element), .map(let element): visit(element)
        case .named(let name): visit(named: name)
        default: break
        }
    }

    private mutating func visit(named name: String) {
        guard visited.insert(name).inserted, let decl = spec.type(named: name) else { return }
        if decl.beta != nil { reportableRules.insert("error beta") }
        switch decl.kind {
        case .object(let object):
            if !object.allowsAdditional { reportableRules.insert("error unknown-field") }
            for field in object.fields {
                constructs.insert("\(name).\(field.name)")
                if field.required { reportableRules.insert("error required") }
                if field.beta != nil { reportableRules.insert("error beta") }
                add(field.checks)
                if field.constant != nil { reportableRules.insert("error const") } else { visit(field.type) }
            }
            for rule in object.rules { reportableRules.insert("\(rule.severity.rawValue) rule.\(rule.id)") }
            for rule in object.requestRules { reportableRules.insert("\(rule.severity.rawValue) rule.\(rule.id)") }
        case .enumeration(let e):
            reportableRules.insert("error enum")
            for value in e.values { constructs.insert("\(name)=\(value.value)") }
        case .union(let union):
            reportableRules.insert("error discriminator")
            for variant in union.variants {
                constructs.insert("\(name)#\(variant.tag)")
                if variant.beta != nil { reportableRules.insert("error beta") }
                visit(named: variant.type)
            }
        case .oneOf(let oneOf):
            reportableRules.insert("error oneof")
            for variant in oneOf.variants {
                constructs.insert("\(name)#\(variant.name)")
                visit(variant.type)
            }
        case .constant:
            reportableRules.insert("error const")
        case .alias(let base, let checks):
            add(checks)
            visit(base)
        }
    }

    private mutating func add(_ checks: Checks) {
        for rule in Self.rules(checks.errors) { reportableRules.insert("error " + rule) }
        for rule in Self.rules(checks.warnings) { reportableRules.insert("warning " + rule) }
    }

    static func rules(_ c: Constraints) -> [String] {
        var rules: [String] = []
        if c.minimum != nil { rules.append("number.minimum") }
        if c.maximum != nil { rules.append("number.maximum") }
        if c.exclusiveMinimum != nil { rules.append("number.exclusive-minimum") }
        if c.exclusiveMaximum != nil { rules.append("number.exclusive-maximum") }
        if c.minLength != nil { rules.append("string.min-length") }
        if c.maxLength != nil { rules.append("string.max-length") }
        if c.pattern != nil { rules.append("string.pattern") }
        if c.format != nil { rules.append("string.format") }
        if c.minItems != nil { rules.append("array.min-items") }
        if c.maxItems != nil { rules.append("array.max-items") }
        if c.minProperties != nil { rules.append("map.min-properties") }
        if c.maxProperties != nil { rules.append("map.max-properties") }
        return rules
    }
}

/// Records which constructs (named as in ``SpecSurface``) a JSON payload uses.
struct CoverageWalker {
    let spec: Spec
    private(set) var seen: Set<String> = []

    init(spec: Spec) { self.spec = spec }

    mutating func walk(_ value: JSONValue, _ type: TypeRef) {
        switch type {
        case .array(let element):
            guard value.kind == .array else { return }
            for item in value.elements { walk(item, element) }
        case .map(let element):
            guard value.kind == .object else { return }
            for member in value.members { walk(member.value, element) }
        case .named(let name):
            walk(value, named: name)
        default:
            break
        }
    }

    private mutating func walk(_ value: JSONValue, named name: String) {
        guard let decl = spec.type(named: name) else { return }
        switch decl.kind {
        case .object(let object):
            walk(value, object: object, named: name)
        case .enumeration:
            if let string = value.string { seen.insert("\(name)=\(string)") }
        case .union(let union):
            guard value.kind == .object else { return }
            guard let tag = value.member(union.discriminator)?.string ?? union.defaultTag,
                let variant = union.variant(tagged: tag)
            else { return }
            seen.insert("\(name)#\(tag)")
            if case .object(let object)? = spec.type(named: variant.type)?.kind {
                walk(value, object: object, named: variant.type)
            }
        case .oneOf(let oneOf):
            guard let variant = oneOf.variants.first(where: { accepts($0.type, value.kind) }) else { return }
            seen.insert("\(name)#\(variant.name)")
            walk(value, variant.type)
        case .constant:
            break
        case .alias(let base, _):
            walk(value, base)
        }
    }

    private mutating func walk(_ value: JSONValue, object: ObjectType, named name: String) {
        guard value.kind == .object else { return }
        for member in value.members {
            guard let field = object.field(named: member.key) else { continue }
            seen.insert("\(name).\(field.name)")
            if field.constant == nil, !member.value.isNull { walk(member.value, field.type) }
        }
    }

    /// Whether a value of JSON kind `kind` belongs to a oneof branch of type `type`.
    private func accepts(_ type: TypeRef, _ kind: JSONKind) -> Bool {
        switch type {
        case .any: return true
        case .string: return kind == .string
        case .integer, .number: return kind == .number
        case .boolean: return kind == .bool
        case .array: return kind == .array
        case .map: return kind == .object
        case .named(let name):
            switch spec.type(named: name)?.kind {
            case .object?, .union?: return kind == .object
            case .enumeration?: return kind == .string
            case .oneOf(let o)?: return o.variants.contains { accepts($0.type, kind) }
            case .constant(let literal)?: return literal.typeRef.map { accepts($0, kind) } ?? (kind == .null)
            case .alias(let base, _)?: return accepts(base, kind)
            case nil: return false
            }
        }
    }
}

// MARK: - Shared real-world examples

/// The examples in ../shared/api/requests (collected from docs, SDKs, cookbooks and issue
/// reports), checked in place when the folder exists. When it does not, each test records a
/// passing check saying it was skipped.
@Suite struct SharedCorpusTests {
    /// The folder, or nil (after recording the skip) when it is absent.
    static func directory(_ sub: String) -> String? {
        let root = Corpus.sharedRequests
        guard Corpus.exists(root, directory: true) else {
            print("SharedCorpusTests: \(root) not found; skipped \(sub)/")
            #expect(Bool(true), "skipped: the shared examples folder \(root) does not exist")
            return nil
        }
        let directory = root + "/" + sub
        #expect(Corpus.exists(directory, directory: true), "\(directory) is missing although \(root) exists")
        return directory
    }

    @Test func sharedValidRequestsHaveNoErrors() {
        guard let directory = Self.directory("valid") else { return }
        let names = Corpus.names(in: directory)
        #expect(!names.isEmpty, "no examples in \(directory)")
        for name in names {
            let result = Corpus.lint(directory + "/\(name).json")
            let errors = result.diagnostics.filter { $0.severity == .error }
            #expect(errors.isEmpty, "shared valid/\(name).json:\n\(Corpus.describe(errors))")
        }
    }

    /// Beta names per file when SOURCES.md does not give them.
    static let betaFeatureFallback: [String: [String]] = [:]

    /// The `anthropic-beta:` names given for `file` in SOURCES.md (beside requests/ or in it).
    static func betaFeatures(for file: String) -> [String]? {
        let candidates = [Corpus.sharedRequests + "/SOURCES.md", Corpus.parent(Corpus.sharedRequests) + "/SOURCES.md"]
        for path in candidates {
            guard let text = Corpus.read(path) else { continue }
            for line in text.split(whereSeparator: \.isNewline) where line.contains("`\(file)`") {
                guard let range = line.range(of: "anthropic-beta:") else { continue }
                let names = line[range.upperBound...].drop { $0 == " " }
                    .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "," || $0 == "_" }
                let list = names.split(separator: ",").map(String.init).filter { !$0.isEmpty }
                if !list.isEmpty { return list }
            }
        }
        return betaFeatureFallback[file]
    }

    @Test func sharedBetaRequestsPassWithTheirFeatures() {
        guard let directory = Self.directory("valid-beta") else { return }
        let names = Corpus.names(in: directory)
        #expect(!names.isEmpty, "no examples in \(directory)")
        let declared = Set(Corpus.spec.api.features.map(\.name))
        for name in names {
            guard let features = Self.betaFeatures(for: name + ".json") else {
                Issue.record("no anthropic-beta names for valid-beta/\(name).json in SOURCES.md or betaFeatureFallback")
                continue
            }
            #expect(
                Set(features).isSubset(of: declared),
                "\(name).json uses features the spec does not declare: \(features)")
            let result = Corpus.lint(directory + "/\(name).json", features: Set(features))
            let errors = result.diagnostics.filter { $0.severity == .error }
            #expect(errors.isEmpty, "shared valid-beta/\(name).json with \(features):\n\(Corpus.describe(errors))")
        }
    }

    /// What each shared invalid file must produce: a diagnostic of this severity, pointer and rule
    /// (errors make the file invalid; warnings leave it valid), derived from its WHY INVALID and REAL
    /// API ERROR lines (the API's dotted paths such as `tools.0.custom.name` name the union variant,
    /// which a JSON Pointer leaves out). Files are linted with the default API version unless one is
    /// given: role-system-in-messages was written for 2023-06-01, before system messages.
    /// Warnings by design: temperature-above-1 (the spec allows 0...2 because gateways accept it),
    /// the historical case (the API now combines same-role turns) and the server-side one (an
    /// unknown model is a 404 that only the server can know).
    static let expectations:
        [String: (severity: Diagnostic.Severity, pointer: String, rule: String, apiVersion: String?)] = [
            "budget-tokens-not-below-max-tokens": (
                .error, "/thinking/budget_tokens", "rule.thinking-budget-below-max-tokens", nil
            ),
            "cache-control-ttl-invalid": (.error, "/system/0/cache_control/ttl", "enum", nil),
            "cookbook-thinking-assistant-turn-missing-thinking-block": (
                .error, "/messages/1/content/0/type", "rule.thinking-first-in-tool-turn", nil
            ),
            "cookbook-thinking-budget-tokens-500": (.error, "/thinking/budget_tokens", "number.minimum", nil),
            "empty-content-array": (.error, "/messages/1/content", "rule.message-content-empty", nil),
            "empty-text-block": (.error, "/messages/0/content/0/text", "string.min-length", nil),
            "final-assistant-thinking-when-thinking-disabled": (
                .error, "/messages/1/content/0", "rule.final-assistant-thinking-without-thinking", nil
            ),
            "historical-consecutive-assistant-roles": (.warning, "/messages/1/role", "rule.consecutive-same-role", nil),
            "image-media-type-bmp": (.error, "/messages/0/content/0/source/media_type", "enum", nil),
            "max-tokens-above-model-limit": (.error, "/max_tokens", "rule.max-tokens-above-model-limit", nil),
            "missing-max-tokens": (.error, "/", "required", nil),
            "openai-response-format-field": (.error, "/response_format", "unknown-field", nil),
            "role-system-in-messages": (
                .error, "/messages/0/role", "rule.system-message-needs-api-version", "2023-06-01"
            ),
            "temperature-above-1": (.warning, "/temperature", "number.maximum", nil),
            "temperature-on-opus-4-7": (.error, "/temperature", "rule.model-temperature", nil),
            "thinking-block-with-cache-control": (.error, "/messages/1/content/0/cache_control", "unknown-field", nil),
            "thinking-with-forced-tool-choice": (.error, "/tool_choice/type", "rule.thinking-forced-tool-choice", nil),
            "thinking-with-forced-tool-choice-claude-3-7": (
                .error, "/tool_choice/type", "rule.thinking-forced-tool-choice", nil
            ),
            "tool-choice-tool-missing-name": (.error, "/tool_choice", "required", nil),
            "tool-name-with-dot": (.error, "/tools/0/name", "string.pattern", nil),
            "tool-result-unknown-tool-use-id": (
                .error, "/messages/0/content/0/tool_use_id", "rule.tool-result-without-use", nil
            ),
            "tool-use-block-extra-text-field": (.error, "/messages/1/content/1/text", "unknown-field", nil),
            "unknown-model-404": (.warning, "/model", "rule.model-unknown", nil),
            "whitespace-only-text-block": (.error, "/messages/0/content/0/text", "string.format", nil),
        ]

    /// The category of an expected.txt: the first word after `CATEGORY:`, or of the
    /// parenthesis in an `INVALID (schema): …` first line.
    static func category(ofExpectation path: String) -> String? {
        for line in Corpus.lines(of: path) {
            var rest: Substring
            if line.hasPrefix("CATEGORY:") {
                rest = line.dropFirst("CATEGORY:".count)
            } else if line.hasPrefix("INVALID (") {
                rest = line.dropFirst("INVALID (".count)
            } else {
                continue
            }
            let word = rest.drop { $0 == " " }.prefix { $0.isLetter || $0 == "-" || $0 == "_" }
            return word.isEmpty ? nil : word.lowercased()
        }
        return nil
    }

    @Test func sharedInvalidRequestsFailAtTheRightPlace() {
        guard let directory = Self.directory("invalid") else { return }
        let names = Corpus.names(in: directory)
        #expect(!names.isEmpty, "no examples in \(directory)")
        for name in names {
            guard let category = Self.category(ofExpectation: directory + "/\(name).expected.txt") else {
                Issue.record("invalid/\(name).expected.txt has no CATEGORY line")
                continue
            }
            let version = Self.expectations[name]?.apiVersion
            let result = Corpus.lint(
                directory + "/\(name).json", headers: version.map { ["anthropic-version": $0] } ?? [:])
            let report = "invalid/\(name).json (\(category)):\n\(Corpus.describe(result.diagnostics))"
            guard let expectation = Self.expectations[name] else {
                Issue.record("invalid/\(name).json is missing from expectations; \(report)")
                continue
            }
            let found = result.diagnostics.contains {
                $0.severity == expectation.severity && Corpus.pointer($0) == expectation.pointer
                    && $0.rule == expectation.rule
            }
            #expect(found, "expected \(expectation.severity) \(expectation.pointer) \(expectation.rule); \(report)")
            for d in result.diagnostics where d.rule?.hasPrefix("json.") != true {
                #expect(d.location != nil, "\(Corpus.key(d)) has no location")
            }
            if expectation.severity == .error {
                #expect(result.status == .invalid, "\(report)")
            } else {
                #expect(
                    result.errorCount == 0 && ["historical", "server-side", "schema"].contains(category), "\(report)")
            }
        }
        let stale = Set(Self.expectations.keys).subtracting(names)
        #expect(stale.isEmpty, "expectations names files that are not in \(directory): \(stale.sorted())")
    }
}
