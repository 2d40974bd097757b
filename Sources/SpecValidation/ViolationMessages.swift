/// The rule ids and message texts shared by generated validators and `spec-lint`.
///
/// Keeping every message in one place is what makes the two agree word for word.
public enum ViolationMessages {
    /// Rule ids.
    public enum RuleID {
        /// A value of the wrong JSON type.
        public static let type = "type"
        /// A required member is missing.
        public static let required = "required"
        /// A member the type does not declare.
        public static let unknownField = "unknown-field"
        /// A value other than the only one allowed.
        public static let constant = "const"
        /// A string that is not one of the enum values.
        public static let enumeration = "enum"
        /// A union value whose discriminator is missing or names no variant.
        public static let discriminator = "discriminator"
        /// A value that matches none of the alternatives of a oneof.
        public static let oneOf = "oneof"
        /// A number with a fraction where an integer is expected.
        public static let integer = "number.integer"
        /// A number below the inclusive minimum.
        public static let minimum = "number.minimum"
        /// A number above the inclusive maximum.
        public static let maximum = "number.maximum"
        /// A number at or below the exclusive minimum.
        public static let exclusiveMinimum = "number.exclusive-minimum"
        /// A number at or above the exclusive maximum.
        public static let exclusiveMaximum = "number.exclusive-maximum"
        /// A string shorter than its minimum length.
        public static let minLength = "string.min-length"
        /// A string longer than its maximum length.
        public static let maxLength = "string.max-length"
        /// A string that does not match its pattern.
        public static let pattern = "string.pattern"
        /// A string that is not in its format (uri, base64, date-time, uuid, non-blank).
        public static let format = "string.format"
        /// An array with fewer items than allowed.
        public static let minItems = "array.min-items"
        /// An array with more items than allowed.
        public static let maxItems = "array.max-items"
        /// A map with fewer entries than allowed.
        public static let minProperties = "map.min-properties"
        /// A map with more entries than allowed.
        public static let maxProperties = "map.max-properties"
        /// A member, value or variant that needs a beta feature that is not enabled.
        public static let beta = "beta"
        /// The id of a cross-field rule declared in a spec.
        public static func rule(_ id: String) -> String { "rule.\(id)" }
    }

    /// A value of the wrong JSON kind.
    public static func type(expected: String, found: String) -> String {
        "expected \(expected), found \(found)"
    }

    /// A missing required field.
    public static func required(_ field: String, in typeName: String) -> String {
        "missing required field '\(field)' of \(typeName)"
    }

    /// A field the type does not declare.
    public static func unknownField(_ field: String, in typeName: String, suggestion: String?) -> String {
        var text = "unknown field '\(field)' in \(typeName)"
        if let suggestion { text += "; did you mean '\(suggestion)'?" } else { text += "; remove it" }
        return text
    }

    /// A value other than the only allowed one.
    public static func constant(expected: String, found: String) -> String {
        "expected \(expected), found \(found)"
    }

    /// A string outside an enumeration.
    public static func enumeration(_ value: String, allowed: [String], suggestion: String?) -> String {
        var text = "\(quote(value)) is not one of \(list(allowed))"
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text
    }

    /// An object of a discriminated union without its discriminator field.
    public static func missingDiscriminator(_ field: String, union: String, allowed: [String]) -> String {
        "missing field '\(field)' that selects the kind of \(union); expected one of \(list(allowed))"
    }

    /// A discriminator value that names no variant.
    public static func unknownDiscriminator(
        _ value: String, field: String, union: String, allowed: [String], suggestion: String?
    ) -> String {
        var text = "unknown \(field) \(quote(value)) for \(union); expected one of \(list(allowed))"
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text
    }

    /// A number with a fractional part where an integer is required.
    public static func integer(found: String) -> String {
        "expected integer, found \(found)"
    }

    /// A number below an inclusive minimum.
    public static func minimum(_ value: String, _ bound: String) -> String {
        "\(value) is less than the minimum \(bound)"
    }

    /// A number above an inclusive maximum.
    public static func maximum(_ value: String, _ bound: String) -> String {
        "\(value) is greater than the maximum \(bound)"
    }

    /// A number at or below an exclusive minimum.
    public static func exclusiveMinimum(_ value: String, _ bound: String) -> String {
        "\(value) must be greater than \(bound)"
    }

    /// A number at or above an exclusive maximum.
    public static func exclusiveMaximum(_ value: String, _ bound: String) -> String {
        "\(value) must be less than \(bound)"
    }

    /// A string with too few Unicode scalars.
    public static func minLength(_ length: Int, _ bound: Int) -> String {
        "string is \(characters(length)) long; at least \(characters(bound)) required"
    }

    /// A string with too many Unicode scalars.
    public static func maxLength(_ length: Int, _ bound: Int) -> String {
        "string is \(characters(length)) long; at most \(characters(bound)) allowed"
    }

    /// A string that does not match a pattern.
    public static func pattern(_ value: String, _ pattern: String) -> String {
        "\(quote(value)) does not match the pattern \(pattern)"
    }

    /// A string not in a well-known format.
    public static func format(_ value: String, _ format: String) -> String {
        if format == "non-blank" { return "string holds only whitespace" }
        return "\(quote(value)) is not a valid \(format)"
    }

    /// An array with too few items.
    public static func minItems(_ count: Int, _ bound: Int) -> String {
        "array has \(items(count)); at least \(items(bound)) required"
    }

    /// An array with too many items.
    public static func maxItems(_ count: Int, _ bound: Int) -> String {
        "array has \(items(count)); at most \(items(bound)) allowed"
    }

    /// An object map with too few entries.
    public static func minProperties(_ count: Int, _ bound: Int) -> String {
        "object has \(count) entries; at least \(bound) required"
    }

    /// An object map with too many entries.
    public static func maxProperties(_ count: Int, _ bound: Int) -> String {
        "object has \(count) entries; at most \(bound) allowed"
    }

    /// A value that matches no alternative of an untagged union.
    public static func oneOf(expected: [String], found: String) -> String {
        "expected \(expected.joined(separator: " or ")), found \(found)"
    }

    /// A field or variant used without the feature it needs.
    public static func beta(_ what: String, feature: String, header: String?) -> String {
        var text = "\(what) needs the beta feature '\(feature)'; enable it with --beta \(feature)"
        if let header { text += " (sent as the \(header) header)" }
        return text
    }

    /// Appends the reason a warning matters to its message.
    public static func warning(_ message: String, because reason: String?) -> String {
        guard let reason, !reason.isEmpty else { return message }
        return "\(message): \(reason)"
    }

    /// A string value for a message: quoted, control characters escaped, shortened to 60
    /// Unicode scalars.
    public static func quote(_ value: String) -> String {
        var out = "'"
        var count = 0
        for scalar in value.unicodeScalars {
            if count == 57, value.unicodeScalars.count > 60 {
                out += "…"
                break
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out + "'"
    }

    /// A number for a message: integral values without a fractional part.
    public static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func list(_ values: [String]) -> String {
        values.map { "'\($0)'" }.joined(separator: ", ")
    }

    static func characters(_ n: Int) -> String { n == 1 ? "1 character" : "\(n) characters" }
    static func items(_ n: Int) -> String { n == 1 ? "1 item" : "\(n) items" }
}
