import Foundation
import Testing

@testable import SpecKit

/// The lint core's file walk and parallel runner (what `spec-lint` runs for its file arguments).
@Suite struct LintRunnerTests {
    static let spec = """
        spec: 1
        api: { name: Pets, base_url: "https://pets.example.com" }
        endpoints:
          add: { method: POST, path: /v1/pets, request: Pet, response: Pet }
        types:
          Pet: { kind: object, fields: { name: { type: string, required: true } } }
        """

    static func linter() throws -> Linter {
        let loaded = SpecLoader.load(bytes: Array(spec.utf8), file: "pets.yaml")
        let compiled = CompiledSpec(try #require(loaded.spec))
        return Linter(compiled: compiled, type: try #require(compiled.requestType()))
    }

    /// A fresh directory holding `files` (relative path → contents).
    static func directory(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lint-runner-\(UUID().uuidString)")
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.path
    }

    @Test func directoriesExpandToTheirJSONFilesSortedAndArgumentsKeepTheirOrder() throws {
        let root = try Self.directory([
            "b.json": "{}", "a.json": "{}", "notes.txt": "x", "sub/c.json": "{}", "sub/deeper/d.json": "{}",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (paths, problems) = FileExpansion.expand(["z-missing.json", root + "/", "-"])
        #expect(problems.isEmpty)
        #expect(
            paths == [
                "z-missing.json", root + "/a.json", root + "/b.json", root + "/sub/c.json", root + "/sub/deeper/d.json",
                "-",
            ])
    }

    @Test func parallelRunsGiveTheSameResultsInInputOrder() throws {
        var files: [String: String] = [:]
        for i in 0..<150 { files["r\(1000 + i).json"] = i % 3 == 0 ? #"{"nam": 1}"# : #"{"name": "p\#(i)"}"# }
        let root = try Self.directory(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (paths, _) = FileExpansion.expand([root, root + "/missing.json"])
        let linter = try Self.linter()
        let one = LintRunner.run(linter, paths: paths, jobs: 1)
        let four = LintRunner.run(linter, paths: paths, jobs: 4)
        #expect(one.map(\.path) == paths)
        #expect(one == four)
        #expect(one.filter { $0.status == .invalid }.count == 50)
        #expect(one.last?.status == .unreadable)
    }
}
