/// Renders lint results in each ``ReportFormat``.
public struct Reporter: Sendable {
    /// The format to write.
    public var format: ReportFormat
    /// Whether to colour human output (only on a terminal, never with `NO_COLOR`).
    public var color: Bool
    /// The tool version written into machine formats.
    public var toolVersion: String

    /// Creates a reporter.
    public init(format: ReportFormat, color: Bool = false, toolVersion: String) {
        self.format = format
        self.color = color
        self.toolVersion = toolVersion
    }

    /// Text written as each file finishes (streaming formats), or empty.
    public func fileReport(_ result: FileResult) -> String {
        switch format {
        case .human: human(result)
        case .github: github(result)
        case .json, .sarif: ""
        }
    }

    /// Text written at the end of the run.
    public func finalReport(_ results: [FileResult], summary: LintSummary) -> String {
        switch format {
        case .human: humanSummary(summary)
        case .github: githubSummary(summary)
        case .json: json(results, summary: summary)
        case .sarif: sarif(results)
        }
    }

    // MARK: - human

    func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func human(_ result: FileResult) -> String {
        var out = ""
        for d in result.diagnostics {
            let (label, code) =
                d.severity == .error
                ? ("error", "1;31") : d.severity == .warning ? ("warning", "1;35") : ("note", "1;36")
            let place = d.location.map { "\($0): " } ?? "\(result.path): "
            out += paint(place, "1") + paint("\(label):", code) + " " + paint(d.message, "1")
            if let rule = d.rule { out += " [\(rule)]" }
            out += d.recordSuffix + "\n"
            if let location = d.location, let excerpt = result.excerpts[location] {
                out += "    \(excerpt.line)\n    \(paint(excerpt.caret, "1;32"))\n"
            }
            for note in d.notes {
                let notePlace = (note.location ?? d.location).map { "\($0): " } ?? ""
                out += notePlace + paint("note:", "1;36") + " \(note.message)\n"
            }
        }
        if result.omitted > 0 {
            out +=
                "\(result.path): note: \(result.omitted) more diagnostics not shown (raise --max-diagnostics to see them)\n"
        }
        return out
    }

    func humanSummary(_ s: LintSummary) -> String {
        let files = s.files == 1 ? "1 file" : "\(s.files) files"
        let errors = s.errors == 1 ? "1 error" : "\(s.errors) errors"
        let warnings = s.warnings == 1 ? "1 warning" : "\(s.warnings) warnings"
        let verdict = s.invalidFiles == 0 ? "all valid" : "\(s.invalidFiles) invalid"
        let accepted = s.accepted == 0 ? "" : " (\(s.accepted) more accepted by the baseline)"
        return "\(files) checked, \(verdict): \(errors), \(warnings)\(accepted)\n"
    }

    // MARK: - github

    func github(_ result: FileResult) -> String {
        var out = ""
        for d in result.diagnostics where d.severity != .note {
            var props = ["file=\(Self.githubProperty(result.path))"]
            if let l = d.location {
                props.append("line=\(l.line)")
                props.append("col=\(l.column)")
            }
            props.append("title=\(Self.githubProperty("spec-lint" + (d.rule.map { " [\($0)]" } ?? "")))")
            let message = ([d.message + d.recordSuffix] + d.notes.map { "note: \($0.message)" }).joined(separator: "\n")
            out +=
                "::\(d.severity == .error ? "error" : "warning") \(props.joined(separator: ","))::\(Self.githubData(message))\n"
        }
        return out
    }

    func githubSummary(_ s: LintSummary) -> String {
        "::notice title=spec-lint::\(Self.githubData(humanSummary(s).trimmingWhitespace()))\n"
    }

