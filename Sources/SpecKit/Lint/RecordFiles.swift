#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a file holds its requests.
public enum InputFormat: String, Sendable, CaseIterable {
    /// By extension and shape: `.jsonl` and `.ndjson` files are JSON Lines, other files one JSON document; in both,
    /// Message Batches requests are recognised by their shape (see ``batch``).
    case auto
    /// One JSON document that is one request.
    case json
    /// JSON Lines: one request per line (eval sets, request logs); blank lines are skipped.
    case jsonl
    /// Message Batches requests: a document `{"requests": [{"custom_id": …, "params": {…}}, …]}` (the body of a
    /// batch creation) or JSON Lines of `{"custom_id": …, "params": {…}}`. Each `params` is checked as a request and
    /// every diagnostic names its `custom_id`.
    case batch

    /// Whether a file at `path` is read as JSON Lines.
    func readsLines(_ path: String) -> Bool {
        switch self {
        case .jsonl: true
        case .json: false
        case .auto, .batch: path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson")
        }
    }
}

/// The Message Batches request format. Source: Anthropic API reference, "Create a Message Batch"
/// (https://docs.anthropic.com/en/api/creating-message-batches): `requests` is a list of objects with a
/// `custom_id` and the Messages `params`; a `custom_id` is 1 to 64 characters of letters, digits, `-` and `_`, and
/// must be unique within the batch.
enum BatchFormat {
    static let entryKeys = ["custom_id", "params"]

    static func isValidCustomID(_ id: String) -> Bool {
        let count = id.utf8.count
        guard count >= 1, count <= 64 else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }
}

extension Linter {
    /// Whether the linted type declares a field called `name` (then a member of that name is no batch marker).
    func typeDeclares(_ name: String) -> Bool {
        compiled.object(type, hasField: name)
    }

    /// Whether `root` is a batch entry (`custom_id` and `params`) rather than a request.
    func isBatchEntry(_ root: JSONValue) -> Bool {
        switch input {
        case .batch: return true
        case .json, .jsonl: return false
        case .auto:
            guard root.kind == .object else { return false }
            return BatchFormat.entryKeys.contains { root.member($0) != nil && !typeDeclares($0) }
        }
    }

    /// Whether `root` is a batch document (`requests`) rather than a request.
    func isBatchDocument(_ root: JSONValue) -> Bool {
        switch input {
        case .batch: return true
        case .json, .jsonl: return false
        case .auto: return root.kind == .object && root.member("requests") != nil && !typeDeclares("requests")
        }
    }

    /// The diagnostics of one parsed record: a request, a batch entry or a batch document.
    func check(_ root: JSONValue, lines: Bool, ids: inout [String: SourceLocation]) -> (
        diagnostics: [Diagnostic], omitted: Int
    ) {
        if lines ? isBatchEntry(root) : isBatchDocument(root) {
            return lines ? checkEntry(root, pointer: "", ids: &ids) : checkBatchDocument(root, ids: &ids)
        }
        let result = validator.validate(root, as: type)
        return (result.diagnostics, result.omitted)
    }

    func checkBatchDocument(_ root: JSONValue, ids: inout [String: SourceLocation]) -> (
        diagnostics: [Diagnostic], omitted: Int
    ) {
        guard root.kind == .object else {
            return ([batchError(root, "", "a batch file must be an object with a 'requests' list", "batch.shape")], 0)
        }
        var diagnostics: [Diagnostic] = []
        for member in root.members where member.key != "requests" {
            var text = "unknown key '\(member.key)' in a batch file; a batch holds only 'requests'"
            if let s = Suggestions.closest(to: member.key, in: ["requests"]) { text += "; did you mean '\(s)'?" }
            diagnostics.append(batchError(member.keyNode, "/" + member.key, text, "batch.shape"))
        }
        guard let requests = root.member("requests"), requests.kind == .array else {
            let at = root.member("requests") ?? root
            diagnostics.append(
                batchError(at, "/requests", "'requests' must be a list of {custom_id, params} objects", "batch.shape"))
            return (diagnostics, 0)
        }
        var omitted = 0
        for (index, entry) in requests.elements.enumerated() {
            let (found, more) = checkEntry(entry, pointer: "/requests/\(index)", ids: &ids)
            diagnostics += found
            omitted += more
        }
        return (diagnostics, omitted)
    }

