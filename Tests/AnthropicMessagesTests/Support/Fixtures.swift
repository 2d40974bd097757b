import AnthropicMessages
import Foundation
import SpecRuntime

/// Where the test data lives: the project's own fixtures in `Resources/` (copied into the test bundle), the lint
/// corpus in `Tests/Fixtures/requests`, and the shared real-world examples in `../shared/api` beside the repository
/// (absent on some machines; tests that read it record a passing "skipped" check then).
enum Fixtures {
    /// The repository root: this file is `Tests/AnthropicMessagesTests/Support/Fixtures.swift`.
    static let repositoryRoot: String = parent(parent(parent(parent(#filePath))))
    /// `../shared/api` beside the repository.
    static let sharedAPI: String = parent(repositoryRoot) + "/shared/api"
    /// The lint corpus.
    static let corpus: String = repositoryRoot + "/Tests/Fixtures/requests"
    /// `Spec/messages.yaml`.
    static let specPath: String = repositoryRoot + "/Spec/messages.yaml"

    /// The bundled `Resources` folder.
    static let resources: String = {
        if let url = Bundle.module.url(forResource: "Resources", withExtension: nil) { return url.path }
        // Fall back to the source tree (the bundle should always have it).
        return repositoryRoot + "/Tests/AnthropicMessagesTests/Resources"
    }()

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether `../shared/api` exists.
    static var hasShared: Bool { isDirectory(sharedAPI) }

    /// The file names in `directory` ending in `suffix` (sorted); empty when the folder is absent.
    static func files(in directory: String, suffix: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// `name` without `suffix`.
    static func stem(_ name: String, _ suffix: String) -> String {
        name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
    }

    /// Shared files of one kind, e.g. `sharedFiles("responses", ".json")`.
    static func sharedFiles(_ folder: String, _ suffix: String) -> [String] {
        files(in: sharedAPI + "/" + folder, suffix: suffix)
    }

    /// Bundled fixture files of one kind, e.g. `ownFiles("streams", ".sse")` (the `.expected.json` files excluded).
    static func ownFiles(_ folder: String, _ suffix: String) -> [String] {
        files(in: resources + "/" + folder, suffix: suffix).filter { !$0.hasSuffix(".expected.json") }
    }

    /// Shared `.sse` files stored without the blank line that ends the last event (the collector trimmed the
    /// trailing newline). On the wire every event ends with a blank line; by the SSE standard an unterminated last
    /// event is discarded, so these files would lose their `message_stop`. The tests assert exactly this list and
    /// read these files with the terminator restored (``sharedStream(_:)``).
    static let sharedStreamsWithoutFinalBlankLine: Set<String> = [
        "docs-extended-thinking.sse", "py-sdk-basic-text.sse", "py-sdk-compaction.sse", "py-sdk-fallback-block.sse",
        "py-sdk-refusal.sse", "py-sdk-tool-use.sse",
    ]

    /// Whether an SSE body ends with a blank line (LF or CRLF line endings).
    static func endsWithBlankLine(_ data: Data) -> Bool {
        data.count >= 2 && (data.suffix(2) == Data("\n\n".utf8) || data.suffix(4) == Data("\r\n\r\n".utf8))
    }

    /// A shared stream file as sent on the wire: its bytes, with the final blank line restored when the file lacks
    /// it (see ``sharedStreamsWithoutFinalBlankLine``).
    static func sharedStream(_ file: String) throws -> Data {
        var data = try read(sharedAPI + "/streams/" + file)
        while !endsWithBlankLine(data) { data.append(UInt8(ascii: "\n")) }
        return data
    }

    static func read(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func resource(_ relative: String) throws -> Data {
        try read(resources + "/" + relative)
    }

    /// The events of a `text/event-stream` body, decoded with the runtime's decoder (fed in uneven chunks, to
    /// exercise its incremental path as the network would), and whether an incomplete event was left at the end.
    static func events(_ data: Data, chunkSize: Int = 37) throws -> (events: [ServerSentEvent], leftover: Bool) {
        var decoder = ServerSentEventDecoder()
        var events: [ServerSentEvent] = []
        let bytes = [UInt8](data)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunkSize, bytes.count)
            events += try decoder.decode(bytes[start..<end])
            start = end
        }
        let leftover = decoder.finish()
        return (events, leftover)
    }
}

// MARK: - JSON

/// JSON helpers for semantic comparison.
enum JSON {
    static func parse(_ data: Data) throws -> AnyJSON { try AnyJSON(parsing: data) }

    static func parse(_ text: String) throws -> AnyJSON { try AnyJSON(parsing: text) }

    /// The encoder generated code is sent with (the client's): sorted keys, slashes unescaped.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` encoded with `JSONEncoder` and parsed back as ``AnyJSON``.
    static func reencode(_ value: some Encodable) throws -> AnyJSON {
        try AnyJSON(parsing: try encoder().encode(value))
    }

    /// One difference between two JSON values.
    struct Difference: Hashable, CustomStringConvertible {
        enum Kind: String, Hashable { case missing, added, changed }
        var pointer: String
        var kind: Kind
        var detail: String

        var description: String { "\(kind.rawValue) at \(pointer.isEmpty ? "/" : pointer): \(detail)" }
    }

    /// Every place where `actual` (the re-encoding) differs from `expected` (the original), by JSON semantics:
    /// member order is ignored and numbers compare by value (``AnyJSON`` equality).
    static func differences(expected: AnyJSON, actual: AnyJSON, at pointer: JSONPointer = JSONPointer()) -> [Difference]
    {
        if expected == actual { return [] }
        switch (expected, actual) {
        case (.object(let a), .object(let b)):
            var out: [Difference] = []
            var left: [String: AnyJSON] = [:]
            var right: [String: AnyJSON] = [:]
            for member in a { left[member.key] = member.value }
            for member in b { right[member.key] = member.value }
            for key in Set(left.keys).union(right.keys).sorted() {
                let p = pointer.appending(key)
                switch (left[key], right[key]) {
                case (let x?, let y?): out += differences(expected: x, actual: y, at: p)
                case (let x?, nil): out.append(Difference(pointer: p.encoded, kind: .missing, detail: short(x)))
                case (nil, let y?): out.append(Difference(pointer: p.encoded, kind: .added, detail: short(y)))
                case (nil, nil): break
                }
            }
            return out
        case (.array(let a), .array(let b)) where a.count == b.count:
            return zip(a, b).enumerated().flatMap { index, pair in
                differences(expected: pair.0, actual: pair.1, at: pointer.appending(index))
            }
        default:
            return [
                Difference(pointer: pointer.encoded, kind: .changed, detail: "\(short(expected)) → \(short(actual))")
            ]
        }
    }

    static func short(_ value: AnyJSON) -> String {
        let text = value.serialized()
        return text.count > 120 ? String(text.prefix(117)) + "..." : text
    }
}

// MARK: - Decoding errors

extension DecodingError {
    /// The coding path of the error.
    var codingPath: [any CodingKey] {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            context.codingPath
        @unknown default:
            []
        }
    }

    /// The coding path as a JSON Pointer (RFC 6901).
    var pointer: String { Self.pointer(codingPath) }

    static func pointer(_ path: [any CodingKey]) -> String {
        var pointer = JSONPointer()
        for key in path {
            if let index = key.intValue {
                pointer = pointer.appending(index)
            } else {
                pointer = pointer.appending(key.stringValue)
            }
        }
        return pointer.encoded
    }

    /// `keyNotFound 'usage' at /message`-style summary: kind, key (for a missing key) and path.
    var summary: String {
        switch self {
        case .keyNotFound(let key, let context):
            "keyNotFound '\(key.stringValue)' at \(Self.display(Self.pointer(context.codingPath)))"
        case .typeMismatch(let type, let context):
            "typeMismatch \(type) at \(Self.display(Self.pointer(context.codingPath))): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            "valueNotFound \(type) at \(Self.display(Self.pointer(context.codingPath)))"
        case .dataCorrupted(let context):
            "dataCorrupted at \(Self.display(Self.pointer(context.codingPath))): \(context.debugDescription)"
        @unknown default:
            "\(self)"
        }
    }

    static func display(_ pointer: String) -> String { pointer.isEmpty ? "/" : pointer }
}

/// Renders rows as a plain-text table with aligned columns.
func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = (0..<header.count).map { column in all.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
    func line(_ row: [String]) -> String {
        row.enumerated().map { column, cell in
            column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
        }.joined(separator: " | ")
    }
    return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")] + rows.map(line))
        .joined(separator: "\n")
}