    static func githubData(_ s: String) -> String {
        s.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    static func githubProperty(_ s: String) -> String {
        githubData(s).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }

    // MARK: - json

    func json(_ results: [FileResult], summary: LintSummary) -> String {
        // Written as it goes, with no tree of values in between: a report of 10,000 files is mostly appends.
        var w = JSONWriter()
        w.beginObject()
        w.field("version", 1)
        w.field("tool", "spec-lint \(toolVersion)")
        w.key("summary")
        w.beginObject()
        w.field("files", summary.files)
        w.field("invalid_files", summary.invalidFiles)
        w.field("errors", summary.errors)
        w.field("warnings", summary.warnings)
        if summary.accepted > 0 {
            w.field("accepted_by_baseline", summary.accepted)
        }
        w.endObject()
        w.key("files")
        w.beginArray()
        for r in results {
            w.element()
            w.beginObject()
            w.field("path", r.path)
            w.field("status", r.status.rawValue)
            w.field("errors", r.errorCount)
            w.field("warnings", r.warningCount)
            w.field("omitted", r.omitted)
            w.key("diagnostics")
            w.beginArray()
            for d in r.diagnostics {
                w.element()
                w.beginObject()
                w.field("severity", d.severity.rawValue)
                if let l = d.location {
                    w.field("line", l.line)
                    w.field("column", l.column)
                    if let o = l.offset {
                        w.field("offset", o)
                    }
                }
                w.field("pointer", d.pointer)
                if let record = d.record {
                    w.field("custom_id", record)
                }
                w.field("rule", d.rule)
                w.field("message", d.message)
                w.key("notes")
                w.beginArray()
                for note in d.notes {
                    w.element()
                    w.string(note.message)
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.out.append(UInt8(ascii: "\n"))
        return String(decoding: w.out, as: UTF8.self)
    }

    // MARK: - sarif

    func sarif(_ results: [FileResult]) -> String {
        var ruleIDs: [String] = []
        var sarifResults: [JSONOut] = []
        for r in results {
            for d in r.diagnostics where d.severity != .note {
                let rule = d.rule ?? "spec-lint"
                if !ruleIDs.contains(rule) { ruleIDs.append(rule) }
                var region: [(String, JSONOut)] = []
                if let l = d.location {
                    region = [("startLine", .int(l.line)), ("startColumn", .int(l.column))]
                }
                var physical: [(String, JSONOut)] = [
                    ("artifactLocation", .object([("uri", .string(Self.sarifURI(r.path)))]))
                ]
                if !region.isEmpty { physical.append(("region", .object(region))) }
                var result: [(String, JSONOut)] = [
                    ("ruleId", .string(rule)),
                    ("level", .string(d.severity == .error ? "error" : "warning")),
                    (
                        "message",
                        .object([
                            (
                                "text",
                                .string(([d.message + d.recordSuffix] + d.notes.map(\.message)).joined(separator: " "))
                            )
                        ])
                    ),
                    ("locations", .array([.object([("physicalLocation", .object(physical))])])),
                ]
                var properties: [(String, JSONOut)] = []
                if let pointer = d.pointer { properties.append(("jsonPointer", .string(pointer))) }
                if let record = d.record { properties.append(("customId", .string(record))) }
                if !properties.isEmpty { result.append(("properties", .object(properties))) }
                sarifResults.append(.object(result))
            }
        }
        let rules = ruleIDs.sorted().map { id in
            JSONOut.object([
                ("id", .string(id)), ("shortDescription", .object([("text", .string(Self.ruleDescription(id)))])),
            ])
        }
        let root = JSONOut.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string("spec-lint")), ("version", .string(toolVersion)),
                                        ("informationUri", .string("https://github.com/")),
                                        ("rules", .array(rules)),
                                    ])
                                )
                            ])
                        ),
                        ("results", .array(sarifResults)),
                    ])
                ])
            ),
        ])
        return root.render(indent: 0) + "\n"
    }

    static func sarifURI(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        var out = ""
        for scalar in p.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", "~", "/": out.unicodeScalars.append(scalar)
            default:
                for byte in String(scalar).utf8 { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
            }
        }
        return out
    }

    static func ruleDescription(_ id: String) -> String {
        switch id {
        case "type": "A value has the wrong JSON type."
        case "required": "A required field is missing."
        case "unknown-field": "An object has a field its type does not declare."
        case "const": "A field has a value other than its only allowed value."
        case "enum": "A string is not one of the allowed values."
        case "discriminator": "A union member's discriminator is missing or unknown."
        case "oneof": "A value matches no alternative of a union."
        case "beta": "A field or variant needs a beta feature that is not enabled."
        case _ where id.hasPrefix("json."): "The file is not valid JSON (RFC 8259)."
        case _ where id.hasPrefix("rule."): "A cross-field rule of the spec failed."
        case _ where id.hasPrefix("io."): "The file could not be read."
        default: "A value violates a constraint of the spec (\(id))."
        }
    }
}