    /// Checks one batch entry: its keys, its `custom_id` and, as the linted type, its `params`.
    func checkEntry(_ entry: JSONValue, pointer: String, ids: inout [String: SourceLocation]) -> (
        diagnostics: [Diagnostic], omitted: Int
    ) {
        guard entry.kind == .object else {
            let text = "a batch request must be an object with 'custom_id' and 'params', found \(entry.kind.name)"
            return ([batchError(entry, pointer, text, "batch.shape")], 0)
        }
        var diagnostics: [Diagnostic] = []
        for member in entry.members where !BatchFormat.entryKeys.contains(member.key) {
            var text = "unknown key '\(member.key)' in a batch request; it holds only 'custom_id' and 'params'"
            if let s = Suggestions.closest(to: member.key, in: BatchFormat.entryKeys) {
                text += "; did you mean '\(s)'?"
            }
            diagnostics.append(batchError(member.keyNode, pointer + "/" + member.key, text, "batch.shape"))
        }
        var record: String?
        if let id = entry.member("custom_id") {
            if let text = id.string {
                record = text
                if !BatchFormat.isValidCustomID(text) {
                    diagnostics.append(
                        batchError(
                            id, pointer + "/custom_id",
                            "custom_id '\(text)' must be 1 to 64 letters, digits, '-' or '_'", "batch.custom-id"))
                } else if let first = ids[text] {
                    var d = batchError(
                        id, pointer + "/custom_id",
                        "custom_id '\(text)' is used twice; each request of a batch needs its own", "batch.custom-id")
                    d.notes.append(Diagnostic.Note("first used here", at: first))
                    diagnostics.append(d)
                } else {
                    ids[text] = id.location
                }
            } else {
                diagnostics.append(
                    batchError(
                        id, pointer + "/custom_id", "custom_id must be a string, found \(id.kind.name)",
                        "batch.custom-id"))
            }
        } else {
            diagnostics.append(
                batchError(
                    entry, pointer, "a batch request needs a 'custom_id' (1 to 64 letters, digits, '-' or '_')",
                    "batch.custom-id"))
        }
        var omitted = 0
        if let params = entry.member("params") {
            let result = validator.validate(params, as: type)
            omitted = result.omitted
            for var d in result.diagnostics {
                d.pointer = pointer + "/params" + (d.pointer ?? "")
                diagnostics.append(d)
            }
        } else {
            diagnostics.append(
                batchError(entry, pointer, "a batch request needs 'params', the Messages request", "batch.params"))
        }
        if let record {
            for k in diagnostics.indices { diagnostics[k].record = record }
        }
        return (diagnostics, omitted)
    }

    func batchError(_ at: JSONValue, _ pointer: String, _ message: String, _ rule: String) -> Diagnostic {
        Diagnostic(.error, at: at.location, message, rule: rule, pointer: pointer)
    }
}

/// The running result of a JSON Lines file, kept within the per-file diagnostic cap as lines arrive, so that
/// memory stays bounded however long the file is.
struct LinesResult {
    let linter: Linter
    let path: String
    var diagnostics: [Diagnostic] = []
    var excerpts: [SourceLocation: SourceExcerpt] = [:]
    var omitted = 0
    var records = 0
    var ids: [String: SourceLocation] = [:]

    init(linter: Linter, path: String) {
        self.linter = linter
        self.path = path
    }

    /// Lints one line: `bytes` without its line break, `number` 1-based, `start` its byte offset in the file.
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, start: Int) {
        var end = bytes.count
        if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeBufferPointer(rebasing: bytes[0..<end])
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        records += 1
        let limits = linter.limits
        let lineBytes = Array(line)
        let parsed = JSONParser.parse(
            lineBytes, file: path, options: JSONParseOptions(maxDepth: limits.maxDepth, origin: (number, start)))
        var found = parsed.diagnostics
        if let document = parsed.document,
            !found.contains(where: { $0.severity == .error && $0.rule != "json.duplicate-key" })
        {
            let (checked, more) = linter.check(document.root, lines: true, ids: &ids)
            found += checked
            omitted += more
            found.sort { ($0.location?.offset ?? 0) < ($1.location?.offset ?? 0) }
        }
        let room = max(0, limits.maxDiagnostics - diagnostics.count)
        if found.count > room {
            omitted += found.count - room
            found.removeLast(found.count - room)
        }
        // Locations are the file's already (the parser's origin); excerpts come from the line itself.
        lineBytes.withUnsafeBufferPointer { buffer in
            for d in found {
                guard let location = d.location, let offset = location.offset, excerpts[location] == nil else {
                    continue
                }
                excerpts[location] = SourceExcerpt(
                    buffer: buffer, offset: offset - start, maxWidth: FileResult.excerptWidth)
            }
        }
        diagnostics += found
    }

    var result: FileResult {
        var all = diagnostics
        if records == 0 {
            all.append(
                Diagnostic(
                    .warning, at: nil, "no requests in this JSON Lines file (it holds only blank lines)",
                    rule: "jsonl.empty"))
        }
        let invalid = all.contains { $0.severity == .error } || omitted > 0
        return FileResult(
            path: path, status: invalid ? .invalid : .valid, diagnostics: all, excerpts: excerpts, omitted: omitted)
    }
}

