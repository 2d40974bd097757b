import CYAML

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a YAML file into a tree of ``YAMLNode``s, reporting problems as ``Diagnostic``s.
///
/// The reader takes libyaml's event stream and builds the tree itself, without recursion, so
/// that it can expand aliases under a node budget (``YAMLLimits``), reject duplicate keys and
/// report every position as a 1-based line and column with a byte offset.
public enum YAMLReader {
    /// Parses one YAML document. Returns the root (`nil` when the input has no usable document)
    /// and every diagnostic.
    ///
    /// Syntax, encoding and limit errors are fatal and give a `nil` root. Duplicate keys are
    /// reported and the first value kept. When the file holds a second document, it is reported
    /// and ignored, and the root of the first one is returned.
    public static func read(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = .default
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        guard bytes.count <= limits.maxBytes else {
            return (nil, [tooLarge(file, size: bytes.count, limits: limits)])
        }
        var builder = TreeBuilder(text: YAMLSourceText(bytes: bytes, file: file), limits: limits)
        if let problem = builder.text.encodingProblem() { return (nil, [problem]) }
        bytes.withUnsafeBufferPointer { buffer in
            let text = UnsafeBufferPointer(rebasing: buffer[builder.text.start...])
            if let base = text.baseAddress, !text.isEmpty {
                parse(base, count: text.count, into: &builder)
            } else {
                builder.finishStream()
            }
        }
        return (builder.failed ? nil : builder.root, builder.diagnostics)
    }

    /// Reads and parses the file at `path`. A file that cannot be read gives a diagnostic
    /// without a location, naming the path.
    public static func read(
        contentsOf path: String, limits: YAMLLimits = .default
    ) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var info = stat()
        let problem: String
        if stat(path, &info) != 0 {
            problem = errno == EACCES ? "permission denied" : "no such file"
        } else if (info.st_mode & S_IFMT) == S_IFDIR {
            problem = "it is a directory"
        } else if Int(info.st_size) > limits.maxBytes {
            return (nil, [tooLarge(path, size: Int(info.st_size), limits: limits)])
        } else {
            switch FileInput.read(path, limit: limits.maxBytes) {
            case .success(let bytes): return read(bytes, file: path, limits: limits)
            case .failure:
                problem = errno == EACCES ? "permission denied" : "the file could not be read"
            }
        }
        return (nil, [.error("cannot read '\(path)': \(problem)", at: nil)])
    }

    private static func tooLarge(_ file: String, size: Int, limits: YAMLLimits) -> Diagnostic {
        .error(
            "'\(file)' is \(size) bytes, more than the limit of \(limits.maxBytes) bytes; "
                + "split the file or raise the limit", at: nil)
    }

    /// Feeds libyaml's events to `builder` until the stream ends or the builder stops.
    private static func parse(_ input: UnsafePointer<UInt8>, count: Int, into builder: inout TreeBuilder) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            builder.fail("the YAML reader ran out of memory", at: nil)
            return
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input, count)
        var event = yaml_event_t()
        var proceed = true
        while proceed {
            let parsed = yaml_parser_parse(parser, &event) != 0
            defer { yaml_event_delete(&event) }
            guard parsed else {
                builder.syntaxError(parser.pointee)
                return
            }
            proceed = builder.handle(event)
        }
    }
}

/// Builds the tree from events with an explicit stack of open collections.
private struct TreeBuilder {
    /// A sequence or mapping whose end event has not arrived yet.
    struct Frame {
        var location: SourceLocation
        var tag: String?
        var anchor: String?
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// The key read for the pair in progress, and whether it repeats an earlier key.
        var pendingKey: (node: YAMLNode, isDuplicate: Bool)?
        var keyLocations: [String: SourceLocation] = [:]
        /// Nodes in the subtree, counting alias expansions, and its nesting height.
        var size = 1
        var height = 0
    }

    /// An anchored node with the measures that an alias to it adds.
    struct Anchored {
        var node: YAMLNode
        var size: Int
        var height: Int
    }

    var text: YAMLSourceText
    let limits: YAMLLimits
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var root: YAMLNode?
    private(set) var failed = false
    private var frames: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var nodeCount = 0
    private var documentCount = 0

    init(text: YAMLSourceText, limits: YAMLLimits) {
        self.text = text
        self.limits = limits
    }

