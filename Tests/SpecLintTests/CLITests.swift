import Foundation
import Testing

/// Runs the built `spec-lint` with `arguments`, feeding `input` on standard input.
func specLint(
    _ arguments: [String], input: String? = nil, environment: [String: String] = [:], in directory: URL? = nil
) throws -> (status: Int32, out: String, err: String) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "spec-lint")
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    let out = outPipe.fileHandleForReading.readDataToEndOfFile()
    let err = errPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

/// A fresh temporary directory holding `files` (name → contents).
func temporaryDirectory(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spec-lint-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, contents) in files {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    return dir
}

let validRequest = """
    {
      "model": "claude-sonnet-4-5",
      "max_tokens": 1024,
      "messages": [{"role": "user", "content": "Hello"}]
    }
    """

let threeMistakes = """
    {
      "model": "claude-sonnet-4-5",
      "max_token": 1024,
      "temperature": 2.5,
      "messages": [{"role": "developer", "content": "Hello"}]
    }
    """

@Suite struct CLITests {
    @Test func validFileExitsZero() throws {
        let dir = try temporaryDirectory(["ok.json": validRequest])
        let run = try specLint(["ok.json"], in: dir)
        #expect(run.status == 0)
        #expect(run.out == "1 file checked, all valid: 0 errors, 0 warnings\n")
        #expect(!run.out.contains("\u{1B}["))
    }