/// A tiny ordered JSON writer for the machine-readable formats.
enum JSONOut {
    case string(String), int(Int), bool(Bool), null
    /// Number text written as it is.
    case raw(String)
    case array([JSONOut])
    case object([(String, JSONOut)])

    func render(indent: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as indented JSON (two spaces a level) to the UTF-8 bytes `out`: appending bytes costs
    /// a fraction of appending `String`s, and a report of 10,000 files is mostly appends.
    func write(into out: inout [UInt8], indent: Int) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .int(let i): out += String(i).utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .raw(let text): out += text.utf8
        case .array(let items):
            if items.isEmpty { return out += "[]".utf8 }
            out += "[\n".utf8
            for (k, item) in items.enumerated() {
                Self.pad(&out, indent + 1)
                item.write(into: &out, indent: indent + 1)
                if k < items.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            if fields.isEmpty { return out += "{}".utf8 }
            out += "{\n".utf8
            for (k, field) in fields.enumerated() {
                Self.pad(&out, indent + 1)
                Self.quote(field.0, into: &out)
                out += ": ".utf8
                field.1.write(into: &out, indent: indent + 1)
                if k < fields.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            Self.pad(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func pad(_ out: inout [UInt8], _ level: Int) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    static func quote(_ s: String) -> String { JSONText.quote(s) }

    /// Appends `s` as a JSON string (the escapes of ``JSONText/quote(_:)``).
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var run = 0
            for (i, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                switch byte {
                case UInt8(ascii: "\""): out += #"\""#.utf8
                case UInt8(ascii: "\\"): out += #"\\"#.utf8
                case UInt8(ascii: "\n"): out += #"\n"#.utf8
                case UInt8(ascii: "\r"): out += #"\r"#.utf8
                case UInt8(ascii: "\t"): out += #"\t"#.utf8
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out += #"\u00"#.utf8
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 15)])
                }
                run = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Writes indented JSON (two spaces a level) as it goes, exactly as ``JSONOut`` renders the same values: open a
/// container, then give each member a ``key(_:)`` (objects) or an ``element()`` (arrays) before its value. Reports
/// nest a few levels; containers nest at most 64 deep.
struct JSONWriter {
    /// The UTF-8 written so far.
    var out: [UInt8] = []
    /// How many containers are open, and bit `i` set while the container at depth `i` has members.
    private var depth = 0
    private var hasMembers: UInt64 = 0

    init() { out.reserveCapacity(1 << 16) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts an object member named `name` (plain ASCII, written as it is); its value follows.
    mutating func key(_ name: StaticString) {
        member()
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
    }

    /// An object member with a number value.
    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    /// An object member with a string value (`null` for nil).
    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    /// Starts an array element; its value follows.
    mutating func element() { member() }

    mutating func string(_ value: String) { JSONOut.quote(value, into: &out) }

    /// A string, or `null` for nil.
    mutating func string(_ value: String?) {
        if let value { string(value) } else { out.append(contentsOf: Self.null) }
    }

    /// Decimal digits, without making a `String`.
    mutating func int(_ value: Int) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits, written from the end
        withUnsafeMutableBytes(of: &digits) { buffer in
            var k = buffer.count
            repeat {
                k -= 1
                buffer[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: buffer[k...])
        }
    }

    private static let null = Array("null".utf8)
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 2 * 64)

    private mutating func open(_ bracket: UInt8) {
        precondition(depth < 64, "JSONWriter nests at most 64 containers")
        out.append(bracket)
        hasMembers &= ~(1 << UInt64(depth))
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if hasMembers & (1 << UInt64(depth)) != 0 {
            out.append(UInt8(ascii: "\n"))
            pad()
        }
        out.append(bracket)
    }

    private mutating func member() {
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if hasMembers & bit != 0 { out.append(UInt8(ascii: ",")) }
        hasMembers |= bit
        out.append(UInt8(ascii: "\n"))
        pad()
    }

    private mutating func pad() { out.append(contentsOf: Self.spaces[..<(2 * depth)]) }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