    mutating func fail(_ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: location, notes: notes))
        failed = true
    }

    mutating func syntaxError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            fail("the YAML reader ran out of memory", at: nil)
        case YAML_READER_ERROR:
            let hex = String(parser.problem_value, radix: 16, uppercase: true)
            let value =
                parser.problem_value >= 0 ? " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))" : ""
            fail("YAML syntax error: \(problem)\(value)", at: text.location(ofByte: text.start + parser.problem_offset))
        default:
            let notes = parser.context.map { [Diagnostic.Note(String(cString: $0), at: location(parser.context_mark))] }
            fail("YAML syntax error: \(problem)", at: location(parser.problem_mark), notes: notes ?? [])
        }
    }

    /// Handles the end of the stream; reports a stream without documents.
    mutating func finishStream() {
        if documentCount == 0 {
            fail("the file holds no YAML document", at: text.location(ofByte: text.start))
        }
    }

    /// Handles one event; returns whether to read on.
    mutating func handle(_ event: yaml_event_t) -> Bool {
        let location = location(event.start_mark)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            finishStream()
            return false
        case YAML_DOCUMENT_START_EVENT:
            documentCount += 1
            if documentCount > 1 {
                diagnostics.append(
                    .error(
                        "the file holds more than one YAML document; a spec must be a single document", at: location))
                return false
            }
            return true
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                fail("YAML syntax error: found undefined alias '*\(name)'", at: location)
                return false
            }
            nodeCount = nodeCount.addingSaturated(anchored.size)
            guard nodeCount <= limits.maxNodes else {
                fail(
                    "alias '*\(name)' expands the document beyond \(limits.maxNodes) nodes (billion-laughs protection); "
                        + "remove the alias or raise the limit", at: location)
                return false
            }
            guard frames.count + anchored.height <= limits.maxDepth else {
                fail(
                    "alias '*\(name)' makes the document nest deeper than \(limits.maxDepth) levels; "
                        + "remove the alias or raise the limit", at: location)
                return false
            }
            var node = anchored.node
            node.location = location
            add(node, size: anchored.size, height: anchored.height, anchor: nil)
            return true
        case YAML_SCALAR_EVENT:
            guard countNode(at: location) else { return false }
            let data = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let tag = string(data.tag)
            let style: YAMLScalar.Style =
                switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
            let node = YAMLNode(.scalar(YAMLScalar(value, style: style, isTagged: tag != nil)), at: location, tag: tag)
            add(node, size: 1, height: 0, anchor: string(data.anchor))
            return true
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard countNode(at: location) else { return false }
            guard frames.count < limits.maxDepth else {
                fail(
                    "the document nests deeper than \(limits.maxDepth) levels; flatten it or raise the limit",
                    at: location)
                return false
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let (anchor, tag) =
                isMapping
                ? (event.data.mapping_start.anchor, event.data.mapping_start.tag)
                : (event.data.sequence_start.anchor, event.data.sequence_start.tag)
            frames.append(Frame(location: location, tag: string(tag), anchor: string(anchor), isMapping: isMapping))
            return true
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = frames.popLast() else { return false }
            let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
            add(
                YAMLNode(content, at: frame.location, tag: frame.tag), size: frame.size, height: frame.height + 1,
                anchor: frame.anchor)
            return true
        default:
            return true
        }
    }

    /// Counts a node read from the file; returns `false` (after reporting) when over the budget.
    private mutating func countNode(at location: SourceLocation) -> Bool {
        nodeCount += 1
        guard nodeCount > limits.maxNodes else { return true }
        fail("the document has more than \(limits.maxNodes) nodes; split it or raise the limit", at: location)
        return false
    }

    /// Attaches a finished node to the open collection, or makes it the root.
    private mutating func add(_ node: YAMLNode, size: Int, height: Int, anchor: String?) {
        if let anchor { anchors[anchor] = Anchored(node: node, size: size, height: height) }
        guard !frames.isEmpty else {
            root = node
            return
        }
        let top = frames.count - 1
        frames[top].size = frames[top].size.addingSaturated(size)
        frames[top].height = max(frames[top].height, height)
        guard frames[top].isMapping else {
            frames[top].items.append(node)
            return
        }
        if let key = frames[top].pendingKey {
            frames[top].pendingKey = nil
            if !key.isDuplicate { frames[top].pairs.append(YAMLPair(key: key.node, value: node)) }
            return
        }
        var isDuplicate = false
        if let key = node.scalar?.value {
            if let first = frames[top].keyLocations[key] {
                isDuplicate = true
                diagnostics.append(
                    .error(
                        "duplicate key '\(key)' in mapping", at: node.location,
                        notes: [.init("'\(key)' was first defined here", at: first)]))
            } else {
                frames[top].keyLocations[key] = node.location
            }
        }
        frames[top].pendingKey = (node, isDuplicate)
    }

    private mutating func location(_ mark: yaml_mark_t) -> SourceLocation {
        text.location(line: Int(mark.line), column: Int(mark.column), index: Int(mark.index))
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension Int {
    fileprivate func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