    @Test func threeMistakesGiveThreeLocatedErrorsAndExitOne() throws {
        let dir = try temporaryDirectory(["bad.json": threeMistakes])
        let run = try specLint(["bad.json"], in: dir)
        #expect(run.status == 1)
        let errors = run.out.split(separator: "\n").filter { $0.hasPrefix("bad.json:") }
        #expect(
            errors == [
                "bad.json:1:1: error: missing required field 'max_tokens' of MessageCreateParams [required]",
                "bad.json:3:3: error: unknown field 'max_token' in MessageCreateParams; did you mean 'max_tokens'? [unknown-field]",
                "bad.json:4:18: error: 2.5 is greater than the maximum 2 [number.maximum]",
                "bad.json:5:25: error: 'developer' is not one of 'user', 'assistant', 'system' [enum]",
            ])
        #expect(run.out.contains("  \"max_token\": 1024,\n      ^\n"))
        #expect(run.out.hasSuffix("1 file checked, 1 invalid: 4 errors, 0 warnings\n"))
    }

    @Test func noArgumentsExplainsAndExitsTwo() throws {
        let run = try specLint([])
        #expect(run.status == 2)
        #expect(run.err.contains("no files given"))
        #expect(run.err.contains("spec-lint --help"))
    }

    @Test func missingFileExplainsAndExitsTwo() throws {
        let dir = try temporaryDirectory([:])
        let run = try specLint(["nope.json"], in: dir)
        #expect(run.status == 2)
        #expect(run.out.contains("nope.json: error: cannot read 'nope.json': no such file or directory [io.read]"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let run = try specLint(["--frmat", "json", "x.json"])
        #expect(run.status == 2)
        #expect(run.err.contains("--frmat"))
    }

    @Test func readsStandardInput() throws {
        let good = try specLint(["-"], input: validRequest)
        #expect(good.status == 0)
        let bad = try specLint(["-"], input: threeMistakes)
        #expect(bad.status == 1)
        #expect(bad.out.contains("<stdin>:4:18: error: 2.5 is greater than the maximum 2"))
    }

    @Test func directoryWithGoodBadUnreadableAndNonJSONFiles() throws {
        let dir = try temporaryDirectory([
            "corpus/a-good.json": validRequest,
            "corpus/b-bad.json": threeMistakes,
            "corpus/nested/c-garbage.json": "this is not json",
            "corpus/notes.txt": "ignored",
        ])
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("corpus/d-dangling.json").path,
            withDestinationPath: "/nonexistent/file.json")
        let run = try specLint(["corpus"], in: dir)
        #expect(run.status == 2)
        #expect(run.out.contains("corpus/b-bad.json:3:3: error: unknown field 'max_token'"))
        #expect(run.out.contains("corpus/nested/c-garbage.json:1:1: error:"))
        #expect(
            run.out.contains(
                "corpus/d-dangling.json: error: cannot read 'corpus/d-dangling.json': no such file or directory"))
        #expect(!run.out.contains("notes.txt"))
        #expect(run.out.hasSuffix("4 files checked, 3 invalid: 6 errors, 0 warnings\n"))
    }

    @Test func jsonFormatIsStableAndComplete() throws {
        let dir = try temporaryDirectory(["bad.json": threeMistakes, "ok.json": validRequest])
        let run = try specLint(["--format", "json", "ok.json", "bad.json"], in: dir)
        #expect(run.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(root["version"] as? Int == 1)
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 2)
        #expect(summary["invalid_files"] as? Int == 1)
        #expect(summary["errors"] as? Int == 4)
        let files = try #require(root["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["ok.json", "bad.json"])
        #expect(files.map { $0["status"] as? String } == ["valid", "invalid"])
        let first = try #require((files[1]["diagnostics"] as? [[String: Any]])?.dropFirst().first)
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 3)
        #expect(first["pointer"] as? String == "/max_token")
        #expect(first["rule"] as? String == "unknown-field")
        #expect(first["severity"] as? String == "error")
    }

    @Test func sarifHasTheRequiredStructure() throws {
        let dir = try temporaryDirectory(["bad.json": threeMistakes])
        let run = try specLint(["--format", "sarif", "bad.json"], in: dir)
        #expect(run.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(root["version"] as? String == "2.1.0")
        #expect((root["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let runs = try #require(root["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "spec-lint")
        let ruleIDs = (driver["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 4)
        for result in results {
            let ruleID = try #require(result["ruleId"] as? String)
            #expect(ruleIDs.contains(ruleID))
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let physical = try #require(
                (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "bad.json")
            let region = try #require(physical["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1)
            #expect((region["startColumn"] as? Int ?? 0) >= 1)
        }
    }

    @Test func githubFormatWritesWorkflowCommands() throws {
        let dir = try temporaryDirectory(["bad.json": threeMistakes])
        let run = try specLint(["--format", "github", "bad.json"], in: dir)
        #expect(run.status == 1)
        let lines = run.out.split(separator: "\n")
        #expect(
            lines.contains(
                "::error file=bad.json,line=4,col=18,title=spec-lint [number.maximum]::2.5 is greater than the maximum 2"
            ))
        #expect(lines.last?.hasPrefix("::notice title=spec-lint::1 file checked, 1 invalid") == true)
    }

    @Test func warningsPassUnlessStrict() throws {
        let warm = validRequest.replacingOccurrences(
            of: "\"max_tokens\": 1024,", with: "\"max_tokens\": 1024, \"temperature\": 1.5,")
        let dir = try temporaryDirectory(["warm.json": warm])
        let run = try specLint(["warm.json"], in: dir)
        #expect(run.status == 0)
        #expect(run.out.contains("warm.json:3:38: warning: 1.5 is greater than the maximum 1"))
        let strict = try specLint(["--strict", "warm.json"], in: dir)
        #expect(strict.status == 1)
    }

    @Test func colourOnlyWhenAskedAndNoColorHonoured() throws {
        let dir = try temporaryDirectory(["bad.json": threeMistakes])
        let always = try specLint(["--color", "always", "bad.json"], in: dir)
        #expect(always.out.contains("\u{1B}[1;31merror:"))
        let auto = try specLint(["bad.json"], environment: ["NO_COLOR": "1"], in: dir)
        #expect(!auto.out.contains("\u{1B}["))
    }

    @Test func betaFieldsNeedTheFlag() throws {
        let beta = validRequest.replacingOccurrences(
            of: "\"max_tokens\": 1024,", with: "\"max_tokens\": 1024, \"mcp_servers\": [],")
        let dir = try temporaryDirectory(["beta.json": beta])
        let without = try specLint(["beta.json"], in: dir)
        #expect(without.status == 1)
        #expect(without.out.contains("needs the beta feature"))
        let feature = try #require(without.out.firstMatch(of: /--beta ([a-z0-9-]+)/)?.1)
        let with = try specLint(["--beta", String(feature), "beta.json"], in: dir)
        #expect(with.status == 0)
        let unknown = try specLint(["--beta", "mcp-clinet", "beta.json"], in: dir)
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("unknown beta feature 'mcp-clinet'"))
    }

    @Test func fileOverTheSizeLimitIsReportedUnread() throws {
        let dir = try temporaryDirectory(["big.json": validRequest])
        let run = try specLint(["--max-file-size", "10", "big.json"], in: dir)
        #expect(run.status == 2)
        #expect(run.out.contains("over the 10-byte limit; raise it with --max-file-size"))
    }

    @Test func checkSpecReportsTyposWithPositionAndSuggestion() throws {
        let spec = """
            spec: 1
            api: { name: Pets, base_url: "https://pets.example.com" }
            endpoints:
              create: { method: POST, path: /pets, request: Pet, response: Pet }
            types:
              Pet:
                kind: object
                fields:
                  name: { type: strng, required: true }
                  age: { type: integer, minimum: 5, maximum: 1 }
            """
        let dir = try temporaryDirectory(["pets.yaml": spec])
        let run = try specLint(["check-spec", "pets.yaml"], in: dir)
        #expect(run.status == 1)
        #expect(run.out.contains("pets.yaml:9:21: error: unknown type 'strng'; did you mean 'string'?\n"))
        #expect(run.out.contains("pets.yaml:10:29: error: 'minimum' 5 is greater than 'maximum' 1"))
        #expect(run.out.hasSuffix("1 file checked, 1 invalid: 2 errors, 0 warnings\n"))
    }

    @Test func checkSpecPassesTheBundledSpec() throws {
        let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Spec/messages.yaml"
        ).standardized.path
        let run = try specLint(["check-spec", specPath])
        #expect(run.status == 0)
        #expect(run.out.hasSuffix("1 file checked, all valid: 0 errors, 0 warnings\n"))
    }

    @Test func customSpecAndEndpoint() throws {
        let spec = """
            spec: 1
            api: { name: Pets, base_url: "https://pets.example.com" }
            endpoints:
              create: { method: POST, path: /pets, request: Pet, response: Pet }
            types:
              Pet:
                kind: object
                fields:
                  name: { type: string, required: true }
            """
        let dir = try temporaryDirectory(["pets.yaml": spec, "pet.json": #"{"nam": "Rex"}"#])
        let run = try specLint(["--spec", "pets.yaml", "--endpoint", "create", "pet.json"], in: dir)
        #expect(run.status == 1)
        #expect(run.out.contains("pet.json:1:2: error: unknown field 'nam' in Pet; did you mean 'name'?"))
        let wrongEndpoint = try specLint(["--spec", "pets.yaml", "--endpoint", "craete", "pet.json"], in: dir)
        #expect(wrongEndpoint.status == 2)
        #expect(wrongEndpoint.err.contains("did you mean 'create'?"))
        let brokenSpec = try specLint(["--spec", "pet.json", "pet.json"], in: dir)
        #expect(brokenSpec.status == 2)
    }

    @Test func schemaExportIsJSONSchemaAndSaysWhatItCannotExpress() throws {
        let run = try specLint(["schema"])
        #expect(run.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(root["$ref"] as? String == "#/$defs/MessageCreateParams")
        let request = try #require((root["$defs"] as? [String: Any])?["MessageCreateParams"] as? [String: Any])
        #expect((request["required"] as? [String])?.contains("max_tokens") == true)
        #expect(request["additionalProperties"] as? Bool == false)
        #expect((root["$comment"] as? String)?.contains("thinking-budget") == true)
        #expect(run.err.contains("JSON Schema cannot express"))
    }

    @Test func baselineWrittenThenAppliedReportsOnlyNewFindings() throws {
        let batch = """
            {"custom_id": "one", "params": \(threeMistakes.replacing("\n", with: " "))}
            {"custom_id": "two", "params": \(validRequest.replacing("\n", with: " "))}

            """
        let dir = try temporaryDirectory(["batch.jsonl": batch])
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try specLint(["batch.jsonl"], in: dir)
        #expect(first.status == 1)
        #expect(first.out.contains("(custom_id: one)"))
        let written = try specLint(["batch.jsonl", "--write-baseline", "baseline.json"], in: dir)
        #expect(written.status == 0)
        #expect(written.err == "spec-lint: wrote 4 findings to baseline.json\n")
        let accepted = try specLint(["batch.jsonl", "--baseline", "baseline.json"], in: dir)
        #expect(accepted.status == 0)
        #expect(accepted.out == "1 file checked, all valid: 0 errors, 0 warnings (4 more accepted by the baseline)\n")
        // A new mistake, with the old ones moved a line down, is the only one reported.
        let moved = "\n" + batch.replacing("\"max_tokens\": 1024", with: "\"max_tokens\": -3")
        try Data(moved.utf8).write(to: dir.appendingPathComponent("batch.jsonl"))
        let fresh = try specLint(["batch.jsonl", "--baseline", "baseline.json", "--format", "github"], in: dir)
        #expect(fresh.status == 1)
        #expect(fresh.out.split(separator: "\n").filter { $0.hasPrefix("::error") }.count == 1)
        #expect(fresh.out.contains("line=3") && fresh.out.contains("(custom_id: two)"))
        // A broken baseline is located and stops the run with status 2.
        try Data("{\"findings\": [{\"file\": 1}]}".utf8).write(to: dir.appendingPathComponent("baseline.json"))
        let broken = try specLint(["batch.jsonl", "--baseline", "baseline.json"], in: dir)
        #expect(broken.status == 2)
        #expect(broken.err.hasPrefix("baseline.json:1:24: error: 'file' must be a string, found number [baseline]"))
    }

    @Test func inputFormatFlagOverridesTheExtension() throws {
        let lines = validRequest.replacing("\n", with: " ") + "\n" + validRequest.replacing("\n", with: " ") + "\n"
        let dir = try temporaryDirectory(["requests.txt": lines])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try specLint(["requests.txt"], in: dir).status == 1)
        let asLines = try specLint(["requests.txt", "--input", "jsonl"], in: dir)
        #expect(asLines.status == 0)
        let bad = try specLint(["requests.txt", "--input", "xml"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.err.contains("'xml'"))
    }

    @Test func diffClassifiesFailsOnAClassAndRechecksPayloads() throws {
        let old = """
            spec: 1
            api: { name: Pets, base_url: "https://pets.example.com" }
            endpoints:
              add: { method: POST, path: /v1/pets, request: Pet, response: Pet }
            types:
              Pet: { kind: object, fields: { name: { type: string, required: true }, age: { type: integer } } }
            """
        let new = old.replacing("age: { type: integer }", with: "age: { type: integer, maximum: 30 }")
        let dir = try temporaryDirectory([
            "old.yaml": old, "new.yaml": new, "payloads/young.json": #"{"name": "a", "age": 3}"#,
            "payloads/old.json": #"{"name": "b", "age": 31}"#, "payloads/bad.json": #"{"age": 1}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try specLint(["diff", "old.yaml", "new.yaml", "--payloads", "payloads"], in: dir)
        #expect(run.status == 1)
        let line =
            "  Pet: { kind: object, fields: { name: { type: string, required: true }, age: { type: integer, maximum: 30 } } }"
        #expect(
            run.out == """
                new.yaml:6:96: error: breaks requests: 'maximum' of field 'age' of 'Pet' went from none to 30; requests outside the new bound fail [constraint.narrowed]
                    \(line)
                    \(String(repeating: " ", count: 95))^
                payloads: 1 of 3 files change verdict
                  payloads/old.json: valid -> invalid
                    payloads/old.json:1:22: error: 31 is greater than the maximum 30 [number.maximum]
                1 change (1 breaks requests)

                """)
        #expect(try specLint(["diff", "old.yaml", "new.yaml", "--fail-on", "breaks-source"], in: dir).status == 0)
        let markdown = try specLint(
            ["diff", "old.yaml", "new.yaml", "--format", "markdown", "--fail-on", "none"], in: dir)
        #expect(markdown.status == 0)
        #expect(markdown.out.contains("| breaks requests | `constraint.narrowed` | `Pet.age.maximum` |"))
        try Data("constraint.narrowed Pet.age.maximum\n".utf8).write(to: dir.appendingPathComponent("accepted.txt"))
        let accepted = try specLint(["diff", "old.yaml", "new.yaml", "--ignore", "accepted.txt"], in: dir)
        #expect(accepted.status == 0)
        #expect(accepted.out == "0 changes, 1 accepted by the ignore file\n")
        let json = try specLint(["diff", "old.yaml", "new.yaml", "--format", "json"], in: dir)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let change = try #require((root["changes"] as? [[String: Any]])?.first)
        #expect(change["id"] as? String == "constraint.narrowed")
        #expect(change["classes"] as? [String] == ["breaks-requests"])
        // Unusable input: a spec that does not load, a missing ignore file.
        try Data("spec: 1\napi: {".utf8).write(to: dir.appendingPathComponent("broken.yaml"))
        let broken = try specLint(["diff", "old.yaml", "broken.yaml"], in: dir)
        #expect(broken.status == 2)
        #expect(broken.err.contains("broken.yaml:"))
        #expect(try specLint(["diff", "old.yaml", "new.yaml", "--ignore", "missing.txt"], in: dir).status == 2)
    }
}