extension Linter {
    /// Lints JSON Lines held in memory.
    func lintLines(bytes: [UInt8], path: String) -> FileResult {
        var lines = LinesResult(linter: self, path: path)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var number = 1
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                lines.add(UnsafeBufferPointer(rebasing: buffer[start..<end]), number: number, start: start)
                start = end + 1
                number += 1
            }
        }
        return lines.result
    }

    /// Lints a JSON Lines file as it is read, a block at a time: memory follows the longest line and the
    /// diagnostic cap, not the file. A line longer than the file-size limit is reported and skipped.
    func lintLines(path: String) -> FileResult {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let text = "cannot read '\(path)': \(String(cString: strerror(errno)).lowercased())"
            return FileResult(
                path: path, status: .unreadable, diagnostics: [Diagnostic(.error, at: nil, text, rule: "io.read")])
        }
        defer { close(fd) }
        var lines = LinesResult(linter: self, path: path)
        let block = 1 << 20
        var pending: [UInt8] = []  // the start of a line whose end is not read yet
        var pendingStart = 0  // its offset in the file
        var skipping = false  // inside a line over the limit
        var number = 1
        var chunk = [UInt8](repeating: 0, count: block)
        var offset = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, block) }
            if n < 0 {
                if errno == EINTR { continue }
                let text = "cannot read '\(path)': \(String(cString: strerror(errno)).lowercased())"
                return FileResult(
                    path: path, status: .unreadable, diagnostics: [Diagnostic(.error, at: nil, text, rule: "io.read")])
            }
            if n == 0 { break }
            chunk.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < n {
                    var end = start
                    while end < n && buffer[end] != 0x0A { end += 1 }
                    let piece = UnsafeBufferPointer(rebasing: buffer[start..<end])
                    if end == n {  // no line break yet: keep the piece for the next block
                        if !skipping {
                            if pending.isEmpty { pendingStart = offset + start }
                            pending.append(contentsOf: piece)
                            if pending.count > limits.maxFileSize {
                                lines.tooLong(number: number, start: pendingStart)
                                pending = []
                                skipping = true
                            }
                        }
                        break
                    }
                    if skipping {
                        skipping = false
                    } else if pending.isEmpty {
                        if piece.count > limits.maxFileSize {
                            lines.tooLong(number: number, start: offset + start)
                        } else {
                            lines.add(piece, number: number, start: offset + start)
                        }
                    } else {
                        pending.append(contentsOf: piece)
                        if pending.count > limits.maxFileSize {
                            lines.tooLong(number: number, start: pendingStart)
                        } else {
                            pending.withUnsafeBufferPointer { lines.add($0, number: number, start: pendingStart) }
                        }
                        pending = []
                    }
                    number += 1
                    start = end + 1
                }
            }
            offset += n
        }
        if !pending.isEmpty { pending.withUnsafeBufferPointer { lines.add($0, number: number, start: pendingStart) } }
        return lines.result
    }
}

extension LinesResult {
    mutating func tooLong(number: Int, start: Int) {
        records += 1
        let location = SourceLocation(file: path, line: number, column: 1, offset: start)
        let text =
            "line \(number) is over the \(linter.limits.maxFileSize)-byte limit and was not checked; raise it with --max-file-size"
        guard diagnostics.count < linter.limits.maxDiagnostics else {
            omitted += 1
            return
        }
        diagnostics.append(Diagnostic(.error, at: location, text, rule: "io.too-large"))
    }
}
