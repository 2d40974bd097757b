import Foundation
import SpecImport
import Testing

@testable import SpecKit

/// `Spec/messages.yaml` against the 2026-05 OpenAPI document beside the repository, imported: every difference
/// `spec-lint diff` finds must be one the spec's comments explain, so that a difference nobody wrote down (an
/// upstream change not yet taken over, or a slip in the spec) fails here.
@Suite struct UpstreamDriftTests {
    static let upstream = ImportTests.sharedSpecs + "/anthropic-openapi-2026-05-messages-subset.json"
    static let specPath = Corpus.repositoryRoot + "/Spec/messages.yaml"

    /// Differences in names and wording, explained by one note of the header; they must not touch the wire.
    static let naming: Set<String> = [
        "doc.changed", "type.renamed", "endpoint.renamed", "oneof.variant-renamed", "type.removed",
    ]
    /// Relaxations on received types, explained by the header's note on lenient received types.
    static let lenience: Set<String> = ["field.now-optional", "default.changed", "object.opened", "constraint.widened"]

    @Test(.enabled(if: FileManager.default.fileExists(atPath: UpstreamDriftTests.upstream)))
    func everyDifferenceFromTheUpstreamDocumentIsExplained() throws {
        let imported = OpenAPIImporter.run(
            bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Self.upstream))), file: Self.upstream,
            operationIDs: ["messages_post"])
        let yaml = try #require(imported.yaml)
        let old = try #require(SpecLoader.load(bytes: Array(yaml.utf8), file: "imported-2026-05.yaml").spec)
        let text = try String(contentsOfFile: Self.specPath, encoding: .utf8)
        let new = try #require(SpecLoader.load(bytes: Array(text.utf8), file: "Spec/messages.yaml").spec)
        let comments = SpecComments(text)
        let received = new.receivedTypes

        #expect(text.contains("#   - Names are our own:"))
        #expect(text.contains("#   - Types the client receives are lenient:"))
        let changes = SpecDiff.compare(old, new)
        // The pairing by place works: far more types are paired than added or removed.
        #expect(changes.count(where: { $0.id == "type.renamed" }) > 100)
        #expect(changes.count(where: { $0.id == "type.removed" }) < 60)

        var unexplained: [String] = []
        for change in changes {
            if Self.naming.contains(change.id) {
                // Names and wording: the header's note, provided the wire is untouched.
                if !change.classes.allSatisfy({ $0 == .breaksSource || $0 == .docsOnly }) {
                    unexplained.append("\(change) (a renaming that changes the wire)")
                }
                continue
            }
            let owner = String(change.path.prefix { $0 != "." })
            if Self.lenience.contains(change.id), received.contains(owner) { continue }
            guard let location = change.location, location.file == "Spec/messages.yaml" else {
                unexplained.append("\(change) (in the imported document)")
                continue
            }
            if !comments.explains(line: location.line - 1, addedType: change.id == "type.added" ? change.path : nil) {
                unexplained.append("Spec/messages.yaml:\(location.line): \(change.message) [\(change.id)]")
            }
        }
        #expect(unexplained.isEmpty, "unexplained differences:\n\(unexplained.joined(separator: "\n"))")
    }

    /// A difference the comments do not explain is reported: the check can fail.
    @Test func anUncommentedDifferenceIsNotExplained() {
        let text = """
            types:
              # From the docs.
              A:
                kind: object
                fields:
                  x: { type: string }
                  y: { type: B }  # newer SDK
                  z: { type: string }
              B:
                kind: string
              C:
                kind: string
            """
        let comments = SpecComments(text)
        #expect(comments.explains(line: 5, addedType: nil))  // in A, whose declaration has a comment
        #expect(comments.explains(line: 8, addedType: "B"))  // used on a commented line
        #expect(!comments.explains(line: 10, addedType: "C"))
        let bare = SpecComments(text.replacing("  # From the docs.\n", with: ""))
        #expect(!bare.explains(line: 4, addedType: nil))
        #expect(bare.explains(line: 5, addedType: nil))
    }
}

