import Foundation
import Testing

@testable import SpecKit

/// `SpecArchive`: every spec of the repository comes back equal, bad bytes are refused without a crash, and the
/// archive `spec-lint` compiles in is the one of today's `Spec/messages.yaml`.
@Suite struct SpecArchiveTests {
    static let builtIn = Corpus.repositoryRoot + "/Sources/SpecLintCLI/BuiltInSpecArchive.swift"
    static let recording = ProcessInfo.processInfo.environment["SPEC_ARCHIVE_RECORD"] == "1"

    static func specFiles() throws -> [String] {
        let root = Corpus.repositoryRoot
        var files = [root + "/Spec/messages.yaml", root + "/Tests/GeneratorTests/Resources/constructs.yaml"]
        let fixtures = root + "/Tests/Fixtures/specs"
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted() where name.hasPrefix("good")
        {
            files.append(fixtures + "/" + name)
        }
        return files
    }

    @Test func everySpecComesBackEqual() throws {
        for path in try Self.specFiles() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let loaded = try #require(SpecLoader.load(bytes: bytes, file: path).spec, "\(path)")
            let archive = SpecArchive.encode(loaded, digest: SpecArchive.digest(ofSource: bytes))
            let decoded = try SpecArchive.decode(archive)
            #expect(decoded == loaded, "\(path)")
            // Equality leaves out where enum values are written; compare those too.
            for (a, b) in zip(decoded.types, loaded.types) {
                if case .enumeration(let x) = a.kind, case .enumeration(let y) = b.kind {
                    #expect(x.values.map(\.location) == y.values.map(\.location))
                }
            }
            #expect(try SpecArchive.digest(of: archive) == SpecArchive.digest(ofSource: bytes))
            // The same spec gives the same bytes.
            #expect(SpecArchive.encode(decoded, digest: SpecArchive.digest(ofSource: bytes)) == archive)
        }
    }

    /// The generator tests' spec and its archive, for the tests of damaged bytes.
    static func constructsArchive() throws -> (spec: Spec, archive: [UInt8]) {
        let path = Corpus.repositoryRoot + "/Tests/GeneratorTests/Resources/constructs.yaml"
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let loaded = try #require(SpecLoader.load(bytes: bytes, file: path).spec)
        return (loaded, SpecArchive.encode(loaded, digest: 7))
    }

    /// Every truncation of `archive` makes `read` throw ``SpecArchive/Corrupt``; then `read` runs on 2,000 copies
    /// with one random byte past the header changed, where it may throw but must not trap.
    static func checkDamaged(_ archive: [UInt8], _ read: ([UInt8]) throws -> Void) {
        for length in 0..<archive.count {
            #expect(throws: SpecArchive.Corrupt.self) { try read(Array(archive[0..<length])) }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var damaged = archive
            let at = Int.random(in: 8..<damaged.count, using: &generator)
            damaged[at] = UInt8.random(in: 0...255, using: &generator)
            try? read(damaged)
        }
    }

    @Test func badBytesAreRefused() throws {
        let (_, archive) = try Self.constructsArchive()
        // Every truncation is an error, never a crash or a spec; flipped bytes give an error or some spec.
        Self.checkDamaged(archive) { _ = try SpecArchive.decode($0) }
        #expect(throws: SpecArchive.Corrupt.self) { try SpecArchive.decode(archive + [0]) }
        do {
            // The previous version's header: its layout differs.
            _ = try SpecArchive.decode(Array("SPECARC1".utf8) + archive.dropFirst(8))
            Issue.record("a wrong header was accepted")
        } catch let error as SpecArchive.Corrupt {
            #expect(error.description == "not a spec archive: expected the header SPECARC2 at byte 0")
        }
        // Base64 round trip, and text that is not base64.
        for count in 0..<7 {
            let sample = Array(archive.prefix(count))
            #expect(SpecArchive.bytes(fromBase64: SpecArchive.base64(sample)) == sample)
        }
        #expect(SpecArchive.bytes(fromBase64: "AB$C") == nil)
        #expect(SpecArchive.bytes(fromBase64: "QQ==QQ==") == nil)
    }

    /// Read one type at a time, an archive gives back every type, and the whole spec, equal to the loaded ones.
    @Test func typesReadOneAtATimeComeBackEqual() throws {
        for path in try Self.specFiles() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let loaded = try #require(SpecLoader.load(bytes: bytes, file: path).spec, "\(path)")
            let archived = try ArchivedSpec(SpecArchive.encode(loaded, digest: 1))
            #expect(archived.typeNames == loaded.types.map(\.name), "\(path)")
            #expect(archived.api == loaded.api && archived.endpoints == loaded.endpoints, "\(path)")
            #expect(archived.models == loaded.models, "\(path)")
            // Backwards, so that no type is read where a reader left off.
            for i in loaded.types.indices.reversed() { #expect(archived.decl(i) == loaded.types[i], "\(path) #\(i)") }
            #expect(archived.decl(loaded.types.count) == nil && archived.decl(-1) == nil)
            #expect(archived.spec == loaded, "\(path)")
        }
    }

    /// Damaged bytes: opening fails with an error, or a damaged type reads as nil and a validator reports it wherever
    /// a document uses it; never a trap, never a silent pass.
    @Test func damagedArchivesFailLoudly() throws {
        let (loaded, archive) = try Self.constructsArchive()
        Self.checkDamaged(archive) { bytes in
            let opened = try ArchivedSpec(bytes)
            for i in opened.typeNames.indices { _ = opened.decl(i) }
            _ = opened.spec
        }
        // The first byte of the last type's value, after its name, that makes the type unreadable when set to 0xFF.
        let intact = try ArchivedSpec(archive)
        let last = intact.typeNames.count - 1
        let range = intact.typeRanges[last]
        let damaged = try #require(
            (range.lowerBound + 1..<range.upperBound).lazy.map { at -> [UInt8] in
                var damaged = archive
                damaged[at] = 0xFF
                return damaged
            }.first { (try? ArchivedSpec($0))?.decl(last) == nil && (try? ArchivedSpec($0)) != nil })
        let opened = try ArchivedSpec(damaged)
        #expect(opened.decl(last) == nil)
        #expect(opened.decl(last - 1) == loaded.types[last - 1])
        let name = opened.typeNames[last]
        let compiled = CompiledSpec(opened)
        let document = try #require(JSONParser.parse(Array("{}".utf8), file: "t.json").document)
        let result = Validator(compiled).validate(document.root, as: .named(name))
        #expect(
            result.diagnostics.map(\.message) == [
                "the spec's type '\(name)' cannot be read from the archive compiled into this tool (the binary is "
                    + "damaged); rebuild the tool, or set SPEC_LINT_NO_ARCHIVE=1 to load the spec's YAML instead"
            ])
    }

    /// A stale archive is not used: the built-in spec is loaded from its YAML instead.
    @Test func aStaleArchiveIsIgnored() throws {
        let source = try String(contentsOfFile: Corpus.repositoryRoot + "/Spec/messages.yaml", encoding: .utf8)
        let archive = try #require(SpecArchive.archive(ofSpecFile: Array(source.utf8), file: "<built-in>"))
        let digest = SpecArchive.digest(ofSource: source.utf8)
        let text = SpecArchive.base64(archive)
        #expect(SpecArchive.decode(builtIn: source, base64: text, digest: digest) != nil)
        #expect(SpecArchive.decode(builtIn: source + " ", base64: text, digest: digest) == nil)
        // A Swift multi-line string literal drops the file's last line break; that is the same text.
        #expect(SpecArchive.decode(builtIn: String(source.dropLast()), base64: text, digest: digest) != nil)
        #expect(SpecArchive.decode(builtIn: source, base64: "", digest: digest) == nil)
    }

    /// The archive compiled into spec-lint is that of today's Spec/messages.yaml. `SPEC_ARCHIVE_RECORD=1` writes it
    /// (the test then fails, so a recording run is never a passing one).
    @Test func theBuiltInArchiveIsCurrent() throws {
        let source = Array(try Data(contentsOf: URL(fileURLWithPath: Corpus.repositoryRoot + "/Spec/messages.yaml")))
        let archive = try #require(SpecArchive.archive(ofSpecFile: source, file: "<built-in messages.yaml>"))
        let expected = SpecArchive.swiftSource(
            enumName: "BuiltInSpecArchive", archive: archive, digest: SpecArchive.digest(ofSource: source),
            origin: "Spec/messages.yaml")
        let current = try? String(contentsOfFile: Self.builtIn, encoding: .utf8)
        if Self.recording {
            try expected.write(toFile: Self.builtIn, atomically: true, encoding: .utf8)
            Issue.record("recorded \(Self.builtIn); run again without SPEC_ARCHIVE_RECORD=1 to check it")
            return
        }
        #expect(
            current == expected,
            "\(Self.builtIn) is stale (Spec/messages.yaml changed); spec-lint still works, loading the YAML, but starts slower. Update it with: SPEC_ARCHIVE_RECORD=1 swift test --filter SpecArchiveTests"
        )
    }
}
