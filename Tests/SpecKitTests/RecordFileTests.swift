import Foundation
import Testing

@testable import SpecKit

/// Files of many requests: JSON Lines, Message Batches files (both forms), and baselines.
@Suite struct RecordFileTests {
    static let spec = """
        spec: 1
        api: { name: Pets, base_url: "https://pets.example.com" }
        endpoints:
          add: { method: POST, path: /v1/pets, request: Pet, response: Pet }
        types:
          Pet:
            kind: object
            fields:
              name: { type: string, required: true }
              age: { type: integer, minimum: 0 }
        """

    static func linter(_ input: InputFormat = .auto, limits: LintLimits = LintLimits()) throws -> Linter {
        let loaded = SpecLoader.load(bytes: Array(spec.utf8), file: "pets.yaml")
        let compiled = CompiledSpec(try #require(loaded.spec))
        return Linter(compiled: compiled, type: try #require(compiled.requestType()), limits: limits, input: input)
    }

    static func lint(_ text: String, path: String, _ input: InputFormat = .auto) throws -> FileResult {
        try linter(input).lint(bytes: Array(text.utf8), path: path)
    }

    /// Each diagnostic as `line:column: severity: message [rule] (custom_id: …) @pointer`.
    static func lines(_ result: FileResult) -> [String] {
        result.diagnostics.map { d in
            let place = d.location.map { "\($0.line):\($0.column)" } ?? "-"
            return
                "\(place): \(d.severity.rawValue): \(d.message) [\(d.rule ?? "")]\(d.recordSuffix) @\(d.pointer ?? "-")"
        }
    }

    // MARK: - JSON Lines

    @Test func jsonLinesAreLocatedByTheirLine() throws {
        let text = """
            {"name": "Rex"}

            {"name": "Tom", "age": -2}\r
            {"name": 3}
            {"name": "Ann",}
            """
        let result = try Self.lint(text, path: "pets.jsonl")
        #expect(
            Self.lines(result) == [
                "3:24: error: -2 is less than the minimum 0 [number.minimum] @/age",
                "4:10: error: expected string, found number 3 [type] @/name",
                "5:15: error: trailing comma before '}' [json.syntax] @-",
            ])
        #expect(result.status == .invalid)
        // Offsets are the file's, so excerpts and editors land on the right byte.
        let third = try #require(result.diagnostics.first?.location?.offset)
        #expect(Array(text.utf8)[third] == UInt8(ascii: "-"))
        let first = try #require(result.diagnostics.first?.location)
        let excerpt = try #require(result.excerpts[first])
        #expect(excerpt.line == "{\"name\": \"Tom\", \"age\": -2}")
        #expect(excerpt.caret == String(repeating: " ", count: 23) + "^")
    }

    @Test func blankJSONLinesFileIsAWarningAndJSONFilesAreNotSplit() throws {
        let empty = try Self.lint("\n  \n", path: "none.jsonl")
        #expect(
            Self.lines(empty) == [
                "-: warning: no requests in this JSON Lines file (it holds only blank lines) [jsonl.empty] @-"
            ])
        #expect(empty.status == .valid)
        // The same two requests in a .json file are one document with trailing content.
        let twoLines = "{\"name\": \"a\"}\n{\"name\": \"b\"}\n"
        #expect(try Self.lint(twoLines, path: "two.json").status == .invalid)
        #expect(try Self.lint(twoLines, path: "two.json", .jsonl).status == .valid)
        #expect(try Self.lint(twoLines, path: "two.jsonl", .json).status == .invalid)
    }

    // MARK: - Message Batches

