import SpecModel

/// Doc comment lines for generated declarations.
enum Documentation {
    /// The lines of a spec `doc` text (split at newlines, trailing blank lines dropped).
    static func lines(_ text: String?) -> [String] {
        guard let text else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingTrailingWhitespace()
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.flatMap { wrap($0) }
    }

    /// The width doc text is wrapped at (without the `/// ` prefix and indentation).
    static let width = 100

    /// Splits a long line at spaces; continuation lines of a `- ` list item are indented by two spaces.
    static func wrap(_ line: String, width: Int = width) -> [String] {
        guard line.unicodeScalars.count > width else { return [line] }
        let continuation = line.hasPrefix("- ") ? "  " : ""
        var out: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? (out.isEmpty ? "" : continuation) + word : current + " " + word
            if candidate.unicodeScalars.count > width, !current.isEmpty {
                out.append(current)
                current = continuation + word
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Documentation of a declared type: its doc, then deprecation and feature notes.
    static func type(_ decl: TypeDecl) -> [String] {
        var notes: [String] = []
        if let deprecated = decl.deprecated { notes.append(deprecation(deprecated)) }
        if let beta = decl.beta { notes.append("- Note: Needs the beta feature `\(beta)`.") }
        return joined(lines(decl.doc), notes)
    }

    /// Documentation of a field's property: doc, constraints, server default, deprecation and feature notes.
    static func field(_ field: Field) -> [String] {
        var notes: [String] = []
        if field.constant == nil {
            let constraints = describe(field.checks.errors)
            if !constraints.isEmpty { notes.append("- Constraints: " + constraints.joined(separator: ", ") + ".") }
            let warnings = describe(field.checks.warnings)
            if !warnings.isEmpty {
                var text = "- Warning: reported as a warning unless " + warnings.joined(separator: ", ")
                if let reason = field.checks.warningMessage, !reason.isEmpty { text += ": " + reason }
                notes.append(text.hasSuffix(".") ? text : text + ".")
            }
        }
        if let value = field.defaultValue { notes.append("- Default: `\(value)` (assumed by the server when absent).") }
        if field.nullable && !field.required {
            if field.constant == nil {
                notes.append("- Nullable: `nil` leaves the field out; `.null` sends JSON `null`.")
            } else {
                notes.append("- Nullable: `null` is read as the constant; the constant is always sent.")
            }
        }
        if let deprecated = field.deprecated { notes.append(deprecation(deprecated)) }
        if let beta = field.beta { notes.append("- Note: Needs the beta feature `\(beta)`.") }
        return joined(lines(field.doc), notes.flatMap { wrap($0) })
    }

    /// The constraints as short phrases: `at least 1`, `at most 128 characters`, `matching ^a+$`.
    static func describe(_ c: Constraints) -> [String] {
        var parts: [String] = []
        if let v = c.minimum { parts.append("at least \(v)") }
        if let v = c.exclusiveMinimum { parts.append("greater than \(v)") }
        if let v = c.maximum { parts.append("at most \(v)") }
        if let v = c.exclusiveMaximum { parts.append("less than \(v)") }
        if let v = c.minLength { parts.append("at least \(v) \(v == 1 ? "character" : "characters")") }
        if let v = c.maxLength { parts.append("at most \(v) \(v == 1 ? "character" : "characters")") }
        if let v = c.pattern { parts.append("matching `\(v)`") }
        if let v = c.format { parts.append("format `\(v.rawValue)`") }
        if let v = c.minItems { parts.append("at least \(v) \(v == 1 ? "item" : "items")") }
        if let v = c.maxItems { parts.append("at most \(v) \(v == 1 ? "item" : "items")") }
        if let v = c.minProperties { parts.append("at least \(v) \(v == 1 ? "entry" : "entries")") }
        if let v = c.maxProperties { parts.append("at most \(v) \(v == 1 ? "entry" : "entries")") }
        return parts
    }

    static func deprecation(_ message: String) -> String {
        message.isEmpty ? "- Important: Deprecated." : "- Important: Deprecated: \(message)"
    }

    /// Doc paragraphs separated by an empty line.
    static func joined(_ paragraphs: [String]...) -> [String] {
        var out: [String] = []
        for paragraph in paragraphs where !paragraph.isEmpty {
            if !out.isEmpty { out.append("") }
            out += paragraph
        }
        return out
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