/// Which lines of a spec file its comments explain: a line with a comment of its own or directly above it, or
/// inside its block (a field written as a block), or with such a comment on an enclosing line; a list item in a
/// run of items headed by a comment (a group of rules under their source); every line of a type whose declaration
/// has a comment above it. A type is explained where it is used on an explained line, transitively.
struct SpecComments {
    let lines: [Substring]
    let declarations: [String: Int]
    private(set) var explainedTypes: Set<String> = []

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var declarations: [String: Int] = [:]
        for (index, line) in lines.enumerated() where Self.isDeclaration(line) {
            declarations[String(line.dropFirst(2).prefix { $0 != ":" })] = index
        }
        self.declarations = declarations
        explainedTypes = Set(declarations.filter { isComment($0.value - 1) }.keys)
        var grew = true
        while grew {
            grew = false
            for index in lines.indices {
                let names = typeNames(on: index)
                guard !names.isEmpty else { continue }
                let owner = declaration(enclosing: index).map { String(lines[$0].dropFirst(2).dropLast()) }
                guard explainsLine(index) || owner.map(explainedTypes.contains) == true else { continue }
                for name in names where !explainedTypes.contains(name) {
                    explainedTypes.insert(name)
                    grew = true
                }
            }
        }
    }

    static func isDeclaration(_ line: Substring) -> Bool {
        line.hasPrefix("  ") && !line.hasPrefix("   ") && line.dropFirst(2).first?.isLetter == true
            && line.hasSuffix(":")
    }

    func isComment(_ index: Int) -> Bool {
        lines.indices.contains(index) && lines[index].drop { $0 == " " }.hasPrefix("#")
    }

    func indent(_ index: Int) -> Int { lines[index].prefix { $0 == " " }.count }

    /// The code of a line, without a trailing comment (a ` # ` outside quotes).
    func code(_ index: Int) -> Substring {
        var quoted = false
        let line = lines[index]
        for i in line.indices {
            if line[i] == "\"" { quoted.toggle() }
            if !quoted, line[i] == "#", i == line.startIndex || line[line.index(before: i)] == " " {
                return line[..<i]
            }
        }
        return line
    }

    /// The declared type names a line uses (not the one it declares).
    func typeNames(on index: Int) -> [String] {
        guard !isComment(index) else { return [] }
        let words = code(index).split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
        return words.filter { declarations[$0] != nil && declarations[$0] != index }
    }

    /// The declaration line enclosing `index`.
    func declaration(enclosing index: Int) -> Int? {
        var k = index
        while k >= 0 {
            if Self.isDeclaration(lines[k]) { return k }
            k -= 1
        }
        return nil
    }

    /// Whether a comment explains line `index` (or a type it uses), or `addedType` (a new type declared there).
    func explains(line index: Int, addedType: String?) -> Bool {
        guard lines.indices.contains(index) else { return false }
        if let addedType, explainedTypes.contains(addedType) { return true }
        return typeNames(on: index).contains(where: explainedTypes.contains) || explainsLine(index)
    }

    /// Whether a comment explains line `index` itself.
    func explainsLine(_ index: Int) -> Bool {
        guard lines.indices.contains(index), let top = declaration(enclosing: index) else { return false }
        if isComment(top - 1) { return true }
        // The line (with its block) and its ancestors (their own lines) up to the declaration.
        var element = index
        while element > top {
            if explainsElement(element, withBlock: element == index) { return true }
            var parent = element - 1
            while parent > top
                && (lines[parent].allSatisfy { $0 == " " } || isComment(parent)
                    || indent(parent) >= indent(element))
            {
                parent -= 1
            }
            element = parent
        }
        return false
    }

    /// A comment on the line, directly above it, heading its run of list items, or inside its block.
    func explainsElement(_ index: Int, withBlock: Bool) -> Bool {
        if code(index).count < lines[index].count || isComment(index - 1) { return true }
        var next = index + 1
        while withBlock, next < lines.count, !Self.isDeclaration(lines[next]),
            lines[next].allSatisfy({ $0 == " " }) || indent(next) > indent(index)
        {
            if isComment(next) { return true }
            next += 1
        }
        guard lines[index].drop(while: { $0 == " " }).hasPrefix("- ") else { return false }
        var previous = index - 1
        while previous >= 0, !lines[previous].allSatisfy({ $0 == " " }) {
            if isComment(previous) { return true }
            if indent(previous) < indent(index) { return false }
            previous -= 1
        }
        return false
    }
}