    @Test func batchLinesNameTheirCustomIDInEveryDiagnostic() throws {
        let text = """
            {"custom_id": "pet-1", "params": {"name": "Rex", "age": -1}}
            {"custom_id": "pet-2", "params": {"nam": "Tom"}}
            {"custom_id": "pet-1", "params": {"name": "Ann"}}
            {"custom_id": "not ok!", "parms": {}}
            """
        let result = try Self.lint(text, path: "batch.jsonl")
        #expect(
            Self.lines(result) == [
                "1:57: error: -1 is less than the minimum 0 [number.minimum] (custom_id: pet-1) @/params/age",
                "2:34: error: missing required field 'name' of Pet [required] (custom_id: pet-2) @/params",
                "2:35: error: unknown field 'nam' in Pet; did you mean 'name'? [unknown-field] (custom_id: pet-2) @/params/nam",
                "3:15: error: custom_id 'pet-1' is used twice; each request of a batch needs its own [batch.custom-id] (custom_id: pet-1) @/custom_id",
                "4:1: error: a batch request needs 'params', the Messages request [batch.params] (custom_id: not ok!) @",
                "4:15: error: custom_id 'not ok!' must be 1 to 64 letters, digits, '-' or '_' [batch.custom-id] (custom_id: not ok!) @/custom_id",
                "4:26: error: unknown key 'parms' in a batch request; it holds only 'custom_id' and 'params'; did you mean 'params'? [batch.shape] (custom_id: not ok!) @/parms",
            ])
        let duplicate = result.diagnostics[3]
        #expect(duplicate.notes.map(\.message) == ["first used here"])
        #expect(duplicate.notes.first?.location?.line == 1)
        #expect(duplicate.notes.first?.location?.column == 15)
    }

    @Test func batchDocumentsPointIntoTheirRequestsList() throws {
        let text = """
            {"requests": [
              {"custom_id": "a", "params": {"name": "Rex"}},
              {"custom_id": "b", "params": {"name": "Tom", "age": -3}}
            ], "mode": 1}
            """
        let result = try Self.lint(text, path: "batch.json")
        #expect(
            Self.lines(result) == [
                "3:55: error: -3 is less than the minimum 0 [number.minimum] (custom_id: b) @/requests/1/params/age",
                "4:4: error: unknown key 'mode' in a batch file; a batch holds only 'requests' [batch.shape] @/mode",
            ])
        // Forced to plain JSON, the same file is one (wrong) request.
        let plain = try Self.lint(text, path: "batch.json", .json)
        #expect(plain.diagnostics.contains { $0.rule == "unknown-field" && $0.pointer == "/requests" })
    }

    // MARK: - Streaming

    /// Fixture files larger than the read limit are linted a line at a time: memory follows the longest line.
    @Test func jsonLinesFilesLargerThanTheReadLimitAreStreamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.jsonl").path
        // 60,000 lines (about 2.5 MB, across several 1 MiB read blocks); two are wrong, far apart.
        var text = ""
        for k in 1...60_000 {
            switch k {
            case 30_001: text += "{\"name\": \"pet\", \"age\": -1}\n"
            case 59_999: text += "{\"age\": 1}\n"
            default: text += "{\"name\": \"pet number \(k)\", \"age\": \(k % 20)}\n"
            }
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let linter = try Self.linter(limits: LintLimits(maxFileSize: 64 << 10))
        let result = linter.lint(path: path)
        #expect(
            Self.lines(result) == [
                "30001:24: error: -1 is less than the minimum 0 [number.minimum] @/age",
                "59999:1: error: missing required field 'name' of Pet [required] @",
            ])
        let bytes = Array(text.utf8)
        let offset = try #require(result.diagnostics.first?.location?.offset)
        #expect(bytes[offset] == UInt8(ascii: "-"))
        // A line over the limit is reported and skipped; the lines after it are still checked.
        let long = "{\"name\": \"" + String(repeating: "x", count: 70_000) + "\"}\n"
        try Data(("{\"name\": \"a\"}\n" + long + "{\"age\": -1}\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(
            Self.lines(linter.lint(path: path)) == [
                "2:1: error: line 2 is over the 65536-byte limit and was not checked; raise it with --max-file-size [io.too-large] @-",
                "3:1: error: missing required field 'name' of Pet [required] @",
                "3:9: error: -1 is less than the minimum 0 [number.minimum] @/age",
            ])
    }

    // MARK: - Baselines

    @Test func baselinesAcceptTodaysFindingsAndReportNewOnesAfterLinesMove() throws {
        let before = """
            {"custom_id": "a", "params": {"name": "Rex", "age": -1}}
            {"custom_id": "b", "params": {"name": "Tom"}}
            """
        let baseline = Baseline(results: [try Self.lint(before, path: "./batch.jsonl")])
        #expect(baseline.findingCount == 1)
        // Round trip through the file format.
        let parsed = try Baseline.parse(Array(baseline.rendered().utf8), file: "baseline.json").get()
        #expect(parsed == baseline)
        // New lines above move the old finding; it stays accepted, and the new one is reported.
        let after = """
            {"custom_id": "z", "params": {"name": "Ann"}}

            {"custom_id": "a", "params": {"age": -1, "name": "Rex"}}
            {"custom_id": "b", "params": {"name": "Tom", "age": -5}}
            """
        let (results, accepted) = parsed.filter([try Self.lint(after, path: "batch.jsonl")])
        #expect(accepted == 1)
        let remaining = try #require(results.first)
        #expect(
            Self.lines(remaining) == [
                "4:53: error: -5 is less than the minimum 0 [number.minimum] (custom_id: b) @/params/age"
            ])
        // Once the new finding is accepted too, the file is valid again.
        let both = Baseline(results: [try Self.lint(after, path: "batch.jsonl")])
        #expect(both.filter([try Self.lint(after, path: "batch.jsonl")]).results.first?.status == .valid)
    }

    @Test func baselineCountsAcceptOnlyAsManyFindingsAsRecorded() throws {
        let two = "{\"age\": -1}\n{\"name\": \"a\", \"age\": -1}\n"
        let baseline = Baseline(results: [try Self.lint(two, path: "log.jsonl")])
        #expect(baseline.counts[Baseline.Key(file: "log.jsonl", pointer: "/age", rule: "number.minimum")] == 2)
        let three = two + "{\"name\": \"b\", \"age\": -1}\n"
        let (results, accepted) = baseline.filter([try Self.lint(three, path: "log.jsonl")])
        #expect(accepted == 3)
        let remaining = try #require(results.first)
        #expect(Self.lines(remaining) == ["3:22: error: -1 is less than the minimum 0 [number.minimum] @/age"])
    }

    @Test func brokenBaselineFilesAreLocated() throws {
        let text = """
            {"version": 1, "findings": [
              {"file": "a.json", "pointr": "/x", "rule": "type"},
              {"file": "a.json", "pointer": "/x", "rule": 3, "count": 0},
              7
            ]}
            """
        let failure = Baseline.parse(Array(text.utf8), file: "b.json")
        guard case .failure(let error) = failure else {
            Issue.record("a broken baseline parsed")
            return
        }
        #expect(
            error.diagnostics.map(\.description) == [
                "b.json:2:22: error: unknown key 'pointr' in a finding; did you mean 'pointer'? [baseline]",
                "b.json:2:3: error: a finding needs 'pointer' [baseline]",
                "b.json:3:59: error: 'count' must be an integer from 1 to 1000000000, found 0 [baseline]",
                "b.json:3:47: error: 'rule' must be a string, found number [baseline]",
                "b.json:4:3: error: a finding is an object with 'file', 'pointer' and 'rule' [baseline]",
            ])
        guard case .failure(let notJSON) = Baseline.parse(Array("[1,".utf8), file: "b.json") else {
            Issue.record("a truncated baseline parsed")
            return
        }
        #expect(notJSON.diagnostics.first?.location?.line == 1)
    }
}
